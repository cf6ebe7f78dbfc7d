#pragma once

#include "http/HttpRequest.h"
#include "http/HttpResponse.h"

#include <QCoroTask>

namespace td {

class WebhookService;
class WebhookUrlPolicy;

// Outgoing webhooks of a study and their delivery log (issue #16, docs/webhooks.md).
class WebhooksApi
{
public:
    WebhooksApi(WebhookService &service, const WebhookUrlPolicy &policy)
        : m_service(service)
        , m_policy(policy)
    {}

    // GET /projects/{code}/webhooks -> {"webhooks":[Webhook]}
    QCoro::Task<HttpResponse> list(HttpRequest request);
    // POST /projects/{code}/webhooks {"url","eventTypes","description","enabled"} -> 201 Webhook + "secret"
    QCoro::Task<HttpResponse> create(HttpRequest request);
    // GET /webhooks/{id}
    QCoro::Task<HttpResponse> get(HttpRequest request);
    // PATCH /webhooks/{id}: any of url, eventTypes, description, enabled
    QCoro::Task<HttpResponse> update(HttpRequest request);
    // DELETE /webhooks/{id} -> 204
    QCoro::Task<HttpResponse> remove(HttpRequest request);
    // POST /webhooks/{id}/secret -> {"secret"}
    QCoro::Task<HttpResponse> rotateSecret(HttpRequest request);
    // GET /webhooks/{id}/deliveries?state=&limit=&before= -> {"deliveries":[Delivery],"next"}
    QCoro::Task<HttpResponse> deliveries(HttpRequest request);
    // GET /deliveries/{id} -> Delivery + "attemptLog"
    QCoro::Task<HttpResponse> delivery(HttpRequest request);
    // POST /deliveries/{id}/retry -> 202 Delivery
    QCoro::Task<HttpResponse> retry(HttpRequest request);

private:
    // 400 webhook_url_refused unless the policy accepts `url` (resolving its host).
    QCoro::Task<std::optional<ApiError>> checkUrl(QString url);

    WebhookService &m_service;
    const WebhookUrlPolicy &m_policy;
};

} // namespace td

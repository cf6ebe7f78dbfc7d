#include "WebhooksApi.h"

#include "ApiSupport.h"
#include "StudyEvent.h"
#include "Webhook.h"
#include "auth/NotFound.h"
#include "services/WebhookService.h"
#include "services/WebhookUrlPolicy.h"

#include <QCoroFuture>
#include <QHostInfo>
#include <QJsonArray>
#include <QPromise>
#include <QSet>

using namespace Qt::StringLiterals;

namespace td {

namespace {

constexpr int kDefaultDeliveries = 50;
constexpr int kMaxDeliveries = 200;

ApiError invalidWebhook(const QMap<QString, QString> &fields)
{
    return ApiError::invalid(u"invalid_webhook"_s, u"The webhook is not valid."_s, fields);
}

// The members of a webhook's body; `creating` requires url. Every problem is named in
// `fields`.
std::optional<WebhookService::Changes> parseChanges(const QJsonObject &body, bool creating, ApiError *error)
{
    static const QSet<QString> known = {u"url"_s, u"eventTypes"_s, u"description"_s, u"enabled"_s};
    QMap<QString, QString> fields;
    WebhookService::Changes c;
    for (auto it = body.begin(); it != body.end(); ++it) {
        if (!known.contains(it.key()))
            fields.insert(it.key().left(64), u"unknown field"_s);
    }
    const QJsonValue url = body.value(u"url"_s);
    if (url.isString() && !url.toString().isEmpty() && url.toString().size() <= Webhook::kMaxUrlLength)
        c.url = url.toString();
    else if (!url.isUndefined() || creating)
        fields.insert(u"url"_s, u"must be an https URL of at most %1 characters"_s.arg(Webhook::kMaxUrlLength));
    const QJsonValue types = body.value(u"eventTypes"_s);
    if (types.isArray()) {
        QStringList list;
        const QJsonArray array = types.toArray();
        for (const QJsonValue &t : array) {
            if (!t.isString() || !StudyEvent::types().contains(t.toString())) {
                fields.insert(u"eventTypes"_s, u"must list event types of: "_s + StudyEvent::types().join(u", "_s));
                break;
            }
            if (!list.contains(t.toString()))
                list << t.toString();
        }
        c.eventTypes = list;
    } else if (types.isNull() && !creating) {
        c.eventTypes = QStringList();
    } else if (!types.isUndefined() && !types.isNull()) {
        fields.insert(u"eventTypes"_s, u"must be an array of event types (empty: all)"_s);
    }
    const QJsonValue description = body.value(u"description"_s);
    if (description.isString() && description.toString().size() <= Webhook::kMaxDescriptionLength)
        c.description = description.toString();
    else if (description.isNull())
        c.description = QString();
    else if (!description.isUndefined())
        fields.insert(u"description"_s,
                      u"must be a text of at most %1 characters"_s.arg(Webhook::kMaxDescriptionLength));
    const QJsonValue enabled = body.value(u"enabled"_s);
    if (enabled.isBool())
        c.enabled = enabled.toBool();
    else if (!enabled.isUndefined())
        fields.insert(u"enabled"_s, u"must be true or false"_s);
    if (!fields.isEmpty()) {
        *error = invalidWebhook(fields);
        return std::nullopt;
    }
    return c;
}

std::optional<qint64> idOf(const HttpRequest &request)
{
    return recordId(request.pathArgs.at(0));
}

} // namespace

QCoro::Task<std::optional<ApiError>> WebhooksApi::checkUrl(QString url)
{
    const QUrl parsed(url, QUrl::StrictMode);
    QString why = m_policy.refusalOfForm(parsed);
    if (why.isEmpty()) {
        // Resolved without blocking this HTTP thread: the answer comes to its event loop.
        auto promise = std::make_shared<QPromise<QHostInfo>>();
        QFuture<QHostInfo> resolved = promise->future();
        promise->start();
        QHostInfo::lookupHost(parsed.host(), [promise](const QHostInfo &info) {
            promise->addResult(info);
            promise->finish();
        });
        const QHostInfo info = co_await resolved;
        why = m_policy.refusalOfAddresses(parsed.host(), info.error() == QHostInfo::NoError ? info.addresses()
                                                                                            : QList<QHostAddress>());
    }
    if (why.isEmpty())
        co_return std::nullopt;
    co_return ApiError::invalid(u"webhook_url_refused"_s, u"This webhook URL is not allowed."_s, {{u"url"_s, why}});
}

QCoro::Task<HttpResponse> WebhooksApi::list(HttpRequest request)
{
    auto future = m_service.list(request.pathArgs.at(0));
    const auto result = co_await future;
    if (!result)
        co_return HttpResponse::error(result.error());
    QJsonArray items;
    for (const Webhook &w : result.value())
        items.append(w.toJson());
    co_return HttpResponse::json(200, QJsonObject{{u"webhooks"_s, items}});
}

QCoro::Task<HttpResponse> WebhooksApi::create(HttpRequest request)
{
    auto body = jsonBody(request);
    if (!body)
        co_return HttpResponse::error(body.error());
    ApiError error;
    const auto input = parseChanges(body.value(), true, &error);
    if (!input)
        co_return HttpResponse::error(error);
    const auto refused = co_await checkUrl(*input->url);
    if (refused)
        co_return HttpResponse::error(*refused);
    auto future = m_service.create(request.principal, request.pathArgs.at(0), *input);
    const auto result = co_await future;
    if (!result)
        co_return HttpResponse::error(result.error());
    QJsonObject json = result->webhook.toJson();
    json.insert(u"secret"_s, result->secret);
    co_return HttpResponse::json(201, json);
}

QCoro::Task<HttpResponse> WebhooksApi::get(HttpRequest request)
{
    const auto id = idOf(request);
    if (!id)
        co_return HttpResponse::error(webhookNotFound(request.pathArgs.at(0)));
    auto future = m_service.get(*id);
    const auto result = co_await future;
    co_return okJson(result);
}

QCoro::Task<HttpResponse> WebhooksApi::update(HttpRequest request)
{
    const auto id = idOf(request);
    if (!id)
        co_return HttpResponse::error(webhookNotFound(request.pathArgs.at(0)));
    auto body = jsonBody(request);
    if (!body)
        co_return HttpResponse::error(body.error());
    ApiError error;
    const auto changes = parseChanges(body.value(), false, &error);
    if (!changes)
        co_return HttpResponse::error(error);
    if (changes->url) {
        const auto refused = co_await checkUrl(*changes->url);
        if (refused)
            co_return HttpResponse::error(*refused);
    }
    auto future = m_service.update(request.principal, *id, *changes);
    const auto result = co_await future;
    co_return okJson(result);
}

QCoro::Task<HttpResponse> WebhooksApi::remove(HttpRequest request)
{
    const auto id = idOf(request);
    if (!id)
        co_return HttpResponse::error(webhookNotFound(request.pathArgs.at(0)));
    auto future = m_service.remove(request.principal, *id);
    const auto result = co_await future;
    if (!result)
        co_return HttpResponse::error(result.error());
    co_return HttpResponse{204, {}, {}};
}

QCoro::Task<HttpResponse> WebhooksApi::rotateSecret(HttpRequest request)
{
    const auto id = idOf(request);
    if (!id)
        co_return HttpResponse::error(webhookNotFound(request.pathArgs.at(0)));
    auto future = m_service.rotateSecret(request.principal, *id);
    const auto result = co_await future;
    if (!result)
        co_return HttpResponse::error(result.error());
    co_return HttpResponse::json(200, QJsonObject{{u"secret"_s, result.value()}});
}

QCoro::Task<HttpResponse> WebhooksApi::deliveries(HttpRequest request)
{
    const auto id = idOf(request);
    if (!id)
        co_return HttpResponse::error(webhookNotFound(request.pathArgs.at(0)));
    QMap<QString, QString> problems;
    const QString state = request.queryValue(u"state"_s);
    if (!state.isNull() && state != WebhookDelivery::Pending && state != WebhookDelivery::Delivered
        && state != WebhookDelivery::Dead)
        problems.insert(u"state"_s, u"must be pending, delivered or dead"_s);
    int limit = kDefaultDeliveries;
    const QString limitText = request.queryValue(u"limit"_s);
    if (!limitText.isNull()) {
        bool ok = false;
        limit = limitText.toInt(&ok);
        if (!ok || limit < 1 || limit > kMaxDeliveries)
            problems.insert(u"limit"_s, u"must be 1 to %1"_s.arg(kMaxDeliveries));
    }
    qint64 before = 0;
    const QString beforeText = request.queryValue(u"before"_s);
    if (!beforeText.isNull()) {
        const auto b = recordId(beforeText);
        if (!b)
            problems.insert(u"before"_s, u"must be the next value of the previous page"_s);
        else
            before = *b;
    }
    if (!problems.isEmpty())
        co_return HttpResponse::error(
            ApiError::invalid(u"invalid_parameter"_s, u"Invalid delivery list parameters."_s, problems));
    auto future = m_service.deliveries(*id, state, before, limit);
    const auto result = co_await future;
    if (!result)
        co_return HttpResponse::error(result.error());
    QJsonArray items;
    for (const WebhookDelivery &d : result->items)
        items.append(d.toJson());
    co_return HttpResponse::json(
        200, QJsonObject{{u"deliveries"_s, items},
                         {u"next"_s, result->next > 0 ? QJsonValue(QString::number(result->next)) : QJsonValue()}});
}

QCoro::Task<HttpResponse> WebhooksApi::delivery(HttpRequest request)
{
    const auto id = idOf(request);
    if (!id)
        co_return HttpResponse::error(deliveryNotFound(request.pathArgs.at(0)));
    auto future = m_service.delivery(*id);
    const auto result = co_await future;
    if (!result)
        co_return HttpResponse::error(result.error());
    co_return HttpResponse::json(200, result->toJson(true));
}

QCoro::Task<HttpResponse> WebhooksApi::retry(HttpRequest request)
{
    const auto id = idOf(request);
    if (!id)
        co_return HttpResponse::error(deliveryNotFound(request.pathArgs.at(0)));
    auto future = m_service.retry(request.principal, *id);
    const auto result = co_await future;
    if (!result)
        co_return HttpResponse::error(result.error());
    co_return HttpResponse::json(202, result->toJson());
}

} // namespace td

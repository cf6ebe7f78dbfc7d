#include "SystemApi.h"

#include "OpenApiDocument.h"

#include <QCoroFuture>
#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace td {

QCoro::Task<HttpResponse> SystemApi::health(HttpRequest)
{
    auto future = m_status.schemaVersion();
    const Result<int> schema = co_await future;
    QJsonObject body{{u"status"_s, schema ? u"ok"_s : u"degraded"_s},
                     {u"version"_s, QStringLiteral(TRIALDESK_VERSION)},
                     {u"database"_s, schema ? u"ok"_s : u"error"_s}};
    if (schema)
        body.insert(u"schemaVersion"_s, schema.value());
    co_return HttpResponse::json(schema ? 200 : 503, body);
}

QCoro::Task<HttpResponse> SystemApi::openApi(HttpRequest)
{
    std::call_once(m_openApiBuilt,
                   [this] { m_openApi = QJsonDocument(openApiDocument(*m_routes)).toJson(QJsonDocument::Compact); });
    co_return HttpResponse{200, m_openApi, {}};
}

void SystemApi::setMetrics(const RequestMetrics &metrics, MetricsAccess access)
{
    m_metrics = &metrics;
    m_metricsAccess = std::move(access);
}

QCoro::Task<HttpResponse> SystemApi::metrics(HttpRequest request)
{
    // Not role-based: monitoring systems hold no staff account. The addresses
    // (--metrics-allow) or the token (--metrics-token) decide; through a proxy,
    // only the token (the address is the proxy's).
    if (!m_metrics)
        co_return HttpResponse::error(ApiError::notFound(u"not_found"_s, u"No such resource."_s));
    const bool forwarded =
        request.hasHeader("X-Forwarded-For") || request.hasHeader("Forwarded") || request.hasHeader("X-Real-IP");
    if (!m_metricsAccess.permits(request.remoteAddress, request.header("Authorization"), forwarded))
        co_return HttpResponse::error(
            {ApiError::Kind::Forbidden,
             u"forbidden"_s,
             u"Metrics are readable from the configured addresses or with the metrics token."_s,
             {}});
    HttpResponse response{200, m_metrics->render(m_status.metricsText()), {}};
    co_return response.withHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
}

} // namespace td

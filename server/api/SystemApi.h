#pragma once

#include "http/HttpRequest.h"
#include "http/HttpResponse.h"
#include "http/RequestMetrics.h"
#include "services/SystemStatus.h"

#include <QCoroTask>
#include <mutex>

namespace td {

class RouteTable;

// Service endpoints: health check and the API description.
class SystemApi
{
public:
    explicit SystemApi(SystemStatus status)
        : m_status(status)
    {}

    // Must be called once the route table exists. The document is built at its first
    // request, not at start-up (a few milliseconds nobody waiting for the server needs).
    void setRoutes(const RouteTable &routes) { m_routes = &routes; }

    // GET /healthz -> {"status":"ok","version","database":"ok","schemaVersion"}; 503 when the database fails
    QCoro::Task<HttpResponse> health(HttpRequest request);
    // GET /api/v1/openapi.json -> OpenAPI 3.0 document generated from the route table
    QCoro::Task<HttpResponse> openApi(HttpRequest request);

    // Enables GET /metrics (Prometheus text) for the clients `access` permits.
    void setMetrics(const RequestMetrics &metrics, MetricsAccess access);
    // GET /metrics -> Prometheus text format 0.0.4; 403 for other clients
    QCoro::Task<HttpResponse> metrics(HttpRequest request);

private:
    SystemStatus m_status;
    const RouteTable *m_routes = nullptr;
    std::once_flag m_openApiBuilt; // requests arrive on several HTTP threads
    QByteArray m_openApi;
    const RequestMetrics *m_metrics = nullptr;
    MetricsAccess m_metricsAccess;
};

} // namespace td

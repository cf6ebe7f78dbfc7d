#pragma once

#include "http/HttpRequest.h"
#include "http/HttpResponse.h"
#include "http/RequestMetrics.h"

#include <QCoroTask>

namespace td {

class DbExecutor;
class RouteTable;

// Service endpoints: health check and the API description.
class SystemApi
{
public:
    explicit SystemApi(DbExecutor &db) : m_db(db) {}

    // Must be called once the route table exists; the document is built once.
    void setRoutes(const RouteTable &routes);

    // GET /healthz -> {"status":"ok","version","database":"ok","schemaVersion"}; 503 when the database fails
    QCoro::Task<HttpResponse> health(HttpRequest request);
    // GET /api/v1/openapi.json -> OpenAPI 3.0 document generated from the route table
    QCoro::Task<HttpResponse> openApi(HttpRequest request);

    // Enables GET /metrics (Prometheus text) for the clients `access` permits.
    void setMetrics(const RequestMetrics &metrics, MetricsAccess access);
    // GET /metrics -> Prometheus text format 0.0.4; 403 for other clients
    QCoro::Task<HttpResponse> metrics(HttpRequest request);

private:
    DbExecutor &m_db;
    QByteArray m_openApi;
    const RequestMetrics *m_metrics = nullptr;
    MetricsAccess m_metricsAccess;
};

} // namespace td

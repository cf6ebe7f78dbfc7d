#pragma once

#include "http/HttpRequest.h"
#include "http/HttpResponse.h"

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

private:
    DbExecutor &m_db;
    QByteArray m_openApi;
};

} // namespace td

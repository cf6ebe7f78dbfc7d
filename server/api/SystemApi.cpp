#include "SystemApi.h"

#include "OpenApiDocument.h"
#include "storage/DbExecutor.h"
#include "storage/Migrations.h"

#include <QCoroFuture>
#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace td {

void SystemApi::setRoutes(const RouteTable &routes)
{
    m_openApi = QJsonDocument(openApiDocument(routes)).toJson(QJsonDocument::Compact);
}

QCoro::Task<HttpResponse> SystemApi::health(HttpRequest)
{
    std::function<Result<int>(SqlSession &)> job = [](SqlSession &s) -> Result<int> { return Migrations::currentVersion(s); };
    auto future = m_db.read<int>(job);
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
    co_return HttpResponse{200, m_openApi, {}};
}

} // namespace td

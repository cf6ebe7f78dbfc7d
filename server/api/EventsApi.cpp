#include "EventsApi.h"

#include "ApiSupport.h"
#include "services/EventService.h"

#include <QJsonObject>
#include <limits>

using namespace Qt::StringLiterals;

namespace td {

namespace {

constexpr int kDefaultLimit = 200;
constexpr int kMaxLimit = 1000;

// A non-negative integer query parameter; `fallback` when absent.
std::optional<qint64> integerParameter(const HttpRequest &request, const QString &name, qint64 fallback, qint64 min,
                                       qint64 max, QMap<QString, QString> &problems)
{
    if (!request.query.hasQueryItem(name))
        return fallback;
    const QString text = request.queryValue(name);
    bool ok = false;
    const qint64 value = text.size() <= 19 ? text.toLongLong(&ok) : 0;
    if (!ok || value < min || value > max) {
        problems.insert(name, u"must be an integer from %1 to %2"_s.arg(min).arg(max));
        return std::nullopt;
    }
    return value;
}

} // namespace

QCoro::Task<HttpResponse> EventsApi::list(HttpRequest request)
{
    QMap<QString, QString> problems;
    const auto since = integerParameter(request, u"since"_s, 0, 0, std::numeric_limits<qint64>::max(), problems);
    const auto limit = integerParameter(request, u"limit"_s, kDefaultLimit, 1, kMaxLimit, problems);
    if (!problems.isEmpty())
        co_return HttpResponse::error(
            ApiError::invalid(u"invalid_parameter"_s, u"Invalid since or limit."_s, std::move(problems)));
    auto future = m_events.after(*since, int(*limit), request.principal.scope);
    const auto result = co_await future;
    if (result && result->oldestSeq)
        co_return HttpResponse::json(410, QJsonObject{{u"error"_s, u"Events after since were pruned (older than the "
                                                                   "retention): reload, then continue from now."_s},
                                                      {u"code"_s, u"events_pruned"_s},
                                                      {u"oldestSeq"_s, *result->oldestSeq}});
    co_return okJson(result);
}

QCoro::Task<HttpResponse> EventsApi::stream(HttpRequest request)
{
    Q_UNUSED(request)
    auto future = m_events.lastSeq();
    const Result<qint64> last = co_await future;
    if (!last)
        co_return HttpResponse::error(last.error());
    co_return HttpResponse::json(200, QJsonObject{{u"protocol"_s, u"websocket"_s},
                                                  {u"lastSeq"_s, last.value()},
                                                  {u"heartbeatSeconds"_s, m_heartbeatSeconds}});
}

} // namespace td

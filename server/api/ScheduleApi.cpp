#include "ScheduleApi.h"

#include "ApiSupport.h"
#include "JsonInput.h"
#include "Timestamps.h"
#include "services/ScheduleService.h"

#include <QCoroFuture>
#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace td {

QCoro::Task<HttpResponse> ScheduleApi::list(HttpRequest request)
{
    auto future = m_service.schedules(request.pathArgs.at(0));
    const auto result = co_await future;
    if (!result)
        co_return HttpResponse::error(result.error());
    QJsonArray items;
    for (const QuestionnaireSchedule &s : result.value())
        items.append(s.toJson());
    co_return HttpResponse::json(200, QJsonObject{{u"items"_s, items}});
}

QCoro::Task<HttpResponse> ScheduleApi::put(HttpRequest request)
{
    auto body = jsonBody(request);
    if (!body)
        co_return HttpResponse::error(body.error());
    const QString code = request.pathArgs.at(0);
    const QString questionnaire = request.pathArgs.at(1);
    if (!QuestionnaireSchedule::isValidQuestionnaireKey(questionnaire))
        co_return HttpResponse::error(
            ApiError::invalid(u"invalid_schedule"_s, u"The questionnaire key in the path is not valid."_s,
                              {{u"questionnaire"_s, u"must be 1-64 of A-Z a-z 0-9 . _ -"_s}}));
    QJsonObject json = body.value();
    const QJsonValue named = json.value(u"questionnaire"_s);
    if (named.isString() && named.toString() != questionnaire)
        co_return HttpResponse::error(
            ApiError::invalid(u"invalid_schedule"_s, u"The questionnaire in the body does not match the path."_s,
                              {{u"questionnaire"_s, u"must equal the questionnaire key in the path"_s}}));
    if (named.isUndefined() || named.isNull())
        json.insert(u"questionnaire"_s, questionnaire);
    ApiError error;
    auto schedule = QuestionnaireSchedule::fromJson(json, &error);
    if (!schedule)
        co_return HttpResponse::error(error);
    auto future = m_service.setSchedule(request.principal, code, *schedule);
    const auto result = co_await future;
    if (!result)
        co_return HttpResponse::error(result.error());
    co_return HttpResponse::json(result->created ? 201 : 200, result->schedule.toJson());
}

QCoro::Task<HttpResponse> ScheduleApi::remove(HttpRequest request)
{
    auto future = m_service.removeSchedule(request.principal, request.pathArgs.at(0), request.pathArgs.at(1));
    const auto result = co_await future;
    if (!result)
        co_return HttpResponse::error(result.error());
    co_return HttpResponse{204, {}, {}};
}

QCoro::Task<HttpResponse> ScheduleApi::compliance(HttpRequest request)
{
    const QString code = request.pathArgs.at(0);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QMap<QString, QString> problems;
    const auto toParam = dateParameter(request, u"to"_s, problems);
    const auto fromParam = dateParameter(request, u"from"_s, problems);
    const QDate to = toParam.value_or(now.date());
    const QDate from = fromParam.value_or(to.addDays(-29));
    if (problems.isEmpty() && from > to)
        problems.insert(u"from"_s, u"must not be after to"_s);
    else if (problems.isEmpty() && from.daysTo(to) >= ScheduleService::kMaxComplianceDays)
        problems.insert(u"from"_s, u"the range must be at most %1 days"_s.arg(ScheduleService::kMaxComplianceDays));
    QStringList sites = request.principal.sitesIn(code);
    const QString site = request.queryValue(u"site"_s);
    if (!site.isEmpty()) {
        if (!sites.isEmpty() && !sites.contains(site))
            problems.insert(u"site"_s, u"must be one of your sites: "_s % sites.join(u", "_s));
        sites = {site};
    }
    if (!problems.isEmpty())
        co_return HttpResponse::error(
            ApiError::invalid(u"invalid_parameter"_s, u"Invalid compliance parameters."_s, problems));
    auto future = m_service.compliance(code, from, to, now, sites);
    const auto result = co_await future;
    co_return okJson(result);
}

QCoro::Task<HttpResponse> ScheduleApi::tasks(HttpRequest request)
{
    // The first language range decides: zh* (zh, zh-CN, zh-Hans…) gets the Chinese texts,
    // anything else English, the definitions' two languages.
    const QByteArray accept = request.header("Accept-Language").trimmed().toLower();
    const QString language = accept.startsWith("zh") ? u"zh_CN"_s : u"en"_s;
    auto future = m_service.tasks(request.pathArgs.at(0), QDateTime::currentDateTimeUtc(), language);
    const auto result = co_await future;
    if (!result)
        co_return HttpResponse::error(result.error());
    co_return HttpResponse::json(200, result.value());
}

QCoro::Task<HttpResponse> ScheduleApi::entries(HttpRequest request)
{
    QMap<QString, QString> problems;
    const auto from = dateParameter(request, u"from"_s, problems);
    const auto to = dateParameter(request, u"to"_s, problems);
    if (!problems.isEmpty())
        co_return HttpResponse::error(
            ApiError::invalid(u"invalid_parameter"_s, u"Invalid entries parameters."_s, problems));
    // The range checks need the subject's zone for the defaults: the service does them.
    auto future = m_service.entries(request.pathArgs.at(0), from, to, QDateTime::currentDateTimeUtc());
    const auto result = co_await future;
    if (!result)
        co_return HttpResponse::error(result.error());
    co_return HttpResponse::json(200, result.value());
}

QCoro::Task<HttpResponse> ScheduleApi::reminders(HttpRequest request)
{
    QMap<QString, QString> problems;
    const QString state = request.queryValue(u"state"_s);
    static const QStringList states{u"pending"_s, u"sent"_s, u"cancelled"_s, u"expired"_s};
    if (request.query.hasQueryItem(u"state"_s) && !states.contains(state))
        problems.insert(u"state"_s, u"must be one of "_s % states.join(u", "_s));
    int limit = kDefaultReminderLimit;
    if (request.query.hasQueryItem(u"limit"_s)) {
        const QString text = request.queryValue(u"limit"_s);
        bool ok = false;
        limit = text.size() <= 4 ? text.toInt(&ok) : 0;
        if (!ok || limit < 1 || limit > kMaxReminderLimit)
            problems.insert(u"limit"_s, u"must be an integer from 1 to %1"_s.arg(kMaxReminderLimit));
    }
    if (!problems.isEmpty())
        co_return HttpResponse::error(
            ApiError::invalid(u"invalid_parameter"_s, u"Invalid reminders parameters."_s, problems));
    auto future = m_service.reminders(request.pathArgs.at(0), state, limit);
    const auto result = co_await future;
    if (!result)
        co_return HttpResponse::error(result.error());
    co_return HttpResponse::json(200, result.value());
}

} // namespace td

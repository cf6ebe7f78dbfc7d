#include "ProjectsApi.h"

#include "ApiSupport.h"
#include "SubjectToken.h"
#include "auth/AuthService.h"
#include "services/StudyService.h"

#include <QCoroFuture>
#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace td {

QCoro::Task<HttpResponse> ProjectsApi::list(HttpRequest request)
{
    const auto page = pageRequest(request);
    if (!page)
        co_return HttpResponse::error(page.error());
    ProjectQuery filter;
    filter.status = request.queryValue(u"status"_s);
    filter.text = request.queryValue(u"q"_s).trimmed().left(100);
    if (!filter.status.isEmpty() && !Project::statuses().contains(filter.status))
        co_return HttpResponse::error(
            ApiError::invalid(u"invalid_parameter"_s, u"Unknown status filter."_s,
                              {{u"status"_s, u"must be one of: "_s % Project::statuses().join(u", "_s)}}));
    auto future = m_service.listProjects(filter, page.value(), request.principal.scope);
    const auto result = co_await future;
    co_return okJson(result);
}

QCoro::Task<HttpResponse> ProjectsApi::active(HttpRequest request)
{
    // A member's list is its own (and read fresh: a membership change shows at once);
    // the cache holds the unscoped one (admin, subject tokens).
    if (request.principal.isScoped()) {
        // The studies and sites reached: what the list and its counts depend on.
        QString key;
        for (const StudyMembership &m : *request.principal.scope)
            key += m.projectCode % u'\n' % m.sites.join(u'\t') % u'\n';
        if (auto body = m_scopedActiveProjects.fresh(key))
            co_return HttpResponse{200, *body, {}};
        const quint64 scopedGeneration = m_scopedActiveProjects.generation();
        auto scoped = m_service.activeProjects(request.principal.scope);
        const auto mine = co_await scoped;
        if (!mine)
            co_return HttpResponse::error(mine.error());
        QJsonArray array;
        for (const Project &p : mine.value())
            array.append(p.toJson());
        HttpResponse response = HttpResponse::json(200, array);
        m_scopedActiveProjects.store(key, response.body, scopedGeneration);
        co_return response;
    }
    if (auto body = m_activeProjects.fresh())
        co_return HttpResponse{200, *body, {}};
    const quint64 generation = m_activeProjects.generation();
    auto future = m_service.activeProjects();
    const auto result = co_await future;
    if (!result)
        co_return HttpResponse::error(result.error());
    QJsonArray array;
    for (const Project &p : result.value())
        array.append(p.toJson());
    HttpResponse response = HttpResponse::json(200, array);
    m_activeProjects.store(response.body, generation);
    co_return response;
}

QCoro::Task<HttpResponse> ProjectsApi::create(HttpRequest request)
{
    const auto body = jsonBody(request);
    if (!body)
        co_return HttpResponse::error(body.error());
    ApiError error;
    auto draft = Project::fromCreateRequest(body.value(), &error);
    if (!draft)
        co_return HttpResponse::error(error);
    auto future = m_service.createProject(request.principal, *draft);
    const auto result = co_await future;
    studiesChanged();
    HttpResponse response = okJson(result, 201);
    if (result)
        response.withHeader("Location", "/api/v1/projects/" + QUrl::toPercentEncoding(result->code));
    co_return response;
}

QCoro::Task<HttpResponse> ProjectsApi::get(HttpRequest request)
{
    auto future = m_service.project(request.pathArgs.at(0), request.principal.scope);
    const auto result = co_await future;
    co_return okJson(result);
}

QCoro::Task<HttpResponse> ProjectsApi::update(HttpRequest request)
{
    const auto body = jsonBody(request);
    if (!body)
        co_return HttpResponse::error(body.error());
    const QString code = request.pathArgs.at(0);
    ApiError error;
    auto patch = ProjectPatch::fromJson(body.value(), &error);
    if (!patch) {
        // A study that does not exist answers 404 whatever the body says.
        auto exists = m_service.project(code);
        const auto current = co_await exists;
        co_return HttpResponse::error(current ? error : current.error());
    }
    auto future = m_service.updateProject(request.principal, code, *patch);
    const auto result = co_await future;
    studiesChanged();
    m_service.updateCommitted();
    co_return okJson(result);
}

QCoro::Task<HttpResponse> ProjectsApi::enrol(HttpRequest request)
{
    const auto body = jsonBody(request);
    if (!body)
        co_return HttpResponse::error(body.error());
    ApiError error;
    auto draft = Subject::fromEnrolRequest(body.value(), QDateTime::currentDateTimeUtc(), &error);
    if (!draft)
        co_return HttpResponse::error(error);
    auto future = m_service.enrol(request.principal, request.pathArgs.at(0), *draft);
    const auto result = co_await future;
    studiesChanged();
    if (!result)
        co_return HttpResponse::error(result.error());
    co_return HttpResponse::json(201, result->toJson())
        .withHeader("Location", "/api/v1/subjects/" + result->subject.subjectId.toUtf8());
}

QCoro::Task<HttpResponse> ProjectsApi::subjects(HttpRequest request)
{
    const auto page = pageRequest(request);
    if (!page)
        co_return HttpResponse::error(page.error());
    const QString code = request.pathArgs.at(0);
    auto future = m_service.subjects(code, page.value(), request.principal.sitesIn(code));
    auto result = co_await future;
    if (result && !seesPersonalData(request.principal.role)) {
        for (Subject &s : result->items)
            s = s.masked();
    }
    co_return okJson(result);
}

QCoro::Task<HttpResponse> ProjectsApi::stats(HttpRequest request)
{
    int days = 30;
    int offsetSeconds = 0;
    QMap<QString, QString> problems;
    const QString daysText = request.queryValue(u"days"_s);
    if (!daysText.isEmpty()) {
        bool ok = false;
        days = daysText.toInt(&ok);
        if (!ok || days < 1 || days > 366)
            problems.insert(u"days"_s, u"must be from 1 to 366"_s);
    }
    const QString offsetText = request.queryValue(u"utcOffset"_s);
    if (!offsetText.isEmpty()) {
        if (const auto offset = ProjectStats::parseUtcOffset(offsetText))
            offsetSeconds = *offset;
        else
            problems.insert(u"utcOffset"_s, u"must look like +08:00"_s);
    }
    if (!problems.isEmpty())
        co_return HttpResponse::error(
            ApiError::invalid(u"invalid_parameter"_s, u"Invalid statistics parameters."_s, problems));
    const QString code = request.pathArgs.at(0);
    auto future = m_service.stats(code, days, offsetSeconds, request.principal.sitesIn(code));
    auto stats = co_await future;
    if (stats && !seesPersonalData(request.principal.role)) {
        for (Subject &subject : stats->missingToday)
            subject = subject.masked();
        for (ProjectStats::TodayEntry &entry : stats->entriesToday)
            entry.subject = entry.subject.masked();
    }
    co_return okJson(stats);
}

QCoro::Task<HttpResponse> ProjectsApi::profile(HttpRequest request)
{
    auto future = m_service.subject(request.pathArgs.at(0));
    const auto result = co_await future;
    if (!result)
        co_return HttpResponse::error(result.error());
    QJsonObject profile = result->toProfileJson();
    if (!seesPersonalData(request.principal.role))
        profile.insert(u"name"_s, Subject::maskName(result->name));
    co_return HttpResponse::json(200, profile);
}

QCoro::Task<HttpResponse> ProjectsApi::subject(HttpRequest request)
{
    auto future = m_service.subject(request.pathArgs.at(0));
    const auto result = co_await future;
    if (!result)
        co_return HttpResponse::error(result.error());
    co_return HttpResponse::json(200, seesPersonalData(request.principal.role) ? result->toJson()
                                                                               : result->masked().toJson());
}

QCoro::Task<HttpResponse> ProjectsApi::updateSubject(HttpRequest request)
{
    const auto body = jsonBody(request);
    if (!body)
        co_return HttpResponse::error(body.error());
    const QString subjectId = request.pathArgs.at(0);
    ApiError error;
    auto patch = SubjectPatch::fromJson(body.value(), &error);
    if (!patch)
        co_return HttpResponse::error(error);
    auto future = m_service.updateSubject(request.principal, subjectId, *patch);
    const auto result = co_await future;
    m_service.updateCommitted();
    if (!result)
        co_return HttpResponse::error(result.error());
    co_return HttpResponse::json(200, seesPersonalData(request.principal.role) ? result->toJson()
                                                                               : result->masked().toJson());
}

QCoro::Task<HttpResponse> ProjectsApi::issueToken(HttpRequest request)
{
    const QString subjectId = request.pathArgs.at(0);
    auto future = m_auth.issueSubjectToken(request.principal, subjectId);
    const auto token = co_await future;
    if (!token)
        co_return HttpResponse::error(token.error());
    co_return HttpResponse::json(201, SubjectToken{subjectId, token.value()}.toJson());
}

namespace {

HttpResponse membershipList(const Result<QList<StudyMembership>> &result)
{
    if (!result)
        return HttpResponse::error(result.error());
    QJsonArray items;
    for (const StudyMembership &m : result.value())
        items.append(m.toJson());
    return HttpResponse::json(200, QJsonObject{{u"items"_s, items}});
}

} // namespace

QCoro::Task<HttpResponse> ProjectsApi::members(HttpRequest request)
{
    auto future = m_service.members(request.pathArgs.at(0));
    const auto result = co_await future;
    co_return membershipList(result);
}

QCoro::Task<HttpResponse> ProjectsApi::userMemberships(HttpRequest request)
{
    auto future = m_service.memberships(request.pathArgs.at(0));
    const auto result = co_await future;
    co_return membershipList(result);
}

QCoro::Task<HttpResponse> ProjectsApi::setMember(HttpRequest request)
{
    const QString code = request.pathArgs.at(0);
    const QString username = request.pathArgs.at(1);
    return setMembership(std::move(request), code, username);
}

QCoro::Task<HttpResponse> ProjectsApi::setUserMembership(HttpRequest request)
{
    const QString username = request.pathArgs.at(0);
    const QString code = request.pathArgs.at(1);
    return setMembership(std::move(request), code, username);
}

QCoro::Task<HttpResponse> ProjectsApi::removeMember(HttpRequest request)
{
    const QString code = request.pathArgs.at(0);
    const QString username = request.pathArgs.at(1);
    return removeMembership(std::move(request), code, username);
}

QCoro::Task<HttpResponse> ProjectsApi::removeUserMembership(HttpRequest request)
{
    const QString username = request.pathArgs.at(0);
    const QString code = request.pathArgs.at(1);
    return removeMembership(std::move(request), code, username);
}

QCoro::Task<HttpResponse> ProjectsApi::setMembership(HttpRequest request, QString code, QString username)
{
    const auto body = jsonBody(request);
    if (!body)
        co_return HttpResponse::error(body.error());
    ApiError error;
    auto change = MembershipChange::fromJson(body.value(), &error);
    if (!change)
        co_return HttpResponse::error(error);
    auto future = m_service.setMembership(request.principal, code, username, *change);
    const auto result = co_await future;
    studiesChanged();
    if (!result)
        co_return HttpResponse::error(result.error());
    co_return HttpResponse::json(result->created ? 201 : 200, result->membership.toJson());
}

QCoro::Task<HttpResponse> ProjectsApi::removeMembership(HttpRequest request, QString code, QString username)
{
    auto future = m_service.removeMembership(request.principal, code, username);
    const auto result = co_await future;
    studiesChanged();
    if (!result)
        co_return HttpResponse::error(result.error());
    co_return HttpResponse{204, {}, {}};
}

} // namespace td

#include "ReviewApi.h"

#include "ApiSupport.h"
#include "JsonInput.h"
#include "auth/AuthService.h"
#include "services/ReviewService.h"

#include <QCoroFuture>

using namespace Qt::StringLiterals;

namespace td {

namespace {

std::optional<qint64> submissionId(const HttpRequest &request)
{
    bool ok = false;
    const qint64 id = request.pathArgs.at(0).toLongLong(&ok);
    return ok && id > 0 ? std::optional<qint64>(id) : std::nullopt;
}

HttpResponse noSuchSubmission()
{
    return HttpResponse::error(ApiError::notFound(u"submission_not_found"_s, u"No such submission."_s));
}

} // namespace

QCoro::Task<HttpResponse> ReviewApi::review(HttpRequest request)
{
    const auto id = submissionId(request);
    if (!id)
        co_return noSuchSubmission();
    const auto body = jsonBody(request);
    if (!body)
        co_return HttpResponse::error(body.error());
    FieldReader reader(body.value());
    reader.rejectUnknown({u"reviewStatus"_s, u"queryStatus"_s, u"comment"_s, u"password"_s, u"meaning"_s});
    ReviewService::Change change;
    if (reader.has(u"reviewStatus"_s))
        change.reviewStatus = reader.enumString(u"reviewStatus"_s, {u"reviewed"_s, u"queried"_s});
    if (reader.has(u"queryStatus"_s))
        change.queryStatus = reader.enumString(u"queryStatus"_s, {u"answered"_s, u"closed"_s});
    if (reader.has(u"comment"_s))
        change.comment = reader.optionalString(u"comment"_s, 2000);
    const QString password = reader.optionalString(u"password"_s, 1024).value_or(QString());
    const QString meaning = reader.optionalString(u"meaning"_s, 200).value_or(QString()).trimmed();
    if (change.reviewStatus.isEmpty() && change.queryStatus.isEmpty() && reader.ok())
        reader.fail(u"reviewStatus"_s, u"send reviewStatus or queryStatus"_s, u"missing_field"_s);
    if (!password.isEmpty() != !meaning.isEmpty())
        reader.fail(password.isEmpty() ? u"password"_s : u"meaning"_s, u"password and meaning go together"_s,
                    u"missing_field"_s);
    if (!reader.ok())
        co_return HttpResponse::error(reader.error());
    if (!password.isEmpty()) {
        auto confirm = m_auth.confirmPassword(request.principal, password, u"re-sign submission %1"_s.arg(*id));
        const auto confirmed = co_await confirm;
        if (!confirmed)
            co_return HttpResponse::error(confirmed.error());
        change.newSignatureMeaning = meaning;
    }
    auto future = m_reviews.review(request.principal, *id, change);
    const auto result = co_await future;
    co_return okJson(result);
}

QCoro::Task<HttpResponse> ReviewApi::sign(HttpRequest request)
{
    const auto id = submissionId(request);
    if (!id)
        co_return noSuchSubmission();
    const auto body = jsonBody(request);
    if (!body)
        co_return HttpResponse::error(body.error());
    FieldReader reader(body.value());
    reader.rejectUnknown({u"password"_s, u"meaning"_s});
    const QString password = reader.requiredString(u"password"_s, 1024);
    const QString meaning = reader.requiredString(u"meaning"_s, 200).trimmed();
    if (!reader.ok())
        co_return HttpResponse::error(reader.error());
    auto confirm = m_auth.confirmPassword(request.principal, password, u"sign submission %1"_s.arg(*id));
    const auto confirmed = co_await confirm;
    if (!confirmed)
        co_return HttpResponse::error(confirmed.error());
    auto future = m_reviews.sign(request.principal, *id, meaning);
    const auto result = co_await future;
    co_return okJson(result);
}

QCoro::Task<HttpResponse> ReviewApi::audit(HttpRequest request)
{
    static const QStringList entities = {u"project"_s, u"subject"_s, u"submission"_s,
                                         u"vital"_s,   u"user"_s,    u"token"_s};
    const auto page = pageRequest(request, PageLimits{100, 1000, 1});
    if (!page)
        co_return HttpResponse::error(page.error());
    AuditQuery filter;
    filter.entityType = request.queryValue(u"entity"_s);
    filter.entityId = request.queryValue(u"id"_s).left(128);
    filter.actor = request.queryValue(u"actor"_s).left(128);
    std::optional<ApiError> error;
    filter.since = timestampParameter(request, u"since"_s, error);
    if (!filter.entityType.isEmpty() && !entities.contains(filter.entityType) && !error)
        error = ApiError::invalid(u"invalid_parameter"_s, u"Unknown entity type."_s,
                                  {{u"entity"_s, u"must be one of: "_s % entities.join(u", "_s)}});
    if (error)
        co_return HttpResponse::error(*error);
    auto future = m_audit.entries(filter, page.value());
    const auto result = co_await future;
    co_return okJson(result);
}

} // namespace td

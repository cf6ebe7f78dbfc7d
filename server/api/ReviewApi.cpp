#include "ReviewApi.h"

#include "ApiSupport.h"
#include "ReviewChange.h"
#include "auth/AuthService.h"
#include "services/ReviewService.h"

#include <QCoroFuture>

using namespace Qt::StringLiterals;

namespace td {

namespace {

HttpResponse noSuchSubmission()
{
    return HttpResponse::error(ApiError::notFound(u"submission_not_found"_s, u"No such submission."_s));
}

} // namespace

QCoro::Task<HttpResponse> ReviewApi::review(HttpRequest request)
{
    const auto id = positivePathArgument(request, 0);
    if (!id)
        co_return noSuchSubmission();
    const auto body = jsonBody(request);
    if (!body)
        co_return HttpResponse::error(body.error());
    ApiError error;
    auto change = ReviewChange::fromJson(body.value(), &error);
    if (!change)
        co_return HttpResponse::error(error);
    if (change->signature) {
        auto confirm =
            m_auth.confirmPassword(request.principal, change->signature->password, u"re-sign submission %1"_s.arg(*id));
        const auto confirmed = co_await confirm;
        if (!confirmed)
            co_return HttpResponse::error(confirmed.error());
        change->signature->password.clear(); // checked: it goes no further
    }
    auto future = m_reviews.review(request.principal, *id, *change);
    const auto result = co_await future;
    co_return okJson(result);
}

QCoro::Task<HttpResponse> ReviewApi::sign(HttpRequest request)
{
    const auto id = positivePathArgument(request, 0);
    if (!id)
        co_return noSuchSubmission();
    const auto body = jsonBody(request);
    if (!body)
        co_return HttpResponse::error(body.error());
    ApiError error;
    const auto signature = Signature::fromJson(body.value(), &error);
    if (!signature)
        co_return HttpResponse::error(error);
    auto confirm = m_auth.confirmPassword(request.principal, signature->password, u"sign submission %1"_s.arg(*id));
    const auto confirmed = co_await confirm;
    if (!confirmed)
        co_return HttpResponse::error(confirmed.error());
    auto future = m_reviews.sign(request.principal, *id, signature->meaning);
    const auto result = co_await future;
    co_return okJson(result);
}

QCoro::Task<HttpResponse> ReviewApi::audit(HttpRequest request)
{
    static const QStringList entities = {u"project"_s,  u"subject"_s, u"submission"_s,      u"vital"_s,
                                         u"user"_s,     u"token"_s,   u"membership"_s,      u"questionnaire"_s,
                                         u"schedule"_s, u"webhook"_s, u"webhook_delivery"_s};
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
    auto future = m_audit.entries(filter, page.value(), request.principal.scope);
    const auto result = co_await future;
    co_return okJson(result);
}

} // namespace td

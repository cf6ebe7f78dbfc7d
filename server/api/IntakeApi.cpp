#include "IntakeApi.h"

#include "ApiSupport.h"
#include "services/IntakeService.h"

#include <QCoroFuture>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace td {

namespace {

template<typename T>
HttpResponse storedResponse(const Result<IntakeService::Stored<T>> &result, const QByteArray &location)
{
    if (!result)
        return HttpResponse::error(result.error());
    HttpResponse response =
        result->json.isEmpty() ? HttpResponse::json(201, result->record.toJson()) : HttpResponse{201, result->json, {}};
    response.withHeader("Location", location + QByteArray::number(result->record.id));
    if (result->replayed)
        response.withHeader("Idempotent-Replayed", "true");
    return response;
}

} // namespace

QCoro::Task<HttpResponse> IntakeApi::submitQuestionnaire(HttpRequest request)
{
    const QString subjectId = request.pathArgs.at(0);
    const auto key = idempotencyKey(request);
    if (!key)
        co_return HttpResponse::error(key.error());
    const auto body = jsonBody(request);
    if (!body)
        co_return HttpResponse::error(body.error());
    ApiError error;
    auto submission =
        QuestionnaireSubmission::fromSubmitRequest(body.value(), subjectId, QDateTime::currentDateTimeUtc(), &error);
    if (!submission)
        co_return HttpResponse::error(error);
    IntakeService::Idempotency idempotency{key.value(), requestHash(u"questionnaire"_s, subjectId, body.value())};
    auto future = m_service.submitQuestionnaire(request.principal, std::move(*submission), idempotency);
    const auto result = co_await future;
    co_return storedResponse(result, "/api/v1/submissions/");
}

QCoro::Task<HttpResponse> IntakeApi::submitVital(HttpRequest request)
{
    const QString subjectId = request.pathArgs.at(0);
    const auto key = idempotencyKey(request);
    if (!key)
        co_return HttpResponse::error(key.error());
    const auto body = jsonBody(request);
    if (!body)
        co_return HttpResponse::error(body.error());
    ApiError error;
    auto vital = VitalSign::fromSubmitRequest(body.value(), subjectId, QDateTime::currentDateTimeUtc(), &error);
    if (!vital)
        co_return HttpResponse::error(error);
    IntakeService::Idempotency idempotency{key.value(), requestHash(u"vital"_s, subjectId, body.value())};
    auto future = m_service.submitVital(request.principal, std::move(*vital), idempotency);
    const auto result = co_await future;
    co_return storedResponse(result, "/api/v1/vitals/");
}

QCoro::Task<HttpResponse> IntakeApi::subjectQuestionnaires(HttpRequest request)
{
    const QString subjectId = request.pathArgs.at(0);
    return submissions(std::move(request), subjectId, QString());
}

QCoro::Task<HttpResponse> IntakeApi::projectSubmissions(HttpRequest request)
{
    const QString code = request.pathArgs.at(0);
    return submissions(std::move(request), QString(), code);
}

QCoro::Task<HttpResponse> IntakeApi::submissions(HttpRequest request, QString subjectId, QString projectCode)
{
    static const QRegularExpression codePattern(u"^[A-Za-z0-9._-]{1,64}\\z"_s);
    const auto page = pageRequest(request, PageLimits{50, 500, 2});
    if (!page)
        co_return HttpResponse::error(page.error());
    SubmissionQuery filter;
    filter.subjectId = subjectId;
    std::optional<ApiError> error;
    filter.since = timestampParameter(request, u"since"_s, error);
    filter.until = timestampParameter(request, u"until"_s, error);
    filter.questionnaire = request.queryValue(u"questionnaire"_s);
    filter.reviewStatus = request.queryValue(u"reviewStatus"_s);
    if (!filter.reviewStatus.isEmpty() && !SubmissionReview::statuses().contains(filter.reviewStatus) && !error)
        error = ApiError::invalid(
            u"invalid_parameter"_s, u"Unknown review status filter."_s,
            {{u"reviewStatus"_s, u"must be one of: "_s % SubmissionReview::statuses().join(u", "_s)}});
    if (!filter.questionnaire.isEmpty() && !codePattern.match(filter.questionnaire).hasMatch() && !error)
        error = ApiError::invalid(u"invalid_parameter"_s, u"Invalid questionnaire filter."_s,
                                  {{u"questionnaire"_s, u"1 to 64 of letters, digits, . _ -"_s}});
    if (error)
        co_return HttpResponse::error(*error);
    auto future = m_service.submissions(filter, projectCode, page.value(), request.principal.sitesIn(projectCode));
    const auto result = co_await future;
    co_return okJson(result);
}

QCoro::Task<HttpResponse> IntakeApi::submission(HttpRequest request)
{
    const auto id = positivePathArgument(request, 0);
    if (!id)
        co_return HttpResponse::error(ApiError::notFound(u"submission_not_found"_s, u"No such submission."_s));
    auto future = m_service.submission(*id);
    const auto result = co_await future;
    co_return okJson(result);
}

QCoro::Task<HttpResponse> IntakeApi::vitals(HttpRequest request)
{
    const auto page = pageRequest(request, PageLimits{1000, 10000, 2});
    if (!page)
        co_return HttpResponse::error(page.error());
    VitalQuery filter;
    filter.subjectId = request.pathArgs.at(0);
    std::optional<ApiError> error;
    filter.from = timestampParameter(request, u"from"_s, error);
    filter.to = timestampParameter(request, u"to"_s, error);
    const QString type = request.queryValue(u"type"_s);
    if (!type.isEmpty()) {
        filter.type = VitalSign::typeFromName(type);
        if (!filter.type && !error)
            error = ApiError::invalid(u"invalid_parameter"_s, u"Unknown vital sign type."_s,
                                      {{u"type"_s, u"must be one of: "_s % VitalSign::typeNames().join(u", "_s)}});
    }
    if (error)
        co_return HttpResponse::error(*error);
    auto future = m_service.vitals(filter, page.value());
    const auto result = co_await future;
    co_return okJson(result);
}

QCoro::Task<HttpResponse> IntakeApi::vital(HttpRequest request)
{
    const auto id = positivePathArgument(request, 0);
    if (!id)
        co_return HttpResponse::error(ApiError::notFound(u"vital_not_found"_s, u"No such vital sign."_s));
    auto future = m_service.vital(*id);
    const auto result = co_await future;
    co_return okJson(result);
}

} // namespace td

#include "QuestionnairesApi.h"

#include "ApiSupport.h"
#include "JsonInput.h"
#include "Signature.h"
#include "auth/AuthService.h"
#include "services/DefinitionCache.h"
#include "services/QuestionnaireService.h"

#include <QJsonArray>
#include <QUrl>
#include <limits>

using namespace Qt::StringLiterals;

namespace td {

namespace {

// {version} from the path: a positive number, or the 404 a missing version gets.
Result<int> versionArgument(const HttpRequest &request)
{
    const auto version = positivePathArgument(request, 2);
    if (version && *version <= std::numeric_limits<int>::max())
        return int(*version);
    return ApiError::notFound(u"version_not_found"_s, u"No such version."_s);
}

QByteArray versionLocation(const QuestionnaireVersion &v)
{
    return "/api/v1/projects/" + QUrl::toPercentEncoding(v.projectCode) + "/questionnaires/"
           + QUrl::toPercentEncoding(v.key()) + "/versions/" + QByteArray::number(v.version);
}

Result<QuestionnaireDefinition> definitionBody(const HttpRequest &request)
{
    const auto body = jsonBody(request);
    if (!body)
        return body.error();
    ApiError error;
    auto definition = QuestionnaireDefinition::fromJson(body.value(), &error);
    if (!definition)
        return error;
    return std::move(*definition);
}

// 201 with the new version and where it lives, or the error.
HttpResponse createdVersion(const Result<QuestionnaireVersion> &result)
{
    HttpResponse response = okJson(result, 201);
    if (result)
        response.withHeader("Location", versionLocation(result.value()));
    return response;
}

} // namespace

QCoro::Task<HttpResponse> QuestionnairesApi::list(HttpRequest request)
{
    auto future = m_service.list(request.pathArgs.at(0));
    const auto result = co_await future;
    if (!result)
        co_return HttpResponse::error(result.error());
    QJsonArray items;
    for (const QuestionnaireVersion &v : result.value())
        items.append(v.toJson(false));
    co_return HttpResponse::json(200, QJsonObject{{u"items"_s, items}});
}

QCoro::Task<HttpResponse> QuestionnairesApi::create(HttpRequest request)
{
    auto definition = definitionBody(request);
    if (!definition)
        co_return HttpResponse::error(definition.error());
    auto future = m_service.create(request.principal, request.pathArgs.at(0), std::move(definition.value()));
    const auto result = co_await future;
    co_return createdVersion(result);
}

QCoro::Task<HttpResponse> QuestionnairesApi::published(HttpRequest request)
{
    auto future = m_service.published(request.pathArgs.at(0), request.pathArgs.at(1));
    const auto result = co_await future;
    co_return okJson(result);
}

QCoro::Task<HttpResponse> QuestionnairesApi::newVersion(HttpRequest request)
{
    const auto body = jsonBody(request);
    if (!body)
        co_return HttpResponse::error(body.error());
    // Nothing to say yet; members are refused so that a later one cannot be ignored
    // by an older server.
    FieldReader reader(body.value());
    reader.rejectUnknown({});
    if (!reader.ok())
        co_return HttpResponse::error(reader.error());
    auto future = m_service.newVersion(request.principal, request.pathArgs.at(0), request.pathArgs.at(1));
    const auto result = co_await future;
    co_return createdVersion(result);
}

QCoro::Task<HttpResponse> QuestionnairesApi::version(HttpRequest request)
{
    const auto number = versionArgument(request);
    if (!number)
        co_return HttpResponse::error(number.error());
    auto future = m_service.version(request.pathArgs.at(0), request.pathArgs.at(1), number.value());
    const auto result = co_await future;
    co_return okJson(result);
}

QCoro::Task<HttpResponse> QuestionnairesApi::update(HttpRequest request)
{
    const auto number = versionArgument(request);
    if (!number)
        co_return HttpResponse::error(number.error());
    auto definition = definitionBody(request);
    if (!definition)
        co_return HttpResponse::error(definition.error());
    const QString key = request.pathArgs.at(1);
    // The key names the questionnaire across versions: it cannot change in one.
    if (definition->key != key)
        co_return HttpResponse::error(ApiError::invalid(u"key_mismatch"_s,
                                                        u"The definition's key must be the questionnaire's."_s,
                                                        {{u"key"_s, u"must be '%1', as in the path"_s.arg(key)}}));
    auto future =
        m_service.update(request.principal, request.pathArgs.at(0), number.value(), std::move(definition.value()));
    const auto result = co_await future;
    co_return okJson(result);
}

QCoro::Task<HttpResponse> QuestionnairesApi::remove(HttpRequest request)
{
    const auto number = versionArgument(request);
    if (!number)
        co_return HttpResponse::error(number.error());
    auto future = m_service.remove(request.principal, request.pathArgs.at(0), request.pathArgs.at(1), number.value());
    const auto result = co_await future;
    if (!result)
        co_return HttpResponse::error(result.error());
    co_return HttpResponse{204, {}, {}};
}

QCoro::Task<HttpResponse> QuestionnairesApi::publish(HttpRequest request)
{
    const auto number = versionArgument(request);
    if (!number)
        co_return HttpResponse::error(number.error());
    const auto body = jsonBody(request);
    if (!body)
        co_return HttpResponse::error(body.error());
    ApiError error;
    const auto signature = Signature::fromJson(body.value(), &error);
    if (!signature)
        co_return HttpResponse::error(error);
    const QString code = request.pathArgs.at(0);
    const QString key = request.pathArgs.at(1);
    // As when signing a submission: the password first, a failure audited.
    auto confirm = m_auth.confirmPassword(request.principal, signature->password,
                                          u"publish questionnaire %1/%2/%3"_s.arg(code, key).arg(number.value()));
    const auto confirmed = co_await confirm;
    if (!confirmed)
        co_return HttpResponse::error(confirmed.error());
    auto future = m_service.publish(request.principal, code, key, number.value(), signature->meaning);
    const auto result = co_await future;
    if (result) {
        // Committed: intake in this instance validates against it from now on.
        auto refresh = m_definitions.refresh();
        co_await refresh;
    }
    co_return okJson(result);
}

} // namespace td

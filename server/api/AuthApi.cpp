#include "AuthApi.h"

#include "ApiSupport.h"
#include "CurrentUser.h"
#include "JsonInput.h"
#include "LoginRequest.h"
#include "auth/AuthService.h"

#include <QCoroFuture>

using namespace Qt::StringLiterals;

namespace td {

QCoro::Task<HttpResponse> AuthApi::login(HttpRequest request)
{
    const auto body = jsonBody(request);
    if (!body)
        co_return HttpResponse::error(body.error());
    ApiError error;
    const auto login = LoginRequest::fromJson(body.value(), &error);
    if (!login)
        co_return HttpResponse::error(error);
    auto task = m_auth.login(login->username, login->password, request.remoteAddress.toString());
    const auto session = co_await task;
    if (!session) {
        HttpResponse response = HttpResponse::error(session.error());
        if (session.error().code == u"account_locked"_s) {
            response.headers.clear();
            response.withHeader("Retry-After", session.error().fields.value(u"retryAfter"_s).toLatin1());
        }
        co_return response;
    }
    co_return HttpResponse::json(200, session->toJson());
}

QCoro::Task<HttpResponse> AuthApi::logout(HttpRequest request)
{
    auto future = m_auth.logout(request.principal);
    const auto done = co_await future;
    if (!done)
        co_return HttpResponse::error(done.error());
    co_return HttpResponse{204, {}, {}};
}

QCoro::Task<HttpResponse> AuthApi::me(HttpRequest request)
{
    const Principal &p = request.principal;
    const CurrentUser me{p.name, p.role, p.displayName,
                         p.expiresAt.isValid() ? std::optional<QDateTime>(p.expiresAt) : std::nullopt,
                         p.scope.value_or(QList<StudyMembership>())};
    co_return HttpResponse::json(200, me.toJson());
}

QCoro::Task<HttpResponse> AuthApi::users(HttpRequest)
{
    auto future = m_auth.users();
    const auto users = co_await future;
    if (!users)
        co_return HttpResponse::error(users.error());
    QJsonArray array;
    for (const auto &u : users.value())
        array.append(u.toJson());
    co_return HttpResponse::json(200, array);
}

QCoro::Task<HttpResponse> AuthApi::createUser(HttpRequest request)
{
    const auto body = jsonBody(request);
    if (!body)
        co_return HttpResponse::error(body.error());
    FieldReader reader(body.value());
    reader.rejectUnknown({u"username"_s, u"role"_s, u"password"_s, u"displayName"_s});
    const QString username = reader.requiredString(u"username"_s, 64);
    const QString role = reader.enumString(u"role"_s, staffRoleNames());
    const QString password = reader.requiredString(u"password"_s, 1024);
    const QString displayName = reader.optionalString(u"displayName"_s, 100).value_or(QString());
    if (!reader.ok())
        co_return HttpResponse::error(reader.error());
    auto task = m_auth.createUser(request.principal, username, displayName, *roleFromName(role), password);
    const auto user = co_await task;
    if (!user)
        co_return HttpResponse::error(user.error());
    co_return HttpResponse::json(201, user->toJson())
        .withHeader("Location", "/api/v1/users/" + user->username.toUtf8());
}

QCoro::Task<HttpResponse> AuthApi::updateUser(HttpRequest request)
{
    const auto body = jsonBody(request);
    if (!body)
        co_return HttpResponse::error(body.error());
    FieldReader reader(body.value());
    reader.rejectUnknown({u"role"_s, u"password"_s, u"displayName"_s, u"disabled"_s});
    AuthService::UserChange change;
    if (reader.has(u"displayName"_s))
        change.displayName = reader.requiredString(u"displayName"_s, 100);
    if (reader.has(u"role"_s))
        change.role = roleFromName(reader.enumString(u"role"_s, staffRoleNames()));
    std::optional<QString> password;
    if (reader.has(u"password"_s))
        password = reader.requiredString(u"password"_s, 1024);
    if (reader.has(u"disabled"_s)) {
        if (!body->value(u"disabled"_s).isBool())
            reader.fail(u"disabled"_s, u"must be true or false"_s, u"invalid_type"_s);
        change.disabled = body->value(u"disabled"_s).toBool();
    }
    if (!reader.ok())
        co_return HttpResponse::error(reader.error());
    auto task = m_auth.changeUser(request.principal, request.pathArgs.at(0), change, password);
    const auto user = co_await task;
    if (!user)
        co_return HttpResponse::error(user.error());
    co_return HttpResponse::json(200, user->toJson());
}

} // namespace td

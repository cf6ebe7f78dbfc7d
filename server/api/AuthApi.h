#pragma once

#include "http/HttpRequest.h"
#include "http/HttpResponse.h"

#include <QCoroTask>

namespace td {

class AuthService;

// Sign-in, sign-out and staff accounts.
class AuthApi
{
public:
    explicit AuthApi(AuthService &auth)
        : m_auth(auth)
    {}

    // POST /auth/login {"username","password"} -> {"token","expiresAt","user":{"username","role","displayName"}}
    //   401 invalid_credentials; 429 account_locked + Retry-After
    QCoro::Task<HttpResponse> login(HttpRequest request);
    // POST /auth/logout -> 204; the token stops working
    QCoro::Task<HttpResponse> logout(HttpRequest request);
    // GET /auth/me -> {"username","role","displayName","expiresAt","memberships":[{"projectCode","studyRole","sites"}]}
    //   of the caller; memberships empty for an admin (every study) and subject tokens
    QCoro::Task<HttpResponse> me(HttpRequest request);
    // GET /users -> [User]
    QCoro::Task<HttpResponse> users(HttpRequest request);
    // POST /users {"username","role","password","displayName"?} -> 201 User; 409 duplicate_username
    QCoro::Task<HttpResponse> createUser(HttpRequest request);
    // PATCH /users/{username} {"displayName"?,"role"?,"password"?,"disabled"?} -> User
    QCoro::Task<HttpResponse> updateUser(HttpRequest request);

private:
    AuthService &m_auth;
};

} // namespace td

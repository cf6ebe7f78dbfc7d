#pragma once

#include <QString>
#include <memory>

namespace td {
class ApiClient;
}

namespace td::test {

class TestServer;

// An ApiClient signed in to `server` as `username` (with kTestPassword), or null
// after a warning that says why the sign-in failed.
std::unique_ptr<ApiClient> signIn(const TestServer &server, const QString &username);

} // namespace td::test

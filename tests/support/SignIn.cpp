#include "SignIn.h"

#include "TestServer.h"
#include "net/ApiClient.h"

#include <QCoroTask>

namespace td::test {

std::unique_ptr<ApiClient> signIn(const TestServer &server, const QString &username)
{
    auto api = std::make_unique<ApiClient>();
    api->setBaseUrl(server.url({}));
    const auto session = QCoro::waitFor(api->login(username, QString::fromUtf16(kTestPassword)));
    if (!session)
        qWarning("sign-in as %s failed: %s", qPrintable(username), qPrintable(session.error().message));
    return session ? std::move(api) : nullptr;
}

} // namespace td::test

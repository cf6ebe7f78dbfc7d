#include "LoginRequest.h"

#include "JsonInput.h"

using namespace Qt::StringLiterals;

namespace td {

QJsonObject LoginRequest::toJson() const
{
    return {{u"username"_s, username}, {u"password"_s, password}};
}

std::optional<LoginRequest> LoginRequest::fromJson(const QJsonObject &json, ApiError *error)
{
    FieldReader reader(json);
    reader.rejectUnknown({u"username"_s, u"password"_s});
    LoginRequest login;
    login.username = reader.requiredString(u"username"_s, 64);
    login.password = reader.requiredString(u"password"_s, 1024);
    if (!reader.ok()) {
        *error = reader.error();
        return std::nullopt;
    }
    return login;
}

} // namespace td

#include "CurrentUser.h"

#include "Timestamps.h"

using namespace Qt::StringLiterals;

namespace td {

QJsonObject CurrentUser::toJson() const
{
    return {{u"username"_s, username},
            {u"role"_s, roleName(role)},
            {u"displayName"_s, displayName},
            {u"expiresAt"_s, expiresAt ? QJsonValue(formatTimestamp(*expiresAt)) : QJsonValue()}};
}

CurrentUser CurrentUser::fromJson(const QJsonObject &json)
{
    return {json.value(u"username"_s).toString(),
            roleFromName(json.value(u"role"_s).toString()).value_or(Role::Monitor),
            json.value(u"displayName"_s).toString(), parseTimestamp(json.value(u"expiresAt"_s).toString())};
}

} // namespace td

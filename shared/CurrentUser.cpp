#include "CurrentUser.h"

#include "Timestamps.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace td {

QJsonObject CurrentUser::toJson() const
{
    QJsonArray scope;
    for (const StudyMembership &m : memberships)
        scope.append(m.toScopeJson());
    return {{u"username"_s, username},
            {u"role"_s, roleName(role)},
            {u"displayName"_s, displayName},
            {u"expiresAt"_s, expiresAt ? QJsonValue(formatTimestamp(*expiresAt)) : QJsonValue()},
            {u"memberships"_s, scope}};
}

CurrentUser CurrentUser::fromJson(const QJsonObject &json)
{
    CurrentUser user{json.value(u"username"_s).toString(),
                     roleFromName(json.value(u"role"_s).toString()).value_or(Role::Monitor),
                     json.value(u"displayName"_s).toString(),
                     parseTimestamp(json.value(u"expiresAt"_s).toString()),
                     {}};
    for (const QJsonValue &m : json.value(u"memberships"_s).toArray())
        user.memberships << StudyMembership::fromJson(m.toObject());
    return user;
}

} // namespace td

#include "StaffAccount.h"

#include "Timestamps.h"

using namespace Qt::StringLiterals;

namespace td {

QJsonObject StaffAccount::toJson() const
{
    return {{u"username"_s, username},
            {u"displayName"_s, displayName},
            {u"role"_s, roleName(role)},
            {u"disabled"_s, disabled},
            {u"createdAt"_s, formatTimestamp(createdAt)},
            {u"updatedAt"_s, formatTimestamp(updatedAt)},
            {u"lockedUntil"_s, lockedUntil ? QJsonValue(formatTimestamp(*lockedUntil)) : QJsonValue()}};
}

StaffAccount StaffAccount::fromJson(const QJsonObject &json)
{
    StaffAccount account;
    account.username = json.value(u"username"_s).toString();
    account.displayName = json.value(u"displayName"_s).toString();
    account.role = roleFromName(json.value(u"role"_s).toString()).value_or(Role::Monitor);
    account.disabled = json.value(u"disabled"_s).toBool();
    account.createdAt = parseTimestamp(json.value(u"createdAt"_s).toString()).value_or(QDateTime());
    account.updatedAt = parseTimestamp(json.value(u"updatedAt"_s).toString()).value_or(QDateTime());
    account.lockedUntil = parseTimestamp(json.value(u"lockedUntil"_s).toString());
    return account;
}

} // namespace td

#include "Session.h"

#include "Timestamps.h"

using namespace Qt::StringLiterals;

namespace td {

QJsonObject Session::toJson() const
{
    return {{u"token"_s, token}, {u"expiresAt"_s, formatTimestamp(expiresAt)}, {u"user"_s, user.toJson()}};
}

Session Session::fromJson(const QJsonObject &json)
{
    return {json.value(u"token"_s).toString(),
            parseTimestamp(json.value(u"expiresAt"_s).toString()).value_or(QDateTime()),
            StaffAccount::fromJson(json.value(u"user"_s).toObject())};
}

} // namespace td

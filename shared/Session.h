#pragma once

#include "StaffAccount.h"

#include <QDateTime>
#include <QJsonObject>

namespace td {

// The answer to a login (POST /api/v1/auth/login): the bearer token, when it
// expires, and whose account it is.
struct Session {
    QString token;
    QDateTime expiresAt;
    StaffAccount user;

    QJsonObject toJson() const;
    // Trusts its input (it comes from our server).
    static Session fromJson(const QJsonObject &json);
};

} // namespace td

#pragma once

#include "Roles.h"

#include <QDateTime>
#include <QJsonObject>
#include <QString>
#include <optional>

namespace td {

// A staff member's account as the server keeps it. Only the server fills
// `passwordHash`; the users API never sends it (toJson() leaves it out).
struct StaffAccount {
    QString username;
    QString displayName;
    Role role = Role::Monitor;
    QString passwordHash; // libsodium crypto_pwhash_str output (Argon2id)
    bool disabled = false;
    std::optional<QDateTime> lockedUntil;
    QDateTime createdAt;
    QDateTime updatedAt;

    // The users API's view: everything but the password hash.
    QJsonObject toJson() const;
    // Trusts its input (it comes from our server); an unknown role reads as Monitor.
    static StaffAccount fromJson(const QJsonObject &json);
};

} // namespace td

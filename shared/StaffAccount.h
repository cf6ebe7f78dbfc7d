#pragma once

#include "Roles.h"

#include <QDateTime>
#include <QString>
#include <optional>

namespace td {

// A staff member's account as the server keeps it. Only the server fills
// `passwordHash`; the users API never sends it (see userJson on the server).
struct StaffAccount {
    QString username;
    QString displayName;
    Role role = Role::Monitor;
    QString passwordHash; // libsodium crypto_pwhash_str output (Argon2id)
    bool disabled = false;
    std::optional<QDateTime> lockedUntil;
    QDateTime createdAt;
    QDateTime updatedAt;
};

} // namespace td

#pragma once

#include "Roles.h"
#include "StudyMembership.h"

#include <QDateTime>
#include <QJsonObject>
#include <optional>

namespace td {

// The answer to GET /api/v1/auth/me: who the bearer token belongs to.
struct CurrentUser {
    QString username;
    Role role = Role::Monitor;
    QString displayName;
    std::optional<QDateTime> expiresAt; // absent: the token does not expire
    // The studies the account is a member of ({projectCode, studyRole, sites} each);
    // empty for an admin (global: every study) and for subject tokens.
    QList<StudyMembership> memberships;

    QJsonObject toJson() const;
    // Trusts its input (it comes from our server); an unknown role reads as Monitor.
    static CurrentUser fromJson(const QJsonObject &json);
};

} // namespace td

#pragma once

#include "Roles.h"

#include <QDateTime>
#include <QString>

namespace td {

// Who is making a request, once their token checked out.
struct Principal {
    Role role = Role::Monitor;
    QString name;        // username, or the subject id for a subject token
    QString displayName; // staff only
    QString tokenHash;
    QDateTime expiresAt; // invalid: does not expire

    bool isSubject() const { return role == Role::Subject; }
    // How the audit trail names this actor.
    QString auditName() const { return isSubject() ? QStringLiteral("subject:") + name : name; }
};

} // namespace td

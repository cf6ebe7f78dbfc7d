#pragma once

#include "ObjectScope.h"
#include "Roles.h"
#include "StudyMembership.h"

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
    // The account's role; `role` becomes the study role on a study's routes.
    Role globalRole = Role::Monitor;
    // What the account may reach, read from the database on every request (issue #14):
    // nullopt for an admin and for subject tokens, else its study memberships.
    StudyScope scope;
    // For a scoped principal on a route that names a study object: where that object
    // is (nullopt: there is no such object). Read by authenticate() with the token.
    std::optional<ObjectLocation> target;

    bool isScoped() const { return scope.has_value(); }
    // The membership in `projectCode`, or nullptr (also for an unscoped principal).
    const StudyMembership *membershipIn(const QString &projectCode) const
    {
        if (!scope)
            return nullptr;
        for (const StudyMembership &m : *scope) {
            if (m.projectCode == projectCode)
                return &m;
        }
        return nullptr;
    }
    // The sites of `projectCode` this principal is limited to; empty: all of them.
    QStringList sitesIn(const QString &projectCode) const
    {
        const StudyMembership *m = membershipIn(projectCode);
        return m ? m->sites : QStringList();
    }

    bool isSubject() const { return role == Role::Subject; }
    // How the audit trail names this actor.
    QString auditName() const { return isSubject() ? QStringLiteral("subject:") + name : name; }
};

} // namespace td

#pragma once

#include "ApiError.h"
#include "Roles.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QStringList>
#include <optional>

namespace td {

// A staff account's access to one study (issue #14): its role there and the sites it
// is limited to. The global admin is never a member: it sees every study. The answer
// of GET /projects/{code}/members and /users/{username}/memberships.
struct StudyMembership {
    QString projectCode;
    QString username;
    QString displayName;
    Role studyRole = Role::Monitor; // Pm, Crc or Monitor
    QStringList sites;              // empty: every site of the study
    QDateTime createdAt;
    QString createdBy;

    // Does this membership reach a subject enrolled at `site`?
    bool coversSite(const QString &site) const { return sites.isEmpty() || sites.contains(site); }

    QJsonObject toJson() const;
    // The short form in GET /auth/me: {projectCode, studyRole, sites}.
    QJsonObject toScopeJson() const;
    // Trusts its input (it comes from our server); an unknown role reads as Monitor.
    static StudyMembership fromJson(const QJsonObject &json);

    // The roles a membership can carry.
    static QStringList studyRoleNames();
};

// The body of PUT /projects/{code}/members/{username} and
// PUT /users/{username}/memberships/{code}: {"studyRole", "sites"}.
struct MembershipChange {
    Role studyRole = Role::Monitor;
    QStringList sites; // empty: every site

    QJsonObject toJson() const;
    // `studyRole` required (pm, crc or monitor); `sites` optional (default: all), each
    // a non-empty string, no duplicates.
    static std::optional<MembershipChange> fromJson(const QJsonObject &json, ApiError *error);
};

// What a staff request may reach: nullopt for everything (admin, and subject tokens,
// which are limited to their own subject elsewhere), else the account's memberships.
using StudyScope = std::optional<QList<StudyMembership>>;

} // namespace td

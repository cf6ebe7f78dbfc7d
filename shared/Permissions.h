#pragma once

#include "Roles.h"

#include <QString>

namespace td {

// What a request may do, and which roles may do it: THE role matrix of
// docs/security.md ("Route x role matrix"). The server's route table names one
// permission per protected route and refuses other roles with 403; the desktop hides
// what the signed-in role may not do. Both read rolesWith(), so they cannot drift.
enum class Permission {
    ReadStudies,        // staff reads: studies, their subjects, submissions, vitals, statistics
    EditStudies,        // POST /projects, PATCH /projects/{code}
    EnrolSubjects,      // POST /projects/{code}/subjects
    IssueSubjectTokens, // POST /subjects/{id}/token
    ReviewSubmissions,  // PATCH /submissions/{id}: mark reviewed, queries
    SignSubmissions,    // POST /submissions/{id}/sign
    ReadAuditTrail,     // GET /audit
    ManageUsers,        // GET/POST /users, PATCH /users/{username}, /users/{username}/memberships
    ManageMembers,      // /projects/{code}/members: admin, and the study's pm for that study
    ManageIntegrations, // webhooks of a study and their delivery log: admin, and the study's pm
    EditProtocol,       // questionnaire definitions (drafts, publication) and schedules of a study
    SignOut,            // POST /auth/logout (a subject token is revoked by issuing a new one)
    // Also held by a subject token, which the server limits to its own subject's paths.
    ReadIdentity,      // GET /auth/me
    ReadActiveStudies, // GET /projects/active
    ReadSubjectData,   // GET /subjects/{id}/profile, /questionnaires, /vitals
    SubmitSubjectData, // POST /subjects/{id}/questionnaires, /vitals
};

// A set of roles: td::Role values or-ed together.
using RoleSet = unsigned;

constexpr RoleSet operator|(Role a, Role b)
{
    return unsigned(a) | unsigned(b);
}
constexpr RoleSet operator|(RoleSet a, Role b)
{
    return a | unsigned(b);
}

// The roles holding `permission`.
constexpr RoleSet rolesWith(Permission permission)
{
    constexpr RoleSet staff = Role::Admin | Role::Pm | Role::Crc | Role::Monitor;
    constexpr RoleSet staffWrite = Role::Admin | Role::Pm | Role::Crc; // monitors only read
    switch (permission) {
    case Permission::ReadStudies:
    case Permission::SignOut:
        return staff;
    case Permission::EditStudies:
    case Permission::ManageMembers:
    case Permission::ManageIntegrations:
    case Permission::EditProtocol:
        return Role::Admin | Role::Pm;
    case Permission::EnrolSubjects:
    case Permission::IssueSubjectTokens:
    case Permission::ReviewSubmissions:
    case Permission::SignSubmissions:
        return staffWrite;
    case Permission::ReadAuditTrail:
        return Role::Admin | Role::Pm | Role::Monitor;
    case Permission::ManageUsers:
        return unsigned(Role::Admin);
    case Permission::ReadIdentity:
    case Permission::ReadActiveStudies:
    case Permission::ReadSubjectData:
        return staff | Role::Subject;
    case Permission::SubmitSubjectData:
        return staffWrite | Role::Subject;
    }
    return 0; // not reached: every permission is listed above (-Wswitch)
}

constexpr bool isAllowed(Role role, Permission permission)
{
    return (rolesWith(permission) & unsigned(role)) != 0;
}

// By role name, as the desktop knows it from the sign-in answer. False for an empty or
// unknown role: show less rather than more.
bool isAllowed(const QString &role, Permission permission);

} // namespace td

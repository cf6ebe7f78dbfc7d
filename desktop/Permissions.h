#pragma once

#include <QString>

namespace td {

// The changes a staff role may make, as the desktop shows them: an action the
// server would refuse with 403 for the signed-in role is hidden rather than
// offered and then refused. Mirrors the route x role matrix in docs/security.md
// (the server stays the authority; this only keeps the UI honest).
enum class Permission {
    EditStudies,        // POST /projects, PATCH /projects/{code}
    EnrolSubjects,      // POST /projects/{code}/subjects
    IssueSubjectTokens, // POST /subjects/{id}/token
    ReviewSubmissions,  // PATCH /submissions/{id}: mark reviewed, queries
    SignSubmissions,    // POST /submissions/{id}/sign
};

// False for an empty or unknown role: show less rather than more.
bool isAllowed(const QString &role, Permission permission);

} // namespace td

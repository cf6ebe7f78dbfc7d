#pragma once

#include <QString>

namespace td {

// What a route's path argument names, for the study/site scope check (issue #14):
// derived by RouteTable from the path ("/projects/{code}", "/subjects/{subjectId}",
// "/submissions/{id}", "/vitals/{id}").
enum class ScopeTarget { None, Study, Subject, Submission, Vital };

// Where an object lives.
struct ObjectLocation {
    QString projectCode;
    QString site; // the subject's site; empty for a study itself
};

} // namespace td

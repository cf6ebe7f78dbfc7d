#pragma once

#include <QString>

namespace td {

// What a route's path argument names, for the study/site scope check (issue #14):
// derived by RouteTable from the path ("/projects/{code}", "/subjects/{subjectId}",
// "/submissions/{id}", "/vitals/{id}", "/webhooks/{id}", "/deliveries/{id}").
enum class ScopeTarget { None, Study, Subject, Submission, Vital, Webhook, Delivery };

// Whether a target belongs to a whole study rather than to one of its sites: a member
// limited to sites reaches it like the study itself.
constexpr bool isStudyLevel(ScopeTarget target)
{
    return target == ScopeTarget::Study || target == ScopeTarget::Webhook || target == ScopeTarget::Delivery;
}

// Where an object lives.
struct ObjectLocation {
    QString projectCode;
    QString site; // the subject's site; empty for a study itself
};

} // namespace td

#pragma once

#include "ApiError.h"
#include "ObjectScope.h"

#include <optional>

namespace td {

// The 404 answers for a study's objects. One definition for the handlers and for the
// scope check in front of them (HttpFrontend): an object out of the caller's scope must
// answer byte for byte what a missing one answers, or the difference tells it exists.
ApiError projectNotFound(const QString &code);
ApiError subjectNotFound(const QString &subjectId);
// `idText` as it came in the path: "No such submission." unless it is a valid id.
ApiError submissionNotFound(const QString &idText);
ApiError vitalNotFound(const QString &idText);
ApiError webhookNotFound(const QString &idText);
ApiError deliveryNotFound(const QString &idText);
// The answer for a missing object of `target` named `argument` in the path: also the
// answer for one out of the caller's scope, so the two cannot be told apart.
ApiError notFoundFor(ScopeTarget target, const QString &argument);
// A positive integer id from a path segment.
std::optional<qint64> recordId(const QString &idText);

} // namespace td

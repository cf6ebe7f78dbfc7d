#pragma once

#include "ApiError.h"
#include "Signature.h"

#include <QJsonObject>
#include <QStringList>
#include <optional>

namespace td {

// The body of PATCH /api/v1/submissions/{id}: a reviewer marks a submission
// reviewed, raises a query on it or resolves one. A signed submission changes only
// together with a new signature.
struct ReviewChange {
    QString reviewStatus; // empty or one of reviewStatuses()
    QString queryStatus;  // empty or one of queryStatuses()
    std::optional<QString> comment;
    std::optional<Signature> signature;

    static const QStringList &reviewStatuses();
    static const QStringList &queryStatuses();

    QJsonObject toJson() const;
    // Needs a reviewStatus or a queryStatus; password and meaning come together.
    static std::optional<ReviewChange> fromJson(const QJsonObject &json, ApiError *error);
};

} // namespace td

#pragma once

#include "ApiError.h"
#include "Subject.h"

#include <QDate>
#include <QJsonObject>
#include <optional>

namespace td {

// The body of PATCH /api/v1/subjects/{subjectId}: a subject's schedule settings, the
// only fields that may change after enrolment. Optional twice, as in ProjectPatch:
// absent leaves the field alone, null clears it (a cleared zone is the study's again).
struct SubjectPatch {
    std::optional<std::optional<QString>> timeZone;
    std::optional<std::optional<QDate>> anchorDate;

    static const QStringList &writableFields();
    // What turns `original` into `edited` (only the fields above are compared).
    static SubjectPatch between(const Subject &original, const Subject &edited);
    bool isEmpty() const;
    // Whether applying it to `current` changes anything.
    bool changes(const Subject &current) const;
    void applyTo(Subject &subject) const;

    QJsonObject toJson() const;
    static std::optional<SubjectPatch> fromJson(const QJsonObject &json, ApiError *error);
};

} // namespace td

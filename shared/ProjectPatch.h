#pragma once

#include "ApiError.h"
#include "Project.h"

#include <QDate>
#include <QJsonObject>
#include <QStringList>
#include <optional>

namespace td {

class FieldReader;

// The body of PATCH /api/v1/projects/{code}: only the fields present change.
// A study may lack a start date, an end date or a target, and a present null clears
// them, so those fields are optional twice: the outer optional says whether the
// field is in the patch at all, the inner one holds its value or null.
struct ProjectPatch {
    std::optional<QString> code; // accepted only when it names the study itself: codes never change
    std::optional<QString> title;
    std::optional<QString> phase;
    std::optional<QString> status;
    std::optional<QString> sponsor;               // an empty text clears it (sent as null)
    std::optional<QString> principalInvestigator; // likewise
    std::optional<std::optional<QDate>> startDate;
    std::optional<std::optional<QDate>> endDate;
    std::optional<std::optional<int>> targetEnrollment;
    std::optional<QStringList> sites; // null clears, as [] does
    std::optional<QString> timeZone;  // IANA id; never null (a study always has a zone)

    // What turns `original` into `edited`, field by field (the code and the fields
    // the server derives are not compared).
    static ProjectPatch between(const Project &original, const Project &edited);
    bool isEmpty() const;

    QJsonObject toJson() const;
    // Every field present validated; what depends on the stored study (the code, the
    // order of the dates) is checked by applyTo().
    static std::optional<ProjectPatch> fromJson(const QJsonObject &json, ApiError *error);
    // `current` with this patch applied; refuses a changed code and an end date
    // before the start date.
    std::optional<Project> applyTo(const Project &current, ApiError *error) const;

    // The writable fields present in `json` but the code, each checked into
    // `reader`: Project::fromCreateRequest reads a new study's fields the same way.
    static ProjectPatch read(FieldReader &reader, const QJsonObject &json);
    void mergeInto(Project &project) const;
    // Fails `endDate` when it lies before `project`'s start date.
    static void checkDateOrder(FieldReader &reader, const Project &project);
};

} // namespace td

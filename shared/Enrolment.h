#pragma once

#include "Subject.h"

#include <QJsonObject>

namespace td {

// The answer to an enrolment (POST /api/v1/projects/{code}/subjects): the new
// subject and its first subject token, shown once to hand to the patient.
struct Enrolment {
    Subject subject;
    QString subjectToken;

    // The subject's fields and "subjectToken", side by side.
    QJsonObject toJson() const;
    static Enrolment fromJson(const QJsonObject &json);
};

} // namespace td

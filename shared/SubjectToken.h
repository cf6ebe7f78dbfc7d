#pragma once

#include <QJsonObject>
#include <QString>

namespace td {

// The answer to POST /api/v1/subjects/{subjectId}/token: a new token for a
// subject's patient app (the earlier ones stop working).
struct SubjectToken {
    QString subjectId;
    QString token;

    QJsonObject toJson() const;
    static SubjectToken fromJson(const QJsonObject &json);
};

} // namespace td

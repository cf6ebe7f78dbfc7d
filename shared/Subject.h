#pragma once

#include "ApiError.h"

#include <QDateTime>
#include <QJsonObject>
#include <QStringList>
#include <optional>

namespace td {

// A person enrolled in one study.
struct Subject {
    QString subjectId;
    QString projectCode;
    QString name;
    QString phone;
    QString site;
    QString sex; // one of sexes(), empty when not recorded
    std::optional<int> birthYear;
    QDateTime enrolledAt;
    std::optional<QDateTime> lastSubmissionAt; // derived by the server, read-only

    static const QStringList &sexes();
    static bool isValidSubjectId(const QString &id);
    // "18812348888" -> "188****8888": first 3 and last 4 characters stay visible.
    static QString maskPhone(const QString &phone);

    // An enrolment POST body; `subjectId` may be absent (the server generates one).
    // `now` bounds birthYear and enrolledAt.
    static std::optional<Subject> fromEnrolRequest(const QJsonObject &json, const QDateTime &now, ApiError *error);
    // The enrolment POST body for this subject: the fields a client may send, those
    // not set left out (an invalid enrolledAt means "now", the server's clock).
    QJsonObject toEnrolRequest() const;

    QJsonObject toJson() const;
    // The same record with name and phone masked, for roles that may not see them.
    Subject masked() const;
    // "张三" -> "张*", "Maria Rossi" -> "M**********": first character kept.
    static QString maskName(const QString &name);
    // The patient-facing view: {"subjectId","name","phone"(masked),"trialCode"}.
    QJsonObject toProfileJson() const;
    static Subject fromJson(const QJsonObject &json);
};

} // namespace td

#pragma once

#include "ApiError.h"

#include <QDate>
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
    // Questionnaire schedules run in this IANA zone; none: the study's.
    std::optional<QString> timeZone;
    // Day 0 of the study's schedules anchored on the subject's date (e.g. surgery).
    std::optional<QDate> anchorDate;
    QString effectiveTimeZone;                 // own zone, else the study's: derived by the server, read-only
    std::optional<QDateTime> lastSubmissionAt; // derived by the server, read-only

    static const QStringList &sexes();
    static bool isValidSubjectId(const QString &id);
    // The range an anchor date must lie in: a typo ("0026") must not pass as a date.
    static bool isPlausibleAnchorDate(const QDate &date);
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

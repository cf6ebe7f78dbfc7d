#pragma once

#include "ApiError.h"

#include <QDate>
#include <QDateTime>
#include <QJsonObject>
#include <QStringList>
#include <optional>

namespace td {

// A clinical study ("project" in the API).
struct Project {
    QString code;
    QString title;
    QString phase = QStringLiteral("N/A");
    QString status = QStringLiteral("planning");
    QString sponsor;
    QString principalInvestigator;
    std::optional<QDate> startDate;
    std::optional<QDate> endDate;
    std::optional<int> targetEnrollment;
    QStringList sites;
    // IANA id: the zone questionnaire schedules run in for subjects without their own.
    QString timeZone = defaultTimeZone();
    QDateTime createdAt;
    QDateTime updatedAt;
    int enrolledCount = 0; // derived by the server, read-only

    static const QStringList &phases();
    static const QStringList &statuses();
    static bool isValidCode(const QString &code);
    // Every study so far ran in China (and migration 5 gave them this zone).
    static QString defaultTimeZone();
    // What a client may send; the rest is the server's to set.
    static const QStringList &writableFields();

    // The POST body that creates this study: the writable fields, those not set left out.
    QJsonObject toCreateRequest() const;
    // A POST body: every field validated, `code` and `title` required. (A PATCH body
    // is a ProjectPatch.)
    static std::optional<Project> fromCreateRequest(const QJsonObject &json, ApiError *error);

    QJsonObject toJson() const;
    // Trusts its input (it comes from our server); unknown or missing fields default.
    static Project fromJson(const QJsonObject &json);
};

} // namespace td

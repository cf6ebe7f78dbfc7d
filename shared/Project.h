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
    QDateTime createdAt;
    QDateTime updatedAt;
    int enrolledCount = 0; // derived by the server, read-only

    static const QStringList &phases();
    static const QStringList &statuses();
    static bool isValidCode(const QString &code);

    // A POST body: every field validated, `code` and `title` required.
    static std::optional<Project> fromCreateRequest(const QJsonObject &json, ApiError *error);
    // A PATCH body applied to `current`: only the fields present change; null clears
    // an optional field; `code` and the timestamps cannot change.
    static std::optional<Project> applyPatch(const Project &current, const QJsonObject &patch, ApiError *error);

    QJsonObject toJson() const;
    // Trusts its input (it comes from our server); unknown or missing fields default.
    static Project fromJson(const QJsonObject &json);
};

} // namespace td

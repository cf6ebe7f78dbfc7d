#pragma once

#include "ApiError.h"

#include <QJsonObject>
#include <QString>
#include <optional>

namespace td {

// The body of POST /api/v1/auth/login.
struct LoginRequest {
    QString username;
    QString password;

    QJsonObject toJson() const;
    // Both fields required.
    static std::optional<LoginRequest> fromJson(const QJsonObject &json, ApiError *error);
};

} // namespace td

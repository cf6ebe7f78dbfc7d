#pragma once

#include "ApiError.h"

#include <QJsonObject>
#include <QString>
#include <optional>

namespace td {

// An electronic signature as a client gives it: the signer types the password again
// and says what the signature means ("Reviewed and approved"). The body of
// POST /api/v1/submissions/{id}/sign, and part of a ReviewChange that re-signs.
struct Signature {
    QString password;
    QString meaning; // trimmed

    QJsonObject toJson() const;
    // Both fields required.
    static std::optional<Signature> fromJson(const QJsonObject &json, ApiError *error);

    static constexpr int kMaxPasswordLength = 1024;
    static constexpr int kMaxMeaningLength = 200;
};

} // namespace td

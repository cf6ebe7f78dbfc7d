#pragma once

#include <QJsonObject>
#include <QMap>
#include <QString>

namespace td {

// What went wrong, independent of transport. The server maps `kind` to an HTTP
// status in one place (server/http/HttpStatus.cpp); the desktop client decodes the
// same JSON back into an ApiError so views can show field problems next to fields.
struct ApiError {
    enum class Kind {
        Invalid,          // 400: the request is malformed or fails validation
        Unauthorized,     // 401
        Forbidden,        // 403
        NotFound,         // 404
        MethodNotAllowed, // 405
        Conflict,         // 409: clashes with stored state (duplicate, wrong status)
        PayloadTooLarge,  // 413
        UnsupportedMedia, // 415
        TooManyRequests,  // 429
        Unavailable,      // 503: overloaded or shutting down; retry later
        Internal,         // 500: our fault; details are logged, never sent
        Network,          // client side only: no HTTP answer at all
    };

    Kind kind = Kind::Internal;
    QString code;                  // stable machine-readable code, e.g. "implausible_value"
    QString message;               // human-readable, English
    QMap<QString, QString> fields; // offending field -> problem

    static ApiError invalid(const QString &code, const QString &message, const QMap<QString, QString> &fields = {});
    static ApiError notFound(const QString &code, const QString &message);
    static ApiError conflict(const QString &code, const QString &message, const QMap<QString, QString> &fields = {});
    static ApiError internal();

    QJsonObject toJson() const;
    // Rebuilds an error from a server answer; `httpStatus` restores the kind.
    static ApiError fromJson(const QJsonObject &json, int httpStatus);
    static Kind kindForStatus(int httpStatus);
};

} // namespace td

#pragma once

#include "Page.h"
#include "Result.h"
#include "http/HttpRequest.h"
#include "http/HttpResponse.h"

#include <QDateTime>
#include <QJsonObject>
#include <optional>

namespace td {

// Decoding helpers shared by the handlers: each turns one part of a request into a
// value or the 400 that explains what is wrong with it.

Result<QJsonObject> jsonBody(const HttpRequest &request);

struct PageLimits {
    int defaultLimit = 50;
    int maxLimit = 500;
    int cursorParts = 1;
};
Result<PageRequest> pageRequest(const HttpRequest &request, PageLimits limits = {});

// Optional RFC 3339 query parameter; `error` is set when present but malformed.
std::optional<QDateTime> timestampParameter(const HttpRequest &request, const QString &name,
                                            std::optional<ApiError> &error);
// A YYYY-MM-DD query parameter; nullopt when absent or invalid, an invalid one noted in
// `problems` (field -> problem) so that one 400 names every bad parameter.
std::optional<QDate> dateParameter(const HttpRequest &request, const QString &name, QMap<QString, QString> &problems);

// Path argument `index` as a positive id or version number; nullopt for anything else
// (the caller answers the 404 of its resource).
std::optional<qint64> positivePathArgument(const HttpRequest &request, int index);

// The Idempotency-Key header: absent, or 1-128 visible ASCII characters.
Result<QString> idempotencyKey(const HttpRequest &request);
// Identifies a request's content for idempotency: SHA-256 of the route and the
// canonical (key-sorted, compact) JSON body.
QString requestHash(const QString &kind, const QString &subjectId, const QJsonObject &body);

template<typename T>
HttpResponse okJson(const Result<T> &result, int status = 200)
{
    if (!result)
        return HttpResponse::error(result.error());
    if constexpr (requires { result->toJsonText(); })
        return HttpResponse{status, result->toJsonText(), {}};
    else
        return HttpResponse::json(status, result->toJson());
}

} // namespace td

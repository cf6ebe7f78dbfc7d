#include "HttpResponse.h"

#include <QJsonDocument>

namespace td {

HttpResponse HttpResponse::json(int status, const QJsonObject &object)
{
    return {status, QJsonDocument(object).toJson(QJsonDocument::Compact), {}};
}

HttpResponse HttpResponse::json(int status, const QJsonArray &array)
{
    return {status, QJsonDocument(array).toJson(QJsonDocument::Compact), {}};
}

int HttpResponse::statusFor(ApiError::Kind kind)
{
    switch (kind) {
    case ApiError::Kind::Invalid:
        return 400;
    case ApiError::Kind::Unauthorized:
        return 401;
    case ApiError::Kind::Forbidden:
        return 403;
    case ApiError::Kind::NotFound:
        return 404;
    case ApiError::Kind::MethodNotAllowed:
        return 405;
    case ApiError::Kind::Conflict:
        return 409;
    case ApiError::Kind::PayloadTooLarge:
        return 413;
    case ApiError::Kind::UnsupportedMedia:
        return 415;
    case ApiError::Kind::TooManyRequests:
        return 429;
    case ApiError::Kind::Unavailable:
        return 503;
    case ApiError::Kind::Internal:
    case ApiError::Kind::Network:
        return 500;
    }
    return 500;
}

HttpResponse HttpResponse::error(const ApiError &error)
{
    HttpResponse response = json(statusFor(error.kind), error.toJson());
    if (error.kind == ApiError::Kind::Unavailable || error.kind == ApiError::Kind::TooManyRequests)
        response.withHeader("Retry-After", "1");
    return response;
}

} // namespace td

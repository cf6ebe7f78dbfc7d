#include "ApiError.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace td {

ApiError ApiError::invalid(const QString &code, const QString &message, const QMap<QString, QString> &fields)
{
    return {Kind::Invalid, code, message, fields};
}

ApiError ApiError::notFound(const QString &code, const QString &message)
{
    return {Kind::NotFound, code, message, {}};
}

ApiError ApiError::conflict(const QString &code, const QString &message, const QMap<QString, QString> &fields)
{
    return {Kind::Conflict, code, message, fields};
}

ApiError ApiError::internal()
{
    return {Kind::Internal, u"internal_error"_s, u"The server could not complete the request."_s, {}};
}

QJsonObject ApiError::toJson() const
{
    QJsonObject json{{u"error"_s, message}, {u"code"_s, code}};
    if (!fields.isEmpty()) {
        QJsonObject f;
        for (auto it = fields.cbegin(); it != fields.cend(); ++it)
            f.insert(it.key(), it.value());
        json.insert(u"fields"_s, f);
    }
    return json;
}

ApiError ApiError::fromJson(const QJsonObject &json, int httpStatus)
{
    ApiError e;
    e.kind = kindForStatus(httpStatus);
    e.code = json.value(u"code"_s).toString();
    e.message = json.value(u"error"_s).toString();
    const QJsonObject f = json.value(u"fields"_s).toObject();
    for (auto it = f.begin(); it != f.end(); ++it)
        e.fields.insert(it.key(), it.value().toString());
    return e;
}

ApiError::Kind ApiError::kindForStatus(int httpStatus)
{
    switch (httpStatus) {
    case 400:
        return Kind::Invalid;
    case 401:
        return Kind::Unauthorized;
    case 403:
        return Kind::Forbidden;
    case 404:
        return Kind::NotFound;
    case 405:
        return Kind::MethodNotAllowed;
    case 409:
        return Kind::Conflict;
    case 413:
        return Kind::PayloadTooLarge;
    case 415:
        return Kind::UnsupportedMedia;
    case 429:
        return Kind::TooManyRequests;
    case 503:
        return Kind::Unavailable;
    default:
        return httpStatus == 0 ? Kind::Network : Kind::Internal;
    }
}

} // namespace td

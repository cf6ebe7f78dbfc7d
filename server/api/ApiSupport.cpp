#include "ApiSupport.h"

#include "JsonInput.h"
#include "PageCursor.h"
#include "Timestamps.h"

#include <QCryptographicHash>
#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace td {

Result<QJsonObject> jsonBody(const HttpRequest &request)
{
    ApiError error;
    if (auto object = parseJsonObject(request.body, &error))
        return *object;
    return error;
}

Result<PageRequest> pageRequest(const HttpRequest &request, PageLimits limits)
{
    PageRequest page;
    page.limit = limits.defaultLimit;
    const QString limit = request.queryValue(u"limit"_s);
    if (!limit.isNull()) {
        bool ok = false;
        const int n = limit.toInt(&ok);
        if (!ok || n < 1 || n > limits.maxLimit)
            return ApiError::invalid(u"invalid_parameter"_s,
                                     u"limit must be an integer from 1 to %1."_s.arg(limits.maxLimit),
                                     {{u"limit"_s, u"must be from 1 to %1"_s.arg(limits.maxLimit)}});
        page.limit = n;
    }
    const QString cursor = request.queryValue(u"cursor"_s);
    if (!cursor.isEmpty()) {
        const auto decoded = PageCursor::decode(cursor, limits.cursorParts);
        if (!decoded)
            return ApiError::invalid(u"invalid_cursor"_s, u"cursor is not one this server issued."_s,
                                     {{u"cursor"_s, u"pass back nextCursor unchanged"_s}});
        page.after = *decoded;
    }
    return page;
}

std::optional<QDate> dateParameter(const HttpRequest &request, const QString &name, QMap<QString, QString> &problems)
{
    const QString text = request.queryValue(name);
    if (text.isEmpty())
        return std::nullopt;
    const auto parsed = parseDate(text);
    if (!parsed)
        problems.insert(name, u"must be a date (YYYY-MM-DD)"_s);
    return parsed;
}

std::optional<QDateTime> timestampParameter(const HttpRequest &request, const QString &name,
                                            std::optional<ApiError> &error)
{
    const QString value = request.queryValue(name);
    if (value.isEmpty())
        return std::nullopt;
    auto ts = parseTimestamp(value);
    if (!ts && !error)
        error = ApiError::invalid(u"invalid_parameter"_s, u"%1 must be an RFC 3339 timestamp."_s.arg(name),
                                  {{name, u"must be an RFC 3339 timestamp, e.g. 2026-05-01T00:00:00Z"_s}});
    return ts;
}

std::optional<qint64> positivePathArgument(const HttpRequest &request, int index)
{
    bool ok = false;
    const qint64 id = request.pathArgs.value(index).toLongLong(&ok);
    return ok && id > 0 ? std::optional<qint64>(id) : std::nullopt;
}

Result<QString> idempotencyKey(const HttpRequest &request)
{
    if (!request.hasHeader("Idempotency-Key"))
        return QString();
    const QByteArray key = request.header("Idempotency-Key");
    const bool visible = std::all_of(key.begin(), key.end(), [](char c) { return c > 0x20 && c < 0x7f; });
    if (key.isEmpty() || key.size() > 128 || !visible)
        return ApiError::invalid(u"invalid_idempotency_key"_s,
                                 u"Idempotency-Key must be 1 to 128 visible ASCII characters."_s,
                                 {{u"Idempotency-Key"_s, u"1 to 128 visible ASCII characters"_s}});
    return QString::fromLatin1(key);
}

QString requestHash(const QString &kind, const QString &subjectId, const QJsonObject &body)
{
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(kind.toUtf8());
    hash.addData("\n");
    hash.addData(subjectId.toUtf8());
    hash.addData("\n");
    hash.addData(QJsonDocument(body).toJson(QJsonDocument::Compact));
    return QString::fromLatin1(hash.result().toHex());
}

} // namespace td

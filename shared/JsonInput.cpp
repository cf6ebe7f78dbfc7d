#include "JsonInput.h"

#include "Timestamps.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

#include <cmath>

using namespace Qt::StringLiterals;

namespace td {

namespace {

// Maximum nesting of [ and { outside strings; -1 for unbalanced input (the parser
// will then report the syntax error).
int nestingDepth(const QByteArray &bytes)
{
    int depth = 0;
    int deepest = 0;
    bool inString = false;
    bool escaped = false;
    for (const char c : bytes) {
        if (inString) {
            if (escaped)
                escaped = false;
            else if (c == '\\')
                escaped = true;
            else if (c == '"')
                inString = false;
            continue;
        }
        switch (c) {
        case '"': inString = true; break;
        case '[':
        case '{':
            deepest = std::max(deepest, ++depth);
            if (deepest > kMaxJsonDepth)
                return deepest;
            break;
        case ']':
        case '}': --depth; break;
        default: break;
        }
    }
    return deepest;
}

} // namespace

std::optional<QJsonObject> parseJsonObject(const QByteArray &body, ApiError *error)
{
    if (nestingDepth(body) > kMaxJsonDepth) {
        *error = ApiError::invalid(u"too_deep"_s,
                                   u"JSON is nested deeper than %1 levels."_s.arg(kMaxJsonDepth));
        return std::nullopt;
    }
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        *error = ApiError::invalid(u"invalid_json"_s, u"Malformed JSON at offset %1: %2."_s.arg(parseError.offset).arg(parseError.errorString()));
        return std::nullopt;
    }
    if (!doc.isObject()) {
        *error = ApiError::invalid(u"invalid_json"_s, u"The request body must be a JSON object."_s);
        return std::nullopt;
    }
    return doc.object();
}

bool hasForbiddenCharacters(const QString &text, bool allowNewlines)
{
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (c.isHighSurrogate()) {
            if (i + 1 >= text.size() || !text.at(i + 1).isLowSurrogate())
                return true;
            ++i;
            continue;
        }
        if (c.isLowSurrogate())
            return true;
        const char16_t u = c.unicode();
        if (u == u'\t' || (allowNewlines && (u == u'\n' || u == u'\r')))
            continue;
        if (u < 0x20 || (u >= 0x7f && u < 0xa0))
            return true;
    }
    return false;
}

bool FieldReader::has(const QString &key) const
{
    return !present(key).isUndefined();
}

QJsonValue FieldReader::present(const QString &key) const
{
    const QJsonValue v = m_object.value(key);
    return v.isNull() ? QJsonValue(QJsonValue::Undefined) : v;
}

void FieldReader::fail(const QString &field, const QString &problem, const QString &code)
{
    if (m_fields.contains(field))
        return;
    if (m_firstCode.isEmpty())
        m_firstCode = code;
    m_fields.insert(field, problem);
}

ApiError FieldReader::error() const
{
    QString message = u"Invalid request: "_s;
    QStringList parts;
    for (auto it = m_fields.cbegin(); it != m_fields.cend(); ++it)
        parts << it.key() % u": "_s % it.value();
    return ApiError::invalid(m_firstCode, message % parts.join(u"; "_s) % u'.', m_fields);
}

std::optional<QString> FieldReader::optionalString(const QString &key, int maxLength,
                                                   const QRegularExpression *pattern)
{
    const QJsonValue v = present(key);
    if (v.isUndefined())
        return std::nullopt;
    if (!v.isString()) {
        fail(key, u"must be a string"_s, u"invalid_type"_s);
        return std::nullopt;
    }
    const QString s = v.toString();
    if (s.size() > maxLength) {
        fail(key, u"must be at most %1 characters"_s.arg(maxLength), u"too_long"_s);
        return std::nullopt;
    }
    if (hasForbiddenCharacters(s, false)) {
        fail(key, u"must not contain control characters"_s);
        return std::nullopt;
    }
    if (pattern && !pattern->match(s).hasMatch()) {
        fail(key, u"has an invalid format"_s);
        return std::nullopt;
    }
    return s;
}

QString FieldReader::requiredString(const QString &key, int maxLength, const QRegularExpression *pattern)
{
    if (!has(key)) {
        fail(key, u"is required"_s, u"missing_field"_s);
        return {};
    }
    const auto s = optionalString(key, maxLength, pattern);
    if (s && s->trimmed().isEmpty()) {
        fail(key, u"must not be empty"_s);
        return {};
    }
    return s.value_or(QString());
}

QString FieldReader::enumString(const QString &key, const QStringList &allowed, const QString &fallback)
{
    if (!has(key)) {
        if (fallback.isEmpty())
            fail(key, u"is required"_s, u"missing_field"_s);
        return fallback;
    }
    const QJsonValue v = present(key);
    if (!v.isString() || !allowed.contains(v.toString())) {
        fail(key, u"must be one of: "_s % allowed.join(u", "_s));
        return fallback;
    }
    return v.toString();
}

std::optional<qint64> FieldReader::optionalInteger(const QString &key, qint64 min, qint64 max)
{
    const QJsonValue v = present(key);
    if (v.isUndefined())
        return std::nullopt;
    const double d = v.toDouble();
    if (!v.isDouble() || !std::isfinite(d) || std::floor(d) != d) {
        fail(key, u"must be an integer"_s, u"invalid_type"_s);
        return std::nullopt;
    }
    if (d < double(min) || d > double(max)) {
        fail(key, u"must be between %1 and %2"_s.arg(min).arg(max));
        return std::nullopt;
    }
    return qint64(d);
}

std::optional<double> FieldReader::optionalNumber(const QString &key)
{
    const QJsonValue v = present(key);
    if (v.isUndefined())
        return std::nullopt;
    if (!v.isDouble() || !std::isfinite(v.toDouble())) {
        fail(key, u"must be a number"_s, u"invalid_type"_s);
        return std::nullopt;
    }
    return v.toDouble();
}

std::optional<double> FieldReader::requiredNumber(const QString &key)
{
    if (!has(key)) {
        fail(key, u"is required"_s, u"missing_field"_s);
        return std::nullopt;
    }
    return optionalNumber(key);
}

std::optional<QDate> FieldReader::optionalDate(const QString &key)
{
    const QJsonValue v = present(key);
    if (v.isUndefined())
        return std::nullopt;
    const auto date = v.isString() ? parseDate(v.toString()) : std::nullopt;
    if (!date)
        fail(key, u"must be a date (YYYY-MM-DD)"_s, u"invalid_type"_s);
    return date;
}

std::optional<QDateTime> FieldReader::optionalTimestamp(const QString &key)
{
    const QJsonValue v = present(key);
    if (v.isUndefined())
        return std::nullopt;
    const auto ts = v.isString() ? parseTimestamp(v.toString()) : std::nullopt;
    if (!ts)
        fail(key, u"must be an RFC 3339 timestamp with a time zone, e.g. 2026-05-01T08:00:00Z"_s,
             u"invalid_type"_s);
    return ts;
}

QStringList FieldReader::stringList(const QString &key, int maxItems, int maxLength)
{
    const QJsonValue v = present(key);
    if (v.isUndefined())
        return {};
    if (!v.isArray()) {
        fail(key, u"must be an array of strings"_s, u"invalid_type"_s);
        return {};
    }
    const QJsonArray array = v.toArray();
    if (array.size() > maxItems) {
        fail(key, u"must have at most %1 items"_s.arg(maxItems), u"too_long"_s);
        return {};
    }
    QStringList out;
    for (const QJsonValue &item : array) {
        const QString s = item.toString();
        if (!item.isString() || s.trimmed().isEmpty() || s.size() > maxLength
            || hasForbiddenCharacters(s, false)) {
            fail(key, u"items must be non-empty strings of at most %1 characters"_s.arg(maxLength));
            return {};
        }
        if (!out.contains(s))
            out << s;
    }
    return out;
}

std::optional<QJsonObject> FieldReader::requiredObject(const QString &key)
{
    const QJsonValue v = present(key);
    if (v.isUndefined()) {
        fail(key, u"is required"_s, u"missing_field"_s);
        return std::nullopt;
    }
    if (!v.isObject()) {
        fail(key, u"must be a JSON object"_s, u"invalid_type"_s);
        return std::nullopt;
    }
    return v.toObject();
}

void FieldReader::rejectUnknown(const QStringList &known)
{
    for (auto it = m_object.begin(); it != m_object.end(); ++it) {
        if (!known.contains(it.key()))
            fail(it.key().left(64), u"is not a known field"_s, u"unknown_field"_s);
    }
}

} // namespace td

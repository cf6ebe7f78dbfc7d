#include "JsonInput.h"

#include "Timestamps.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTimeZone>
#include <cmath>
#include <cstring>

using namespace Qt::StringLiterals;

namespace td {

namespace {

// A strict RFC 8259 check run before Qt's parser, which is lenient: it accepts
// "\q" escapes, raw control characters in strings, "70." and ".5". It also stops at
// the first level past kMaxJsonDepth, so hostile nesting costs nothing.
class StrictJsonCheck
{
public:
    enum class Outcome { Ok, TooDeep, Invalid };

    explicit StrictJsonCheck(const QByteArray &bytes)
        : m_p(bytes.constData())
        , m_end(m_p + bytes.size())
        , m_begin(m_p)
    {}

    Outcome run()
    {
        skipSpace();
        if (!value(1))
            return m_tooDeep ? Outcome::TooDeep : Outcome::Invalid;
        skipSpace();
        if (m_p != m_end)
            return fail("unexpected text after the JSON value"), Outcome::Invalid;
        return Outcome::Ok;
    }
    qsizetype offset() const { return m_p - m_begin; }
    const char *reason() const { return m_reason; }

private:
    bool fail(const char *reason)
    {
        if (!m_reason)
            m_reason = reason;
        return false;
    }
    void skipSpace()
    {
        while (m_p != m_end && (*m_p == ' ' || *m_p == '\t' || *m_p == '\n' || *m_p == '\r'))
            ++m_p;
    }
    bool literal(const char *word)
    {
        for (; *word; ++word, ++m_p) {
            if (m_p == m_end || *m_p != *word)
                return fail("invalid literal");
        }
        return true;
    }
    static bool isDigit(char c) { return c >= '0' && c <= '9'; }
    static bool isHex(char c) { return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
    bool digits()
    {
        if (m_p == m_end || !isDigit(*m_p))
            return fail("invalid number");
        while (m_p != m_end && isDigit(*m_p))
            ++m_p;
        return true;
    }
    bool number()
    {
        if (*m_p == '-')
            ++m_p;
        if (m_p != m_end && *m_p == '0')
            ++m_p;
        else if (!digits())
            return false;
        if (m_p != m_end && *m_p == '.') {
            ++m_p;
            if (!digits())
                return false;
        }
        if (m_p != m_end && (*m_p == 'e' || *m_p == 'E')) {
            ++m_p;
            if (m_p != m_end && (*m_p == '+' || *m_p == '-'))
                ++m_p;
            if (!digits())
                return false;
        }
        return true;
    }
    bool string()
    {
        ++m_p; // opening quote
        while (m_p != m_end) {
            const unsigned char c = static_cast<unsigned char>(*m_p++);
            if (c == '"')
                return true;
            if (c < 0x20)
                return fail("control character in a string");
            // A raw U+FEFF (EF BB BF) at the start of a string is silently dropped by
            // Qt's parser, so the text would not be what was sent.
            if (c == 0xef && m_end - m_p >= 2 && static_cast<unsigned char>(m_p[0]) == 0xbb
                && static_cast<unsigned char>(m_p[1]) == 0xbf)
                return fail("U+FEFF in a string");
            if (c != '\\')
                continue;
            if (m_p == m_end)
                break;
            const char e = *m_p++;
            if (e == 'u') {
                for (int i = 0; i < 4; ++i, ++m_p) {
                    if (m_p == m_end || !isHex(*m_p))
                        return fail("invalid \\u escape");
                }
            } else if (!std::strchr("\"\\/bfnrt", e) || e == 0) {
                return fail("invalid escape in a string");
            }
        }
        return fail("unterminated string");
    }
    bool value(int depth)
    {
        if (m_p == m_end)
            return fail("unexpected end");
        switch (*m_p) {
        case '{':
        case '[': {
            if (depth > kMaxJsonDepth) {
                m_tooDeep = true;
                return false;
            }
            const char close = *m_p == '{' ? '}' : ']';
            const bool object = close == '}';
            ++m_p;
            skipSpace();
            if (m_p != m_end && *m_p == close) {
                ++m_p;
                return true;
            }
            for (;;) {
                if (object) {
                    if (m_p == m_end || *m_p != '"')
                        return fail("expected a member name");
                    if (!string())
                        return false;
                    skipSpace();
                    if (m_p == m_end || *m_p != ':')
                        return fail("expected ':'");
                    ++m_p;
                    skipSpace();
                }
                if (!value(depth + 1))
                    return false;
                skipSpace();
                if (m_p != m_end && *m_p == ',') {
                    ++m_p;
                    skipSpace();
                    continue;
                }
                if (m_p != m_end && *m_p == close) {
                    ++m_p;
                    return true;
                }
                return fail(object ? "expected ',' or '}'" : "expected ',' or ']'");
            }
        }
        case '"':
            return string();
        case 't':
            return literal("true");
        case 'f':
            return literal("false");
        case 'n':
            return literal("null");
        default:
            if (*m_p == '-' || isDigit(*m_p))
                return number();
            return fail("unexpected character");
        }
    }

    const char *m_p;
    const char *m_end;
    const char *m_begin;
    const char *m_reason = nullptr;
    bool m_tooDeep = false;
};

} // namespace

std::optional<QJsonObject> parseJsonObject(const QByteArray &body, ApiError *error)
{
    StrictJsonCheck check(body);
    switch (check.run()) {
    case StrictJsonCheck::Outcome::TooDeep:
        *error = ApiError::invalid(u"too_deep"_s, u"JSON is nested deeper than %1 levels."_s.arg(kMaxJsonDepth));
        return std::nullopt;
    case StrictJsonCheck::Outcome::Invalid:
        *error = ApiError::invalid(
            u"invalid_json"_s,
            u"Malformed JSON at offset %1: %2."_s.arg(check.offset()).arg(QString::fromLatin1(check.reason())));
        return std::nullopt;
    case StrictJsonCheck::Outcome::Ok:
        break;
    }
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        *error = ApiError::invalid(
            u"invalid_json"_s,
            u"Malformed JSON at offset %1: %2."_s.arg(parseError.offset).arg(parseError.errorString()));
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
        // U+FEFF is dropped by Qt's JSON parser at the start of a string, so text
        // holding it would not read back as stored.
        if (u < 0x20 || (u >= 0x7f && u < 0xa0) || u == 0xfeff)
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

std::optional<QString> FieldReader::optionalString(const QString &key, int maxLength, const QRegularExpression *pattern)
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

std::optional<QString> FieldReader::optionalTimeZone(const QString &key)
{
    const auto id = optionalString(key, kMaxTimeZoneLength);
    if (!id)
        return std::nullopt;
    // Schedules are computed in this zone: an id this Qt cannot load would silently
    // fall back to UTC there.
    if (!QTimeZone::isTimeZoneIdAvailable(id->toUtf8())) {
        fail(key, u"must be an IANA time zone id, e.g. Asia/Shanghai"_s);
        return std::nullopt;
    }
    return id;
}

std::optional<QDateTime> FieldReader::optionalTimestamp(const QString &key)
{
    const QJsonValue v = present(key);
    if (v.isUndefined())
        return std::nullopt;
    const auto ts = v.isString() ? parseTimestamp(v.toString()) : std::nullopt;
    if (!ts)
        fail(key, u"must be an RFC 3339 timestamp with a time zone, e.g. 2026-05-01T08:00:00Z"_s, u"invalid_type"_s);
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
        if (!item.isString() || s.trimmed().isEmpty() || s.size() > maxLength || hasForbiddenCharacters(s, false)) {
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

#pragma once

#include "ApiError.h"

#include <QDate>
#include <QDateTime>
#include <QJsonObject>
#include <QStringList>
#include <optional>

class QRegularExpression;

namespace td {

inline constexpr int kMaxJsonDepth = 16;
inline constexpr qsizetype kMaxBodyBytes = 64 * 1024;
// The longest IANA zone id is 32 characters ("America/Argentina/ComodRivadavia").
inline constexpr int kMaxTimeZoneLength = 64;

// Parses a request body that must be one JSON object, no deeper than kMaxJsonDepth.
// The depth is checked on the raw bytes before parsing, so hostile nesting costs
// nothing. On failure returns nullopt and fills `error` (code invalid_json or too_deep).
std::optional<QJsonObject> parseJsonObject(const QByteArray &body, ApiError *error);

// Reads typed fields out of a JSON object and collects every problem, so one 400
// names all offending fields at once. A JSON null counts as absent.
class FieldReader
{
public:
    explicit FieldReader(const QJsonObject &object)
        : m_object(object)
    {}

    bool has(const QString &key) const;
    QString requiredString(const QString &key, int maxLength, const QRegularExpression *pattern = nullptr);
    std::optional<QString> optionalString(const QString &key, int maxLength,
                                          const QRegularExpression *pattern = nullptr);
    // One of `allowed`; `fallback` when absent (an empty fallback makes it required).
    QString enumString(const QString &key, const QStringList &allowed, const QString &fallback = {});
    std::optional<qint64> optionalInteger(const QString &key, qint64 min, qint64 max);
    std::optional<double> requiredNumber(const QString &key);
    std::optional<double> optionalNumber(const QString &key);
    std::optional<QDate> optionalDate(const QString &key);
    std::optional<QDateTime> optionalTimestamp(const QString &key);
    // An IANA time zone id QTimeZone knows ("Asia/Shanghai"), at most kMaxTimeZoneLength.
    std::optional<QString> optionalTimeZone(const QString &key);
    QStringList stringList(const QString &key, int maxItems, int maxLength);
    std::optional<QJsonObject> requiredObject(const QString &key);
    // Every key not in `known` is reported as unknown_field: typos must not pass silently.
    void rejectUnknown(const QStringList &known);

    void fail(const QString &field, const QString &problem, const QString &code = QStringLiteral("invalid_value"));
    bool ok() const { return m_fields.isEmpty(); }
    ApiError error() const;

private:
    QJsonValue present(const QString &key) const;

    QJsonObject m_object;
    QMap<QString, QString> m_fields;
    QString m_firstCode;
};

// True when `text` holds a control character (other than tab) or unpaired surrogate:
// such text has no place in names, codes or free text fields.
bool hasForbiddenCharacters(const QString &text, bool allowNewlines);

} // namespace td

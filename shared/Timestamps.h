#pragma once

#include <QDate>
#include <QDateTime>
#include <QString>
#include <optional>

namespace td {

// RFC 3339 with a mandatory zone ("Z" or "+08:00"); fractions beyond milliseconds
// are truncated. Returns the instant in UTC.
std::optional<QDateTime> parseTimestamp(const QString &text);
// UTC, millisecond precision: "2026-05-01T00:00:00.000Z". Fixed width, so stored
// values sort correctly as text in every database.
QString formatTimestamp(const QDateTime &instant);
// Strict calendar date "YYYY-MM-DD".
std::optional<QDate> parseDate(const QString &text);
QString formatDate(const QDate &date);

} // namespace td

#include "Timestamps.h"

#include <QRegularExpression>
#include <QTimeZone>

using namespace Qt::StringLiterals;

namespace td {

namespace {

// Reads `count` ASCII digits at `at`; -1 if any is not a digit.
int digits(const QString &text, qsizetype at, int count)
{
    int value = 0;
    for (int i = 0; i < count; ++i) {
        const char16_t c = text.at(at + i).unicode();
        if (c < u'0' || c > u'9')
            return -1;
        value = value * 10 + (c - u'0');
    }
    return value;
}

void putDigits(char16_t *out, int value, int count)
{
    for (int i = count - 1; i >= 0; --i) {
        out[i] = char16_t(u'0' + value % 10);
        value /= 10;
    }
}

constexpr qint64 kUnixEpochJulianDay = 2440588;
constexpr qint64 kMsPerDay = 86400000;

} // namespace

// Parsed by hand rather than with a regular expression and QDateTime::fromString:
// every submission carries timestamps, and this was a visible share of the intake path.
std::optional<QDateTime> parseTimestamp(const QString &text)
{
    // YYYY-MM-DDTHH:MM:SS[.f{1,9}](Z|+HH:MM)
    const qsizetype n = text.size();
    if (n < 20 || n > 40)
        return std::nullopt;
    const auto at = [&text](qsizetype i) { return text.at(i).unicode(); };
    if (at(4) != u'-' || at(7) != u'-' || (at(10) != u'T' && at(10) != u't') || at(13) != u':' || at(16) != u':')
        return std::nullopt;
    const int year = digits(text, 0, 4), month = digits(text, 5, 2), day = digits(text, 8, 2);
    const int hour = digits(text, 11, 2), minute = digits(text, 14, 2), second = digits(text, 17, 2);
    if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0)
        return std::nullopt;
    qsizetype i = 19;
    int ms = 0;
    if (at(i) == u'.') {
        const qsizetype first = ++i;
        while (i < n && at(i) >= u'0' && at(i) <= u'9')
            ++i;
        const qsizetype count = i - first;
        if (count < 1 || count > 9)
            return std::nullopt;
        for (qsizetype k = 0; k < 3; ++k) // milliseconds; finer digits are truncated
            ms = ms * 10 + (k < count ? at(first + k) - u'0' : 0);
    }
    if (i >= n)
        return std::nullopt;
    int offsetSeconds = 0;
    if (at(i) == u'Z' || at(i) == u'z') {
        ++i;
    } else if (at(i) == u'+' || at(i) == u'-') {
        if (n - i != 6 || at(i + 3) != u':')
            return std::nullopt;
        const int hours = digits(text, i + 1, 2), minutes = digits(text, i + 4, 2);
        if (hours < 0 || minutes < 0 || hours > 23 || minutes > 59)
            return std::nullopt;
        offsetSeconds = (hours * 3600 + minutes * 60) * (at(i) == u'-' ? -1 : 1);
        i += 6;
    } else {
        return std::nullopt;
    }
    if (i != n)
        return std::nullopt;
    const QDate date(year, month, day);
    if (!date.isValid() || !QTime(hour, minute, second).isValid())
        return std::nullopt;
    const qint64 msecs = (date.toJulianDay() - kUnixEpochJulianDay) * kMsPerDay
                         + ((hour * 60 + minute) * 60 + second - offsetSeconds) * qint64(1000) + ms;
    const QDateTime utc = QDateTime::fromMSecsSinceEpoch(msecs, Qt::UTC);
    // Only instants we can also write back out (formatTimestamp needs years 1-9999).
    if (utc.date().year() < 1 || utc.date().year() > 9999)
        return std::nullopt;
    return utc;
}

QString formatTimestamp(const QDateTime &instant)
{
    if (!instant.isValid())
        return {};
    const qint64 msecs = instant.toMSecsSinceEpoch();
    qint64 days = msecs / kMsPerDay;
    qint64 rest = msecs % kMsPerDay;
    if (rest < 0) {
        rest += kMsPerDay;
        --days;
    }
    const QDate date = QDate::fromJulianDay(days + kUnixEpochJulianDay);
    if (date.year() < 1 || date.year() > 9999)
        return instant.toUTC().toString(Qt::ISODateWithMs);
    // "2026-05-01T00:00:00.000Z"
    QString out(24, Qt::Uninitialized);
    char16_t *p = reinterpret_cast<char16_t *>(out.data());
    putDigits(p, date.year(), 4);
    p[4] = u'-';
    putDigits(p + 5, date.month(), 2);
    p[7] = u'-';
    putDigits(p + 8, date.day(), 2);
    p[10] = u'T';
    putDigits(p + 11, int(rest / 3600000), 2);
    p[13] = u':';
    putDigits(p + 14, int(rest / 60000 % 60), 2);
    p[16] = u':';
    putDigits(p + 17, int(rest / 1000 % 60), 2);
    p[19] = u'.';
    putDigits(p + 20, int(rest % 1000), 3);
    p[23] = u'Z';
    return out;
}

std::optional<QDate> parseDate(const QString &text)
{
    static const QRegularExpression re(uR"(^\d{4}-\d{2}-\d{2}\z)"_s);
    if (!re.match(text).hasMatch())
        return std::nullopt;
    const QDate date = QDate::fromString(text, Qt::ISODate);
    if (!date.isValid())
        return std::nullopt;
    return date;
}

QString formatDate(const QDate &date)
{
    return date.toString(Qt::ISODate);
}

} // namespace td

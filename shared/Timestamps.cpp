#include "Timestamps.h"

#include <QRegularExpression>
#include <QTimeZone>

using namespace Qt::StringLiterals;

namespace td {

std::optional<QDateTime> parseTimestamp(const QString &text)
{
    static const QRegularExpression re(
        uR"(^(\d{4}-\d{2}-\d{2})[Tt](\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?([Zz]|[+-]\d{2}:\d{2})\z)"_s);
    if (text.size() > 40)
        return std::nullopt;
    const auto m = re.match(text);
    if (!m.hasMatch())
        return std::nullopt;
    const QDate date = QDate::fromString(m.captured(1), Qt::ISODate);
    const QTime time = QTime::fromString(m.captured(2), u"HH:mm:ss"_s);
    if (!date.isValid() || !time.isValid())
        return std::nullopt;
    const int ms = m.captured(3).isEmpty() ? 0 : QString(m.captured(3) + u"00"_s).left(3).toInt();
    int offsetSeconds = 0;
    const QString zone = m.captured(4);
    if (zone.compare(u"Z"_s, Qt::CaseInsensitive) != 0) {
        const int hours = zone.mid(1, 2).toInt();
        const int minutes = zone.mid(4, 2).toInt();
        if (hours > 23 || minutes > 59)
            return std::nullopt;
        offsetSeconds = (hours * 3600 + minutes * 60) * (zone.at(0) == u'-' ? -1 : 1);
    }
    const QDateTime local(date, time.addMSecs(ms), QTimeZone(offsetSeconds));
    if (!local.isValid())
        return std::nullopt;
    const QDateTime utc = local.toUTC();
    // Only instants we can also write back out (formatTimestamp needs years 1-9999).
    if (utc.date().year() < 1 || utc.date().year() > 9999)
        return std::nullopt;
    return utc;
}

QString formatTimestamp(const QDateTime &instant)
{
    return instant.toUTC().toString(Qt::ISODateWithMs);
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

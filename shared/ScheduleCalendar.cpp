#include "ScheduleCalendar.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace td {

namespace {

constexpr qint64 kMsPerDay = 86'400'000;

qint64 offsetMs(const QTimeZone &zone, qint64 utcMs)
{
    return qint64(zone.offsetFromUtc(QDateTime::fromMSecsSinceEpoch(utcMs, Qt::UTC))) * 1000;
}

// Local wall-clock time to UTC without QDateTime's own gap/overlap handling (see
// the header). `wall` is the wall-clock time written as if it were UTC; u is a
// solution when u + offset(u) == wall. The offsets a day either side cover the one
// transition that can be near; of two solutions (overlap) the earlier wins; with
// none (gap) the answer is the transition that skips over `wall`.
qint64 wallClockToUtc(const QTimeZone &zone, qint64 wall)
{
    const qint64 before = offsetMs(zone, wall - kMsPerDay);
    const qint64 after = offsetMs(zone, wall + kMsPerDay);
    std::optional<qint64> best;
    for (qint64 offset : {before, after, offsetMs(zone, wall)}) {
        const qint64 u = wall - offset;
        if (offsetMs(zone, u) == offset && (!best || u < *best))
            best = u;
    }
    if (best)
        return *best;
    // In the gap: at `wall - after` the old offset still applies; the next
    // transition after it is where the local clock jumps past `wall`.
    const qint64 stillBefore = wall - after;
    const QTimeZone::OffsetData next = zone.nextTransition(QDateTime::fromMSecsSinceEpoch(stillBefore, Qt::UTC));
    if (next.atUtc.isValid())
        return next.atUtc.toMSecsSinceEpoch();
    return wall - before; // no transition data: treat the zone as fixed
}

} // namespace

QDate SubjectTimeline::anchorFor(const QuestionnaireSchedule &schedule) const
{
    if (schedule.anchor == QuestionnaireSchedule::Anchor::SubjectDate)
        return subjectDate.value_or(QDate());
    return anchorDate;
}

ScheduleCalendar::ZoneCache *ScheduleCalendar::cacheFor(const QTimeZone &zone)
{
    return &m_zones[zone.id()];
}

qint64 ScheduleCalendar::openingMSecs(ZoneCache *cache, const QTimeZone &zone, const QDate &date, const QTime &time)
{
    const qint64 minute = time.hour() * 60 + time.minute();
    const qint64 key = date.toJulianDay() * 1440 + minute;
    const auto it = cache->constFind(key);
    if (it != cache->cend())
        return *it;
    const qint64 wall = QDateTime(date, QTime(0, 0), Qt::UTC).toMSecsSinceEpoch() + minute * 60'000;
    const qint64 utc = wallClockToUtc(zone, wall);
    cache->insert(key, utc);
    ++m_conversions;
    return utc;
}

qint64 ScheduleCalendar::openingMSecs(const QTimeZone &zone, const QDate &date, const QTime &time)
{
    return openingMSecs(cacheFor(zone), zone, date, time);
}

QDateTime ScheduleCalendar::opening(const QTimeZone &zone, const QDate &date, const QTime &time)
{
    return QDateTime::fromMSecsSinceEpoch(openingMSecs(zone, date, time), Qt::UTC);
}

std::optional<ExpectedEntry> ScheduleCalendar::entryOn(const QuestionnaireSchedule &schedule,
                                                       const SubjectTimeline &timeline, int day)
{
    const QDate anchor = timeline.anchorFor(schedule);
    if (!anchor.isValid() || !schedule.fallsOn(day, anchor))
        return std::nullopt;
    if (const auto last = schedule.lastDay(anchor, timeline.studyEnd); last && day > *last)
        return std::nullopt;
    ExpectedEntry e;
    e.questionnaire = schedule.questionnaire;
    e.day = day;
    e.localDate = anchor.addDays(day);
    const qint64 opens = openingMSecs(timeline.zone, e.localDate, schedule.at);
    e.opensAt = QDateTime::fromMSecsSinceEpoch(opens, Qt::UTC);
    e.closesAt = QDateTime::fromMSecsSinceEpoch(opens + qint64(schedule.windowMinutes) * 60'000, Qt::UTC);
    return e;
}

QList<ExpectedEntry> ScheduleCalendar::expand(const QuestionnaireSchedule &schedule, const SubjectTimeline &timeline,
                                              const QDateTime &from, const QDateTime &to)
{
    QList<ExpectedEntry> out;
    const QDate anchor = timeline.anchorFor(schedule);
    if (!anchor.isValid() || !(from < to))
        return out;
    // Local dates a day either side of the range's own: an opening can sit up to a
    // day from the UTC date; the exact filter is on opensAt below.
    const int firstDay = int(anchor.daysTo(from.toTimeZone(timeline.zone).date())) - 1;
    const int lastDay = int(anchor.daysTo(to.toTimeZone(timeline.zone).date())) + 1;
    for (auto day = schedule.nextDay(firstDay, anchor, timeline.studyEnd); day && *day <= lastDay;
         day = schedule.nextDay(*day + 1, anchor, timeline.studyEnd)) {
        auto entry = entryOn(schedule, timeline, *day);
        if (entry && entry->opensAt >= from && entry->opensAt < to)
            out << *entry;
    }
    return out;
}

QList<ExpectedEntry> ScheduleCalendar::entriesAround(const QuestionnaireSchedule &schedule,
                                                     const SubjectTimeline &timeline, const QDateTime &at)
{
    QList<ExpectedEntry> out;
    const QDate anchor = timeline.anchorFor(schedule);
    if (!anchor.isValid())
        return out;
    // No entry on a later local date can have opened yet; one day of slack covers a
    // gap pushing an opening past midnight.
    const int today = int(anchor.daysTo(at.toTimeZone(timeline.zone).date()));
    std::optional<ExpectedEntry> latest;
    for (auto day = schedule.previousDay(today + 1, anchor, timeline.studyEnd); day;
         day = schedule.previousDay(*day - 1, anchor, timeline.studyEnd)) {
        auto entry = entryOn(schedule, timeline, *day);
        if (entry && entry->opensAt <= at) {
            latest = entry;
            break;
        }
        if (*day < today - 1)
            break;
    }
    const int nextFrom = latest ? latest->day + 1 : std::numeric_limits<int>::min();
    if (latest)
        out << *latest;
    if (const auto next = schedule.nextDay(nextFrom, anchor, timeline.studyEnd)) {
        if (auto entry = entryOn(schedule, timeline, *next))
            out << *entry;
    }
    return out;
}

} // namespace td

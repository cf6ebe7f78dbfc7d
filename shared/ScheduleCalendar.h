#pragma once

#include "ExpectedEntry.h"
#include "QuestionnaireSchedule.h"

#include <QHash>
#include <QList>
#include <QTimeZone>
#include <optional>

namespace td {

// What a schedule needs to know about one subject.
struct SubjectTimeline {
    QDate anchorDate;                 // the enrolment date: day 0 of `enrolment` schedules
    QTimeZone zone;                   // the subject's (default: the study's) IANA zone
    std::optional<QDate> studyEnd;    // the study's end date, inclusive
    std::optional<QDate> subjectDate; // day 0 of `subjectDate` schedules; none = no entries yet

    // The anchor `schedule` counts from; an invalid date when it is not set.
    QDate anchorFor(const QuestionnaireSchedule &schedule) const;
};

// Turns schedules into expected entries with UTC windows.
//
// Daylight-saving rule: an entry opens at the schedule's local wall-clock time on its
// local date (08:00 stays 08:00 local across a change). A local time that does not
// exist (spring-forward gap) opens at the first instant after the gap, i.e. the
// transition itself (02:30 in New York on 2026-03-08 opens at 03:00 EDT); an
// ambiguous time (fall-back) opens at its first occurrence. The window is elapsed
// time: closesAt = opensAt + windowMinutes, whatever the wall clock does meanwhile.
// This is computed from the zone's offsets and transitions, not by QDateTime: Qt
// 6.4 makes a gap time invalid and picks the second occurrence of an ambiguous one.
//
// QTimeZone conversions cost about half a microsecond each, so every (zone, local
// date, time) → UTC answer is cached: many subjects in one zone cost one conversion
// per day. Not thread-safe; use one calendar per thread.
class ScheduleCalendar
{
public:
    // The UTC instant of local `time` on `date` in `zone`, by the rule above.
    QDateTime opening(const QTimeZone &zone, const QDate &date, const QTime &time);
    qint64 openingMSecs(const QTimeZone &zone, const QDate &date, const QTime &time);

    // The entry on `day` after the anchor, if the schedule has one there.
    std::optional<ExpectedEntry> entryOn(const QuestionnaireSchedule &schedule, const SubjectTimeline &timeline,
                                         int day);
    // Every entry whose window opens in [from, to) (UTC), ascending.
    QList<ExpectedEntry> expand(const QuestionnaireSchedule &schedule, const SubjectTimeline &timeline,
                                const QDateTime &from, const QDateTime &to);
    // The latest entry opened at or before `at` (if any) followed by the next one
    // (if any): all EntryMatcher needs to place a submission made at `at`, without
    // expanding the whole schedule.
    QList<ExpectedEntry> entriesAround(const QuestionnaireSchedule &schedule, const SubjectTimeline &timeline,
                                       const QDateTime &at);

    // How many distinct (zone, date, time) conversions were computed, for tests.
    qsizetype conversions() const { return m_conversions; }

private:
    using ZoneCache = QHash<qint64, qint64>; // julianDay * 1440 + minute of day -> UTC ms
    friend class ComplianceTally;
    ZoneCache *cacheFor(const QTimeZone &zone);
    qint64 openingMSecs(ZoneCache *cache, const QTimeZone &zone, const QDate &date, const QTime &time);

    QHash<QByteArray, ZoneCache> m_zones;
    qsizetype m_conversions = 0;
};

} // namespace td

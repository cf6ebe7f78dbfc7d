#pragma once

#include "ExpectedEntry.h"

#include <QList>
#include <QSet>

namespace td {

// Where a submission lands among a subject's expected entries of one questionnaire.
struct EntryMatch {
    enum class Kind { Received, Late, Duplicate, Unscheduled };

    Kind kind = Kind::Unscheduled;
    std::optional<int> day; // the entry's day; none for unscheduled

    static QString kindName(Kind kind); // received, late, duplicate, unscheduled
    static std::optional<Kind> kindFromName(const QString &name);
    friend bool operator==(const EntryMatch &, const EntryMatch &) = default;
};

// Matches a submission time to the entry it fulfils (issue #15). The rule:
// - E is the latest entry whose window opened at or before the submission (when
//   windows overlap, the newest entry takes the submission);
// - inside [E.opensAt, E.closesAt): received for E;
// - after E closed and before the next entry opens: late for E; for the last entry
//   of the schedule, late until E.closesAt plus one more window length (a grace
//   period as long as the window itself, so a `once` entry cannot stay fulfillable
//   for ever), unscheduled after that;
// - received or late for an entry already fulfilled becomes duplicate: stored and
//   flagged, never counted twice;
// - before the first entry opens: unscheduled.
class EntryMatcher
{
public:
    // `entries` ascending by opensAt (as ScheduleCalendar returns them; entriesAround
    // is enough); `fulfilledDays` the days already received or late.
    static EntryMatch match(const QList<ExpectedEntry> &entries, const QSet<int> &fulfilledDays, const QDateTime &at);
};

} // namespace td

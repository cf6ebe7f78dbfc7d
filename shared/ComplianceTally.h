#pragma once

#include "ExpectedEntry.h"
#include "FulfilmentIndex.h"
#include "QuestionnaireSchedule.h"
#include "ScheduleCalendar.h"

#include <QJsonObject>
#include <QList>
#include <QMap>

namespace td {

// Counts of expected entries by state. `expected` counts the entries whose window
// has opened (opensAt <= now) on a local day in the range: expected == received +
// late + missed + open. Entries scheduled in the range that have not opened yet are
// counted in `upcoming` only, never in `expected`.
struct ComplianceCounts {
    int expected = 0;
    int received = 0;
    int late = 0;
    int missed = 0;
    int open = 0;
    int upcoming = 0;

    void add(EntryState state);
    ComplianceCounts &operator+=(const ComplianceCounts &other);
    QJsonObject toJson() const;
    friend bool operator==(const ComplianceCounts &, const ComplianceCounts &) = default;
};

struct ComplianceSubject {
    QString subjectId;
    QString site;
    SubjectTimeline timeline;
};

// A stored submission matched to an entry (entry_state received or late).
struct Fulfilment {
    QString subjectId;
    QString questionnaire;
    int day = 0;
    EntryState state = EntryState::Received;
};

// Compliance over the local days [firstDay, lastDay] (inclusive, each subject's own
// calendar: an entry belongs to the local date it opens on), per day, per site and
// per subject, with entry states taken at `now`.
class ComplianceTally
{
public:
    static ComplianceTally compute(const QList<ComplianceSubject> &subjects,
                                   const QList<QuestionnaireSchedule> &schedules, const QList<Fulfilment> &fulfilments,
                                   const QDate &firstDay, const QDate &lastDay, const QDateTime &now,
                                   ScheduleCalendar *calendar);
    // The same over an index (what the server keeps in memory per study).
    static ComplianceTally compute(const QList<ComplianceSubject> &subjects,
                                   const QList<QuestionnaireSchedule> &schedules, const FulfilmentIndex &index,
                                   const QDate &firstDay, const QDate &lastDay, const QDateTime &now,
                                   ScheduleCalendar *calendar);

    QDate firstDay;
    QDate lastDay;
    ComplianceCounts total;
    QList<ComplianceCounts> days;          // index: firstDay.daysTo(date)
    QMap<QString, ComplianceCounts> sites; // by site code
    QList<ComplianceCounts> subjects;      // parallel to the subjects passed in
    QStringList subjectIds;
    QStringList subjectSites;

    // {"from","to","total":{…},"days":[{"date",…}],"sites":[{"site",…}],
    //  "subjects":[{"subjectId","site",…}]}
    QJsonObject toJson() const;
    // The same document as compact JSON text, written directly: for 10,000 subjects
    // several times faster than encoding toJson() (the server answers with this).
    QByteArray toJsonText() const;
};

} // namespace td

#pragma once

#include "ComplianceTally.h"
#include "EntryMatcher.h"
#include "QuestionnaireSchedule.h"
#include "SubjectStore.h"

#include <QDateTime>
#include <QHash>
#include <QStringList>
#include <QTimeZone>
#include <optional>

namespace td {

class SqlSession;

// SQL for questionnaire schedules and what they are measured against (issue #15):
// study and subject time zones, anchor dates, and the entry each submission fulfils.
// Runs on a database thread, in the caller's transaction.
namespace ScheduleStore {

// A study's schedules, by questionnaire key.
QList<QuestionnaireSchedule> forProject(SqlSession &session, qint64 projectId);
std::optional<QuestionnaireSchedule> find(SqlSession &session, qint64 projectId, const QString &questionnaire);
// Inserts or replaces; returns true when it inserted.
bool upsert(SqlSession &session, qint64 projectId, const QuestionnaireSchedule &schedule, const QDateTime &at,
            const QString &by);
void remove(SqlSession &session, qint64 projectId, const QString &questionnaire);
// The studies (projects.id) that have at least one schedule.
QList<qint64> projectsWithSchedules(SqlSession &session);

// A subject's timeline: the enrolment date on the subject's local calendar, its zone
// (own, else the study's), the study's end and the subject's anchor date, if set.
struct SubjectRow {
    QString subjectId;
    QString site;
    qint64 projectId = 0;
    SubjectTimeline timeline;
};
std::optional<SubjectRow> subject(SqlSession &session, const QString &subjectId);
// The timeline of stored columns; `zones` caches the zones already made (making a
// QTimeZone from an id costs more than the rest together).
SubjectTimeline timelineOf(const SubjectStore::TimelineColumns &columns, QHash<QString, QTimeZone> &zones);
// A study's subjects (only those at `sites`, when not empty), in enrolment order.
QList<ComplianceSubject> subjects(SqlSession &session, qint64 projectId, const QStringList &sites);

// Adds a study's submissions matched as received or late with an id above `afterId`
// to `index`; returns the highest id seen (or `afterId`). Entry states are written
// once, at intake, in the transaction that inserts the row, and ids grow in commit
// order (one writer; on PostgreSQL, the writer lock): so an index kept in memory only
// ever needs the rows after the last id it has seen.
qint64 addFulfilments(SqlSession &session, qint64 projectId, qint64 afterId, FulfilmentIndex &index);
// A subject's fulfilled entries: questionnaire -> entry day -> Received or Late.
QHash<QString, QHash<int, EntryState>> fulfilmentsOf(SqlSession &session, const QString &subjectId);
// A subject's submissions of `questionnaire`, in the order intake matched them (by id),
// for matching them again after its zone or anchor date changed.
struct MatchedSubmission {
    qint64 id = 0;
    QDateTime submitAt;
};
QList<MatchedSubmission> submissionsOf(SqlSession &session, const QString &subjectId, const QString &questionnaire);
// Stores what a submission was matched to (nullopt: no schedule applied).
void setEntry(SqlSession &session, qint64 submissionId, const std::optional<EntryMatch> &entry);
// The subjects of a study without a zone of their own (they follow the study's).
QStringList subjectsInStudyZone(SqlSession &session, qint64 projectId);
// The days of a subject's questionnaire already received or late, among `days`.
QSet<int> fulfilledDays(SqlSession &session, const QString &subjectId, const QString &questionnaire,
                        const QList<int> &days);

} // namespace ScheduleStore
} // namespace td

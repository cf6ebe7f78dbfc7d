#pragma once

#include "ComplianceTally.h"
#include "EntryMatcher.h"
#include "QuestionnaireSchedule.h"
#include "Result.h"
#include "auth/Principal.h"
#include "storage/DbFuture.h"

#include <QHash>
#include <QJsonObject>
#include <QMutex>
#include <QSet>
#include <functional>
#include <memory>

namespace td {

namespace SubjectStore {
struct Membership;
}

class DbExecutor;
class SqlSession;

// Questionnaire schedules of a study, and what they make of submissions (issue #15):
// the entry each submission fulfils, compliance, and a subject's tasks.
//
// Schedules are read on every scheduled submission, so they are cached per study in
// memory: a change through this service replaces its study's entry at once; with
// several instances on one PostgreSQL database, another instance's change is seen
// within kCacheSeconds (entries are re-read after that).
class ScheduleService
{
public:
    static constexpr int kCacheSeconds = 1;
    // The longest range GET /compliance computes, in days.
    static constexpr int kMaxComplianceDays = 366;
    // The longest range of a subject's entries, in days; and the default range
    // around the subject's today (its own zone): 27 days back (28 days up to and
    // including today) to 7 days ahead.
    static constexpr int kMaxEntriesDays = 366;
    static constexpr int kEntriesDaysBack = 27;
    static constexpr int kEntriesDaysAhead = 7;

    explicit ScheduleService(DbExecutor &db)
        : m_db(db)
    {}

    DbFuture<Result<QList<QuestionnaireSchedule>>> schedules(const QString &projectCode);
    struct ScheduleSet {
        QuestionnaireSchedule schedule;
        bool created = false;
    };
    // Audited (entity "schedule", id "CODE/questionnaire").
    DbFuture<Result<ScheduleSet>> setSchedule(const Principal &actor, const QString &projectCode,
                                              QuestionnaireSchedule schedule);
    DbFuture<Result<Done>> removeSchedule(const Principal &actor, const QString &projectCode,
                                          const QString &questionnaire);

    // Local days [from, to] (each subject's own calendar), states at `now`; only
    // subjects at `sites` when not empty.
    DbFuture<Result<ComplianceTally>> compliance(const QString &projectCode, QDate from, QDate to, const QDateTime &now,
                                                 const QStringList &sites);
    // {"subjectId","language","tasks":[{"questionnaire","open":Entry|null,"next":Entry|null,
    // "definitionVersion":n|null,"definition":{…}|null}]}: per questionnaire the entry open
    // now and not yet fulfilled, the next one, and the newest published definition with
    // every text in `language` ("zh_CN" or "en") only, ready to render.
    DbFuture<Result<QJsonObject>> tasks(const QString &subjectId, const QDateTime &now, const QString &language);
    // {"subjectId","timeZone","from","to","entries":[{"questionnaire","day","localDate",
    // "opensAt","closesAt","state"}]}: every entry of every schedule of the subject's
    // study on a local date in [from, to] (defaults above), ordered by opensAt, with
    // its state at `now`. 400 invalid_parameter (field from / to) for a reversed or
    // too long range.
    DbFuture<Result<QJsonObject>> entries(const QString &subjectId, std::optional<QDate> from, std::optional<QDate> to,
                                          const QDateTime &now);

    // At intake, in the writer's transaction: the entry a submission made at `at`
    // fulfils, or nullopt when the study has no schedule for `questionnaire`. The
    // subject's timeline comes from the membership row intake has already read.
    std::optional<EntryMatch> matchSubmission(SqlSession &session, const SubjectStore::Membership &subject,
                                              const QString &subjectId, const QString &questionnaire,
                                              const QDateTime &at);

    // In the writer's transaction, after what places a subject's entries changed (its
    // zone, its anchor date, or the zone of its study when it has none): matches the
    // subjects' submissions of scheduled questionnaires again, in the order intake
    // matched them, so their entry days and states are those of the new timeline and
    // compliance never counts an old day 3 as the new day 3 unless it is. Then forgets
    // the study's fulfilment index (see forgetFulfilments).
    void rematchSubjects(SqlSession &session, qint64 projectId, const QStringList &subjectIds);
    // Drops a study's fulfilment index: stored entry days changed in place, which the
    // id-ordered top-up cannot see. An index built within kCacheSeconds of the last
    // call (a reader may have seen the rows before the commit) is rebuilt once that
    // has passed. Another instance on the same PostgreSQL database keeps its index
    // until it restarts.
    void forgetFulfilments(qint64 projectId);
    // Once a write that re-matched submissions has committed: forgets those studies'
    // indexes again, in case a reader rebuilt one from the rows before the commit.
    void rematchesCommitted();
    // For the study statistics (StudyService::stats, in its reader job): compliance
    // over the local days [first, last] and every entry on `last` with its state at
    // `now`, ordered by opensAt; nullopt when the study has no schedule.
    struct ScheduledEntry {
        QString subjectId;
        ExpectedEntry entry;
        EntryState state = EntryState::Upcoming;
    };
    struct StudyDays {
        ComplianceTally tally;
        QList<ScheduledEntry> lastDayEntries;
    };
    std::optional<StudyDays> studyDays(SqlSession &session, qint64 projectId, QDate first, QDate last,
                                       const QDateTime &now, const QStringList &sites);

    // Reminders (issue #16): called inside write jobs whenever what places a study's
    // or subjects' entries changed (a schedule; an enrolment; a zone or anchor date),
    // with the study and the subjects (none: the whole study). The listener plans
    // again once that job committed (ReminderService::requestPlanning).
    using PlanningListener = std::function<void(qint64 projectId, const QStringList &subjectIds)>;
    void setPlanningListener(PlanningListener listener) { m_planningListener = std::move(listener); }
    void planningNeeded(qint64 projectId, const QStringList &subjectIds);
    // {"reminders":[{"id","questionnaire","entryDay","kind","dueAt","closesAt","state",
    // "sentAt","cancelledAt"}]}: a subject's reminders, newest entry first; only those in
    // `state` when not empty; at most `limit`.
    DbFuture<Result<QJsonObject>> reminders(const QString &subjectId, const QString &state, int limit);

    // Loads the fulfilled entries of every study with schedules in the background (a
    // reader job), so the first compliance request after a start does not pay for it.
    void warmUp();

    // Forgets a study's cached schedules (after a change committed).
    void invalidate(qint64 projectId);
    void invalidateAll();

private:
    QList<QuestionnaireSchedule> cachedSchedules(SqlSession &session, qint64 projectId);

    // A study's fulfilled entries, kept and topped up with the newer rows (see
    // ScheduleStore::addFulfilments): the compliance answer reads only what is new.
    struct Fulfilments {
        QMutex mutex;
        FulfilmentIndex index;
        qint64 lastId = 0;
        qint64 builtAtMs = 0;
    };
    std::shared_ptr<Fulfilments> fulfilmentsOf(qint64 projectId);

    struct CacheEntry {
        QList<QuestionnaireSchedule> schedules;
        qint64 loadedAtMs = 0;
    };
    DbExecutor &m_db;
    QMutex m_mutex;
    QHash<qint64, CacheEntry> m_cache; // by projects.id
    QHash<qint64, std::shared_ptr<Fulfilments>> m_fulfilments;
    QHash<qint64, qint64> m_fulfilmentsForgottenAtMs; // by projects.id
    QSet<qint64> m_uncommittedRematches;
    PlanningListener m_planningListener; // set before the first write
};

} // namespace td

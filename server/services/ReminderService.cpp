#include "ReminderService.h"

#include "ScheduleCalendar.h"
#include "Timestamps.h"
#include "storage/DbExecutor.h"
#include "storage/EventStore.h"
#include "storage/ReminderStore.h"
#include "storage/ScheduleStore.h"

#include <QThread>

using namespace Qt::StringLiterals;

namespace td {

namespace {

using ReminderStore::Planned;

// Every row an entry needs: 'close' always (missed entries are reported whatever the
// reminder settings), 'open' and 'follow_up' when enabled and the window has not
// closed yet (one that did could only expire).
void rowsOf(QList<Planned> &out, qint64 projectId, const QString &subjectId, const SubjectTimeline &timeline,
            const QList<QuestionnaireSchedule> &schedules, const QDateTime &from, const QDateTime &to,
            const QDateTime &now, ScheduleCalendar &calendar)
{
    for (const QuestionnaireSchedule &schedule : schedules) {
        for (const ExpectedEntry &e : calendar.expand(schedule, timeline, from, to)) {
            const auto row = [&](const char16_t *kind, const QDateTime &due) {
                out << Planned{projectId, subjectId, schedule.questionnaire, e.day, QString::fromUtf16(kind), e.opensAt,
                               due,       e.closesAt};
            };
            row(ReminderStore::kClose, e.closesAt);
            if (!schedule.reminders.enabled || e.closesAt <= now)
                continue;
            row(ReminderStore::kOpen, e.opensAt);
            const int followUp = schedule.reminders.followUpAfterMinutes;
            const QDateTime followUpAt = e.opensAt.addSecs(qint64(followUp) * 60);
            if (followUp > 0 && followUpAt < e.closesAt)
                row(ReminderStore::kFollowUp, followUpAt);
        }
    }
}

// The longest window of a study's schedules, plus a day: how far back a study-wide
// planning looks, so a restart still sends what opened while it was down.
qint64 lookbackSecs(const QList<QuestionnaireSchedule> &schedules)
{
    int longest = 0;
    for (const QuestionnaireSchedule &s : schedules)
        longest = std::max(longest, s.windowMinutes);
    return qint64(longest) * 60 + 24 * 3600;
}

struct StudyPlan {
    QList<QuestionnaireSchedule> schedules;
    QList<ComplianceSubject> subjects;
};

} // namespace

void ReminderService::Relay::set(ReminderService *service)
{
    std::lock_guard lock(m_mutex);
    m_service = service;
}

void ReminderService::Relay::request(qint64 projectId, const QStringList &subjectIds)
{
    std::lock_guard lock(m_mutex);
    if (m_service)
        m_service->requestPlanning(projectId, subjectIds);
}

ReminderService::ReminderService(DbExecutor &db, Options options, QObject *parent)
    : QObject(parent)
    , m_db(db)
    , m_options(options)
{
    m_planTimer.setInterval(options.planningIntervalSeconds * 1000);
    connect(&m_planTimer, &QTimer::timeout, this, &ReminderService::planAll);
    // Requests come in bursts (an enrolment import): gathered for a moment, planned together.
    m_requestTimer.setSingleShot(true);
    m_requestTimer.setInterval(50);
    connect(&m_requestTimer, &QTimer::timeout, this, &ReminderService::planRequested);
    m_dispatchTimer.setSingleShot(true);
    connect(&m_dispatchTimer, &QTimer::timeout, this, &ReminderService::dispatch);
}

ReminderService::~ReminderService() = default;

void ReminderService::start()
{
    planAll();
    m_planTimer.start();
}

void ReminderService::requestPlanning(qint64 projectId, const QStringList &subjectIds)
{
    {
        std::lock_guard lock(m_requestMutex);
        if (subjectIds.isEmpty())
            m_requestedProjects.insert(projectId);
        for (const QString &id : subjectIds)
            m_requestedSubjects.insert(id);
    }
    QMetaObject::invokeMethod(this, [this] {
        if (!m_requestTimer.isActive())
            m_requestTimer.start();
    });
}

void ReminderService::planRequested()
{
    QSet<qint64> projects;
    QSet<QString> subjects;
    {
        std::lock_guard lock(m_requestMutex);
        projects.swap(m_requestedProjects);
        subjects.swap(m_requestedSubjects);
    }
    // The request may come from inside a write job: an empty write queued now runs
    // after that job's batch committed, so what follows reads what it changed.
    if (!m_db.write<bool>([](SqlSession &) -> Result<bool> { return true; }).waitForResult())
        return;
    for (qint64 projectId : std::as_const(projects)) {
        if (m_stopping)
            return;
        planProject(projectId, /*fromLookback=*/true);
    }
    if (!subjects.isEmpty())
        planSubjects(subjects.values());
    arm();
}

void ReminderService::planAll()
{
    const auto projects = m_db.read<QList<qint64>>([](SqlSession &s) -> Result<QList<qint64>> {
                                  return ReminderStore::activeProjectsWithSchedules(s);
                              })
                              .waitForResult();
    if (!projects)
        return;
    for (qint64 projectId : projects.value()) {
        if (m_stopping)
            return;
        planProject(projectId, /*fromLookback=*/false);
    }
    arm();
}

void ReminderService::planProject(qint64 projectId, bool fromLookback)
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const auto study =
        m_db.read<StudyPlan>([projectId](SqlSession &s) -> Result<StudyPlan> {
                if (!ReminderStore::isActive(s, projectId))
                    return StudyPlan{};
                return StudyPlan{ScheduleStore::forProject(s, projectId), ScheduleStore::subjects(s, projectId, {})};
            })
            .waitForResult();
    if (!study)
        return;
    if (study->schedules.isEmpty()) {
        m_plannedUntil.remove(projectId);
        return;
    }
    const QDateTime to = now.addSecs(qint64(kHorizonHours) * 3600);
    QDateTime from = now.addSecs(-lookbackSecs(study->schedules));
    if (!fromLookback && m_plannedUntil.contains(projectId))
        from = std::min(m_plannedUntil.value(projectId), to);
    ScheduleCalendar calendar;
    QList<Planned> rows;
    int written = 0;
    for (const ComplianceSubject &subject : study->subjects) {
        rowsOf(rows, projectId, subject.subjectId, subject.timeline, study->schedules, from, to, now, calendar);
        if (rows.size() >= kPlanChunk) {
            if (m_stopping || !writeRows(rows))
                return;
            written += int(rows.size());
            rows.clear();
        }
    }
    if (!rows.isEmpty() && !writeRows(rows))
        return;
    m_plannedUntil.insert(projectId, to);
    Q_EMIT planned(written + int(rows.size()));
}

void ReminderService::planSubjects(const QStringList &subjectIds)
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    struct SubjectPlan {
        QList<ScheduleStore::SubjectRow> subjects;
        QHash<qint64, QList<QuestionnaireSchedule>> schedules;
    };
    const auto found =
        m_db.read<SubjectPlan>([subjectIds](SqlSession &s) -> Result<SubjectPlan> {
                SubjectPlan plan;
                QHash<qint64, bool> active;
                for (const QString &id : subjectIds) {
                    const auto subject = ScheduleStore::subject(s, id);
                    if (!subject)
                        continue;
                    if (!active.contains(subject->projectId))
                        active.insert(subject->projectId, ReminderStore::isActive(s, subject->projectId));
                    if (!active.value(subject->projectId))
                        continue;
                    if (!plan.schedules.contains(subject->projectId))
                        plan.schedules.insert(subject->projectId, ScheduleStore::forProject(s, subject->projectId));
                    plan.subjects << *subject;
                }
                return plan;
            })
            .waitForResult();
    if (!found)
        return;
    const QDateTime to = now.addSecs(qint64(kHorizonHours) * 3600);
    const QDateTime earliest = now.addDays(-kCatchUpDays);
    ScheduleCalendar calendar;
    QList<Planned> rows;
    for (const ScheduleStore::SubjectRow &subject : found->subjects) {
        rowsOf(rows, subject.projectId, subject.subjectId, subject.timeline, found->schedules.value(subject.projectId),
               earliest, to, now, calendar);
        if (rows.size() >= kPlanChunk) {
            if (m_stopping || !writeRows(rows))
                return;
            rows.clear();
        }
    }
    if (!rows.isEmpty())
        writeRows(rows);
    Q_EMIT planned(int(rows.size()));
}

bool ReminderService::writeRows(const QList<Planned> &rows)
{
    return m_db.write<int>([rows](SqlSession &s) -> Result<int> { return ReminderStore::plan(s, rows); })
        .waitForResult()
        .ok();
}

void ReminderService::dispatch()
{
    if (m_options.hold)
        return;
    for (;;) {
        if (m_stopping)
            return;
        const auto claimed =
            m_db.write<int>([](SqlSession &s) -> Result<int> {
                    const QDateTime now = QDateTime::currentDateTimeUtc();
                    const QList<ReminderStore::Due> due = ReminderStore::claimDue(s, now, kDispatchBatch);
                    QHash<QString, int> alertAfter; // "projectId/questionnaire" -> alertAfterMissed
                    for (const ReminderStore::Due &d : due) {
                        const bool fulfilled =
                            !ScheduleStore::fulfilledDays(s, d.subjectId, d.questionnaire, {d.entryDay}).isEmpty();
                        if (d.kind == QStringView(ReminderStore::kClose)) {
                            if (fulfilled) {
                                ReminderStore::markCancelled(s, d.id, now);
                                continue;
                            }
                            ReminderStore::markSent(s, d.id, now);
                            EventStore::append(s, {0,
                                                   StudyEvent::EntryMissed,
                                                   d.projectCode,
                                                   d.site,
                                                   d.subjectId,
                                                   {},
                                                   {{u"subjectId"_s, d.subjectId},
                                                    {u"questionnaire"_s, d.questionnaire},
                                                    {u"entryDay"_s, d.entryDay}}});
                            const QString key = QString::number(d.projectId) % u'/' % d.questionnaire;
                            if (!alertAfter.contains(key)) {
                                const auto schedule = ScheduleStore::find(s, d.projectId, d.questionnaire);
                                alertAfter.insert(key, schedule ? schedule->reminders.alertAfterMissed : 0);
                            }
                            const int threshold = alertAfter.value(key);
                            // Once per streak: when it reaches the threshold, not beyond.
                            if (threshold > 0
                                && ReminderStore::missedBefore(s, d.subjectId, d.questionnaire, d.entryDay, threshold)
                                           + 1
                                       == threshold)
                                EventStore::append(s, {0,
                                                       StudyEvent::SubjectAlert,
                                                       d.projectCode,
                                                       d.site,
                                                       d.subjectId,
                                                       {},
                                                       {{u"subjectId"_s, d.subjectId},
                                                        {u"questionnaire"_s, d.questionnaire},
                                                        {u"reason"_s, u"missed_entries"_s},
                                                        {u"consecutiveMissed"_s, threshold}}});
                            continue;
                        }
                        if (now >= d.closesAt) {
                            ReminderStore::markExpired(s, d.id);
                        } else if (fulfilled) {
                            ReminderStore::markCancelled(s, d.id, now);
                        } else {
                            ReminderStore::markSent(s, d.id, now);
                            EventStore::append(s, {0,
                                                   StudyEvent::ReminderDue,
                                                   d.projectCode,
                                                   d.site,
                                                   QString::number(d.id),
                                                   {},
                                                   {{u"subjectId"_s, d.subjectId},
                                                    {u"questionnaire"_s, d.questionnaire},
                                                    {u"entryDay"_s, d.entryDay},
                                                    {u"kind"_s, d.kind},
                                                    {u"opensAt"_s, formatTimestamp(d.opensAt)},
                                                    {u"closesAt"_s, formatTimestamp(d.closesAt)}}});
                        }
                    }
                    return int(due.size());
                })
                .waitForResult();
        if (!claimed)
            break;
        Q_EMIT dispatched(claimed.value());
        if (claimed.value() < kDispatchBatch)
            break;
    }
    arm();
}

void ReminderService::arm()
{
    if (m_stopping || m_options.hold)
        return;
    const auto next = m_db.read<std::optional<QDateTime>>([](SqlSession &s) -> Result<std::optional<QDateTime>> {
                              return ReminderStore::nextDue(s);
                          })
                          .waitForResult();
    qint64 waitMs = qint64(m_options.pollSeconds) * 1000;
    if (next && next.value())
        waitMs = std::clamp(QDateTime::currentDateTimeUtc().msecsTo(*next.value()), qint64(0), waitMs);
    m_dispatchTimer.start(int(waitMs));
}

} // namespace td

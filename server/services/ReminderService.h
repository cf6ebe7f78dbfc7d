#pragma once

#include <QDateTime>
#include <QHash>
#include <QObject>
#include <QSet>
#include <QStringList>
#include <QTimer>
#include <atomic>
#include <memory>
#include <mutex>

namespace td {

class DbExecutor;
namespace ReminderStore {
struct Planned;
}

// Reminders of expected entries, missed entries and staff alerts (issue #16,
// docs/events.md). Lives in its own thread; all its database work goes through the
// executor (plans and dispatches are write jobs, committed like any other), so the
// HTTP threads never wait for it.
//
// The planner materialises, idempotently, the reminders of every active subject's
// entries opening within the next kHorizonHours: 'open' when the entry opens,
// 'follow_up' a configured time later, and an internal 'close' row due when the
// window closes, which reports the entry missed once if nothing came. It runs at
// start, every planning interval, and soon after a schedule, an enrolment or a
// subject's time zone or anchor date changed (requestPlanning), in small write jobs.
//
// The dispatcher wakes at the next due time (and at least every poll interval, for
// rows another instance planned): in one transaction per batch it marks due rows
// sent and appends their events, so a reminder is sent once, also after a crash;
// a row whose window closed meanwhile expires without an event.
class ReminderService : public QObject
{
    Q_OBJECT
public:
    static constexpr int kHorizonHours = 26;
    // How far back a subject's own planning looks (a backdated enrolment, a changed
    // anchor date): entries missed before that are not reported.
    static constexpr int kCatchUpDays = 31;
    static constexpr int kPlanChunk = 2000;    // rows per write job
    static constexpr int kDispatchBatch = 500; // reminders per transaction

    struct Options {
        int planningIntervalSeconds = 600;
        int pollSeconds = 30;
        bool hold = false; // plan, but send nothing (maintenance, tests)
    };

    // Create in the thread it is to live in.
    ReminderService(DbExecutor &db, Options options, QObject *parent = nullptr);
    ~ReminderService() override;

    // In its thread: the first planning and the timers.
    void start();
    // Any thread, also inside a write job (planning waits for that job's commit):
    // plan the study anew (no subjects), or only these subjects.
    void requestPlanning(qint64 projectId, const QStringList &subjectIds);
    // Any thread: stop between jobs (shutdown).
    void requestStop() { m_stopping = true; }

    // A relay that the writer may call while the service comes and goes.
    class Relay
    {
    public:
        void set(ReminderService *service);
        void request(qint64 projectId, const QStringList &subjectIds);

    private:
        std::mutex m_mutex;
        ReminderService *m_service = nullptr;
    };

Q_SIGNALS:
    // After each planning pass and each dispatch, for tests and the bench.
    void planned(int newRows);
    void dispatched(int sent);

private:
    void planRequested();
    void planAll();
    void planProject(qint64 projectId, bool fromLookback);
    void planSubjects(const QStringList &subjectIds);
    bool writeRows(const QList<ReminderStore::Planned> &rows);
    void dispatch();
    void arm();

    DbExecutor &m_db;
    Options m_options;
    QTimer m_planTimer;
    QTimer m_requestTimer;
    QTimer m_dispatchTimer;
    std::atomic<bool> m_stopping{false};

    std::mutex m_requestMutex;
    QSet<qint64> m_requestedProjects;
    QSet<QString> m_requestedSubjects;

    QHash<qint64, QDateTime> m_plannedUntil; // by projects.id
};

} // namespace td

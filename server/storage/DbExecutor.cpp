#include "DbExecutor.h"

#include "DbStats.h"
#include "EventStore.h"

#include <QDebug>
#include <QLoggingCategory>
#include <pthread.h>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcDb, "trialdesk.db")

namespace td {

namespace detail {

ResumeContext::ResumeContext()
    : m_receiver(new QObject)
{}

ResumeContext::~ResumeContext()
{
    delete m_receiver;
}

bool ResumeContext::post(std::coroutine_handle<> handle)
{
    // Posting under the lock: close() cannot delete the receiver meanwhile.
    std::lock_guard lock(m_mutex);
    if (!m_receiver)
        return false;
    QMetaObject::invokeMethod(
        m_receiver, [handle] { handle.resume(); }, Qt::QueuedConnection);
    return true;
}

void ResumeContext::close()
{
    std::lock_guard lock(m_mutex);
    // Deleting the receiver also discards the resumptions posted to it and not run yet.
    delete m_receiver;
    m_receiver = nullptr;
}

namespace {
struct ThreadResumeContext {
    std::shared_ptr<ResumeContext> context;
    ~ThreadResumeContext()
    {
        if (context)
            context->close();
    }
};
thread_local ThreadResumeContext t_resumeContext;
} // namespace

std::shared_ptr<ResumeContext> threadResumeContext()
{
    if (!t_resumeContext.context)
        t_resumeContext.context = std::make_shared<ResumeContext>();
    return t_resumeContext.context;
}

void closeThreadResumeContext()
{
    // Kept (closed) rather than reset, so a later await on this thread cannot make
    // a fresh context that nobody closes before the thread's objects are gone.
    threadResumeContext()->close();
}

} // namespace detail

DbExecutor::DbExecutor(SessionFactory factory, Limits limits)
    : m_factory(std::move(factory))
    , m_limits(limits)
{
    for (int i = 0; i < std::max(1, m_limits.readers); ++i)
        m_readers.emplace_back([this, i] { readerLoop(i); });
    m_writer = std::thread([this] { writerLoop(); });
}

DbExecutor::~DbExecutor()
{
    stop();
}

void DbExecutor::logFailure(const char *what)
{
    DbStats::instance().recordError();
    qCCritical(lcDb, "database job failed: %s", what);
}

ApiError DbExecutor::unavailable()
{
    return {
        ApiError::Kind::Unavailable, u"unavailable"_s, u"The server is busy or shutting down; retry shortly."_s, {}};
}

void DbExecutor::stop()
{
    {
        std::lock_guard lock(m_mutex);
        if (m_stopping)
            return;
        m_stopping = true;
    }
    m_readReady.notify_all();
    m_writeReady.notify_all();
    for (auto &t : m_readers)
        t.join();
    m_readers.clear();
    if (m_writer.joinable())
        m_writer.join();
}

qsizetype DbExecutor::queuedWrites() const
{
    std::lock_guard lock(m_mutex);
    return qsizetype(m_writes.size());
}

void DbExecutor::enqueueRead(std::function<void(SqlSession *)> job)
{
    {
        std::lock_guard lock(m_mutex);
        if (!m_stopping) {
            m_reads.push_back(std::move(job));
            m_readReady.notify_one();
            return;
        }
    }
    job(nullptr);
}

bool DbExecutor::enqueueWrite(WriteJob job)
{
    {
        std::lock_guard lock(m_mutex);
        if (!m_stopping && qsizetype(m_writes.size()) < m_limits.maxQueuedWrites) {
            m_writes.push_back(std::move(job));
            m_writeReady.notify_one();
            return true;
        }
    }
    job.done(false);
    return false;
}

void DbExecutor::keepConnected(std::unique_ptr<SqlSession> &session, const QString &name)
{
    if (session) {
        if (!session->takeFailure())
            return;
        // A failed statement: fine if the connection still answers (a refused
        // job, a constraint), else this connection is dead for good.
        try {
            session->execRaw(u"SELECT 1"_s);
            session->takeFailure();
            return;
        } catch (const std::exception &) {
            qCWarning(lcDb, "database connection %s lost; reconnecting", qPrintable(name));
            session.reset(); // closes and removes the named connection before it is reused
        }
    }
    try {
        session = m_factory(name);
    } catch (const std::exception &e) {
        logFailure(e.what()); // jobs answer 503 until a later attempt connects
    }
}

void DbExecutor::readerLoop(int index)
{
    // Named so that top -H, perf and /proc show where the time goes.
    pthread_setname_np(pthread_self(), QByteArray("db-reader-" + QByteArray::number(index)).constData());
    const QString name = u"td-reader-%1"_s.arg(index);
    std::unique_ptr<SqlSession> session;
    keepConnected(session, name);
    for (;;) {
        std::function<void(SqlSession *)> job;
        {
            std::unique_lock lock(m_mutex);
            m_readReady.wait(lock, [this] { return m_stopping || !m_reads.empty(); });
            if (m_reads.empty())
                break;
            job = std::move(m_reads.front());
            m_reads.pop_front();
        }
        if (!session)
            keepConnected(session, name);
        job(session.get());
        if (session)
            keepConnected(session, name);
    }
}

void DbExecutor::writerLoop()
{
    pthread_setname_np(pthread_self(), "db-writer");
    const QString name = u"td-writer"_s;
    std::unique_ptr<SqlSession> session;
    keepConnected(session, name);
    std::vector<WriteJob> batch;
    for (;;) {
        {
            std::unique_lock lock(m_mutex);
            m_writeReady.wait(lock, [this] { return m_stopping || !m_writes.empty(); });
            if (m_writes.empty())
                break; // stopping and drained
            while (!m_writes.empty() && int(batch.size()) < m_limits.maxBatch) {
                batch.push_back(std::move(m_writes.front()));
                m_writes.pop_front();
            }
        }
        if (!session)
            keepConnected(session, name);
        if (session) {
            commitBatch(*session, batch);
            keepConnected(session, name);
        } else {
            for (WriteJob &job : batch)
                job.done(false);
        }
        batch.clear();
    }
}

// Most batches run their jobs back to back in one transaction, without a savepoint
// per job (two statements, and on PostgreSQL two round trips, a job saved). That is
// safe because a refused job almost always refuses before it changed anything (an
// unknown subject, an idempotency conflict, a closed study): it then has nothing to
// undo. If a job is refused after a change, or any statement fails (after which
// PostgreSQL refuses the rest of the transaction), the batch is rolled back and run
// again with each job in its own savepoint, so that only that job's changes go.
bool DbExecutor::commitBatch(SqlSession &session, std::vector<WriteJob> &batch)
{
    BatchOutcome outcome = runBatch(session, batch, false);
    if (outcome == BatchOutcome::NeedsSavepoints) {
        DbStats::instance().recordBatchRerun();
        outcome = runBatch(session, batch, true);
    }
    const bool committed = outcome == BatchOutcome::Committed;
    if (committed)
        DbStats::instance().recordBatch(qsizetype(batch.size()));
    // Before the answers: a client that saw its 201 and then asks the stream finds the
    // hub woken already.
    if (committed && m_batchLastSeq > 0 && m_eventsCommitted)
        m_eventsCommitted(m_batchLastSeq);
    m_batchLastSeq = 0;
    // Only now, after COMMIT returned (the WAL is fsynced with synchronous=FULL),
    // do the waiting requests learn their outcome.
    for (WriteJob &job : batch)
        job.done(committed);
    return committed;
}

DbExecutor::BatchOutcome DbExecutor::runBatch(SqlSession &session, std::vector<WriteJob> &batch, bool savepoints)
{
    // On SQLite the savepoint statements are prepared once per connection (exec
    // caches them) rather than parsed again for every job; PostgreSQL cannot
    // PREPARE a SAVEPOINT, so there they are sent as text.
    const bool cached = session.dialect().kind == SqlDialect::Kind::SQLite;
    const auto run = [&session, cached](const QString &sql) {
        if (cached)
            session.exec(sql);
        else
            session.execRaw(sql);
    };
    const auto rollback = [&session] {
        try {
            session.execRaw(u"ROLLBACK"_s);
        } catch (const std::exception &rollbackError) {
            logFailure(rollbackError.what());
        }
    };
    try {
        session.beginWrite();
        for (WriteJob &job : batch) {
            if (savepoints)
                run(u"SAVEPOINT job"_s);
            const quint64 changes = session.changeCount();
            const quint64 failures = session.failureCount();
            const size_t events = session.pendingEvents().size();
            const bool keep = job.run(session);
            if (!keep)
                session.pendingEvents().resize(events); // a refused change leaves no event
            if (savepoints) {
                if (!keep) {
                    run(u"ROLLBACK TO SAVEPOINT job"_s);
                    session.forgetTransactionState();
                }
                run(u"RELEASE SAVEPOINT job"_s);
            } else if (!keep && (session.changeCount() != changes || session.failureCount() != failures)) {
                rollback();
                return BatchOutcome::NeedsSavepoints;
            }
        }
        m_batchLastSeq = EventStore::flush(session);
        session.execRaw(u"COMMIT"_s);
        return BatchOutcome::Committed;
    } catch (const std::exception &e) {
        logFailure(e.what());
        rollback();
        return BatchOutcome::Failed;
    }
}

} // namespace td

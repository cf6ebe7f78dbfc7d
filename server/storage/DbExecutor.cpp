#include "DbExecutor.h"

#include "DbStats.h"

#include <QDebug>
#include <QLoggingCategory>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcDb, "trialdesk.db")

namespace td {

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
    return {ApiError::Kind::Unavailable, u"unavailable"_s,
            u"The server is busy or shutting down; retry shortly."_s, {}};
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

void DbExecutor::readerLoop(int index)
{
    std::unique_ptr<SqlSession> session;
    try {
        session = m_factory(u"td-reader-%1"_s.arg(index));
    } catch (const std::exception &e) {
        logFailure(e.what());
    }
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
        job(session.get());
    }
}

void DbExecutor::writerLoop()
{
    std::unique_ptr<SqlSession> session;
    try {
        session = m_factory(u"td-writer"_s);
    } catch (const std::exception &e) {
        logFailure(e.what());
    }
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
        if (session) {
            commitBatch(*session, batch);
        } else {
            for (WriteJob &job : batch)
                job.done(false);
        }
        batch.clear();
    }
}

void DbExecutor::commitBatch(SqlSession &session, std::vector<WriteJob> &batch)
{
    bool committed = false;
    try {
        session.execRaw(session.dialect().beginWrite());
        for (WriteJob &job : batch) {
            session.execRaw(u"SAVEPOINT job"_s);
            const bool keep = job.run(session);
            if (!keep)
                session.execRaw(u"ROLLBACK TO SAVEPOINT job"_s);
            session.execRaw(u"RELEASE SAVEPOINT job"_s);
        }
        session.execRaw(u"COMMIT"_s);
        committed = true;
        DbStats::instance().recordBatch(qsizetype(batch.size()));
    } catch (const std::exception &e) {
        logFailure(e.what());
        try {
            session.execRaw(u"ROLLBACK"_s);
        } catch (const std::exception &rollbackError) {
            logFailure(rollbackError.what());
        }
    }
    // Only now, after COMMIT returned (the WAL is fsynced with synchronous=FULL),
    // do the waiting requests learn their outcome.
    for (WriteJob &job : batch)
        job.done(committed);
}

} // namespace td

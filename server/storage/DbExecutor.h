#pragma once

#include "DbFuture.h"
#include "Result.h"
#include "SqlSession.h"

#include <QString>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace td {

// Runs database work off the HTTP threads. Reads go to a small pool of reader
// threads, each with its own connection (WAL lets them run beside the writer).
// Writes go to one writer thread that commits queued jobs in batches: one
// transaction and one fsync per batch (group commit), each job in its own
// savepoint so a refused job does not undo its neighbours. A job's future is
// fulfilled only after its batch committed, so an acknowledged write is durable.
class DbExecutor
{
public:
    using SessionFactory = std::function<std::unique_ptr<SqlSession>(const QString &connectionName)>;

    struct Limits {
        int readers = 2;
        int maxBatch = 512;          // jobs per transaction
        int maxQueuedWrites = 20000; // beyond this, writes are refused with 503 at once
    };

    DbExecutor(SessionFactory factory, Limits limits);
    ~DbExecutor();

    // Runs `job` on a reader connection.
    template<typename T>
    DbFuture<Result<T>> read(std::function<Result<T>(SqlSession &)> job)
    {
        auto state = std::make_shared<typename DbFuture<Result<T>>::State>();
        enqueueRead([job = std::move(job), state](SqlSession *session) {
            state->fulfil(session ? guarded(job, *session) : Result<T>(unavailable()));
        });
        return DbFuture<Result<T>>(state);
    }

    // Runs `job` inside the writer's transaction; a job returning an error has its
    // changes rolled back. The future resolves after the commit.
    template<typename T>
    DbFuture<Result<T>> write(std::function<Result<T>(SqlSession &)> job)
    {
        auto state = std::make_shared<typename DbFuture<Result<T>>::State>();
        auto result = std::make_shared<Result<T>>();
        WriteJob w{[job = std::move(job), result](SqlSession &session) {
                       *result = guarded(job, session);
                       return result->ok();
                   },
                   [state, result](bool committed) {
                       state->fulfil(committed ? std::move(*result) : Result<T>(unavailable()));
                   }};
        enqueueWrite(std::move(w)); // when refused, `done(false)` has already answered 503
        return DbFuture<Result<T>>(state);
    }

    // Finishes every queued job, then stops the threads. Called once at shutdown.
    void stop();

    qsizetype queuedWrites() const;

    // Called on the writer thread after each commit that appended events, with the
    // newest seq (the event hub's wake-up). Set before the first write.
    void setEventsCommittedListener(std::function<void(qint64 lastSeq)> listener)
    {
        m_eventsCommitted = std::move(listener);
    }

private:
    struct WriteJob {
        std::function<bool(SqlSession &)> run; // true: keep its changes
        std::function<void(bool committed)> done;
    };

    template<typename T>
    static Result<T> guarded(const std::function<Result<T>(SqlSession &)> &job, SqlSession &session)
    {
        try {
            return job(session);
        } catch (const std::exception &e) {
            logFailure(e.what());
            return ApiError::internal();
        }
    }
    static void logFailure(const char *what);
    static ApiError unavailable();

    void enqueueRead(std::function<void(SqlSession *)> job);
    bool enqueueWrite(WriteJob job);
    void readerLoop(int index);
    void writerLoop();
    bool commitBatch(SqlSession &session, std::vector<WriteJob> &batch);
    enum class BatchOutcome { Committed, Failed, NeedsSavepoints };
    BatchOutcome runBatch(SqlSession &session, std::vector<WriteJob> &batch, bool savepoints);
    // Opens `session` if it is missing, or opens it anew if its last job failed
    // because the connection is gone (PostgreSQL restarted or failed over).
    void keepConnected(std::unique_ptr<SqlSession> &session, const QString &name);

    SessionFactory m_factory;
    Limits m_limits;

    mutable std::mutex m_mutex;
    std::condition_variable m_readReady;
    std::condition_variable m_writeReady;
    std::deque<std::function<void(SqlSession *)>> m_reads;
    std::deque<WriteJob> m_writes;
    bool m_stopping = false;

    std::vector<std::thread> m_readers;
    std::thread m_writer;
    std::function<void(qint64)> m_eventsCommitted;
    qint64 m_batchLastSeq = 0; // writer thread only
};

} // namespace td

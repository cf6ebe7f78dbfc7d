#pragma once

#include <QMetaObject>
#include <QObject>
#include <condition_variable>
#include <coroutine>
#include <memory>
#include <mutex>
#include <optional>

namespace td {

namespace detail {

// Where a coroutine that awaits a DbFuture is resumed: the event loop of the thread
// that awaited, reached through a QObject living there. It is shared with the
// futures still pending, so that an answer arriving after the thread stopped
// serving (its frontend deleted, its event loop gone) finds the context closed and
// drops the resumption instead of posting into a deleted QObject and resuming a
// coroutine whose frontend and socket are gone. ServerApp stops the database
// before the HTTP threads, so in a normal shutdown nothing is dropped; this is the
// guarantee for every other order.
class ResumeContext
{
public:
    ResumeContext();
    ~ResumeContext();
    ResumeContext(const ResumeContext &) = delete;
    ResumeContext &operator=(const ResumeContext &) = delete;

    // Posts `handle.resume()` to the owning thread; false (and nothing posted) once
    // closed. Any thread.
    bool post(std::coroutine_handle<> handle);
    // In the owning thread: from now on nothing is resumed here, and resumptions
    // posted but not run yet are dropped. The coroutines waiting are never resumed
    // (their frames are left as they are: at shutdown only).
    void close();

private:
    std::mutex m_mutex;
    QObject *m_receiver; // null once closed
};

// This thread's context, made on first use, closed when the thread ends or by
// closeThreadResumeContext().
std::shared_ptr<ResumeContext> threadResumeContext();
// Closes this thread's context now (an HTTP thread about to delete its frontend).
void closeThreadResumeContext();

} // namespace detail

// The answer of one database job, co_awaited by a handler on an HTTP thread.
//
// Why not QFuture: co_await on a QFuture goes through a QFutureWatcher (a QObject
// allocated per await) and the promise posts two or three events to it (results
// ready, finished...), each waking the HTTP thread's event loop. At tens of thousands
// of requests per second that was a large share of the server's CPU. This resumes the
// waiting coroutine with a single posted call on the thread that awaited.
template<typename T>
class DbFuture
{
public:
    struct State {
        std::mutex mutex;
        std::optional<T> value;
        std::coroutine_handle<> waiter;
        std::shared_ptr<detail::ResumeContext> context;
        std::condition_variable *blockingWaiter = nullptr;

        // Called once, on the database thread, when the job's answer is known.
        void fulfil(T answer)
        {
            std::unique_lock lock(mutex);
            value.emplace(std::move(answer));
            if (waiter) {
                context->post(waiter); // dropped if that thread no longer serves
                waiter = {};
                context.reset();
            }
            if (blockingWaiter)
                blockingWaiter->notify_all();
        }
    };

    explicit DbFuture(std::shared_ptr<State> state)
        : m_state(std::move(state))
    {}

    bool await_ready() const
    {
        std::lock_guard lock(m_state->mutex);
        return m_state->value.has_value();
    }
    bool await_suspend(std::coroutine_handle<> handle)
    {
        std::lock_guard lock(m_state->mutex);
        if (m_state->value)
            return false; // answered meanwhile: go on without suspending
        m_state->waiter = handle;
        m_state->context = detail::threadResumeContext();
        return true;
    }
    T await_resume()
    {
        std::lock_guard lock(m_state->mutex);
        return std::move(*m_state->value);
    }

    // For callers outside a coroutine (start-up work, command-line tools): blocks.
    T waitForResult()
    {
        std::condition_variable done;
        std::unique_lock lock(m_state->mutex);
        m_state->blockingWaiter = &done;
        done.wait(lock, [this] { return m_state->value.has_value(); });
        m_state->blockingWaiter = nullptr;
        return std::move(*m_state->value);
    }

private:
    std::shared_ptr<State> m_state;
};

} // namespace td

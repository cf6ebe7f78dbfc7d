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
// A QObject living in the calling thread, to post a coroutine's resumption to that
// thread's event loop. One per thread, made on first use, deleted when the thread ends.
QObject *threadResumeContext();
} // namespace detail

// The answer of one database job, co_awaited by a handler on an HTTP thread.
//
// Why not QFuture: co_await on a QFuture goes through a QFutureWatcher (a QObject
// allocated per await) and the promise posts two or three events to it (results
// ready, finished...), each waking the HTTP thread's event loop. At tens of thousands
// of requests per second that was a large share of the server's CPU. This resumes the
// waiting coroutine with a single posted call on the thread that awaited.
template <typename T>
class DbFuture
{
public:
    struct State {
        std::mutex mutex;
        std::optional<T> value;
        std::coroutine_handle<> waiter;
        QObject *context = nullptr;
        std::condition_variable *blockingWaiter = nullptr;

        // Called once, on the database thread, when the job's answer is known.
        void fulfil(T answer)
        {
            std::unique_lock lock(mutex);
            value.emplace(std::move(answer));
            if (waiter) {
                QMetaObject::invokeMethod(context, [h = waiter] { h.resume(); }, Qt::QueuedConnection);
                waiter = {};
            }
            if (blockingWaiter)
                blockingWaiter->notify_all();
        }
    };

    explicit DbFuture(std::shared_ptr<State> state)
        : m_state(std::move(state))
    {
    }

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

#pragma once

#include <QByteArray>
#include <QHttpServerRequest>
#include <QMutex>
#include <QString>

namespace td {

// One line per request on standard error: time, method, path, status, duration.
// Lines are buffered and written at most every 100 ms (or 32 KiB), so logging
// costs no system call per request during a burst.
class RequestLog
{
public:
    explicit RequestLog(bool enabled)
        : m_enabled(enabled)
    {}
    ~RequestLog() { flush(); }

    void record(QHttpServerRequest::Method method, const QString &path, int status, qint64 nanoseconds);
    void flush();

private:
    bool m_enabled;
    QMutex m_mutex;
    QByteArray m_buffer;
    qint64 m_lastFlushMs = 0;
};

} // namespace td

#pragma once

#include <QHash>
#include <QMutex>
#include <QString>

namespace td {

// Token buckets by key ("login:127.0.0.1", "submit-token:<hash>"): each key may
// spend `perMinute` requests a minute, with bursts up to `burst`. Shared by all
// HTTP threads of one server process; limits are per instance.
class RateLimiter
{
public:
    RateLimiter(int perMinute, int burst)
        : m_perMinute(perMinute)
        , m_burst(std::max(1, burst))
    {}

    bool enabled() const { return m_perMinute > 0; }
    // Takes one request from `key`'s bucket. Returns 0 when allowed, otherwise the
    // seconds to wait before the next request would be.
    int acquire(const QString &key, qint64 nowMs);

private:
    struct Bucket {
        double tokens;
        qint64 updatedMs;
    };
    const int m_perMinute;
    const int m_burst;
    QMutex m_mutex;
    QHash<QString, Bucket> m_buckets;
    qint64 m_lastSweepMs = 0;
};

} // namespace td

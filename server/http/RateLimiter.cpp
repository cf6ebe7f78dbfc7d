#include "RateLimiter.h"

#include <cmath>

namespace td {

int RateLimiter::acquire(const QString &key, qint64 nowMs)
{
    if (!enabled())
        return 0;
    const double perMs = m_perMinute / 60'000.0;
    QMutexLocker lock(&m_mutex);
    // Forget full buckets now and then, so one-off clients do not accumulate.
    if (nowMs - m_lastSweepMs > 60'000 || m_buckets.size() > 200'000) {
        m_lastSweepMs = nowMs;
        for (auto it = m_buckets.begin(); it != m_buckets.end();) {
            if (it->tokens + (nowMs - it->updatedMs) * perMs >= m_burst)
                it = m_buckets.erase(it);
            else
                ++it;
        }
    }
    auto it = m_buckets.find(key);
    if (it == m_buckets.end())
        it = m_buckets.insert(key, Bucket{double(m_burst), nowMs});
    Bucket &b = *it;
    b.tokens = std::min<double>(m_burst, b.tokens + (nowMs - b.updatedMs) * perMs);
    b.updatedMs = nowMs;
    if (b.tokens >= 1.0) {
        b.tokens -= 1.0;
        return 0;
    }
    return std::max(1, int(std::ceil((1.0 - b.tokens) / perMs / 1000.0)));
}

} // namespace td

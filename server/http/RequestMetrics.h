#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QHostAddress>
#include <QList>
#include <QPair>
#include <QString>
#include <array>
#include <atomic>
#include <memory>
#include <vector>

namespace td {

class RouteTable;
struct Route;

// Request counters for GET /metrics (Prometheus text format). Each HTTP thread
// writes only its own Shard, with relaxed atomic loads and stores and no locks,
// so counting costs a few nanoseconds per request; render() sums the shards.
class RequestMetrics
{
public:
    // Statuses counted individually; anything else is counted as "other".
    static constexpr std::array<int, 17> kStatuses{200, 201, 204, 304, 400, 401, 403, 404, 405,
                                                   409, 413, 415, 422, 429, 500, 501, 503};
    // Upper bounds of the latency histogram, in seconds.
    static constexpr std::array<double, 14> kLatencyBounds{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                           0.1,    0.25,  0.5,    1,     2.5,  5,     10};

    class alignas(64) Shard
    {
    public:
        // `route` null: no route matched (404, 405).
        void record(const Route *route, int status, qint64 nanoseconds);
        // A connection whose answers this thread keeps in order was seen (+1) or went (-1).
        void connectionTracked(int delta) { m_trackedConnections.fetch_add(delta, std::memory_order_relaxed); }

    private:
        friend class RequestMetrics;
        Shard(const Route *first, size_t routes);
        static void bump(std::atomic<quint64> &counter, quint64 by = 1)
        {
            counter.store(counter.load(std::memory_order_relaxed) + by, std::memory_order_relaxed);
        }

        const Route *m_first;
        size_t m_routes;
        std::unique_ptr<std::atomic<quint64>[]> m_requests; // (routes + 1) x (statuses + 1)
        std::array<std::atomic<quint64>, kLatencyBounds.size() + 1> m_latency{};
        std::atomic<quint64> m_latencyNanoseconds{0};
        std::atomic<quint64> m_submissionsStored{0};
        std::atomic<qint64> m_trackedConnections{0};
    };

    RequestMetrics(const RouteTable &routes, int shards);
    ~RequestMetrics();

    Shard &shard(int index) { return *m_shards.at(size_t(index)); }
    // The HTTP metrics, then `more` (other parts' metrics, already in the text format:
    // the HTTP layer knows nothing of the database), then the build info.
    QByteArray render(QByteArrayView more = {}) const;

private:
    const RouteTable &m_routes;
    std::vector<std::unique_ptr<Shard>> m_shards;
};

// Who may read GET /metrics: listed client addresses/subnets, or anyone with the token.
struct MetricsAccess {
    QList<QPair<QHostAddress, int>> allowed;
    QString token;

    // `forwarded`: the request names an original client (X-Forwarded-For, Forwarded,
    // X-Real-IP), so `client` is a proxy's address, not the reader's; then only the
    // token counts. A reverse proxy on the same host otherwise connects from
    // 127.0.0.1, which the default allow-list admits, and would make the metrics
    // public to everyone it serves.
    bool permits(const QHostAddress &client, const QByteArray &authorization, bool forwarded = false) const;
};

} // namespace td

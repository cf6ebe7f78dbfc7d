#include "RequestMetrics.h"

#include "RouteTable.h"

#include <QCryptographicHash>

using namespace Qt::StringLiterals;

namespace td {

namespace {

constexpr size_t kStatusSlots = RequestMetrics::kStatuses.size() + 1;

size_t statusSlot(int status)
{
    for (size_t i = 0; i < RequestMetrics::kStatuses.size(); ++i) {
        if (RequestMetrics::kStatuses[i] == status)
            return i;
    }
    return RequestMetrics::kStatuses.size();
}

QByteArray number(double value)
{
    return QByteArray::number(value, 'g', 12);
}

// Label values escape backslash, double quote and newline.
QByteArray labelValue(const QString &text)
{
    QByteArray out = text.toUtf8();
    out.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n");
    return out;
}

} // namespace

RequestMetrics::Shard::Shard(const Route *first, size_t routes)
    : m_first(first)
    , m_routes(routes)
    , m_requests(new std::atomic<quint64>[(routes + 1) * kStatusSlots] {})
{}

void RequestMetrics::Shard::record(const Route *route, int status, qint64 nanoseconds)
{
    const size_t row = route ? size_t(route - m_first) : m_routes;
    bump(m_requests[std::min(row, m_routes) * kStatusSlots + statusSlot(status)]);
    const double seconds = double(nanoseconds) / 1e9;
    size_t bucket = 0;
    while (bucket < kLatencyBounds.size() && seconds > kLatencyBounds[bucket])
        ++bucket;
    bump(m_latency[bucket]);
    bump(m_latencyNanoseconds, quint64(std::max<qint64>(0, nanoseconds)));
    if (route && route->rateClass == RateClass::Submission && status == 201)
        bump(m_submissionsStored);
}

RequestMetrics::RequestMetrics(const RouteTable &routes, int shards)
    : m_routes(routes)
{
    const Route *first = routes.routes().empty() ? nullptr : &routes.routes().front();
    for (int i = 0; i < std::max(1, shards); ++i)
        m_shards.push_back(std::unique_ptr<Shard>(new Shard(first, routes.routes().size())));
}

RequestMetrics::~RequestMetrics() = default;

QByteArray RequestMetrics::render(QByteArrayView more) const
{
    const auto &routes = m_routes.routes();
    const size_t rows = routes.size() + 1;
    std::vector<quint64> requests(rows * kStatusSlots, 0);
    std::array<quint64, kLatencyBounds.size() + 1> latency{};
    quint64 latencyNanoseconds = 0;
    quint64 submissions = 0;
    qint64 trackedConnections = 0;
    for (const auto &shard : m_shards) {
        for (size_t i = 0; i < requests.size(); ++i)
            requests[i] += shard->m_requests[i].load(std::memory_order_relaxed);
        for (size_t i = 0; i < latency.size(); ++i)
            latency[i] += shard->m_latency[i].load(std::memory_order_relaxed);
        latencyNanoseconds += shard->m_latencyNanoseconds.load(std::memory_order_relaxed);
        submissions += shard->m_submissionsStored.load(std::memory_order_relaxed);
        trackedConnections += shard->m_trackedConnections.load(std::memory_order_relaxed);
    }

    QByteArray out;
    out += "# HELP trialdesk_http_requests_total HTTP requests answered, by route and status.\n"
           "# TYPE trialdesk_http_requests_total counter\n";
    for (size_t row = 0; row < rows; ++row) {
        const QByteArray method = row < routes.size() ? methodName(routes[row].method) : QByteArray("any");
        const QByteArray path = row < routes.size() ? labelValue(routes[row].path) : QByteArray("unmatched");
        for (size_t slot = 0; slot < kStatusSlots; ++slot) {
            const quint64 count = requests[row * kStatusSlots + slot];
            if (count == 0)
                continue;
            const QByteArray code = slot < kStatuses.size() ? QByteArray::number(kStatuses[slot]) : "other";
            out += "trialdesk_http_requests_total{method=\"" + method + "\",route=\"" + path + "\",code=\"" + code
                   + "\"} " + QByteArray::number(count) + '\n';
        }
    }
    out += "# HELP trialdesk_http_request_duration_seconds Time from a request's arrival to its answer.\n"
           "# TYPE trialdesk_http_request_duration_seconds histogram\n";
    quint64 cumulative = 0;
    for (size_t i = 0; i < latency.size(); ++i) {
        cumulative += latency[i];
        const QByteArray le = i < kLatencyBounds.size() ? number(kLatencyBounds[i]) : QByteArray("+Inf");
        out += "trialdesk_http_request_duration_seconds_bucket{le=\"" + le + "\"} " + QByteArray::number(cumulative)
               + '\n';
    }
    out += "trialdesk_http_request_duration_seconds_sum " + number(double(latencyNanoseconds) / 1e9) + '\n';
    out += "trialdesk_http_request_duration_seconds_count " + QByteArray::number(cumulative) + '\n';

    out += "# HELP trialdesk_submissions_stored_total Questionnaires and vital signs stored (answered 201).\n"
           "# TYPE trialdesk_submissions_stored_total counter\n"
           "trialdesk_submissions_stored_total "
           + QByteArray::number(submissions) + '\n';
    // Should equal the connections that have sent a request and are still open; if it
    // only grows, per-connection state is leaking (it once did after guard rejections).
    out += "# HELP trialdesk_http_connections_tracked Connections whose answers are being kept in order.\n"
           "# TYPE trialdesk_http_connections_tracked gauge\n"
           "trialdesk_http_connections_tracked "
           + QByteArray::number(trackedConnections) + '\n';

    out += more;
    out += "# HELP trialdesk_build_info The running version.\n"
           "# TYPE trialdesk_build_info gauge\n"
           "trialdesk_build_info{version=\"" TRIALDESK_VERSION "\"} 1\n";
    return out;
}

bool MetricsAccess::permits(const QHostAddress &client, const QByteArray &authorization, bool forwarded) const
{
    if (!token.isEmpty() && authorization.startsWith("Bearer ")) {
        // Compared as hashes: equal length, so the time taken reveals nothing.
        const QByteArray given = QCryptographicHash::hash(authorization.mid(7).trimmed(), QCryptographicHash::Sha256);
        const QByteArray expected = QCryptographicHash::hash(token.toUtf8(), QCryptographicHash::Sha256);
        unsigned char difference = 0;
        for (qsizetype i = 0; i < given.size(); ++i)
            difference |= static_cast<unsigned char>(given[i] ^ expected[i]);
        if (difference == 0)
            return true;
    }
    if (forwarded)
        return false;
    // A dual-stack socket reports IPv4 clients as ::ffff:a.b.c.d.
    bool isV4 = false;
    const quint32 v4 = client.toIPv4Address(&isV4);
    const QHostAddress address = isV4 ? QHostAddress(v4) : client;
    for (const auto &subnet : allowed) {
        if (address.isInSubnet(subnet))
            return true;
    }
    return false;
}

} // namespace td

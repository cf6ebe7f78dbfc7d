#pragma once

#include <QByteArray>
#include <QHash>
#include <QString>
#include <atomic>
#include <chrono>
#include <mutex>
#include <optional>

namespace td {

// One encoded response body shared by every HTTP thread, for a read that is asked for
// far more often than its data changes (GET /projects/active: every patient app at
// every start). The owner calls invalidate() after each committed change it makes;
// changes it cannot see (another server instance on the same PostgreSQL) show after
// at most `maxAge`.
//
//   const quint64 generation = cache.generation();   // before reading the data
//   ... read, encode ...
//   cache.store(body, generation);                     // dropped if invalidated meanwhile
class ResponseCache
{
public:
    explicit ResponseCache(std::chrono::milliseconds maxAge)
        : m_maxAge(maxAge)
    {}

    std::optional<QByteArray> fresh() const
    {
        std::lock_guard lock(m_mutex);
        if (!m_body || m_storedGeneration != m_generation.load() || Clock::now() - m_storedAt > m_maxAge)
            return std::nullopt;
        return m_body; // implicitly shared: no copy of the bytes
    }
    quint64 generation() const { return m_generation.load(); }
    void store(QByteArray body, quint64 generationBeforeRead)
    {
        std::lock_guard lock(m_mutex);
        if (generationBeforeRead != m_generation.load())
            return; // the data changed while it was being read
        m_body = std::move(body);
        m_storedGeneration = generationBeforeRead;
        m_storedAt = Clock::now();
    }
    void invalidate() { ++m_generation; }

private:
    using Clock = std::chrono::steady_clock;
    const std::chrono::milliseconds m_maxAge;
    std::atomic<quint64> m_generation{0};
    mutable std::mutex m_mutex;
    std::optional<QByteArray> m_body;
    quint64 m_storedGeneration = 0;
    Clock::time_point m_storedAt;
};

// ResponseCache for answers that differ by a key (GET /projects/active per scope of
// memberships: members of the same studies at the same sites see the same list). One
// generation for all keys; at most `capacity` keys, all dropped when full.
class KeyedResponseCache
{
public:
    KeyedResponseCache(std::chrono::milliseconds maxAge, qsizetype capacity)
        : m_maxAge(maxAge)
        , m_capacity(capacity)
    {}

    std::optional<QByteArray> fresh(const QString &key) const
    {
        std::lock_guard lock(m_mutex);
        const auto it = m_entries.constFind(key);
        if (it == m_entries.cend() || it->generation != m_generation.load() || Clock::now() - it->storedAt > m_maxAge)
            return std::nullopt;
        return it->body;
    }
    quint64 generation() const { return m_generation.load(); }
    void store(const QString &key, QByteArray body, quint64 generationBeforeRead)
    {
        std::lock_guard lock(m_mutex);
        if (generationBeforeRead != m_generation.load())
            return;
        if (m_entries.size() >= m_capacity && !m_entries.contains(key))
            m_entries.clear();
        m_entries.insert(key, Entry{std::move(body), generationBeforeRead, Clock::now()});
    }
    void invalidate() { ++m_generation; }

private:
    using Clock = std::chrono::steady_clock;
    struct Entry {
        QByteArray body;
        quint64 generation = 0;
        Clock::time_point storedAt;
    };
    const std::chrono::milliseconds m_maxAge;
    const qsizetype m_capacity;
    std::atomic<quint64> m_generation{0};
    mutable std::mutex m_mutex;
    QHash<QString, Entry> m_entries;
};

} // namespace td

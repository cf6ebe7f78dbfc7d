#pragma once

#include "StudyEvent.h"

#include <QList>
#include <QObject>
#include <QString>
#include <QTimer>
#include <atomic>
#include <functional>
#include <memory>

namespace td {

class SqlSession;

// The live side of the event outbox (issue #16): reads newly committed events from
// the table, in seq order and without gaps, and hands them to every subscriber
// (eventsCommitted, connected queued from the stream sessions' threads). Woken by
// this instance's writer after each commit that appended events (wake()), on
// PostgreSQL by the NOTIFY of any instance, and by a slow poll in case a wake-up
// is lost: the table is the truth, the wake-ups only say when to look.
class EventHub : public QObject
{
    Q_OBJECT
public:
    using SessionFactory = std::function<std::unique_ptr<SqlSession>(const QString &connectionName)>;

    // Call from the thread the hub lives in (start() moves nothing).
    EventHub(SessionFactory factory, int pollMs, QObject *parent = nullptr);
    ~EventHub() override;

    // In the hub's thread: opens its connection, learns the newest seq, listens.
    void start();
    // Any thread: an event up to `seq` was committed.
    void wake(qint64 seq);
    // The newest seq delivered to subscribers. Any thread.
    qint64 lastSeq() const { return m_delivered.load(); }

Q_SIGNALS:
    // Consecutive events, each exactly once, in seq order: the first one follows the
    // previous emission's last one.
    void eventsCommitted(const QList<td::StudyEvent> &events);

private:
    void fetch();
    // PostgreSQL: (re)opens the LISTEN connection; on failure the poll tries again.
    void listen();
    bool listenerAlive();

    SessionFactory m_factory;
    std::unique_ptr<SqlSession> m_session;
    std::unique_ptr<SqlSession> m_listener; // PostgreSQL: LISTEN only
    QTimer m_poll;
    std::atomic<qint64> m_delivered{0};
    std::atomic<qint64> m_wanted{0};
    std::atomic<bool> m_fetchQueued{false};
    bool m_postgres = false;
    bool m_listenFailed = false;
    int m_polls = 0;
    int m_relistens = 0; // PostgreSQL: how often the LISTEN connection was opened again
};

} // namespace td

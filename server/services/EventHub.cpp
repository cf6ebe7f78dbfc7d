#include "EventHub.h"

#include "storage/EventStore.h"
#include "storage/SqlSession.h"

#include <QLoggingCategory>
#include <QMetaMethod>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace td {

namespace {
Q_LOGGING_CATEGORY(lcEvents, "trialdesk.events")
constexpr int kFetchRows = 1000;
// Every this many polls the LISTEN connection is asked whether it is still alive
// (a PostgreSQL restart or pg_terminate_backend ends it without a word to us).
constexpr int kListenerCheckPolls = 2;
} // namespace

EventHub::EventHub(SessionFactory factory, int pollMs, QObject *parent)
    : QObject(parent)
    , m_factory(std::move(factory))
{
    qRegisterMetaType<QList<td::StudyEvent>>();
    m_poll.setInterval(pollMs);
    connect(&m_poll, &QTimer::timeout, this, [this] {
        // The cheap part of a poll: has the head moved?
        try {
            if (!m_session) {
                m_session = m_factory(u"td-events"_s);
                // Also when the database was unreachable at start(): listen once it is.
                m_postgres = m_session->dialect().kind == SqlDialect::Kind::PostgreSQL;
            }
            m_wanted = std::max(m_wanted.load(), EventStore::lastSeq(*m_session));
        } catch (const std::exception &e) {
            qCWarning(lcEvents, "event poll failed: %s", e.what());
            m_session.reset();
            return;
        }
        if (m_wanted.load() > m_delivered.load())
            fetch();
        if (m_postgres && ++m_polls % kListenerCheckPolls == 0 && !listenerAlive())
            listen();
    });
}

EventHub::~EventHub() = default;

void EventHub::start()
{
    try {
        m_session = m_factory(u"td-events"_s);
        m_delivered = EventStore::lastSeq(*m_session);
        m_wanted = m_delivered.load();
        m_postgres = m_session->dialect().kind == SqlDialect::Kind::PostgreSQL;
        if (m_postgres)
            listen();
    } catch (const std::exception &e) {
        qCWarning(lcEvents, "event hub: %s (retrying with the poll)", e.what());
        m_session.reset();
    }
    m_poll.start();
}

void EventHub::listen()
{
    // A connection of its own that runs no query but the liveness check: libpq
    // reads a notification that arrives during a query into its queue, and QPSQL
    // looks there only when the socket becomes readable again, so a shared one would
    // hold it back until the next poll.
    const bool again = m_listenFailed || m_listener;
    m_listener.reset();
    try {
        m_listener = m_factory(u"td-events-listen"_s);
        QSqlDriver *driver = m_listener->database().driver();
        if (!driver->subscribeToNotification(u"trialdesk_events"_s))
            throw StorageError(driver->lastError().text().toStdString());
        connect(driver, &QSqlDriver::notification, this, [this] { fetch(); });
    } catch (const std::exception &e) {
        if (!m_listenFailed)
            qCWarning(lcEvents, "cannot LISTEN for other instances' events: %s (polling meanwhile, trying again)",
                      e.what());
        m_listener.reset();
        m_listenFailed = true;
        return;
    }
    m_listenFailed = false;
    if (again) {
        ++m_relistens;
        qCWarning(lcEvents, "listening for other instances' events again (LISTEN #%d)", m_relistens + 1);
    }
    // What committed while nobody listened: the poll has it, but do not wait for it.
    fetch();
}

bool EventHub::listenerAlive()
{
    if (!m_listener)
        return false;
    // LISTEN again on the channel already listened to: a no-op round trip that fails
    // on a lost connection, and leaves the connection showing as the LISTEN one.
    QSqlQuery check(m_listener->database());
    if (check.exec(u"LISTEN trialdesk_events"_s))
        return true;
    qCWarning(lcEvents, "the LISTEN connection was lost: %s", qPrintable(check.lastError().text()));
    return false;
}

void EventHub::wake(qint64 seq)
{
    qint64 wanted = m_wanted.load();
    while (seq > wanted && !m_wanted.compare_exchange_weak(wanted, seq)) {
    }
    if (!m_fetchQueued.exchange(true))
        QMetaObject::invokeMethod(
            this, [this] { fetch(); }, Qt::QueuedConnection);
}

void EventHub::fetch()
{
    m_fetchQueued = false;
    try {
        if (!m_session)
            m_session = m_factory(u"td-events"_s);
        for (;;) {
            const qint64 head = EventStore::lastSeq(*m_session);
            const qint64 from = m_delivered.load();
            if (head <= from)
                return;
            // Nobody follows (no stream open): move on without reading the rows. A
            // stream that subscribes meanwhile reads what it missed from the table
            // (EventStreamSession subscribes before its catch-up), so this loses nothing.
            if (!isSignalConnected(QMetaMethod::fromSignal(&EventHub::eventsCommitted))) {
                m_delivered = head;
                return;
            }
            const QList<StudyEvent> events = EventStore::rows(*m_session, from, head, kFetchRows);
            if (events.isEmpty() || events.first().seq != from + 1) {
                qCWarning(lcEvents, "event %lld missing after %lld", static_cast<long long>(from + 1),
                          static_cast<long long>(from));
                return;
            }
            m_delivered = events.constLast().seq;
            Q_EMIT eventsCommitted(events);
        }
    } catch (const std::exception &e) {
        qCWarning(lcEvents, "reading new events failed: %s", e.what());
        m_session.reset();
    }
}

} // namespace td

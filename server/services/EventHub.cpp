#include "EventHub.h"

#include "storage/EventStore.h"
#include "storage/SqlSession.h"

#include <QLoggingCategory>
#include <QMetaMethod>
#include <QSqlDriver>
#include <QSqlError>

using namespace Qt::StringLiterals;

namespace td {

namespace {
Q_LOGGING_CATEGORY(lcEvents, "trialdesk.events")
constexpr int kFetchRows = 1000;
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
            if (!m_session)
                m_session = m_factory(u"td-events"_s);
            m_wanted = std::max(m_wanted.load(), EventStore::lastSeq(*m_session));
        } catch (const std::exception &e) {
            qCWarning(lcEvents, "event poll failed: %s", e.what());
            m_session.reset();
            return;
        }
        if (m_wanted.load() > m_delivered.load())
            fetch();
    });
}

EventHub::~EventHub() = default;

void EventHub::start()
{
    try {
        m_session = m_factory(u"td-events"_s);
        m_delivered = EventStore::lastSeq(*m_session);
        m_wanted = m_delivered.load();
        if (m_session->dialect().kind == SqlDialect::Kind::PostgreSQL) {
            // A connection of its own that runs no query: libpq reads a notification
            // that arrives during a query into its queue, and QPSQL looks there only
            // when the socket becomes readable again, so a shared one would hold it
            // back until the next poll.
            m_listener = m_factory(u"td-events-listen"_s);
            QSqlDriver *driver = m_listener->database().driver();
            if (driver->subscribeToNotification(u"trialdesk_events"_s))
                connect(driver, &QSqlDriver::notification, this, [this] { fetch(); });
            else
                qCWarning(lcEvents, "cannot LISTEN for other instances' events: %s (polling only)",
                          qPrintable(driver->lastError().text()));
        }
    } catch (const std::exception &e) {
        qCWarning(lcEvents, "event hub: %s (retrying with the poll)", e.what());
        m_session.reset();
    }
    m_poll.start();
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

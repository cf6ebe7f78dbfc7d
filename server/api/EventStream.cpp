#include "EventStream.h"

#include "Timestamps.h"
#include "auth/AuthService.h"
#include "services/EventHub.h"
#include "services/EventService.h"

#include <QAbstractHttpServer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QWebSocket>

using namespace Qt::StringLiterals;

namespace td {

namespace {

constexpr int kCatchUpRows = 500;

} // namespace

EventStream::EventStream(QAbstractHttpServer *server, AuthService &auth, EventService &events, EventHub &hub,
                         const EventStreamOptions &options, std::atomic<int> &open)
    : QObject(server)
    , m_server(server)
    , m_auth(auth)
    , m_events(events)
    , m_hub(hub)
    , m_options(options)
    , m_open(open)
{
    connect(server, &QAbstractHttpServer::newWebSocketConnection, this, &EventStream::accept);
}

void EventStream::accept()
{
    while (m_server->hasPendingWebSocketConnections()) {
        std::unique_ptr<QWebSocket> socket = m_server->nextPendingWebSocketConnection();
        if (!socket)
            continue;
        // A child of this thread's EventStream: when the HTTP thread stops, its streams
        // are closed with it (clients resume with since).
        QWebSocket *raw = socket.release();
        raw->setParent(this);
        connect(raw, &QWebSocket::disconnected, raw, &QObject::deleteLater);
        // QtHttpServer hands over every upgrade, whatever its path.
        if (raw->requestUrl().path() != kPath) {
            raw->close(QWebSocketProtocol::CloseCode(EventStreamClose::NotFound), u"no such stream"_s);
            continue;
        }
        if (m_open.load() >= m_options.maxStreams) {
            raw->close(QWebSocketProtocol::CloseCode(EventStreamClose::TryAgainLater), u"too many streams"_s);
            continue;
        }
        new EventStreamSession(raw, m_auth, m_events, m_hub, m_options, m_open);
    }
}

EventStreamSession::EventStreamSession(QWebSocket *socket, AuthService &auth, EventService &events, EventHub &hub,
                                       const EventStreamOptions &options, std::atomic<int> &open)
    : QObject(socket)
    , m_socket(socket)
    , m_auth(auth)
    , m_events(events)
    , m_hub(hub)
    , m_options(options)
    , m_open(open)
{
    ++m_open;
    m_socket->setMaxAllowedIncomingFrameSize(quint64(options.maxIncomingBytes));
    m_socket->setMaxAllowedIncomingMessageSize(quint64(options.maxIncomingBytes));
    connect(m_socket, &QWebSocket::textMessageReceived, this, &EventStreamSession::onMessage);
    connect(m_socket, &QWebSocket::binaryMessageReceived, this,
            [this] { onMessage(QString()); }); // never valid: refused like bad text
    connect(m_socket, &QWebSocket::disconnected, this, [this] { m_state = State::Closed; });
    connect(m_socket, &QWebSocket::bytesWritten, this, &EventStreamSession::onBytesWritten);
    m_helloTimer.setSingleShot(true);
    connect(&m_helloTimer, &QTimer::timeout, this, [this] {
        if (m_state == State::AwaitingHello)
            refuse(EventStreamClose::BadRequest, u"bad_request"_s, u"No hello within the time allowed."_s);
    });
    m_helloTimer.start(options.helloTimeoutMs);
    m_heartbeat.setInterval(options.heartbeatSeconds * 1000);
    connect(&m_heartbeat, &QTimer::timeout, this, [this] { heartbeat(); });
}

EventStreamSession::~EventStreamSession()
{
    --m_open;
}

bool EventStreamSession::send(const QJsonObject &message)
{
    if (m_state == State::Closed)
        return false;
    m_socket->sendTextMessage(QString::fromUtf8(QJsonDocument(message).toJson(QJsonDocument::Compact)));
    // A client that does not read would make us buffer without end: it resumes
    // from the table instead, with the last seq it saw. (Events are held back long
    // before this, see backlogged(); only a burst of other messages gets here.)
    if (m_socket->bytesToWrite() > m_options.maxBufferedBytes) {
        closeTooSlow();
        return false;
    }
    return true;
}

void EventStreamSession::closeTooSlow()
{
    qInfo("event stream closed with 4008: the client does not read (%lld bytes unsent)",
          static_cast<long long>(m_socket->bytesToWrite()));
    m_state = State::Closed;
    m_heartbeat.stop();
    m_socket->close(QWebSocketProtocol::CloseCode(EventStreamClose::TooSlow), u"too slow, resume with since"_s);
    // The close frame waits behind what the client does not read: do not wait long.
    QTimer::singleShot(5000, m_socket, [socket = m_socket] { socket->abort(); });
}

bool EventStreamSession::backlogged()
{
    if (m_socket->bytesToWrite() <= m_options.pauseBufferedBytes)
        return false;
    // Sending stops here: what commits meanwhile is read from the table once the
    // client has taken the backlog (onBytesWritten), so a burst does not pile up in
    // memory, and a client that keeps reading is never closed for it.
    m_paused = true;
    return true;
}

void EventStreamSession::onBytesWritten()
{
    if (m_paused && m_state == State::Live && m_socket->bytesToWrite() <= m_options.pauseBufferedBytes / 2) {
        m_paused = false;
        catchUp();
    }
}

void EventStreamSession::refuse(int closeCode, const QString &code, const QString &message)
{
    if (m_state == State::Closed)
        return;
    send({{u"type"_s, u"error"_s}, {u"code"_s, code}, {u"error"_s, message}});
    m_state = State::Closed;
    m_heartbeat.stop();
    m_socket->close(QWebSocketProtocol::CloseCode(closeCode), message);
}

void EventStreamSession::onMessage(const QString &text)
{
    if (m_state != State::AwaitingHello)
        return; // nothing else is expected from the client; bounded by the frame limit
    m_helloTimer.stop();
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(text.toUtf8(), &parseError);
    const QJsonObject message = document.object();
    const QJsonValue since = message.value(u"since"_s);
    const QString token = message.value(u"token"_s).toString();
    if (parseError.error != QJsonParseError::NoError || !document.isObject()
        || message.value(u"type"_s).toString() != u"hello"_s) {
        refuse(EventStreamClose::BadRequest, u"bad_request"_s,
               u"The first message must be {\"type\":\"hello\",...}."_s);
        return;
    }
    if (!since.isUndefined()
        && (!since.isDouble() || since.toDouble() < 0 || since.toDouble() > 9.0e15
            || since.toDouble() != double(since.toInteger()))) {
        refuse(EventStreamClose::BadRequest, u"bad_request"_s, u"since must be a non-negative integer."_s);
        return;
    }
    if (token.isEmpty() || token.size() > 512) {
        refuse(EventStreamClose::Unauthorized, u"unauthorized"_s, u"A staff token is required."_s);
        return;
    }
    m_state = State::Authenticating;
    hello(token, since.isUndefined() ? std::optional<qint64>() : std::optional<qint64>(since.toInteger()));
}

QCoro::Task<> EventStreamSession::hello(QString token, std::optional<qint64> requestedSince)
{
    QPointer<EventStreamSession> self(this);
    m_token = "Bearer " + token.toUtf8();
    auto authenticated = co_await m_auth.authenticate(m_token);
    if (!self || m_state == State::Closed)
        co_return;
    if (!authenticated) {
        refuse(EventStreamClose::Unauthorized, u"unauthorized"_s,
               u"The token is missing, unknown, expired or revoked."_s);
        co_return;
    }
    if (authenticated->isSubject()) {
        refuse(EventStreamClose::Forbidden, u"forbidden"_s, u"Subject tokens cannot follow events."_s);
        co_return;
    }
    m_scope = authenticated->scope;
    // No since: from now on. A client that only wants what happens while it watches
    // (a fresh sign-in) is not sent the whole outbox.
    const qint64 since = requestedSince.value_or(m_hub.lastSeq());
    m_processed = since;
    // Subscribed before the catch-up reads: what commits meanwhile is either in a
    // read or arrives here, so nothing falls into the seam (onEvents).
    connect(&m_hub, &EventHub::eventsCommitted, this, &EventStreamSession::onEvents, Qt::QueuedConnection);
    send({{u"type"_s, u"welcome"_s},
          {u"lastSeq"_s, std::max(since, m_hub.lastSeq())},
          {u"heartbeatSeconds"_s, m_options.heartbeatSeconds}});
    m_heartbeat.start();
    catchUp();
}

QCoro::Task<> EventStreamSession::catchUp()
{
    QPointer<EventStreamSession> self(this);
    m_state = State::CatchingUp;
    for (;;) {
        m_dirty = false;
        auto future = m_events.after(m_processed, kCatchUpRows, m_scope);
        const Result<EventPage> page = co_await future;
        if (!self || m_state == State::Closed)
            co_return;
        if (!page) {
            refuse(1011, u"internal"_s, u"Reading events failed: reconnect with since."_s);
            co_return;
        }
        if (page->oldestSeq) {
            // What the client missed is no longer kept: it reloads its state and
            // follows from now instead of silently missing events.
            refuse(EventStreamClose::Gone, u"events_pruned"_s,
                   u"Events after since were pruned: reload, then follow from now."_s);
            co_return;
        }
        for (const StudyEvent &e : page->items) {
            if (!send(e.toStreamJson()))
                co_return;
            m_processed = e.seq;
            if (backlogged()) {
                m_state = State::Live; // paused: onBytesWritten() reads on from the table
                co_return;
            }
        }
        m_processed = std::max(m_processed, page->lastSeq);
        if (!page->more && !m_dirty)
            break;
    }
    m_state = State::Live;
}

void EventStreamSession::onEvents(const QList<td::StudyEvent> &events)
{
    if (m_state == State::CatchingUp) {
        m_dirty = true; // read again from the table once this read is done
        return;
    }
    if (m_state != State::Live || m_paused || events.isEmpty())
        return; // paused: these are read from the table when the client has caught up
    if (events.constFirst().seq > m_processed + 1) {
        catchUp(); // events committed between the last read and going live
        return;
    }
    for (const StudyEvent &e : events) {
        if (e.seq <= m_processed)
            continue;
        if (EventService::visibleTo(m_scope, e) && !send(e.toStreamJson()))
            return;
        m_processed = e.seq;
        if (backlogged())
            return;
    }
}

QCoro::Task<> EventStreamSession::heartbeat()
{
    QPointer<EventStreamSession> self(this);
    // A backlog that has not shrunk for two heartbeats (while it is held back, only
    // heartbeats are added to it): the client is not reading, or the network is gone.
    const qint64 backlog = m_socket->bytesToWrite();
    const bool heldBack = m_paused || backlog > m_options.pauseBufferedBytes;
    m_stalledBeats = heldBack && backlog > 0 && backlog >= m_lastBacklog ? m_stalledBeats + 1 : 0;
    m_lastBacklog = backlog;
    if (m_stalledBeats >= 2) {
        closeTooSlow();
        co_return;
    }
    send({{u"type"_s, u"heartbeat"_s},
          {u"lastSeq"_s, m_processed},
          {u"at"_s, formatTimestamp(QDateTime::currentDateTimeUtc())}});
    // A revoked token (logout) or a changed membership takes effect here.
    auto authenticated = co_await m_auth.authenticate(m_token);
    if (!self || m_state == State::Closed)
        co_return;
    if (!authenticated)
        refuse(EventStreamClose::Unauthorized, u"unauthorized"_s, u"The token expired or was revoked."_s);
    else
        m_scope = authenticated->scope;
}

} // namespace td

#include "EventStream.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QSslConfiguration>
#include <QWebSocket>
#include <utility>

using namespace Qt::StringLiterals;

namespace td {

namespace {

constexpr int kMinHeartbeatSeconds = 1;
constexpr int kMaxHeartbeatSeconds = 300;

} // namespace

EventStream::EventStream(QObject *parent)
    : QObject(parent)
{
    m_reconnectTimer.setSingleShot(true);
    connect(&m_reconnectTimer, &QTimer::timeout, this, &EventStream::connectSocket);
    m_watchdog.setSingleShot(true);
    connect(&m_watchdog, &QTimer::timeout, this, [this] {
        // Silence for 2.5 heartbeats: the connection is dead even if TCP has not noticed.
        dropSocket();
        scheduleReconnect(false);
    });
}

EventStream::~EventStream()
{
    dropSocket();
}

QUrl EventStream::streamUrl(const QUrl &baseUrl)
{
    QUrl url = baseUrl;
    url.setScheme(baseUrl.scheme() == u"https"_s ? u"wss"_s : u"ws"_s);
    QString path = url.path();
    if (path.endsWith(u'/'))
        path.chop(1);
    url.setPath(path + u"/api/v1/events/stream"_s);
    url.setQuery(QString());
    url.setFragment(QString());
    return url;
}

void EventStream::setBackoff(int firstMs, int maxMs)
{
    m_firstBackoffMs = qMax(1, firstMs);
    m_maxBackoffMs = qMax(m_firstBackoffMs, maxMs);
}

void EventStream::start(const QUrl &baseUrl, const QString &token, qint64 since)
{
    dropSocket();
    m_reconnectTimer.stop();
    m_url = streamUrl(baseUrl);
    m_token = token;
    m_lastSeq = qMax(kFromNow, since);
    m_attempt = 0;
    m_resyncPending = false;
    m_heartbeatSeconds = 15;
    setState(State::Connecting);
    connectSocket();
}

void EventStream::stop()
{
    m_reconnectTimer.stop();
    dropSocket();
    m_token.clear();
    setState(State::Disconnected);
}

void EventStream::connectSocket()
{
    if (m_state == State::Disconnected || m_state == State::Unauthorized)
        return;
    dropSocket();
    auto *socket = new QWebSocket(QString(), QWebSocketProtocol::VersionLatest, this);
    socket->setMaxAllowedIncomingMessageSize(kMaxMessageBytes);
    socket->setMaxAllowedIncomingFrameSize(kMaxMessageBytes);
    connect(socket, &QWebSocket::connected, this, &EventStream::onConnected);
    connect(socket, &QWebSocket::textMessageReceived, this, &EventStream::onMessage);
    // Binary frames are no part of the protocol, but they prove the peer is alive.
    connect(socket, &QWebSocket::binaryMessageReceived, this, &EventStream::restartWatchdog);
    connect(socket, &QWebSocket::disconnected, this, &EventStream::onDisconnected);
    // A refused or failed connection errs without ever emitting disconnected().
    connect(socket, qOverload<QAbstractSocket::SocketError>(&QWebSocket::error), this, &EventStream::onDisconnected);
    if (!m_trusted.isEmpty()) {
        QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
        tls.addCaCertificates(m_trusted);
        socket->setSslConfiguration(tls);
    }
    m_socket = socket;
    // Also bounds the opening handshake: a server that accepts and never answers.
    restartWatchdog();
    socket->open(m_url);
}

void EventStream::dropSocket()
{
    m_watchdog.stop();
    if (!m_socket)
        return;
    QWebSocket *socket = m_socket;
    m_socket = nullptr;
    socket->disconnect(this);
    socket->abort();
    socket->deleteLater();
}

void EventStream::restartWatchdog()
{
    // 2.5 heartbeats, in milliseconds.
    m_watchdog.start(m_heartbeatSeconds * 2500);
}

void EventStream::onConnected()
{
    restartWatchdog();
    QJsonObject hello{{u"type"_s, u"hello"_s}, {u"token"_s, m_token}};
    if (m_lastSeq != kFromNow)
        hello.insert(u"since"_s, m_lastSeq);
    m_socket->sendTextMessage(QString::fromUtf8(QJsonDocument(hello).toJson(QJsonDocument::Compact)));
}

void EventStream::onMessage(const QString &text)
{
    if (sender() != m_socket)
        return;
    restartWatchdog();
    if (text.size() > kMaxMessageBytes)
        return;
    const QJsonObject message = QJsonDocument::fromJson(text.toUtf8()).object();
    const QString type = message.value(u"type"_s).toString();
    if (type == u"welcome"_s) {
        m_heartbeatSeconds =
            qBound(kMinHeartbeatSeconds, message.value(u"heartbeatSeconds"_s).toInt(15), kMaxHeartbeatSeconds);
        m_attempt = 0;
        // Started from now: what the server had committed when it answered is where a
        // reconnect resumes, even before the first event arrives.
        if (m_lastSeq == kFromNow)
            m_lastSeq = qMax<qint64>(0, message.value(u"lastSeq"_s).toInteger());
        restartWatchdog();
        setState(State::Live);
        if (std::exchange(m_resyncPending, false))
            Q_EMIT eventsPruned();
    } else if (type == u"event"_s) {
        const std::optional<StudyEvent> event = StudyEvent::fromStreamJson(message);
        // Catch-up after a reconnect may repeat what was already delivered.
        if (!event || event->seq <= m_lastSeq)
            return;
        m_lastSeq = event->seq;
        m_lastEventTime = QDateTime::currentDateTimeUtc();
        Q_EMIT eventReceived(*event);
    } else if (type == u"heartbeat"_s) {
        // The server has considered every event up to its lastSeq (sent it, or it was
        // not for us): resuming from there spares it re-reading what we may not see.
        m_lastSeq = qMax(m_lastSeq, message.value(u"lastSeq"_s).toInteger());
    } else if (type == u"error"_s && message.value(u"code"_s).toString() == u"unauthorized"_s) {
        // The close (4401) follows; do not wait for it to stop trying.
        becomeUnauthorized();
    }
}

void EventStream::onDisconnected()
{
    auto *socket = qobject_cast<QWebSocket *>(sender());
    if (!socket || socket != m_socket)
        return;
    // error() also comes for trouble on a live connection that is not over yet.
    if (socket->state() == QAbstractSocket::ConnectedState)
        return;
    const quint16 code = socket->closeCode();
    if (code == EventStreamClose::Unauthorized) {
        becomeUnauthorized();
        return;
    }
    dropSocket();
    if (code == EventStreamClose::Gone) {
        // What we missed is gone for good: follow from now, and have the state reloaded.
        m_lastSeq = kFromNow;
        m_resyncPending = true;
        scheduleReconnect(true);
        return;
    }
    // Only a connection that was live resumes at once: a server that keeps refusing
    // that way right after the hello gets the backoff like any other failure.
    scheduleReconnect(code == EventStreamClose::TooSlow && m_state == State::Live);
}

void EventStream::becomeUnauthorized()
{
    m_reconnectTimer.stop();
    dropSocket();
    setState(State::Unauthorized);
}

void EventStream::scheduleReconnect(bool immediately)
{
    if (m_state == State::Disconnected || m_state == State::Unauthorized)
        return;
    setState(State::Reconnecting);
    if (immediately) {
        // Not from inside the socket's signal: it is being deleted.
        m_reconnectTimer.start(0);
        return;
    }
    // 0.5 s, 1 s, 2 s, … up to 15 s; each between half and all of it, so that clients
    // cut off together by a server restart do not all come back in the same instant.
    const qint64 ceiling = qMin<qint64>(m_maxBackoffMs, qint64(m_firstBackoffMs) << qMin(m_attempt, 20));
    ++m_attempt;
    const qint64 delay = ceiling / 2 + QRandomGenerator::global()->bounded(ceiling / 2 + 1);
    m_reconnectTimer.start(int(delay));
}

void EventStream::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    Q_EMIT stateChanged(state);
}

} // namespace td

#pragma once

#include "StudyEvent.h"
#include "StudyMembership.h"

#include <QCoroTask>
#include <QObject>
#include <QPointer>
#include <QTimer>
#include <atomic>
#include <optional>

class QAbstractHttpServer;
class QWebSocket;

namespace td {

class AuthService;
class EventHub;
class EventService;

// The push channel of the event outbox: WebSocket at /api/v1/events/stream
// (protocol in docs/events.md). One EventStream per HTTP thread takes the
// WebSockets its QHttpServer accepted; each gets an EventStreamSession in that thread.
struct EventStreamOptions {
    int heartbeatSeconds = 15;
    int helloTimeoutMs = 10'000;
    int maxStreams = 1000;                 // per process; more are closed at once (4503)
    qint64 maxBufferedBytes = 1024 * 1024; // unsent bytes of one client before 4008
    // Unsent bytes above which events are held back (read from the table later);
    // a backlog that does not shrink for two heartbeats closes with 4008.
    qint64 pauseBufferedBytes = 256 * 1024;
    qint64 maxIncomingBytes = 4096; // frames and messages from the client
};

class EventStream : public QObject
{
    Q_OBJECT
public:
    static inline const QString kPath = QStringLiteral("/api/v1/events/stream");

    // Lives in `server`'s thread. `open` counts the sessions of every thread.
    EventStream(QAbstractHttpServer *server, AuthService &auth, EventService &events, EventHub &hub,
                const EventStreamOptions &options, std::atomic<int> &open);

private:
    void accept();

    QAbstractHttpServer *m_server;
    AuthService &m_auth;
    EventService &m_events;
    EventHub &m_hub;
    const EventStreamOptions &m_options;
    std::atomic<int> &m_open;
};

class EventStreamSession : public QObject
{
    Q_OBJECT
public:
    EventStreamSession(QWebSocket *socket, AuthService &auth, EventService &events, EventHub &hub,
                       const EventStreamOptions &options, std::atomic<int> &open);
    ~EventStreamSession() override;

private:
    void onMessage(const QString &text);
    QCoro::Task<> hello(QString token, std::optional<qint64> requestedSince);
    QCoro::Task<> catchUp();
    QCoro::Task<> heartbeat();
    void onEvents(const QList<td::StudyEvent> &events);
    bool send(const QJsonObject &message);
    void closeTooSlow();
    // True (and paused) when the client has too much unsent: send no more events now.
    bool backlogged();
    void onBytesWritten();
    void refuse(int closeCode, const QString &code, const QString &message);

    QWebSocket *m_socket;
    AuthService &m_auth;
    EventService &m_events;
    EventHub &m_hub;
    const EventStreamOptions &m_options;
    std::atomic<int> &m_open;
    QTimer m_helloTimer;
    QTimer m_heartbeat;
    QByteArray m_token;
    StudyScope m_scope;
    enum class State { AwaitingHello, Authenticating, CatchingUp, Live, Closed };
    State m_state = State::AwaitingHello;
    qint64 m_processed = 0;   // every event up to here was sent or is not for this caller
    bool m_dirty = false;     // live events arrived during a catch-up read
    bool m_paused = false;    // backlogged: events wait in the table until the client reads
    qint64 m_lastBacklog = 0; // unsent bytes at the last heartbeat
    int m_stalledBeats = 0;   // heartbeats in a row with a backlog that did not shrink
};

} // namespace td

#pragma once

#include "StudyEvent.h"

#include <QObject>
#include <QPointer>
#include <QSslCertificate>
#include <QString>
#include <QTimer>
#include <QUrl>

class QWebSocket;

namespace td {

// The server's push channel of study events (issue #16): a WebSocket to
// <base>/api/v1/events/stream that says hello with the staff token and the last seq
// seen, then receives the events after it in seq order, and heartbeats.
//
// It keeps itself connected: a dropped connection, a network error or a silent one
// (no frame for 2.5 heartbeats) is tried again after 0.5 s, doubling up to 15 s with
// jitter, resuming after lastSeq(); close code 4008 (too slow) resumes at once.
// Close code 4410 (the events after lastSeq() were pruned on the server: offline
// longer than its retention) restarts the stream from now and, once that stream is
// welcomed, emits eventsPruned(): whatever follows the stream must reload its state.
// A refused token (close code 4401) ends in Unauthorized without trying again: only
// a new start() with a new token leaves it. eventReceived() is never emitted twice
// for one seq, and always in seq order.
class EventStream : public QObject
{
    Q_OBJECT
public:
    enum class State { Disconnected, Connecting, Live, Reconnecting, Unauthorized };
    Q_ENUM(State)

    explicit EventStream(QObject *parent = nullptr);
    ~EventStream() override;

    // Connects to `baseUrl`'s stream (ws:// for http, wss:// for https) and asks for
    // the events after `since`; kFromNow: only those committed from now on (the hello
    // leaves `since` out, and the welcome's lastSeq becomes the point to resume from).
    // Restarts a running stream.
    static constexpr qint64 kFromNow = -1;
    void start(const QUrl &baseUrl, const QString &token, qint64 since);
    void stop();

    State state() const { return m_state; }
    // kFromNow until the first welcome of a stream started from now.
    qint64 lastSeq() const { return m_lastSeq; }
    // When the last event arrived (invalid before the first).
    QDateTime lastEventTime() const { return m_lastEventTime; }
    // The stream URL for a server base URL.
    static QUrl streamUrl(const QUrl &baseUrl);

    // Certificates to trust for wss:// in addition to the system's (ApiClient's).
    void setTrustedCertificates(const QList<QSslCertificate> &certificates) { m_trusted = certificates; }
    // The first retry's delay and the cap of the doubling (tests shorten them).
    void setBackoff(int firstMs, int maxMs);

    // Larger text messages are refused by the socket (an event is a few hundred bytes).
    static constexpr qint64 kMaxMessageBytes = 64 * 1024;

Q_SIGNALS:
    void eventReceived(const td::StudyEvent &event);
    void stateChanged(td::EventStream::State state);
    // Events this client had not seen were pruned: reload everything. Emitted once the
    // restarted stream (from now) is live, so that nothing committed after the reload
    // began can be missed.
    void eventsPruned();

private:
    void connectSocket();
    void onConnected();
    void onMessage(const QString &text);
    void onDisconnected();
    void scheduleReconnect(bool immediately);
    void becomeUnauthorized();
    void dropSocket();
    void setState(State state);
    void restartWatchdog();

    QPointer<QWebSocket> m_socket;
    QUrl m_url;
    QString m_token;
    QList<QSslCertificate> m_trusted;
    qint64 m_lastSeq = 0;
    QDateTime m_lastEventTime;
    State m_state = State::Disconnected;
    int m_heartbeatSeconds = 15;
    int m_attempt = 0;            // retries since the last welcome
    bool m_resyncPending = false; // a 4410 restarted the stream: eventsPruned() at the welcome
    int m_firstBackoffMs = 500;
    int m_maxBackoffMs = 15'000;
    QTimer m_reconnectTimer;
    QTimer m_watchdog;
};

} // namespace td

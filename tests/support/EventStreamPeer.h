#pragma once

#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QUrl>

class QWebSocket;
class QWebSocketServer;

namespace td::test {

// A scripted server end of the event push channel (issue #16): a WebSocket server on
// a free loopback port that records what clients say (their hello) and sends only
// what the test tells it to: welcome, events, heartbeats, close codes, or nothing.
// One client at a time: a new connection replaces the old one.
class EventStreamPeer : public QObject
{
    Q_OBJECT
public:
    explicit EventStreamPeer(QObject *parent = nullptr);
    ~EventStreamPeer() override;

    bool listen();
    // What EventStream::start() takes: http://127.0.0.1:<port>.
    QUrl baseUrl() const;

    // Answer each hello with a welcome at once (on by default).
    void setAutoWelcome(bool on, qint64 lastSeq = 0, int heartbeatSeconds = 15);

    QList<QJsonObject> hellos() const { return m_hellos; }
    int connections() const { return m_connections; }
    bool hasClient() const;
    // The path the last client asked for.
    QString requestPath() const { return m_requestPath; }

    void sendWelcome(qint64 lastSeq, int heartbeatSeconds);
    void sendEvent(qint64 seq, const QString &eventType, const QString &project, const QString &entityId,
                   const QString &site = {});
    void sendHeartbeat(qint64 lastSeq);
    void sendText(const QString &text);
    // A close frame with `code` (the protocol's 4401, 4008, ...).
    void closeWith(quint16 code, const QString &reason = {});
    // Cuts the TCP connection without a close frame.
    void drop();

Q_SIGNALS:
    void helloReceived(const QJsonObject &hello);
    void clientDisconnected();

private:
    void onNewConnection();

    QWebSocketServer *m_server;
    QPointer<QWebSocket> m_client;
    QList<QJsonObject> m_hellos;
    QString m_requestPath;
    int m_connections = 0;
    bool m_autoWelcome = true;
    qint64 m_welcomeSeq = 0;
    int m_heartbeatSeconds = 15;
};

} // namespace td::test

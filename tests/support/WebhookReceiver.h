#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QObject>
#include <QTcpServer>
#include <QUrl>

class QTcpSocket;

namespace td::test {

// A webhook receiver for the delivery tests: a small HTTP/1.1 server (keep-alive,
// Content-Length bodies) in the test's own thread, on a free loopback port. It
// records every POST, verifies its TrialDesk-Signature with the secret it is given
// (HMAC-SHA256 in constant time, as docs/webhooks.md tells receivers to), counts
// requests by event id (TrialDesk-Event-Id, the idempotency key), and answers 200,
// or `status` to the next `n` requests when told to fail.
class WebhookReceiver : public QObject
{
    Q_OBJECT
public:
    struct Request {
        QByteArray path;
        QHash<QByteArray, QByteArray> headers; // names lower case
        QByteArray body;
        bool signatureValid = false;
    };

    explicit WebhookReceiver(QObject *parent = nullptr);
    ~WebhookReceiver() override;

    bool listen();
    quint16 port() const { return m_server.serverPort(); }
    QUrl url(const QString &path = QStringLiteral("/hook")) const;

    void setSecret(const QByteArray &secret) { m_secret = secret; }
    // The next `n` requests are answered `status` (then 200 again).
    void failNext(int n, int status = 500)
    {
        m_failuresLeft = n;
        m_failStatus = status;
    }
    // Every request from now on is answered `status` (0: back to 200).
    void failAlways(int status) { m_alwaysStatus = status; }

    QList<Request> requests() const { return m_requests; }
    int requestCount() const { return int(m_requests.size()); }
    // Requests answered 2xx, by event id: a receiver deduplicating by event id acts once per key.
    QHash<QByteArray, int> acceptedByEventId() const { return m_accepted; }
    int distinctAccepted() const { return int(m_accepted.size()); }
    // True when `signatureHeader` ("t=…,v1=…") is the HMAC-SHA256 of "<t>.<body>" with `secret`.
    static bool verify(const QByteArray &secret, const QByteArray &signatureHeader, const QByteArray &body);

Q_SIGNALS:
    void requestReceived();

private:
    void readFrom(QTcpSocket *socket);

    QTcpServer m_server;
    QHash<QTcpSocket *, QByteArray> m_buffers;
    QByteArray m_secret;
    int m_failuresLeft = 0;
    int m_failStatus = 500;
    int m_alwaysStatus = 0;
    QList<Request> m_requests;
    QHash<QByteArray, int> m_accepted;
};

} // namespace td::test

#pragma once

#include "ChunkedBodyScanner.h"

#include <QObject>
#include <QSslConfiguration>
#include <QSslServer>
#include <QTcpServer>
#include <QTimer>
#include <atomic>
#include <functional>

class QTcpSocket;

namespace td {

// Limits QtHttpServer 6.4 does not enforce itself: request header size, body size,
// idle and slow-header timeouts, and open connections. It watches each socket's
// bytes before QtHttpServer reads them, so an oversized body is refused as soon as
// its Content-Length is seen instead of being buffered whole.
struct ConnectionLimits {
    qint64 maxBodyBytes = 64 * 1024;
    // The body limit of one request, from its request line ("POST /path HTTP/1.1"):
    // a route may allow more than maxBodyBytes (questionnaire definitions). Unset:
    // maxBodyBytes for every request.
    std::function<qint64(QByteArrayView requestLine)> bodyLimit;
    qint64 maxHeaderBytes = 16 * 1024;
    int idleTimeoutMs = 60'000;   // keep-alive connection with nothing to do
    int headerTimeoutMs = 15'000; // a started request must finish its headers by then
    int maxConnections = 10'000;  // per server process; more are answered 503
};

class ConnectionGuard : public QObject
{
    Q_OBJECT
public:
    ConnectionGuard(QTcpSocket *socket, const ConnectionLimits &limits, std::atomic<int> &openConnections);
    ~ConnectionGuard() override;

    // Writes a complete error answer, stops reading and closes after a short linger
    // (closing with unread input would reset the connection before the client reads it).
    static void reject(QTcpSocket *socket, int status, const QByteArray &reason, const QByteArray &code,
                       const QByteArray &message, const QByteArray &extraHeaders = {});

private:
    void inspect();
    void onTimeout();
    // Reads the framing headers of a complete header block (lower-cased, without the
    // blank line); false when it already rejected the request.
    bool startBody(const QByteArray &requestLine, const QByteArray &head, bool bodyFollowsInThisRead);

    QTcpSocket *m_socket;
    const ConnectionLimits &m_limits;
    std::atomic<int> &m_openConnections;
    QTimer m_timer;
    QByteArray m_headerBuffer;
    qint64 m_bodyRemaining = 0;
    bool m_chunked = false;
    ChunkedBodyScanner m_chunkedBody;
    bool m_inHeaders = true;
    bool m_headerClockRunning = false; // the current header block has started arriving
};

// A QTcpServer whose sockets each get a ConnectionGuard before QtHttpServer sees them.
class GuardedTcpServer : public QTcpServer
{
    Q_OBJECT
public:
    GuardedTcpServer(const ConnectionLimits &limits, std::atomic<int> &openConnections, QObject *parent = nullptr);

protected:
    void incomingConnection(qintptr socketDescriptor) override;

private:
    const ConnectionLimits &m_limits;
    std::atomic<int> &m_openConnections;
};

// The HTTPS variant: every socket gets its guard when the TLS handshake starts,
// so a client that never finishes the handshake is closed like a slow one.
class GuardedSslServer : public QSslServer
{
    Q_OBJECT
public:
    GuardedSslServer(const ConnectionLimits &limits, std::atomic<int> &openConnections,
                     const QSslConfiguration &configuration, QObject *parent = nullptr);
};

} // namespace td

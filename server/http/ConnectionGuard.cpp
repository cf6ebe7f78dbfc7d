#include "ConnectionGuard.h"

#include <QPointer>
#include <QSslSocket>
#include <QTcpSocket>
#include <sys/socket.h>

namespace td {

namespace {

constexpr int kLingerMs = 2000;

// The values of every `name` field in `head` (a lower-cased header block without its
// blank line), in order; a field repeated on several lines gives several values.
QList<QByteArray> fieldValues(const QByteArray &head, QByteArrayView name)
{
    QList<QByteArray> values;
    qsizetype lineStart = head.indexOf("\r\n"); // the request line is no field
    while (lineStart >= 0) {
        lineStart += 2;
        const qsizetype lineEnd = head.indexOf("\r\n", lineStart);
        const QByteArrayView line =
            QByteArrayView(head).sliced(lineStart, (lineEnd < 0 ? head.size() : lineEnd) - lineStart);
        if (line.size() > name.size() && line.startsWith(name) && line[name.size()] == ':')
            values.append(line.sliced(name.size() + 1).trimmed().toByteArray());
        lineStart = lineEnd;
    }
    return values;
}

} // namespace

ConnectionGuard::ConnectionGuard(QTcpSocket *socket, const ConnectionLimits &limits, std::atomic<int> &openConnections)
    : QObject(socket)
    , m_socket(socket)
    , m_limits(limits)
    , m_openConnections(openConnections)
    , m_chunkedBody(limits.maxBodyBytes, limits.maxHeaderBytes)
{
    ++m_openConnections;
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &ConnectionGuard::onTimeout);
    // Connected before QtHttpServer connects its own slot, so this runs first and
    // sees every byte before it is consumed.
    connect(socket, &QTcpSocket::readyRead, this, &ConnectionGuard::inspect);
    // The idle clock runs only between an answer and the next request: a request
    // being processed (however long) is not idleness.
    connect(socket, &QTcpSocket::bytesWritten, this, [this] {
        if (m_inHeaders && !m_headerClockRunning)
            m_timer.start(m_limits.idleTimeoutMs);
    });
    m_timer.start(m_limits.headerTimeoutMs);
    m_headerClockRunning = true;
}

ConnectionGuard::~ConnectionGuard()
{
    --m_openConnections;
}

void ConnectionGuard::reject(QTcpSocket *socket, int status, const QByteArray &reason, const QByteArray &code,
                             const QByteArray &message, const QByteArray &extraHeaders)
{
    const QByteArray body = "{\"error\":\"" + message + "\",\"code\":\"" + code + "\"}";
    socket->write("HTTP/1.1 " + QByteArray::number(status) + ' ' + reason + "\r\n" + extraHeaders
                  + "Content-Type: application/json\r\nConnection: close\r\nContent-Length: "
                  + QByteArray::number(body.size()) + "\r\n\r\n" + body);
    socket->flush();
    ::shutdown(int(socket->socketDescriptor()), SHUT_WR);
    // From now on everything the client still sends is read and dropped, so the
    // HTTP parser never sees it, until the client closes or the linger ends.
    socket->disconnect();
    QObject::connect(socket, &QTcpSocket::readyRead, socket, [socket] { socket->readAll(); });
    QObject::connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
    QPointer<QTcpSocket> guarded(socket);
    QTimer::singleShot(kLingerMs, socket, [guarded] {
        if (guarded)
            guarded->abort();
    });
    socket->readAll();
}

void ConnectionGuard::onTimeout()
{
    // Idle keep-alive connections just close; a request stuck in its headers is told why.
    if (!m_headerClockRunning)
        m_socket->disconnectFromHost();
    else
        reject(m_socket, 408, "Request Timeout", "request_timeout", "The request took too long to arrive.");
}

bool ConnectionGuard::startBody(const QByteArray &requestLine, const QByteArray &head, bool bodyFollowsInThisRead)
{
    const qint64 limit = m_limits.bodyLimit ? m_limits.bodyLimit(requestLine) : m_limits.maxBodyBytes;
    m_bodyRemaining = 0;
    m_chunked = false;
    const QList<QByteArray> codings = fieldValues(head, "transfer-encoding");
    const QList<QByteArray> lengths = fieldValues(head, "content-length");
    if (!codings.isEmpty()) {
        // RFC 9112 §6.3: only a final "chunked" coding says where a request body
        // ends; anything else cannot be framed and must be refused. With a
        // Content-Length beside it, the two framings could be read differently by
        // a proxy in front (request smuggling), so that is refused too.
        const QByteArray last = codings.join(',').split(',').last().trimmed();
        if (last != "chunked" || !lengths.isEmpty()) {
            reject(m_socket, 400, "Bad Request", "invalid_request", "Unsupported Transfer-Encoding.");
            return false;
        }
        m_chunked = true;
        m_chunkedBody.reset(limit);
    }
    for (const QByteArray &value : lengths) {
        bool ok = false;
        const qint64 length = value.toLongLong(&ok);
        if (!ok || length < 0 || (value != lengths.first())) {
            reject(m_socket, 400, "Bad Request", "invalid_request", "Invalid Content-Length.");
            return false;
        }
        m_bodyRemaining = length;
    }
    if (m_bodyRemaining > limit) {
        reject(m_socket, 413, "Payload Too Large", "payload_too_large",
               "The request body is larger than the server accepts.");
        return false;
    }
    // QtHttpServer 6.4 never answers "Expect: 100-continue", which makes
    // curl and others stall a second before sending the body.
    if ((m_bodyRemaining > 0 || m_chunked) && !bodyFollowsInThisRead
        && fieldValues(head, "expect").contains("100-continue"))
        m_socket->write("HTTP/1.1 100 Continue\r\n\r\n");
    return true;
}

void ConnectionGuard::inspect()
{
    const QByteArray data = m_socket->peek(m_socket->bytesAvailable());
    qsizetype pos = 0;
    while (pos < data.size()) {
        if (m_inHeaders) {
            if (!m_headerClockRunning) {
                m_timer.start(m_limits.headerTimeoutMs);
                m_headerClockRunning = true;
            }
            const qsizetype take = data.size() - pos;
            m_headerBuffer.append(data.constData() + pos, take);
            const qsizetype end = m_headerBuffer.indexOf("\r\n\r\n");
            if ((end < 0 ? m_headerBuffer.size() : end) > m_limits.maxHeaderBytes)
                return reject(m_socket, 431, "Request Header Fields Too Large", "headers_too_large",
                              "The request headers are too large.");
            if (end < 0)
                return;
            // Bytes of this chunk that belong to the body start after the blank line.
            pos += take - (m_headerBuffer.size() - (end + 4));
            const QByteArray raw = m_headerBuffer.left(end);
            const QByteArray head = raw.toLower();
            m_headerBuffer.clear();
            if (head.trimmed().isEmpty())
                continue; // only line breaks: no request yet, and the header clock keeps running
            m_headerClockRunning = false;
            // The request line as sent (paths are case-sensitive): it decides the body limit.
            const QByteArray request = raw.trimmed();
            const qsizetype lineEnd = request.indexOf("\r\n");
            if (!startBody(lineEnd < 0 ? request : request.left(lineEnd), head, pos < data.size()))
                return;
            m_inHeaders = !m_chunked && m_bodyRemaining == 0;
            m_timer.stop(); // a request is in; the idle clock restarts when its answer is written
        } else if (m_chunked) {
            qsizetype consumed = 0;
            const auto status = m_chunkedBody.feed(QByteArrayView(data).sliced(pos), &consumed);
            pos += consumed;
            switch (status) {
            case ChunkedBodyScanner::Status::NeedMore:
                break;
            case ChunkedBodyScanner::Status::Done:
                // What follows in this read is the next pipelined request.
                m_chunked = false;
                m_inHeaders = true;
                break;
            case ChunkedBodyScanner::Status::Malformed:
                return reject(m_socket, 400, "Bad Request", "invalid_request", "Malformed chunked request body.");
            case ChunkedBodyScanner::Status::TooLarge:
                return reject(m_socket, 413, "Payload Too Large", "payload_too_large",
                              "The request body is larger than the server accepts.");
            case ChunkedBodyScanner::Status::TrailerTooLarge:
                return reject(m_socket, 431, "Request Header Fields Too Large", "headers_too_large",
                              "The request trailer fields are too large.");
            }
        } else {
            const qint64 take = std::min<qint64>(m_bodyRemaining, data.size() - pos);
            m_bodyRemaining -= take;
            pos += take;
            if (m_bodyRemaining == 0)
                m_inHeaders = true;
        }
    }
}

GuardedTcpServer::GuardedTcpServer(const ConnectionLimits &limits, std::atomic<int> &openConnections, QObject *parent)
    : QTcpServer(parent)
    , m_limits(limits)
    , m_openConnections(openConnections)
{}

void GuardedTcpServer::incomingConnection(qintptr socketDescriptor)
{
    auto *socket = new QTcpSocket(this);
    if (!socket->setSocketDescriptor(socketDescriptor)) {
        delete socket;
        return;
    }
    if (m_openConnections.load() >= m_limits.maxConnections) {
        // Shed at once rather than queue: the client retries after Retry-After.
        ConnectionGuard::reject(socket, 503, "Service Unavailable", "overloaded", "Too many open connections.",
                                "Retry-After: 1\r\n");
        return;
    }
    new ConnectionGuard(socket, m_limits, m_openConnections);
    addPendingConnection(socket);
}

GuardedSslServer::GuardedSslServer(const ConnectionLimits &limits, std::atomic<int> &openConnections,
                                   const QSslConfiguration &configuration, QObject *parent)
    : QSslServer(parent)
{
    setSslConfiguration(configuration);
    setHandshakeTimeout(limits.headerTimeoutMs);
    connect(this, &QSslServer::startedEncryptionHandshake, this, [&limits, &openConnections](QSslSocket *socket) {
        if (openConnections.load() >= limits.maxConnections) {
            socket->disconnectFromHost();
            return;
        }
        new ConnectionGuard(socket, limits, openConnections);
    });
}

} // namespace td

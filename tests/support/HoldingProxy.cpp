#include "HoldingProxy.h"

#include <QMetaEnum>
#include <QTcpSocket>
#include <QTest>

using namespace Qt::StringLiterals;

namespace td::test {

namespace {

// The length of the first complete HTTP message (head and Content-Length body) in
// `buffer`, or 0 while it is incomplete. Neither the client (QNetworkAccessManager)
// nor trialdesk-server sends chunked bodies.
qsizetype messageLength(const QByteArray &buffer)
{
    const qsizetype headerEnd = buffer.indexOf("\r\n\r\n");
    if (headerEnd < 0)
        return 0;
    qint64 bodyLength = 0;
    const QList<QByteArray> lines = buffer.left(headerEnd).split('\n');
    for (const QByteArray &line : lines) {
        const qsizetype colon = line.indexOf(':');
        if (colon > 0 && line.left(colon).trimmed().compare("content-length", Qt::CaseInsensitive) == 0)
            bodyLength = line.mid(colon + 1).trimmed().toLongLong();
        if (colon > 0 && line.left(colon).trimmed().compare("transfer-encoding", Qt::CaseInsensitive) == 0)
            qWarning("HoldingProxy: chunked messages are not supported");
    }
    const qsizetype length = headerEnd + 4 + qsizetype(bodyLength);
    return buffer.size() >= length ? length : 0;
}

} // namespace

struct HoldingProxy::Connection {
    struct Pending {
        int exchange;
        QByteArray answer;
        bool complete = false; // the whole answer arrived from the server
        bool released = false; // and may go to the client
    };
    QTcpSocket *client = nullptr;
    QTcpSocket *upstream = nullptr;
    QByteArray fromClient;
    QByteArray fromUpstream;
    QList<Pending> pending; // requests sent upstream on this connection, oldest first
    bool upstreamClosed = false;
    bool clientClosed = false;
};

HoldingProxy::HoldingProxy(QUrl upstream, QObject *parent)
    : QObject(parent)
    , m_upstream(std::move(upstream))
{
    connect(&m_server, &QTcpServer::newConnection, this, &HoldingProxy::accept);
}

HoldingProxy::~HoldingProxy()
{
    for (const auto &connection : m_connections) {
        // Closing the sockets must not call back into a proxy half destroyed.
        connection->client->disconnect(this);
        connection->upstream->disconnect(this);
        delete connection->client;
        delete connection->upstream;
    }
}

bool HoldingProxy::listen()
{
    return m_server.listen(QHostAddress::LocalHost, 0);
}

QUrl HoldingProxy::url(const QString &pathAndQuery) const
{
    return QUrl(u"http://127.0.0.1:%1%2"_s.arg(m_server.serverPort()).arg(pathAndQuery));
}

void HoldingProxy::accept()
{
    while (QTcpSocket *client = m_server.nextPendingConnection()) {
        client->setParent(nullptr); // owned by its Connection, deleted with the proxy
        auto connection = std::make_unique<Connection>();
        Connection *c = connection.get();
        c->client = client;
        c->upstream = new QTcpSocket;
        connect(client, &QTcpSocket::readyRead, this, [this, c] { readRequests(c); });
        connect(client, &QTcpSocket::disconnected, this, [this, c] { clientGone(c); });
        connect(c->upstream, &QTcpSocket::readyRead, this, [this, c] { readAnswers(c); });
        connect(c->upstream, &QTcpSocket::disconnected, this, [this, c] { upstreamGone(c); });
        // Requests written before the connection is up wait in the socket's buffer.
        c->upstream->connectToHost(m_upstream.host(), quint16(m_upstream.port()));
        m_connections.push_back(std::move(connection));
        readRequests(c);
    }
}

void HoldingProxy::readRequests(Connection *c)
{
    c->fromClient += c->client->readAll();
    while (const qsizetype length = messageLength(c->fromClient)) {
        const QByteArray request = c->fromClient.left(length);
        c->fromClient.remove(0, length);
        const QList<QByteArray> requestLine = request.left(request.indexOf("\r\n")).split(' ');
        Exchange exchange;
        exchange.method = requestLine.value(0);
        exchange.target = QString::fromLatin1(requestLine.value(1));
        m_exchanges.append(exchange);
        c->pending.append(Connection::Pending{int(m_exchanges.size() - 1), {}});
        c->upstream->write(request);
    }
}

void HoldingProxy::readAnswers(Connection *c)
{
    c->fromUpstream += c->upstream->readAll();
    while (const qsizetype length = messageLength(c->fromUpstream)) {
        const QByteArray answer = c->fromUpstream.left(length);
        c->fromUpstream.remove(0, length);
        // Answers come in request order: this one belongs to the oldest open request.
        auto open = std::find_if(c->pending.begin(), c->pending.end(),
                                 [](const Connection::Pending &p) { return !p.complete; });
        if (open == c->pending.end()) {
            qWarning("HoldingProxy: an answer without a request");
            continue;
        }
        open->answer = answer;
        open->complete = true;
        Exchange &exchange = m_exchanges[open->exchange];
        const bool hold = !m_hold.pattern().isEmpty() && m_hold.match(exchange.target).hasMatch();
        open->released = !hold;
        if (hold)
            exchange.state = State::Held;
    }
    deliverReady(c);
}

void HoldingProxy::deliverReady(Connection *c)
{
    if (c->clientClosed)
        return;
    // A held answer keeps the later ones on its connection back too: HTTP/1.1 order.
    while (!c->pending.isEmpty() && c->pending.first().complete && c->pending.first().released) {
        const Connection::Pending done = c->pending.takeFirst();
        c->client->write(done.answer);
        m_exchanges[done.exchange].state = State::Delivered;
    }
    if (c->upstreamClosed && (c->pending.isEmpty() || !c->pending.first().complete))
        c->client->disconnectFromHost();
}

int HoldingProxy::release(const QRegularExpression &pattern)
{
    int released = 0;
    for (const auto &connection : m_connections) {
        for (Connection::Pending &p : connection->pending) {
            if (m_exchanges.at(p.exchange).state == State::Held
                && pattern.match(m_exchanges.at(p.exchange).target).hasMatch()) {
                p.released = true;
                ++released;
            }
        }
        deliverReady(connection.get());
    }
    return released;
}

void HoldingProxy::clientGone(Connection *c)
{
    c->clientClosed = true;
    for (const Connection::Pending &p : std::as_const(c->pending))
        m_exchanges[p.exchange].state = State::Abandoned;
    c->pending.clear();
    c->upstream->abort();
}

void HoldingProxy::upstreamGone(Connection *c)
{
    c->upstreamClosed = true;
    deliverReady(c);
}

int HoldingProxy::count(const QRegularExpression &pattern, QList<State> states) const
{
    return int(std::count_if(m_exchanges.cbegin(), m_exchanges.cend(), [&](const Exchange &e) {
        return states.contains(e.state) && pattern.match(e.target).hasMatch();
    }));
}

bool HoldingProxy::waitFor(const QRegularExpression &pattern, QList<State> states, int atLeast, int timeoutMs) const
{
    return QTest::qWaitFor([&] { return count(pattern, states) >= atLeast; }, timeoutMs);
}

QString HoldingProxy::describe() const
{
    const QMetaEnum names = QMetaEnum::fromType<State>();
    QStringList lines;
    for (qsizetype i = 0; i < m_exchanges.size(); ++i) {
        const Exchange &e = m_exchanges.at(i);
        lines << u"#%1 %2 %3: %4"_s.arg(i).arg(QString::fromLatin1(e.method), e.target,
                                               QString::fromLatin1(names.valueToKey(int(e.state))));
    }
    return lines.join(u'\n');
}

} // namespace td::test

// Connection limits (docs/security.md, "Abuse limits and transport"): with
// --idle-timeout 2 an idle keep-alive connection is closed by the server after about
// two seconds (counted from its last answer), with --header-timeout 2 a client that
// sends nothing, or trickles its headers one byte every 500 ms (slowloris), is
// answered 408 or closed within about four seconds, and the server keeps serving
// everyone else meanwhile.

#include "HttpClient.h"
#include "RawAnswerReader.h"
#include "SecurityTestKit.h"
#include "TestServer.h"

#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QRegularExpression>
#include <QTcpSocket>
#include <QTest>
#include <QTimer>
#include <algorithm>
#include <memory>
#include <vector>

using namespace Qt::StringLiterals;
using namespace td::test::security;
using td::test::HttpClient;
using td::test::HttpReply;
using td::test::TestServer;

namespace {

constexpr int kTimeoutSeconds = 2;
const QByteArray kHealthRequest = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";

// Waits up to `timeoutMs` for the server to close `socket`; the elapsed
// milliseconds, or -1 if it stayed open.
qint64 msUntilClosed(QTcpSocket &socket, int timeoutMs, QByteArray *received = nullptr)
{
    QElapsedTimer timer;
    timer.start();
    QDeadlineTimer deadline(timeoutMs);
    while (socket.state() != QAbstractSocket::UnconnectedState && !deadline.hasExpired()) {
        socket.waitForReadyRead(int(std::max<qint64>(1, std::min<qint64>(100, deadline.remainingTime()))));
        const QByteArray data = socket.readAll();
        if (received)
            *received += data;
    }
    return socket.state() == QAbstractSocket::UnconnectedState ? timer.elapsed() : -1;
}

// Keeps `socket` open for `ms` without sending anything; false if the server closed it.
bool stayOpenFor(QTcpSocket &socket, int ms)
{
    QDeadlineTimer deadline(ms);
    while (!deadline.hasExpired()) {
        socket.waitForReadyRead(int(std::max<qint64>(1, std::min<qint64>(100, deadline.remainingTime()))));
        if (socket.state() != QAbstractSocket::ConnectedState)
            return false;
    }
    return true;
}

// A client trickling a never-ending header one byte every `intervalMs`.
class SlowClient : public QObject
{
public:
    // `payload` is sent one byte at a time, from its start again when it runs out.
    SlowClient(quint16 port, int intervalMs, QByteArray payload = {})
        : m_payload(payload.isEmpty() ? "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + QByteArray(4096, 'a')
                                      : payload)
    {
        m_socket.connectToHost(u"127.0.0.1"_s, port);
        m_socket.waitForConnected(5000);
        m_clock.start();
        QObject::connect(&m_socket, &QTcpSocket::readyRead, this, [this] {
            m_received += m_socket.readAll();
            if (m_received.startsWith("HTTP/") && m_endedMs < 0)
                m_endedMs = m_clock.elapsed();
        });
        QObject::connect(&m_socket, &QTcpSocket::disconnected, this, [this] {
            if (m_endedMs < 0)
                m_endedMs = m_clock.elapsed();
            m_timer.stop();
        });
        QObject::connect(&m_timer, &QTimer::timeout, this, [this] { sendByte(); });
        sendByte();
        m_timer.start(intervalMs);
    }

    bool connected() const { return m_connectedOnce; }
    // Milliseconds from the first byte until the server answered or closed; -1 while neither.
    qint64 endedMs() const { return m_endedMs; }
    qint64 bytesSent() const { return m_sent; }
    const QByteArray &received() const { return m_received; }

private:
    void sendByte()
    {
        static const QByteArray request =
            "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + QByteArray(4096, 'a');
        if (m_socket.state() != QAbstractSocket::ConnectedState || m_endedMs >= 0) {
            m_timer.stop();
            return;
        }
        m_connectedOnce = true;
        m_socket.write(m_payload.mid(m_sent % m_payload.size(), 1));
        m_socket.flush();
        ++m_sent;
    }

    QByteArray m_payload;
    QTcpSocket m_socket;
    QTimer m_timer;
    QElapsedTimer m_clock;
    QByteArray m_received;
    qint64 m_endedMs = -1;
    qint64 m_sent = 0;
    bool m_connectedOnce = false;
};

// Runs the event loop until every client ended or `timeoutMs` passed.
void waitForAll(const std::vector<std::unique_ptr<SlowClient>> &clients, int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired()) {
        bool all = true;
        for (const auto &c : clients)
            all = all && c->endedMs() >= 0;
        if (all)
            return;
        QEventLoop loop;
        QTimer::singleShot(20, &loop, &QEventLoop::quit);
        loop.exec();
    }
}

} // namespace

class TestConnectionLimits : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void idleKeepAliveConnectionIsClosed();
    void idleTimeoutCountsFromTheLastAnswer();
    void silentConnectionIsClosedWithinHeaderTimeout();
    void slowlorisIsCutOffWhileOthersAreServed();
    void manySlowClientsDoNotStarveOthers();
    void blankLineTrickleIsCutOff();
    void busyConnectionIsNotClosedAsIdle();
    void rejectedConnectionsLeaveNoStateBehind();
    void serverStillServesAfterwards();

private:
    std::unique_ptr<TestServer> m_server;
    HttpClient m_http;
};

void TestConnectionLimits::initTestCase()
{
    m_server = std::make_unique<TestServer>(QStringList{u"--no-request-log"_s, u"--login-rate"_s, u"0"_s,
                                                        u"--idle-timeout"_s, QString::number(kTimeoutSeconds),
                                                        u"--header-timeout"_s, QString::number(kTimeoutSeconds)});
    QVERIFY2(m_server->start(), m_server->log().constData());
}

void TestConnectionLimits::idleKeepAliveConnectionIsClosed()
{
    QTcpSocket socket;
    socket.connectToHost(u"127.0.0.1"_s, m_server->port());
    QVERIFY(socket.waitForConnected(5000));
    socket.write(kHealthRequest);
    const QByteArray answer = td::test::RawAnswerReader(socket).next(5000);
    QVERIFY2(answer.startsWith("HTTP/1.1 200"), answer.constData());
    QVERIFY2(!answer.toLower().contains("connection: close"), answer.constData()); // kept alive
    const qint64 ms = msUntilClosed(socket, 8000);
    QVERIFY2(ms >= 0, "an idle keep-alive connection was still open after 8 s");
    QVERIFY2(ms >= kTimeoutSeconds * 1000 - 500 && ms <= 4000, QByteArray::number(ms).constData());
}

void TestConnectionLimits::idleTimeoutCountsFromTheLastAnswer()
{
    QTcpSocket socket;
    socket.connectToHost(u"127.0.0.1"_s, m_server->port());
    QVERIFY(socket.waitForConnected(5000));
    td::test::RawAnswerReader answers(socket);
    socket.write(kHealthRequest);
    QVERIFY(answers.next(5000).startsWith("HTTP/1.1 200"));
    // Well within the idle timeout the connection is still usable...
    QVERIFY2(stayOpenFor(socket, 1200), "closed before the idle timeout");
    socket.write(kHealthRequest);
    const QByteArray second = answers.next(5000);
    QVERIFY2(second.startsWith("HTTP/1.1 200"), second.constData());
    // ...and the timeout starts again from this answer.
    QVERIFY2(stayOpenFor(socket, 1200), "closed less than the idle timeout after the second answer");
    const qint64 ms = msUntilClosed(socket, 8000);
    QVERIFY2(ms >= 0 && ms + 1200 <= 4000, QByteArray::number(ms).constData());
}

void TestConnectionLimits::silentConnectionIsClosedWithinHeaderTimeout()
{
    QTcpSocket socket;
    socket.connectToHost(u"127.0.0.1"_s, m_server->port());
    QVERIFY(socket.waitForConnected(5000));
    QByteArray received;
    const qint64 ms = msUntilClosed(socket, 8000, &received);
    QVERIFY2(ms >= 0, "a connection that never sent anything was still open after 8 s");
    QVERIFY2(ms >= kTimeoutSeconds * 1000 - 500 && ms <= 4000, QByteArray::number(ms).constData());
    // Nothing was started, so there is nothing to answer.
    QVERIFY2(received.isEmpty() || received.startsWith("HTTP/1.1 408"), received.constData());
}

void TestConnectionLimits::slowlorisIsCutOffWhileOthersAreServed()
{
    std::vector<std::unique_ptr<SlowClient>> clients;
    clients.push_back(std::make_unique<SlowClient>(m_server->port(), 500));
    QVERIFY(clients.front()->connected());

    // A second into the trickle, an ordinary client is served at once.
    QEventLoop pause;
    QTimer::singleShot(1000, &pause, &QEventLoop::quit);
    pause.exec();
    QElapsedTimer served;
    served.start();
    const HttpReply other = call(m_http, QString(), "GET", m_server->url(u"/healthz"_s));
    QVERIFY2(other.status == 200, describe(other).constData());
    QVERIFY2(served.elapsed() < 1000, QByteArray::number(served.elapsed()).constData());
    QCOMPARE(call(m_http, m_server->adminToken(), "GET", m_server->url(u"/api/v1/projects"_s)).status, 200);

    waitForAll(clients, 8000);
    const SlowClient &slow = *clients.front();
    QVERIFY2(slow.endedMs() >= 0, "a slowloris client was neither answered nor closed after 8 s");
    QVERIFY2(slow.endedMs() <= 4000, QByteArray::number(slow.endedMs()).constData());
    QVERIFY2(slow.endedMs() >= kTimeoutSeconds * 1000 - 500, QByteArray::number(slow.endedMs()).constData());
    QVERIFY2(slow.received().isEmpty() || slow.received().startsWith("HTTP/1.1 408"), slow.received().constData());
    QVERIFY(slow.bytesSent() >= 3); // it really was trickling
}

void TestConnectionLimits::manySlowClientsDoNotStarveOthers()
{
    std::vector<std::unique_ptr<SlowClient>> clients;
    for (int i = 0; i < 30; ++i)
        clients.push_back(std::make_unique<SlowClient>(m_server->port(), 500));
    for (const auto &c : clients)
        QVERIFY(c->connected());
    QEventLoop pause;
    QTimer::singleShot(700, &pause, &QEventLoop::quit);
    pause.exec();
    for (int i = 0; i < 3; ++i) {
        QElapsedTimer served;
        served.start();
        const HttpReply other = call(m_http, QString(), "GET", m_server->url(u"/healthz"_s));
        QVERIFY2(other.status == 200, describe(other).constData());
        QVERIFY2(served.elapsed() < 1000, QByteArray::number(served.elapsed()).constData());
    }
    waitForAll(clients, 8000);
    int answered408 = 0;
    for (const auto &c : clients) {
        QVERIFY2(c->endedMs() >= 0 && c->endedMs() <= 4500, QByteArray::number(c->endedMs()).constData());
        QVERIFY2(c->received().isEmpty() || c->received().startsWith("HTTP/1.1 408"), c->received().constData());
        answered408 += c->received().startsWith("HTTP/1.1 408") ? 1 : 0;
    }
    qInfo("%d of %d slow clients were answered 408, the rest closed", answered408, int(clients.size()));
}

void TestConnectionLimits::blankLineTrickleIsCutOff()
{
    // A slowloris that trickles only line ends ("\r\n", one byte every 500 ms) never
    // sends a request either: its headers have not arrived within the header
    // timeout, so it must be answered 408 or closed like any other trickle.
    std::vector<std::unique_ptr<SlowClient>> clients;
    clients.push_back(std::make_unique<SlowClient>(m_server->port(), 500, QByteArray("\r\n")));
    QVERIFY(clients.front()->connected());
    waitForAll(clients, 8000);
    const SlowClient &slow = *clients.front();
    const QByteArray what = "ended after " + QByteArray::number(slow.endedMs()) + " ms (-1: still open after 8 s), "
                            + QByteArray::number(slow.bytesSent()) + " bytes sent";
    QVERIFY2(slow.endedMs() >= 0 && slow.endedMs() <= 4000, what.constData());
    QVERIFY2(slow.received().isEmpty() || slow.received().startsWith("HTTP/1.1 408"), slow.received().constData());
}

void TestConnectionLimits::busyConnectionIsNotClosedAsIdle()
{
    // A connection waiting for the answer to its request is not idle. Sign-ins hash
    // on two threads, so enough of them at once keep the last ones waiting longer
    // than the idle timeout: every connection must still get its answer.
    QElapsedTimer clock;
    clock.start();
    QCOMPARE(login(m_http, *m_server, u"admin"_s).status, 200);
    const qint64 oneMs = std::max<qint64>(10, clock.elapsed());
    const int count = int(std::clamp<qint64>((kTimeoutSeconds * 1000 + 1500) * 2 / oneMs + 1, 4, 80));
    const QByteArray body = jsonBytes({{u"username"_s, u"admin"_s}, {u"password"_s, password()}});
    const QByteArray request = "POST /api/v1/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
                               "application/json\r\nContent-Length: "
                               + QByteArray::number(body.size()) + "\r\n\r\n" + body;
    std::vector<std::unique_ptr<QTcpSocket>> sockets;
    for (int i = 0; i < count; ++i) {
        sockets.push_back(std::make_unique<QTcpSocket>());
        sockets.back()->connectToHost(u"127.0.0.1"_s, m_server->port());
        QVERIFY(sockets.back()->waitForConnected(5000));
        sockets.back()->write(request);
        sockets.back()->flush();
    }
    clock.restart();
    QList<QByteArray> answers(count);
    QList<qint64> endedMs(count, -1);
    QDeadlineTimer deadline(60000);
    int ended = 0;
    while (ended < count && !deadline.hasExpired()) {
        spin(20);
        for (int i = 0; i < count; ++i) {
            if (endedMs[i] >= 0)
                continue;
            answers[i] += sockets[size_t(i)]->readAll();
            const qsizetype headerEnd = answers[i].indexOf("\r\n\r\n");
            const bool complete = headerEnd >= 0 && answers[i].size() > headerEnd + 4 && answers[i].endsWith('}');
            if (complete || sockets[size_t(i)]->state() != QAbstractSocket::ConnectedState) {
                endedMs[i] = clock.elapsed();
                ++ended;
            }
        }
    }
    int unanswered = 0;
    qint64 firstDropMs = -1;
    qint64 slowestAnswerMs = 0;
    for (int i = 0; i < count; ++i) {
        if (answers[i].startsWith("HTTP/1.1 200")) {
            slowestAnswerMs = std::max(slowestAnswerMs, endedMs[i]);
        } else {
            ++unanswered;
            if (firstDropMs < 0 || (endedMs[i] >= 0 && endedMs[i] < firstDropMs))
                firstDropMs = endedMs[i];
        }
    }
    const QByteArray what = QByteArray::number(count) + " sign-ins at once (one alone took " + QByteArray::number(oneMs)
                            + " ms): " + QByteArray::number(unanswered) + " connections closed without an answer, "
                            + "the first after " + QByteArray::number(firstDropMs) + " ms; slowest answer after "
                            + QByteArray::number(slowestAnswerMs) + " ms";
    QVERIFY2(unanswered == 0, what.constData());
}

// The guard cuts a connection it refuses off from its signals; the answer-ordering
// state for it must still go with the socket. Once it leaked, and the next socket at
// the same address inherited its numbering and waited forever for an answer.
void TestConnectionLimits::rejectedConnectionsLeaveNoStateBehind()
{
    const QByteArray oversized = "POST /api/v1/projects HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
                                 "application/json\r\nContent-Length: 70000\r\n\r\n";
    constexpr int kRejected = 20;
    for (int i = 0; i < kRejected; ++i) {
        QTcpSocket socket;
        socket.connectToHost(u"127.0.0.1"_s, m_server->port());
        QVERIFY(socket.waitForConnected(5000));
        td::test::RawAnswerReader answers(socket);
        // The first request makes the server track the connection, the second is refused.
        socket.write(kHealthRequest);
        QVERIFY(answers.next(5000).startsWith("HTTP/1.1 200"));
        socket.write(oversized);
        const QByteArray refused = answers.next(5000);
        QVERIFY2(refused.startsWith("HTTP/1.1 413"), refused.constData());
        QVERIFY2(msUntilClosed(socket, 5000) >= 0, "the refused connection stayed open");
    }
    // Counted while it is served, the reading's own connection is the one left once the
    // server has let the closed ones (and any idle one, after its idle timeout) go.
    const QByteArray metricsRequest = "GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
    static const QRegularExpression gauge(uR"(^trialdesk_http_connections_tracked (-?\d+)$)"_s,
                                          QRegularExpression::MultilineOption);
    QDeadlineTimer deadline(kTimeoutSeconds * 1000 * 5);
    QString tracked;
    do {
        const QByteArray answer = td::test::rawExchange(m_server->port(), metricsRequest);
        const QRegularExpressionMatch match = gauge.match(QString::fromUtf8(answer));
        QVERIFY2(match.hasMatch(), answer.constData());
        tracked = match.captured(1);
        if (tracked == u"1"_s)
            break;
        QTest::qWait(50); // polling for a state to be reached, bounded by the deadline
    } while (!deadline.hasExpired());
    QCOMPARE(tracked, u"1"_s);
}

void TestConnectionLimits::serverStillServesAfterwards()
{
    QCOMPARE(call(m_http, QString(), "GET", m_server->url(u"/healthz"_s)).status, 200);
    const HttpReply projects = call(m_http, m_server->adminToken(), "GET", m_server->url(u"/api/v1/projects"_s));
    QVERIFY2(projects.status == 200, describe(projects).constData());
    QVERIFY(m_server->isRunning());
}

QTEST_GUILESS_MAIN(TestConnectionLimits)
#include "tst_connectionlimits.moc"

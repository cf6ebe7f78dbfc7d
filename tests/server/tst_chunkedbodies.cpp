// Chunked request bodies on a keep-alive connection (docs/security.md, "Abuse limits
// and transport"). ConnectionGuard must find where a `Transfer-Encoding: chunked`
// body ends however the client's writes cut it, so that the requests pipelined
// behind it are checked against the limits as requests of their own.
//
// Every request of the table is sent in two writes, cut at every byte offset in
// turn, on a fresh connection; behind it, in the second write, comes an ordinary
// GET /healthz, and after both answers a probe that declares a body over the
// limit. A server that kept its framing answers the chunked request as if it had
// been sent with a Content-Length, then 200, then 413 for the probe at once (its
// body is never sent, so without the guard's check there would be no answer at
// all). Oversized and malformed bodies are refused with 413 and 400 and the
// connection is closed.

#include "HttpClient.h"
#include "RawAnswerReader.h"
#include "SecurityTestKit.h"
#include "TestServer.h"

#include <QDeadlineTimer>
#include <QTcpSocket>
#include <QTest>
#include <QThread>
#include <memory>

using namespace Qt::StringLiterals;
using namespace td::test::security;
using td::test::bodyOf;
using td::test::RawAnswerReader;
using td::test::statusOf;
using td::test::TestServer;

namespace {

constexpr int kAnswerTimeoutMs = 5000;
const QByteArray kPayload = R"({"code":"CHUNK-1","title":"Chunked framing","status":"no-such-status"})";
const QByteArray kHealthRequest = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
// Over the 64 KiB limit: the guard answers 413 from the headers alone.
const QByteArray kOversizedProbe = "POST /api/v1/projects HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
                                   "application/json\r\nContent-Length: 70000\r\n\r\n";

// `payload` as one chunk per `pieceSize` bytes, sizes in upper-case hex.
QByteArray chunked(const QByteArray &payload, qsizetype pieceSize, const QByteArray &extension = {},
                   const QByteArray &trailers = {})
{
    QByteArray body;
    for (qsizetype at = 0; at < payload.size(); at += pieceSize) {
        const QByteArray piece = payload.mid(at, pieceSize);
        body += QByteArray::number(piece.size(), 16).toUpper() + extension + "\r\n" + piece + "\r\n";
    }
    return body + "0" + extension + "\r\n" + trailers + "\r\n";
}

} // namespace

class TestChunkedBodies : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void splitAtEveryOffset_data();
    void splitAtEveryOffset();

private:
    QByteArray postHead(const QByteArray &framing) const;

    std::unique_ptr<TestServer> m_server;
};

void TestChunkedBodies::initTestCase()
{
    m_server = std::make_unique<TestServer>(QStringList{u"--no-request-log"_s});
    QVERIFY2(m_server->start(), m_server->log().constData());
}

QByteArray TestChunkedBodies::postHead(const QByteArray &framing) const
{
    return "POST /api/v1/projects HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
           + m_server->adminToken().toUtf8() + "\r\nContent-Type: application/json\r\n" + framing + "\r\n";
}

// `framing`: the header lines that announce the body; `body`: the body as sent;
// `status`: the answer expected for it, 0 for "the same as with a Content-Length"
// (the requests behind it are then answered too; otherwise the connection closes).
void TestChunkedBodies::splitAtEveryOffset_data()
{
    QTest::addColumn<QByteArray>("framing");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("status");
    // QtHttpServer 6.4.2 itself (not the guard, which only reads along) loses a
    // request with trailer fields whose handler answers asynchronously (as every
    // route behind a bearer token does): the connection closes without an answer.
    // Such a row is checked once, as an expected failure; the scanner's unit test
    // (tst_chunkedbodyscanner) covers trailers cut at every offset.
    QTest::addColumn<bool>("qtLosesAnswer");

    const QByteArray te = "Transfer-Encoding: chunked\r\n";
    QTest::newRow("one chunk") << te << chunked(kPayload, kPayload.size()) << 0 << false;
    QTest::newRow("upper-case hex sizes") << te << chunked(kPayload, 11) << 0 << false;
    QTest::newRow("chunk extensions") << te << chunked(kPayload, 30, R"(;name=value;q="a b")") << 0 << false;
    QTest::newRow("trailers") << te << chunked(kPayload, 30, {}, "X-Checksum: abc\r\nX-Other:1\r\n") << 0 << true;
    QTest::newRow("header in capitals") << "TRANSFER-ENCODING: Chunked\r\n"_ba << chunked(kPayload, 16) << 0 << false;
    QTest::newRow("final coding of a list")
        << "Transfer-Encoding: identity\r\nTransfer-Encoding: chunked\r\n"_ba << chunked(kPayload, 16) << 0 << false;
    QTest::newRow("oversized body") << te << "11170\r\n"_ba + QByteArray(64, 'x') << 413 << false;
    QTest::newRow("malformed size") << te << "1x\r\n" + kPayload + "\r\n0\r\n\r\n" << 400 << false;
    QTest::newRow("data longer than its size") << te << "5\r\n" + kPayload + "\r\n0\r\n\r\n" << 400 << false;
    QTest::newRow("chunked not the final coding")
        << "Transfer-Encoding: chunked, gzip\r\n"_ba << chunked(kPayload, 16) << 400 << false;
    QTest::newRow("both Content-Length and chunked")
        << te + "Content-Length: " + QByteArray::number(kPayload.size()) + "\r\n"
        << chunked(kPayload, 16) << 400 << false;
}

void TestChunkedBodies::splitAtEveryOffset()
{
    QFETCH(QByteArray, framing);
    QFETCH(QByteArray, body);
    QFETCH(int, status);
    QFETCH(bool, qtLosesAnswer);

    // What the same payload gets with a Content-Length: the chunked request must be
    // answered alike, which shows the handler got the whole body.
    QByteArray reference;
    {
        QTcpSocket socket;
        socket.connectToHost(u"127.0.0.1"_s, m_server->port());
        QVERIFY(socket.waitForConnected(kAnswerTimeoutMs));
        socket.write(postHead("Content-Length: " + QByteArray::number(kPayload.size()) + "\r\n") + kPayload);
        RawAnswerReader answers(socket);
        reference = answers.next(kAnswerTimeoutMs);
        QVERIFY2(statusOf(reference) >= 400 && statusOf(reference) < 500, reference.constData());
    }

    const QByteArray request = postHead(framing) + body;
    if (qtLosesAnswer) {
        QTcpSocket socket;
        socket.connectToHost(u"127.0.0.1"_s, m_server->port());
        QVERIFY(socket.waitForConnected(kAnswerTimeoutMs));
        socket.write(request + kHealthRequest);
        RawAnswerReader answers(socket);
        const QByteArray first = answers.next(kAnswerTimeoutMs);
        const QByteArray second = answers.next(kAnswerTimeoutMs);
        QEXPECT_FAIL("", "QtHttpServer 6.4.2 loses an asynchronously answered request with trailer fields", Abort);
        QVERIFY2(statusOf(first) == statusOf(reference) && statusOf(second) == 200,
                 QByteArray("got " + first + "\nthen " + second).constData());
    }
    for (qsizetype offset = 1; offset < request.size(); ++offset) {
        const QByteArray where =
            "cut at byte " + QByteArray::number(offset) + " of " + QByteArray::number(request.size()) + ": ";
        QTcpSocket socket;
        socket.connectToHost(u"127.0.0.1"_s, m_server->port());
        QVERIFY(socket.waitForConnected(kAnswerTimeoutMs));
        socket.setSocketOption(QAbstractSocket::LowDelayOption, 1);
        socket.write(request.left(offset));
        QVERIFY(socket.waitForBytesWritten(kAnswerTimeoutMs));
        // Not a wait for something to (not) happen: it only gives the server time to
        // read the first part on its own, so that the cut is a cut for it too.
        QThread::usleep(1000);
        socket.write(request.mid(offset) + kHealthRequest);
        socket.flush();

        RawAnswerReader answers(socket);
        const QByteArray first = answers.next(kAnswerTimeoutMs);
        if (status != 0) {
            QVERIFY2(statusOf(first) == status, QByteArray(where + "got " + first).constData());
            QVERIFY2(first.contains("Connection: close"), QByteArray(where + first).constData());
            continue;
        }
        QVERIFY2(statusOf(first) == statusOf(reference) && bodyOf(first) == bodyOf(reference),
                 QByteArray(where + "got " + first + "\nexpected " + reference).constData());
        const QByteArray second = answers.next(kAnswerTimeoutMs);
        // QtHttpServer 6.4.2 parses a read that starts with the last LF of a chunked
        // body and goes on with the next request wrongly: that request keeps the
        // previous one's method (POST /healthz: 405). Whether the server reads the
        // two writes apart is up to timing, so both answers are accepted at that
        // cut; the guard stays in step either way (the probe below).
        const bool qtMisreads = offset == request.size() - 1 && statusOf(second) == 405;
        QVERIFY2(statusOf(second) == 200 || qtMisreads,
                 QByteArray(where + "the request behind it got " + second).constData());
        // Sent only now: a request the guard refuses is answered at once, ahead of
        // answers still being prepared for earlier requests on the connection.
        socket.write(kOversizedProbe);
        const QByteArray third = answers.next(kAnswerTimeoutMs);
        QVERIFY2(statusOf(third) == 413,
                 QByteArray(where + "the oversized probe behind it got " + (third.isEmpty() ? "no answer"_ba : third))
                     .constData());
    }
}

QTEST_GUILESS_MAIN(TestChunkedBodies)
#include "tst_chunkedbodies.moc"

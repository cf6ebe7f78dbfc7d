// ChunkedBodyScanner (server/http) on its own, without sockets: every chunked body
// of the table is fed split in two at every byte offset, and one byte at a time,
// with the start of a next pipelined request behind it. The scanner must find the
// same end (and the same refusal) however the bytes arrive, and never count bytes
// of the next request as body.

#include "http/ChunkedBodyScanner.h"

#include <QTest>
#include <vector>

using namespace Qt::StringLiterals;
using td::ChunkedBodyScanner;
using Status = td::ChunkedBodyScanner::Status;

namespace {

// Small limits so the limit rows stay short; the server uses 64 KiB and 16 KiB.
constexpr qint64 kMaxBody = 16;
constexpr qint64 kMaxTrailer = 64;
const QByteArray kNextRequest = "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n";

struct Outcome {
    Status status = Status::NeedMore;
    qsizetype consumed = 0; // bytes the scanner claimed for the body, over all pieces
    qint64 bodyBytes = 0;
};

// Feeds `pieces` in order until the scanner stops asking for more.
Outcome scan(const std::vector<QByteArrayView> &pieces)
{
    ChunkedBodyScanner scanner(kMaxBody, kMaxTrailer);
    Outcome outcome;
    for (const QByteArrayView piece : pieces) {
        qsizetype consumed = -1;
        outcome.status = scanner.feed(piece, &consumed);
        if (consumed < 0 || consumed > piece.size())
            qFatal("consumed %lld of a %lld-byte piece", qlonglong(consumed), qlonglong(piece.size()));
        outcome.consumed += consumed;
        if (outcome.status != Status::NeedMore)
            break;
    }
    outcome.bodyBytes = scanner.bodyBytes();
    return outcome;
}

const char *statusName(Status status)
{
    switch (status) {
    case Status::NeedMore:
        return "NeedMore";
    case Status::Done:
        return "Done";
    case Status::Malformed:
        return "Malformed";
    case Status::TooLarge:
        return "TooLarge";
    case Status::TrailerTooLarge:
        return "TrailerTooLarge";
    }
    return "?";
}

// Why a split went wrong, for the failure message.
QByteArray mismatch(const char *how, qsizetype offset, const Outcome &got, Status status, qint64 bodyBytes,
                    qsizetype bodyLength)
{
    return QByteArray(how) + " at offset " + QByteArray::number(offset) + ": got " + statusName(got.status) + ", "
           + QByteArray::number(got.consumed) + " bytes consumed, " + QByteArray::number(got.bodyBytes)
           + " data bytes; expected " + statusName(status) + ", " + QByteArray::number(bodyLength) + " consumed, "
           + QByteArray::number(bodyBytes) + " data bytes";
}

} // namespace

class TestChunkedBodyScanner : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void bodies_data();
    void splitAtEveryOffset_data() { bodies_data(); }
    void splitAtEveryOffset();
    void byteByByte_data() { bodies_data(); }
    void byteByByte();
    void unfinishedBodyNeedsMore();
    void resetStartsANewBody();
    void longSizeLineIsRefused();
};

// `body`: one chunked body as sent; `status`: what the scanner must answer once all
// of it (and the next request behind it) was fed; `bodyBytes`: chunk data when Done.
void TestChunkedBodyScanner::bodies_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<Status>("status");
    QTest::addColumn<qint64>("bodyBytes");

    QTest::newRow("one chunk") << "5\r\nhello\r\n0\r\n\r\n"_ba << Status::Done << qint64(5);
    QTest::newRow("two chunks") << "3\r\nabc\r\n4\r\ndefg\r\n0\r\n\r\n"_ba << Status::Done << qint64(7);
    QTest::newRow("empty body") << "0\r\n\r\n"_ba << Status::Done << qint64(0);
    QTest::newRow("uppercase hex") << "A\r\n0123456789\r\n0\r\n\r\n"_ba << Status::Done << qint64(10);
    QTest::newRow("mixed-case hex") << "fF\r\n"_ba << Status::TooLarge << qint64(0);
    QTest::newRow("leading zeros") << "0005\r\nhello\r\n000\r\n\r\n"_ba << Status::Done << qint64(5);
    QTest::newRow("terminator inside data") << "7\r\nx0\r\n\r\ny\r\n0\r\n\r\n"_ba << Status::Done << qint64(7);
    QTest::newRow("chunk extensions") << "5;name=value\r\nhello\r\n0;last\r\n\r\n"_ba << Status::Done << qint64(5);
    QTest::newRow("extensions with whitespace and quotes")
        << "5 ; a = \"q; \\\"x\"\r\nhello\r\n0\t;z\r\n\r\n"_ba << Status::Done << qint64(5);
    QTest::newRow("trailers") << "5\r\nhello\r\n0\r\nX-Checksum: abc\r\nX-Other:1\r\n\r\n"_ba << Status::Done
                              << qint64(5);
    QTest::newRow("trailer with empty value") << "0\r\nX-Empty:\r\n\r\n"_ba << Status::Done << qint64(0);
    QTest::newRow("exactly the limit") << "10\r\n0123456789abcdef\r\n0\r\n\r\n"_ba << Status::Done << qint64(16);

    QTest::newRow("one chunk over the limit") << "11\r\n"_ba << Status::TooLarge << qint64(0);
    QTest::newRow("chunks adding up over the limit")
        << "8\r\n01234567\r\n9\r\n012345678\r\n0\r\n\r\n"_ba << Status::TooLarge << qint64(8);
    QTest::newRow("size overflowing 64 bits") << "FFFFFFFFFFFFFFFFFFFFFFFF\r\n"_ba << Status::TooLarge << qint64(0);
    QTest::newRow("trailers too large") << "0\r\nX-Big: " + QByteArray(80, 'a') + "\r\n\r\n"
                                        << Status::TrailerTooLarge << qint64(0);

    QTest::newRow("not hex") << "g\r\nx\r\n0\r\n\r\n"_ba << Status::Malformed << qint64(0);
    QTest::newRow("no size") << "\r\n"_ba << Status::Malformed << qint64(0);
    QTest::newRow("negative size") << "-5\r\nhello\r\n0\r\n\r\n"_ba << Status::Malformed << qint64(0);
    QTest::newRow("0x prefix") << "0x5\r\nhello\r\n0\r\n\r\n"_ba << Status::Malformed << qint64(0);
    QTest::newRow("junk after size") << "a x\r\n"_ba << Status::Malformed << qint64(0);
    QTest::newRow("bare LF after size") << "5\nhello\r\n0\r\n\r\n"_ba << Status::Malformed << qint64(0);
    QTest::newRow("CR without LF after size") << "5\rhello\r\n0\r\n\r\n"_ba << Status::Malformed << qint64(0);
    QTest::newRow("data longer than its size") << "5\r\nhelloX\r\n0\r\n\r\n"_ba << Status::Malformed << qint64(5);
    QTest::newRow("control character in extension")
        << "5;a\x01\r\nhello\r\n0\r\n\r\n"_ba << Status::Malformed << qint64(0);
    QTest::newRow("trailer without colon") << "0\r\nNoColon\r\n\r\n"_ba << Status::Malformed << qint64(0);
    QTest::newRow("folded trailer") << "0\r\nX-A: 1\r\n continued\r\n\r\n"_ba << Status::Malformed << qint64(0);
    QTest::newRow("last chunk without final CRLF") << "0\r\n"_ba + kNextRequest << Status::Malformed << qint64(0);
}

void TestChunkedBodyScanner::splitAtEveryOffset()
{
    QFETCH(QByteArray, body);
    QFETCH(Status, status);
    QFETCH(qint64, bodyBytes);
    const QByteArray stream = body + kNextRequest; // the next request is pipelined behind
    for (qsizetype offset = 0; offset <= stream.size(); ++offset) {
        const QByteArrayView all(stream);
        const Outcome got = scan({all.first(offset), all.sliced(offset)});
        const bool done = status == Status::Done;
        const bool same =
            got.status == status && (!done || got.bodyBytes == bodyBytes) && (!done || got.consumed == body.size());
        QVERIFY2(same, mismatch("split", offset, got, status, bodyBytes, body.size()).constData());
    }
}

void TestChunkedBodyScanner::byteByByte()
{
    QFETCH(QByteArray, body);
    QFETCH(Status, status);
    QFETCH(qint64, bodyBytes);
    const QByteArray stream = body + kNextRequest;
    std::vector<QByteArrayView> bytes;
    for (qsizetype i = 0; i < stream.size(); ++i)
        bytes.push_back(QByteArrayView(stream).sliced(i, 1));
    const Outcome got = scan(bytes);
    QCOMPARE(statusName(got.status), statusName(status));
    if (status == Status::Done) {
        QCOMPARE(got.consumed, body.size());
        QCOMPARE(got.bodyBytes, bodyBytes);
    }
}

void TestChunkedBodyScanner::unfinishedBodyNeedsMore()
{
    ChunkedBodyScanner scanner(kMaxBody, kMaxTrailer);
    qsizetype consumed = 0;
    for (const char *piece : {"5\r\nhel", "lo\r", "\n0", "\r\nX-A: 1\r\n", "\r"}) {
        QCOMPARE(statusName(scanner.feed(piece, &consumed)), "NeedMore");
        QCOMPARE(consumed, qsizetype(qstrlen(piece))); // all of it is body
    }
    QCOMPARE(statusName(scanner.feed("\nGET", &consumed)), "Done");
    QCOMPARE(consumed, 1);
}

void TestChunkedBodyScanner::resetStartsANewBody()
{
    ChunkedBodyScanner scanner(kMaxBody, kMaxTrailer);
    qsizetype consumed = 0;
    QCOMPARE(statusName(scanner.feed("9\r\n012345678\r\n0\r\n\r\n", &consumed)), "Done");
    // Once ended it consumes nothing more: the rest is the next request.
    QCOMPARE(statusName(scanner.feed("8\r\n", &consumed)), "Done");
    QCOMPARE(consumed, 0);
    // The limit is per body, not per connection.
    scanner.reset();
    QCOMPARE(statusName(scanner.feed("9\r\n012345678\r\n0\r\n\r\n", &consumed)), "Done");
    QCOMPARE(scanner.bodyBytes(), qint64(9));
}

void TestChunkedBodyScanner::longSizeLineIsRefused()
{
    // However the client splits it, a chunk-size line is never buffered or read
    // beyond its bound: an endless extension is refused.
    ChunkedBodyScanner scanner(kMaxBody, kMaxTrailer);
    qsizetype consumed = 0;
    QCOMPARE(statusName(scanner.feed("5;ext=", &consumed)), "NeedMore");
    const QByteArray more(ChunkedBodyScanner::kMaxSizeLineBytes, 'a');
    QCOMPARE(statusName(scanner.feed(more, &consumed)), "Malformed");
}

QTEST_GUILESS_MAIN(TestChunkedBodyScanner)
#include "tst_chunkedbodyscanner.moc"

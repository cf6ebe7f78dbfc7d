// The events' WebSocket push channel (issue #16), with QWebSocket as the client of a
// real server: hello/welcome, catch-up from the table then live events without a gap
// or a duplicate at the seam, resume after a dropped connection and after a server
// restart, refusals (bad token 4401, subject token 4403, bad first message 4400,
// wrong path), heartbeats at a short configured interval, a logout closing the
// stream, the caller's scope; a client that stops reading closed with 4008 and
// resuming without loss or duplicate; on PostgreSQL also an event committed through one
// instance reaching a client of another within a second, and still after the LISTEN
// connection was terminated (the hub listens again).

#include "HttpClient.h"
#include "IntakeTestKit.h"
#include "SecurityTestKit.h"
#include "TestServer.h"
#include "Timestamps.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>
#include <QUuid>
#include <QWebSocket>
#include <arpa/inet.h>
#include <functional>
#include <memory>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace Qt::StringLiterals;
using namespace td::test::security;
using td::test::HttpClient;
using td::test::HttpReply;
using td::test::TestServer;

namespace {

// One stream connection: every message received, and how it was closed.
class StreamClient : public QObject
{
public:
    explicit StreamClient(quint16 port, const QString &path = u"/api/v1/events/stream"_s)
    {
        connect(&m_socket, &QWebSocket::textMessageReceived, this,
                [this](const QString &text) { m_messages.append(QJsonDocument::fromJson(text.toUtf8()).object()); });
        connect(&m_socket, &QWebSocket::disconnected, this, [this] {
            m_closed = true;
            m_closeCode = int(m_socket.closeCode());
        });
        m_socket.open(QUrl(u"ws://127.0.0.1:%1%2"_s.arg(port).arg(path)));
    }

    bool waitConnected()
    {
        return waitFor([this] { return m_socket.state() == QAbstractSocket::ConnectedState; });
    }
    void send(const QJsonObject &message)
    {
        m_socket.sendTextMessage(QString::fromUtf8(QJsonDocument(message).toJson(QJsonDocument::Compact)));
    }
    void hello(const QString &token, qint64 since)
    {
        send({{u"type"_s, u"hello"_s}, {u"token"_s, token}, {u"since"_s, since}});
    }
    template<typename Predicate>
    bool waitFor(Predicate done, int timeoutMs = 5000)
    {
        QElapsedTimer timer;
        timer.start();
        while (!done() && timer.elapsed() < timeoutMs)
            QTest::qWait(5);
        return done();
    }
    QList<QJsonObject> ofType(const QString &type) const
    {
        QList<QJsonObject> list;
        for (const QJsonObject &m : m_messages) {
            if (m.value(u"type"_s).toString() == type)
                list.append(m);
        }
        return list;
    }
    QList<qint64> eventSeqs() const
    {
        QList<qint64> seqs;
        for (const QJsonObject &m : ofType(u"event"_s))
            seqs.append(m.value(u"seq"_s).toInteger());
        return seqs;
    }
    qint64 lastEventSeq() const
    {
        const QList<qint64> seqs = eventSeqs();
        return seqs.isEmpty() ? 0 : seqs.constLast();
    }
    // Waits until a heartbeat says the stream has considered everything up to `seq`:
    // after that, no event up to `seq` may still arrive.
    bool waitPast(qint64 seq, int timeoutMs = 5000)
    {
        return waitFor(
            [this, seq] {
                for (const QJsonObject &m : ofType(u"heartbeat"_s)) {
                    if (m.value(u"lastSeq"_s).toInteger() >= seq)
                        return true;
                }
                return false;
            },
            timeoutMs);
    }
    void close() { m_socket.close(); }

    QWebSocket m_socket;
    QList<QJsonObject> m_messages;
    bool m_closed = false;
    int m_closeCode = 0;
};

// A stream client that does not read: a plain socket with a small receive buffer
// (set before connecting, so the window it offers stays small) that does the
// WebSocket handshake and the hello, then leaves what the server sends unread until
// read() takes everything at once.
class SilentReader
{
public:
    ~SilentReader()
    {
        if (m_fd >= 0)
            ::close(m_fd);
    }
    bool open(quint16 port, const QString &token, qint64 since)
    {
        m_fd = ::socket(AF_INET, SOCK_STREAM, 0);
        const int small = 4096;
        ::setsockopt(m_fd, SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_port = htons(port);
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (::connect(m_fd, reinterpret_cast<sockaddr *>(&address), sizeof address) != 0)
            return false;
        const QByteArray upgrade = "GET /api/v1/events/stream HTTP/1.1\r\nHost: 127.0.0.1:" + QByteArray::number(port)
                                   + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                                     "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
        if (!writeAll(upgrade))
            return false;
        QByteArray answer;
        while (!answer.contains("\r\n\r\n")) {
            char c;
            if (!waitReadable(5000) || ::read(m_fd, &c, 1) != 1)
                return false;
            answer.append(c);
        }
        if (!answer.startsWith("HTTP/1.1 101"))
            return false;
        const QByteArray hello =
            QJsonDocument(QJsonObject{{u"type"_s, u"hello"_s}, {u"token"_s, token}, {u"since"_s, since}})
                .toJson(QJsonDocument::Compact);
        // A client's frame is masked (RFC 6455 5.3); the key is arbitrary.
        QByteArray frame("\x81", 1);
        if (hello.size() < 126) {
            frame.append(char(0x80 | hello.size()));
        } else {
            frame.append(char(0x80 | 126));
            frame.append(char(hello.size() >> 8));
            frame.append(char(hello.size() & 0xff));
        }
        const char key[4] = {0x11, 0x22, 0x33, 0x44};
        frame.append(key, 4);
        for (qsizetype i = 0; i < hello.size(); ++i)
            frame.append(char(hello.at(i) ^ key[i % 4]));
        return writeAll(frame);
    }
    // Reads until the server closes the connection (or `timeoutMs` of silence, or
    // four times that in all).
    // Returns the text messages; `closeCode` is the close frame's code, 0 without one.
    QList<QJsonObject> readAll(int timeoutMs, int *closeCode)
    {
        QByteArray data;
        char chunk[65536];
        QElapsedTimer total;
        total.start();
        // A server that never closes (the failure this catches) keeps sending heartbeats.
        while (total.elapsed() < 4 * timeoutMs && waitReadable(timeoutMs)) {
            const ssize_t n = ::read(m_fd, chunk, sizeof chunk);
            if (n <= 0)
                break; // closed, or reset by the server's abort
            data.append(chunk, n);
        }
        *closeCode = 0;
        QList<QJsonObject> messages;
        qsizetype at = 0;
        while (at + 2 <= data.size()) {
            const quint8 opcode = quint8(data.at(at)) & 0x0f;
            quint64 length = quint8(data.at(at + 1)) & 0x7f;
            qsizetype header = 2;
            if (length == 126) {
                if (at + 4 > data.size())
                    break;
                length = (quint64(quint8(data.at(at + 2))) << 8) | quint8(data.at(at + 3));
                header = 4;
            } else if (length == 127) {
                if (at + 10 > data.size())
                    break;
                length = 0;
                for (int i = 0; i < 8; ++i)
                    length = (length << 8) | quint8(data.at(at + 2 + i));
                header = 10;
            }
            if (at + header + qsizetype(length) > data.size())
                break; // cut off by the reset
            const QByteArray payload = data.mid(at + header, qsizetype(length));
            if (opcode == 0x1)
                messages.append(QJsonDocument::fromJson(payload).object());
            else if (opcode == 0x8 && payload.size() >= 2)
                *closeCode = (quint8(payload.at(0)) << 8) | quint8(payload.at(1));
            at += header + qsizetype(length);
        }
        return messages;
    }

private:
    bool waitReadable(int timeoutMs)
    {
        pollfd p{m_fd, POLLIN, 0};
        return ::poll(&p, 1, timeoutMs) > 0;
    }
    bool writeAll(const QByteArray &bytes)
    {
        return ::write(m_fd, bytes.constData(), size_t(bytes.size())) == bytes.size();
    }

    int m_fd = -1;
};

// Runs `sql` (with `values` bound) through a connection of the test's own.
bool execOn(const TestServer &server, const QString &sql, const QVariantList &values = {}, int repeat = 1,
            const std::function<QVariantList(int)> &valuesOf = {})
{
    const QString name = u"tst-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces);
    bool ok = false;
    {
        QString error;
        QSqlDatabase db = td::test::openTestDatabase(name, server.databaseFile(), false, &error);
        if (!db.isValid()) {
            qWarning("%s", qPrintable(error));
        } else {
            db.transaction();
            {
                QSqlQuery q(db);
                q.prepare(sql);
                ok = true;
                for (int i = 0; i < repeat && ok; ++i) {
                    for (const QVariant &v : valuesOf ? valuesOf(i) : values)
                        q.addBindValue(v);
                    ok = q.exec();
                }
                if (!ok)
                    qWarning("%s: %s", qPrintable(sql), qPrintable(q.lastError().text()));
            }
            ok = ok && db.commit();
            db.close();
        }
    }
    QSqlDatabase::removeDatabase(name);
    return ok;
}

} // namespace

class TestEventStream : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void welcomeCatchUpThenLive();
    void helloWithoutSinceStartsFromNow();
    void resumeAfterDisconnect();
    void resumeAfterRestart();
    void refusedHello_data();
    void refusedHello();
    void wrongPathIsRefused();
    void heartbeats();
    void logoutClosesTheStream();
    void scopeApplies();
    void plainGetSaysWhereTheOutboxStands();
    void silentClientAndTooManyStreams();
    void slowReaderIsClosedAndResumes();
    void concurrentWritersStayGapFree();
    void otherInstanceWithinASecond();
    void listenSurvivesTerminatedBackend();

private:
    qint64 submit(const QString &subjectId = u"st-north-1"_s);
    qint64 head();

    std::unique_ptr<TestServer> m_server;
    HttpClient m_http;
    QString m_admin;
    QString m_subjectToken;
    QString m_northCrc;
};

qint64 TestEventStream::head()
{
    const HttpReply reply = call(m_http, m_admin, "GET", m_server->url(u"/api/v1/events/stream"_s));
    return reply.status == 200 ? reply.json().value(u"lastSeq"_s).toInteger() : -1;
}

qint64 TestEventStream::submit(const QString &subjectId)
{
    const HttpReply reply = submitQuestionnaire(m_http, *m_server, m_admin, subjectId);
    if (reply.status != 201)
        qWarning("%s", describe(reply).constData());
    return reply.status == 201 ? reply.json().value(u"id"_s).toInteger() : 0;
}

void TestEventStream::initTestCase()
{
    m_server = std::make_unique<TestServer>(QStringList{u"--no-request-log"_s, u"--login-rate"_s, u"0"_s,
                                                        u"--submission-rate-per-token"_s, u"0"_s,
                                                        u"--stream-heartbeat"_s, u"1"_s});
    QVERIFY2(m_server->start(), m_server->log().constData());
    m_admin = m_server->adminToken();
    for (const QString &code : {u"ST-A"_s, u"ST-B"_s}) {
        const HttpReply created = call(m_http, m_admin, "POST", m_server->url(u"/api/v1/projects"_s),
                                       jsonBytes({{u"code"_s, code},
                                                  {u"title"_s, u"Stream study"_s},
                                                  {u"status"_s, u"active"_s},
                                                  {u"sites"_s, QJsonArray{u"North"_s, u"South"_s}}}));
        QVERIFY2(created.status == 201, describe(created).constData());
    }
    const QList<std::tuple<QString, QString, QString>> subjects = {{u"ST-A"_s, u"st-north-1"_s, u"North"_s},
                                                                   {u"ST-A"_s, u"st-south-1"_s, u"South"_s},
                                                                   {u"ST-B"_s, u"st-b-1"_s, u"North"_s}};
    for (const auto &[code, subjectId, site] : subjects) {
        const HttpReply enrolled =
            call(m_http, m_admin, "POST", m_server->url(u"/api/v1/projects/%1/subjects"_s.arg(code)),
                 jsonBytes({{u"subjectId"_s, subjectId}, {u"name"_s, u"Stream Person"_s}, {u"site"_s, site}}));
        QVERIFY2(enrolled.status == 201, describe(enrolled).constData());
        if (subjectId == u"st-north-1"_s)
            m_subjectToken = enrolled.json().value(u"subjectToken"_s).toString();
    }
    m_northCrc = m_server->createStaff(u"st-crc"_s, u"crc"_s);
    QVERIFY(!m_northCrc.isEmpty());
    SECURITY_CHECK(grant(m_http, *m_server, u"st-crc"_s, u"ST-A"_s, u"crc"_s, {u"North"_s}));
}

void TestEventStream::cleanupTestCase()
{
    m_server.reset();
}

void TestEventStream::welcomeCatchUpThenLive()
{
    for (int i = 0; i < 3; ++i)
        QVERIFY(submit() > 0);
    const qint64 before = head();
    QVERIFY(before >= 6); // three enrolments, three submissions
    StreamClient client(m_server->port());
    QVERIFY(client.waitConnected());
    client.hello(m_admin, 0);
    QVERIFY(client.waitFor([&] { return client.lastEventSeq() >= before; }));
    const QJsonObject welcome = client.m_messages.first();
    QCOMPARE(welcome.value(u"type"_s).toString(), u"welcome"_s);
    QVERIFY(welcome.value(u"lastSeq"_s).toInteger() >= before);
    QCOMPARE(welcome.value(u"heartbeatSeconds"_s).toInt(), 1);
    // Catch-up from the table: every event from 1, in order.
    QList<qint64> expected;
    for (qint64 seq = 1; seq <= before; ++seq)
        expected.append(seq);
    QCOMPARE(client.eventSeqs().mid(0, int(before)), expected);
    const QJsonObject first = client.ofType(u"event"_s).first();
    QCOMPARE(first.value(u"eventType"_s).toString(), u"subject.enrolled"_s);
    QCOMPARE(first.value(u"project"_s).toString(), u"ST-A"_s);
    QCOMPARE(first.value(u"site"_s).toString(), u"North"_s);
    QCOMPARE(first.value(u"entityId"_s).toString(), u"st-north-1"_s);
    // Live: a submission now arrives within a second of its 201.
    QElapsedTimer latency;
    latency.start();
    const qint64 id = submit();
    QVERIFY(id > 0);
    QVERIFY(client.waitFor(
        [&] {
            const QList<QJsonObject> events = client.ofType(u"event"_s);
            return !events.isEmpty() && events.constLast().value(u"entityId"_s).toString() == QString::number(id);
        },
        1000));
    qInfo("live event %lld ms after the request was sent", static_cast<long long>(latency.elapsed()));
    QCOMPARE(client.lastEventSeq(), before + 1);
    // Nothing twice at the seam between catch-up and live.
    QVERIFY(client.waitPast(before + 1));
    expected.append(before + 1);
    QCOMPARE(client.eventSeqs(), expected);
}

// A fresh sign-in leaves `since` out: it is sent what commits from now on, not the
// whole outbox, and the welcome's lastSeq is where it would resume.
void TestEventStream::helloWithoutSinceStartsFromNow()
{
    QVERIFY(submit() > 0);
    const qint64 before = head();
    QVERIFY(before > 0);
    StreamClient client(m_server->port());
    QVERIFY(client.waitConnected());
    client.send({{u"type"_s, u"hello"_s}, {u"token"_s, m_admin}});
    QVERIFY(client.waitFor([&] { return !client.ofType(u"welcome"_s).isEmpty(); }));
    QCOMPARE(client.ofType(u"welcome"_s).first().value(u"lastSeq"_s).toInteger(), before);
    const qint64 id = submit();
    QVERIFY(id > 0);
    QVERIFY(client.waitFor([&] { return client.lastEventSeq() == before + 1; }));
    QVERIFY(client.waitPast(before + 1));
    QCOMPARE(client.eventSeqs(), QList<qint64>{before + 1});
    QCOMPARE(client.ofType(u"event"_s).first().value(u"entityId"_s).toString(), QString::number(id));
}

void TestEventStream::resumeAfterDisconnect()
{
    StreamClient first(m_server->port());
    QVERIFY(first.waitConnected());
    first.hello(m_admin, 0);
    const qint64 seen = head();
    QVERIFY(first.waitFor([&] { return first.lastEventSeq() >= seen; }));
    first.close();
    QVERIFY(first.waitFor([&] { return first.m_closed; }));
    QVERIFY(submit() > 0);
    QVERIFY(submit(u"st-b-1"_s) > 0);
    const qint64 now = head();
    QCOMPARE(now, seen + 2);
    StreamClient again(m_server->port());
    QVERIFY(again.waitConnected());
    again.hello(m_admin, seen);
    QVERIFY(again.waitPast(now));
    QCOMPARE(again.eventSeqs(), (QList<qint64>{seen + 1, seen + 2}));
}

void TestEventStream::resumeAfterRestart()
{
    const qint64 seen = head();
    QVERIFY(submit() > 0); // missed: committed after the client's last seq
    QVERIFY(m_server->stop());
    QVERIFY2(m_server->start(), m_server->log().constData());
    QVERIFY(submit() > 0); // after the restart
    QCOMPARE(head(), seen + 2);
    StreamClient client(m_server->port());
    QVERIFY(client.waitConnected());
    client.hello(m_admin, seen);
    QVERIFY(client.waitPast(seen + 2));
    QCOMPARE(client.eventSeqs(), (QList<qint64>{seen + 1, seen + 2}));
    // And live again on the restarted server.
    QVERIFY(submit() > 0);
    QVERIFY(client.waitFor([&] { return client.lastEventSeq() == seen + 3; }, 1000));
    QCOMPARE(client.eventSeqs(), (QList<qint64>{seen + 1, seen + 2, seen + 3}));
}

void TestEventStream::refusedHello_data()
{
    QTest::addColumn<QString>("message");
    QTest::addColumn<int>("closeCode");
    QTest::addColumn<QString>("code");
    QTest::newRow("unknown token") << u"{\"type\":\"hello\",\"token\":\"td_nope\",\"since\":0}"_s << 4401
                                   << u"unauthorized"_s;
    QTest::newRow("no token") << u"{\"type\":\"hello\",\"since\":0}"_s << 4401 << u"unauthorized"_s;
    QTest::newRow("subject token") << u"{\"type\":\"hello\",\"token\":\"SUBJECT\",\"since\":0}"_s << 4403
                                   << u"forbidden"_s;
    QTest::newRow("not JSON") << u"hello"_s << 4400 << u"bad_request"_s;
    QTest::newRow("other type") << u"{\"type\":\"ping\"}"_s << 4400 << u"bad_request"_s;
    QTest::newRow("negative since") << u"{\"type\":\"hello\",\"token\":\"ADMIN\",\"since\":-1}"_s << 4400
                                    << u"bad_request"_s;
    QTest::newRow("text since") << u"{\"type\":\"hello\",\"token\":\"ADMIN\",\"since\":\"5\"}"_s << 4400
                                << u"bad_request"_s;
    QTest::newRow("oversized") << QString(u"{\"type\":\"hello\",\"token\":\""_s + QString(8000, u'x') + u"\"}"_s)
                               << 1009 << QString();
}

void TestEventStream::refusedHello()
{
    QFETCH(QString, message);
    QFETCH(int, closeCode);
    QFETCH(QString, code);
    message.replace(u"SUBJECT"_s, m_subjectToken).replace(u"ADMIN"_s, m_admin);
    StreamClient client(m_server->port());
    QVERIFY(client.waitConnected());
    client.m_socket.sendTextMessage(message);
    QVERIFY(client.waitFor([&] { return client.m_closed; }));
    QCOMPARE(client.m_closeCode, closeCode);
    QVERIFY(client.ofType(u"event"_s).isEmpty());
    QVERIFY(client.ofType(u"welcome"_s).isEmpty());
    if (!code.isEmpty()) {
        const QList<QJsonObject> errors = client.ofType(u"error"_s);
        QCOMPARE(errors.size(), 1);
        QCOMPARE(errors.first().value(u"code"_s).toString(), code);
        QVERIFY(!errors.first().value(u"error"_s).toString().isEmpty());
    }
}

void TestEventStream::wrongPathIsRefused()
{
    StreamClient client(m_server->port(), u"/api/v1/elsewhere"_s);
    QVERIFY(client.waitFor([&] { return client.m_closed; }));
    QCOMPARE(client.m_closeCode, 4404);
}

void TestEventStream::heartbeats()
{
    StreamClient client(m_server->port());
    QVERIFY(client.waitConnected());
    client.hello(m_admin, head());
    QVERIFY(client.waitFor([&] { return client.ofType(u"heartbeat"_s).size() >= 2; }, 4000));
    const QJsonObject beat = client.ofType(u"heartbeat"_s).first();
    QCOMPARE(beat.value(u"lastSeq"_s).toInteger(), head());
    QVERIFY(QDateTime::fromString(beat.value(u"at"_s).toString(), Qt::ISODateWithMs).isValid());
    QVERIFY(!client.m_closed);
}

void TestEventStream::logoutClosesTheStream()
{
    const QString token = tokenOf(login(m_http, *m_server, u"st-crc"_s));
    QVERIFY(!token.isEmpty());
    StreamClient client(m_server->port());
    QVERIFY(client.waitConnected());
    client.hello(token, head());
    QVERIFY(client.waitFor([&] { return !client.ofType(u"welcome"_s).isEmpty(); }));
    QCOMPARE(call(m_http, token, "POST", m_server->url(u"/api/v1/auth/logout"_s)).status, 204);
    QVERIFY(client.waitFor([&] { return client.m_closed; }, 3000));
    QCOMPARE(client.m_closeCode, 4401);
}

void TestEventStream::scopeApplies()
{
    const qint64 from = head();
    StreamClient client(m_server->port());
    QVERIFY(client.waitConnected());
    client.hello(m_northCrc, from);
    QVERIFY(client.waitFor([&] { return !client.ofType(u"welcome"_s).isEmpty(); }));
    const qint64 south = submit(u"st-south-1"_s);
    const qint64 other = submit(u"st-b-1"_s);
    const qint64 north = submit(u"st-north-1"_s);
    QVERIFY(south > 0 && other > 0 && north > 0);
    QVERIFY(client.waitPast(from + 3));
    const QList<QJsonObject> events = client.ofType(u"event"_s);
    QCOMPARE(events.size(), 1);
    QCOMPARE(events.first().value(u"entityId"_s).toString(), QString::number(north));
}

void TestEventStream::plainGetSaysWhereTheOutboxStands()
{
    const HttpReply reply = call(m_http, m_admin, "GET", m_server->url(u"/api/v1/events/stream"_s));
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.json().value(u"protocol"_s).toString(), u"websocket"_s);
    QCOMPARE(reply.json().value(u"heartbeatSeconds"_s).toInt(), 1);
    QCOMPARE(call(m_http, m_subjectToken, "GET", m_server->url(u"/api/v1/events/stream"_s)).status, 403);
}

void TestEventStream::silentClientAndTooManyStreams()
{
    TestServer limited({u"--no-request-log"_s, u"--max-streams"_s, u"1"_s, u"--stream-hello-timeout"_s, u"1"_s},
                       TestServer::Backend::SQLite);
    QVERIFY2(limited.start(), limited.log().constData());
    StreamClient silent(limited.port());
    QVERIFY(silent.waitConnected());
    StreamClient second(limited.port());
    QVERIFY(second.waitFor([&] { return second.m_closed; }));
    QCOMPARE(second.m_closeCode, 4503);
    // The silent one is closed when its hello is overdue.
    QVERIFY(silent.waitFor([&] { return silent.m_closed; }, 4000));
    QCOMPARE(silent.m_closeCode, 4400);
    QCOMPARE(silent.ofType(u"error"_s).size(), 1);
    QCOMPARE(silent.ofType(u"error"_s).first().value(u"code"_s).toString(), u"bad_request"_s);
    // Its place is free again.
    StreamClient third(limited.port());
    QVERIFY(third.waitConnected());
    third.hello(limited.adminToken(), 0);
    QVERIFY(third.waitFor([&] { return !third.ofType(u"welcome"_s).isEmpty(); }));
}

// A client that stops reading while many events commit: the server does not buffer
// them without end but closes it (4008, or drops it when even the close frame cannot
// get through), and the client resuming with the last seq it read gets every other
// event exactly once.
void TestEventStream::slowReaderIsClosedAndResumes()
{
    TestServer server({u"--no-request-log"_s, u"--stream-heartbeat"_s, u"1"_s});
    QVERIFY2(server.start(), server.log().constData());
    SilentReader silent;
    QVERIFY(silent.open(server.port(), server.adminToken(), 0));
    StreamClient observer(server.port());
    QVERIFY(observer.waitConnected());
    observer.hello(server.adminToken(), 0);
    QVERIFY(observer.waitFor([&] { return !observer.ofType(u"welcome"_s).isEmpty(); }));
    // Far more than the kernel buffers on loopback (about 3 MB) and the 1 MiB a
    // stream may have unsent, committed the way another instance's would be: straight
    // into the table, which the hub polls (issue #16: the table is the truth). Long
    // entity ids make each event about 270 bytes.
    constexpr int kEvents = 25000;
    const QString padding(100, u'x');
    const QString at = td::formatTimestamp(QDateTime::currentDateTimeUtc());
    QVERIFY(execOn(
        server, u"INSERT INTO events (seq, project, site, type, entity_id, occurred_at) VALUES (?, ?, ?, ?, ?, ?)"_s,
        {}, kEvents, [&at, &padding](int i) {
            return QVariantList{
                i + 1, u"ST-SLOW"_s, u"North"_s, u"submission.stored"_s, u"slow-%1-%2"_s.arg(i + 1).arg(padding), at};
        }));
    QVERIFY(execOn(server, u"UPDATE event_counter SET last_seq = ? WHERE id = 1"_s, {kEvents}));
    // A reader that keeps up gets them all meanwhile.
    QVERIFY2(observer.waitFor([&] { return observer.lastEventSeq() == kEvents; }, 60000),
             qPrintable(u"observer at %1, closed %2 (%3)\n"_s.arg(observer.lastEventSeq())
                            .arg(observer.m_closed)
                            .arg(observer.m_closeCode)
                        + QString::fromUtf8(server.log().right(3000))));
    QCOMPARE(observer.eventSeqs().size(), kEvents);
    QVERIFY(!observer.m_closed);

    // The server gives up on the silent one (it logs that), then it reads at last.
    const bool gaveUp =
        observer.waitFor([&] { return server.log().contains("closed with 4008: the client does not read"); }, 15000);
    QVERIFY(gaveUp);
    int closeCode = 0;
    const QList<QJsonObject> read = silent.readAll(3000, &closeCode);
    QList<qint64> seen;
    for (const QJsonObject &m : read) {
        if (m.value(u"type"_s).toString() == u"event"_s)
            seen.append(m.value(u"seq"_s).toInteger());
    }
    qInfo("the silent reader got %lld of %d events, close code %d", static_cast<long long>(seen.size()), kEvents,
          closeCode);
    // Closed before it was sent everything: with 4008, or cut off (no close frame).
    QVERIFY(seen.size() < kEvents);
    QVERIFY(closeCode == 4008 || closeCode == 0);
    for (qsizetype i = 0; i < seen.size(); ++i)
        QCOMPARE(seen.at(i), i + 1);
    // Resuming after the last one read: the rest, each once, in order.
    const qint64 resumeFrom = seen.isEmpty() ? 0 : seen.constLast();
    StreamClient resumed(server.port());
    QVERIFY(resumed.waitConnected());
    resumed.hello(server.adminToken(), resumeFrom);
    QVERIFY(resumed.waitFor([&] { return resumed.lastEventSeq() == kEvents; }, 60000));
    const QList<qint64> rest = resumed.eventSeqs();
    QCOMPARE(rest.size(), kEvents - resumeFrom);
    for (qsizetype i = 0; i < rest.size(); ++i)
        QCOMPARE(rest.at(i), resumeFrom + 1 + i);
}

// Many writers at once (on PostgreSQL through two instances): the stream still sees
// every seq once, in order, without a gap.
void TestEventStream::concurrentWritersStayGapFree()
{
    std::unique_ptr<TestServer> second;
    if (TestServer::usesPostgres()) {
        second =
            std::make_unique<TestServer>(*m_server, QStringList{u"--no-request-log"_s, u"--submission-rate-per-token"_s,
                                                                u"0"_s, u"--stream-heartbeat"_s, u"1"_s});
        QVERIFY2(second->start(), second->log().constData());
    }
    const qint64 from = head();
    StreamClient client(second ? second->port() : m_server->port());
    QVERIFY(client.waitConnected());
    client.hello(m_admin, from);
    QVERIFY(client.waitFor([&] { return !client.ofType(u"welcome"_s).isEmpty(); }));
    constexpr int kWrites = 60;
    QList<td::test::intake::PendingRequest> requests;
    for (int i = 0; i < kWrites; ++i) {
        const TestServer &target = second && i % 2 ? *second : *m_server;
        const QString subjectId = i % 3 == 0 ? u"st-b-1"_s : u"st-north-1"_s;
        requests.append({"POST",
                         target.url(u"/api/v1/subjects/%1/vitals"_s.arg(subjectId)),
                         jsonBytes({{u"type"_s, u"heart_rate"_s}, {u"value"_s, 60 + i}}),
                         {{"Authorization", "Bearer " + m_admin.toUtf8()}, {"Content-Type", "application/json"}}});
    }
    const QList<HttpReply> replies = td::test::intake::runConcurrently(requests, 16, 4);
    for (const HttpReply &reply : replies)
        QVERIFY2(reply.status == 201, describe(reply).constData());
    QVERIFY(client.waitPast(from + kWrites));
    QList<qint64> expected;
    for (qint64 seq = from + 1; seq <= from + kWrites; ++seq)
        expected.append(seq);
    QCOMPARE(client.eventSeqs(), expected);
    QSet<QString> ids;
    for (const QJsonObject &e : client.ofType(u"event"_s))
        ids.insert(e.value(u"entityId"_s).toString());
    QCOMPARE(ids.size(), kWrites);
    for (const HttpReply &reply : replies)
        QVERIFY(ids.contains(QString::number(reply.json().value(u"id"_s).toInteger())));
}

void TestEventStream::otherInstanceWithinASecond()
{
    if (!TestServer::usesPostgres())
        QSKIP("several instances share a database on PostgreSQL only");
    TestServer second(*m_server, {u"--no-request-log"_s, u"--stream-heartbeat"_s, u"1"_s});
    QVERIFY2(second.start(), second.log().constData());
    StreamClient client(second.port());
    QVERIFY(client.waitConnected());
    client.hello(m_admin, head());
    QVERIFY(client.waitFor([&] { return !client.ofType(u"welcome"_s).isEmpty(); }));
    QList<qint64> latencies;
    for (int i = 0; i < 5; ++i) {
        const int before = int(client.ofType(u"event"_s).size());
        QElapsedTimer timer;
        timer.start();
        const qint64 id = submit(); // through the first instance
        QVERIFY(id > 0);
        const qint64 answered = timer.elapsed();
        QVERIFY(client.waitFor([&] { return client.ofType(u"event"_s).size() > before; }, 1000));
        QCOMPARE(client.ofType(u"event"_s).constLast().value(u"entityId"_s).toString(), QString::number(id));
        latencies.append(timer.elapsed() - answered);
    }
    qInfo("event committed on instance A seen by a client of instance B after (ms past the 201): %s",
          qPrintable(QString::fromLatin1(QJsonDocument(QJsonArray::fromVariantList([&] {
                                             QVariantList list;
                                             for (qint64 l : latencies)
                                                 list.append(l);
                                             return list;
                                         }()))
                                             .toJson(QJsonDocument::Compact))));
}

// The hub's LISTEN connection is terminated (as by a PostgreSQL restart or
// pg_terminate_backend): events committed by another instance keep arriving (the poll),
// and the hub LISTENs again on a new connection.
void TestEventStream::listenSurvivesTerminatedBackend()
{
    if (!TestServer::usesPostgres())
        QSKIP("LISTEN/NOTIFY is PostgreSQL's");
    TestServer second(*m_server, {u"--no-request-log"_s, u"--stream-heartbeat"_s, u"1"_s});
    QVERIFY2(second.start(), second.log().constData());
    const QString name = u"tst-listen-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces);
    {
        QString error;
        QSqlDatabase db = td::test::openTestDatabase(name, m_server->databaseFile(), false, &error);
        QVERIFY2(db.isValid(), qPrintable(error));
        const auto listeners = [&db] {
            QSet<qint64> pids;
            QSqlQuery q(db);
            if (!q.exec(u"SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
                        "AND pid <> pg_backend_pid() AND query LIKE 'LISTEN%'"_s))
                qWarning("%s", qPrintable(q.lastError().text()));
            while (q.next())
                pids.insert(q.value(0).toLongLong());
            return pids;
        };
        // One LISTEN connection per instance.
        QTRY_COMPARE_WITH_TIMEOUT(listeners().size(), 2, 5000);
        const QSet<qint64> before = listeners();
        QSqlQuery terminate(db);
        QVERIFY2(terminate.exec(u"SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = "
                                "current_database() AND pid <> pg_backend_pid() AND query LIKE 'LISTEN%'"_s),
                 qPrintable(terminate.lastError().text()));
        QVERIFY(terminate.next());
        QCOMPARE(terminate.value(0).toInt(), 2);

        StreamClient client(second.port());
        QVERIFY(client.waitConnected());
        client.hello(m_admin, head());
        QVERIFY(client.waitFor([&] { return !client.ofType(u"welcome"_s).isEmpty(); }));
        // Right after the loss: the poll still brings what the first instance commits.
        for (int i = 0; i < 2; ++i) {
            const int seen = int(client.ofType(u"event"_s).size());
            const qint64 id = submit(); // through the first instance
            QVERIFY(id > 0);
            QVERIFY(client.waitFor([&] { return client.ofType(u"event"_s).size() > seen; }, 1500));
            QCOMPARE(client.ofType(u"event"_s).constLast().value(u"entityId"_s).toString(), QString::number(id));
        }
        // Both hubs LISTEN again, on new connections.
        QTRY_VERIFY_WITH_TIMEOUT(listeners().size() == 2 && !listeners().intersects(before), 10000);
        QVERIFY(second.log().contains("the LISTEN connection was lost"));
        // Logged just after the new LISTEN, which pg_stat_activity may show first.
        QTRY_VERIFY_WITH_TIMEOUT(second.log().contains("listening for other instances' events again"), 5000);
        // And they are woken by the NOTIFY again: within a second, as before.
        for (int i = 0; i < 3; ++i) {
            const int seen = int(client.ofType(u"event"_s).size());
            const qint64 id = submit();
            QVERIFY(id > 0);
            QVERIFY(client.waitFor([&] { return client.ofType(u"event"_s).size() > seen; }, 1000));
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
}

QTEST_GUILESS_MAIN(TestEventStream)
#include "tst_eventstreamapi.moc"

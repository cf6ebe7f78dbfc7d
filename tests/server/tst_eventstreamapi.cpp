// The events' WebSocket push channel (issue #16), with QWebSocket as the client of a
// real server: hello/welcome, catch-up from the table then live events without a gap
// or a duplicate at the seam, resume after a dropped connection and after a server
// restart, refusals (bad token 4401, subject token 4403, bad first message 4400,
// wrong path), heartbeats at a short configured interval, a logout closing the
// stream, the caller's scope; on PostgreSQL also an event committed through one
// instance reaching a client of another within a second.

#include "HttpClient.h"
#include "IntakeTestKit.h"
#include "SecurityTestKit.h"
#include "TestServer.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>
#include <QWebSocket>
#include <memory>

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
    void concurrentWritersStayGapFree();
    void otherInstanceWithinASecond();

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

QTEST_GUILESS_MAIN(TestEventStream)
#include "tst_eventstreamapi.moc"

// Durability against a real trialdesk-server: every submission the server
// acknowledged with 201 is still there after the process is SIGKILLed right
// after the last answer, and a SIGTERM with requests in flight answers them,
// commits them and exits 0, also when they outlive the drain timeout.

#include "IntakeTestKit.h"
#include "RawAnswerReader.h"

#include <QDeadlineTimer>
#include <QJsonArray>
#include <QRegularExpression>
#include <QTcpSocket>
#include <QTest>
#include <memory>
#include <vector>

using namespace Qt::StringLiterals;
using namespace td::test;
using namespace td::test::intake;

namespace {

enum class Kind { Questionnaire, Vital };

constexpr int kSubjects = 10;
constexpr int kInFlight = 50;
constexpr int kManagers = 10; // QNetworkAccessManager keeps <= 6 connections per host

QString subjectFor(const QString &study, int i)
{
    return u"%1-S%2"_s.arg(study).arg(i % kSubjects);
}

// Request i of a burst: its own subject (round-robin), key and payload, so a
// stored row can be traced back to the request that made it.
PendingRequest burstRequest(const TestServer &server, Kind kind, const QString &study, int i)
{
    PendingRequest r;
    const QString subject = subjectFor(study, i);
    r.headers = adminAuthorization(server);
    r.headers.append({"Idempotency-Key", "burst-" + study.toLatin1() + '-' + QByteArray::number(i)});
    if (kind == Kind::Questionnaire) {
        r.url = questionnairesUrl(server, subject);
        r.body = jsonBytes({{u"subjectId"_s, subject},
                            {u"questionnaire"_s, u"burst"_s},
                            {u"answers"_s, QJsonObject{{u"seq"_s, i}, {u"note"_s, u"请求 %1"_s.arg(i)}}}});
    } else {
        r.url = vitalsUrl(server, subject);
        r.body = jsonBytes({{u"type"_s, u"heart_rate"_s},
                            {u"value"_s, 40 + i % 200},
                            {u"measuredAt"_s, rfc3339(QDateTime::currentDateTimeUtc().addSecs(-i))}});
    }
    return r;
}

// The value of trialdesk_db_queued_writes in GET /metrics, or -1.
int queuedWrites(HttpClient &http, const TestServer &server)
{
    const HttpReply reply = http.get(server.url(u"/metrics"_s));
    static const QRegularExpression line(uR"(^trialdesk_db_queued_writes (\d+)$)"_s,
                                         QRegularExpression::MultilineOption);
    const QRegularExpressionMatch match = line.match(QString::fromUtf8(reply.body));
    return reply.status == 200 && match.hasMatch() ? match.captured(1).toInt() : -1;
}

} // namespace

Q_DECLARE_METATYPE(Kind)

class TestDurability : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void acknowledgedWritesSurviveSigkill_data();
    void acknowledgedWritesSurviveSigkill();
    void sigtermFinishesRequestsInFlight();
    void writesOutlivingTheDrainTimeout_data();
    void writesOutlivingTheDrainTimeout();

private:
    bool prepareStudy(RestartableServer &server, const QString &study);
};

bool TestDurability::prepareStudy(RestartableServer &server, const QString &study)
{
    HttpClient http;
    if (createStudy(http, server.current(), study).status != 201)
        return false;
    for (int i = 0; i < kSubjects; ++i) {
        if (enrol(http, server.current(), study, subjectFor(study, i)).status != 201)
            return false;
    }
    return true;
}

void TestDurability::acknowledgedWritesSurviveSigkill_data()
{
    QTest::addColumn<Kind>("kind");
    QTest::addColumn<int>("count");
    QTest::newRow("500 questionnaires") << Kind::Questionnaire << 500;
    QTest::newRow("300 vital signs") << Kind::Vital << 300;
}

void TestDurability::acknowledgedWritesSurviveSigkill()
{
    QFETCH(Kind, kind);
    QFETCH(int, count);
    const QString study = u"DUR-KILL"_s;

    RestartableServer server{burstServerArguments()};
    QVERIFY2(server.start(), server.log().constData());
    QVERIFY(prepareStudy(server, study));

    QList<PendingRequest> requests;
    for (int i = 0; i < count; ++i)
        requests << burstRequest(server.current(), kind, study, i);
    // SIGKILL from inside the last answer's handler: not a moment's grace for
    // anything the server might still have buffered.
    int answered = 0;
    const QList<HttpReply> replies = runConcurrently(requests, kInFlight, kManagers, [&](qsizetype, const HttpReply &) {
        if (++answered == count)
            server.kill();
    });
    QVERIFY(!server.isRunning());

    QHash<qint64, int> acknowledged; // id -> request index
    for (int i = 0; i < count; ++i) {
        const HttpReply &reply = replies.at(i);
        QVERIFY2(reply.status == 201,
                 qPrintable(u"request %1: status %2 %3"_s.arg(i).arg(reply.status).arg(QString::fromUtf8(reply.body))));
        const qint64 id = reply.json().value(u"id"_s).toInteger();
        QVERIFY(id > 0);
        QVERIFY2(!acknowledged.contains(id), "two requests were acknowledged with the same id");
        acknowledged.insert(id, i);
    }

    QVERIFY2(server.start(), server.log().constData());

    // 1. The database file, read directly.
    const QString table = kind == Kind::Questionnaire ? u"questionnaire_submissions"_s : u"vital_signs"_s;
    DatabasePeek db(server.databaseFile());
    const auto rows = db.rows(u"SELECT id, subject_id FROM "_s + table);
    QVERIFY2(!rows.isEmpty(), qPrintable(db.lastError()));
    QCOMPARE(rows.size(), count);
    QSet<qint64> storedIds;
    for (const QVariantList &row : rows) {
        const qint64 id = row.at(0).toLongLong();
        QVERIFY2(acknowledged.contains(id), qPrintable(u"row %1 was never acknowledged"_s.arg(id)));
        QCOMPARE(row.at(1).toString(), subjectFor(study, acknowledged.value(id)));
        storedIds.insert(id);
    }
    for (auto it = acknowledged.cbegin(); it != acknowledged.cend(); ++it)
        QVERIFY2(storedIds.contains(it.key()), qPrintable(u"acknowledged id %1 is lost"_s.arg(it.key())));
    QCOMPARE(db.count(u"idempotency_keys"_s), qint64(count));

    // 2. Through the API: every acknowledged record, with its content.
    HttpClient http;
    for (auto it = acknowledged.cbegin(); it != acknowledged.cend(); ++it) {
        const QString path =
            (kind == Kind::Questionnaire ? u"/api/v1/submissions/%1"_s : u"/api/v1/vitals/%1"_s).arg(it.key());
        const HttpReply stored = http.get(server.url(path));
        QVERIFY2(stored.status == 200, qPrintable(path));
        const QJsonObject record = stored.json();
        QCOMPARE(record.value(u"subjectId"_s).toString(), subjectFor(study, it.value()));
        if (kind == Kind::Questionnaire)
            QCOMPARE(record.value(u"answers"_s).toObject().value(u"seq"_s).toInt(), it.value());
        else
            QCOMPARE(record.value(u"value"_s).toDouble(), double(40 + it.value() % 200));
    }

    // 3. The keys survived with them: retries are answered, not stored again.
    for (int i = 0; i < count; i += 37) {
        QUrl url = requests.at(i).url; // the previous life's port
        url.setPort(server.current().port());
        const HttpReply retry = http.post(url, requests.at(i).body, {requests.at(i).headers.constLast()});
        QCOMPARE(retry.status, 201);
        QCOMPARE(retry.header("Idempotent-Replayed"), QByteArray("true"));
        QCOMPARE(retry.body, replies.at(i).body);
    }
    QCOMPARE(DatabasePeek(server.databaseFile()).count(table), qint64(count));
    QVERIFY(server.stop());
}

void TestDurability::sigtermFinishesRequestsInFlight()
{
    const QString study = u"DUR-TERM"_s;
    constexpr int count = 400;
    constexpr int answersBeforeSigterm = 100;

    RestartableServer server{burstServerArguments()};
    QVERIFY2(server.start(), server.log().constData());
    QVERIFY(prepareStudy(server, study));

    QList<PendingRequest> requests;
    for (int i = 0; i < count; ++i)
        requests << burstRequest(server.current(), Kind::Questionnaire, study, i);

    int answered = 0;
    bool stopped = false;
    bool stopOk = false;
    int createdAfterSigterm = 0;
    QList<bool> uploaded;
    QList<bool> sentBeforeSigterm;
    const QList<HttpReply> replies = runConcurrently(
        requests, kInFlight, kManagers,
        [&](qsizetype, const HttpReply &reply) {
            ++answered;
            if (stopped && reply.status == 201)
                ++createdAfterSigterm; // was in flight when SIGTERM arrived
            if (answered == answersBeforeSigterm) {
                // SIGTERM with ~50 requests in flight, then wait for the exit.
                sentBeforeSigterm = uploaded;
                stopped = true;
                stopOk = server.stop();
            }
        },
        &uploaded);
    QVERIFY(stopped);
    QVERIFY2(stopOk, server.log().constData());
    QCOMPARE(server.exitCode(), 0);
    QVERIFY(server.log().contains("shutting down"));

    QHash<qint64, int> acknowledged;
    int refused = 0;
    for (int i = 0; i < count; ++i) {
        const HttpReply &reply = replies.at(i);
        if (reply.status == 201) {
            acknowledged.insert(reply.json().value(u"id"_s).toInteger(), i);
            continue;
        }
        // Refused because the server was going away: never another answer.
        QVERIFY2(reply.status == 0 || reply.status == 503,
                 qPrintable(u"request %1: status %2 %3"_s.arg(i).arg(reply.status).arg(QString::fromUtf8(reply.body))));
        ++refused;
    }
    int sentUnanswered = 0;
    for (int i = 0; i < count; ++i) {
        if (sentBeforeSigterm.value(i) && replies.at(i).status != 201)
            ++sentUnanswered;
    }
    QVERIFY(acknowledged.size() >= answersBeforeSigterm);
    // Whatever had reached the server when SIGTERM came was finished: answered.
    QVERIFY(sentBeforeSigterm.count(true) >= answersBeforeSigterm);
    QCOMPARE(sentUnanswered, 0);
    QVERIFY2(createdAfterSigterm > 0, "no request in flight at SIGTERM got its answer");
    qInfo("%d acknowledged (%d of them in flight at SIGTERM), %d refused", int(acknowledged.size()),
          createdAfterSigterm, refused);

    // Everything acknowledged is stored, and nothing was stored without its
    // requester being told.
    QVERIFY2(server.start(), server.log().constData());
    DatabasePeek db(server.databaseFile());
    const auto rows = db.rows(u"SELECT id, subject_id, answers FROM questionnaire_submissions"_s);
    QVERIFY2(db.lastError().isEmpty(), qPrintable(db.lastError()));
    QSet<qint64> storedIds;
    for (const QVariantList &row : rows) {
        const qint64 id = row.at(0).toLongLong();
        storedIds.insert(id);
        QVERIFY2(acknowledged.contains(id), qPrintable(u"row %1 was stored but its request got no 201"_s.arg(id)));
        const int seq = acknowledged.value(id);
        QCOMPARE(row.at(1).toString(), subjectFor(study, seq));
        QCOMPARE(QJsonDocument::fromJson(row.at(2).toString().toUtf8()).object().value(u"seq"_s).toInt(), seq);
    }
    for (auto it = acknowledged.cbegin(); it != acknowledged.cend(); ++it)
        QVERIFY2(storedIds.contains(it.key()), qPrintable(u"acknowledged id %1 is lost"_s.arg(it.key())));
    QCOMPARE(rows.size(), acknowledged.size());
    QVERIFY(server.stop());
    QCOMPARE(server.exitCode(), 0);
}

void TestDurability::writesOutlivingTheDrainTimeout_data()
{
    QTest::addColumn<int>("httpThreads");
    QTest::newRow("one HTTP thread") << 1;
    QTest::newRow("two HTTP threads") << 2;
}

// Requests that are still waiting for the database when the drain timeout ends
// (here: the test holds the writer's lock, as a long job or a slow disk would)
// must not have their answers delivered into HTTP threads that are gone. Their
// writes are committed once the database lets them, they are answered 201 on
// their still open connections, the server exits 0 (under AddressSanitizer: with
// no report), and what was acknowledged is in the database.
void TestDurability::writesOutlivingTheDrainTimeout()
{
    QFETCH(int, httpThreads);
    TestServer server(
        {u"--no-request-log"_s, u"--drain-timeout"_s, u"1"_s, u"--http-threads"_s, QString::number(httpThreads)});
    QVERIFY2(server.start(), server.log().constData());
    HttpClient http;

    // SQLite: BEGIN IMMEDIATE takes the write lock (the server's writer waits up to
    // its busy timeout, 10 s); PostgreSQL: the advisory lock every writer takes.
    const QString blockerName = u"drain-blocker-%1"_s.arg(httpThreads); // one per row, also when one fails
    std::vector<std::unique_ptr<QTcpSocket>> sockets;
    {
        QString error;
        QSqlDatabase blocker = openTestDatabase(blockerName, server.databaseFile(), false, &error);
        QVERIFY2(blocker.isValid(), qPrintable(error));
        QSqlQuery hold(blocker);
        QVERIFY2(hold.exec(TestServer::usesPostgres() ? u"SELECT pg_advisory_lock(7464001)"_s : u"BEGIN IMMEDIATE"_s),
                 qPrintable(hold.lastError().text()));

        // Writes until one waits in the queue: the writer is then stuck in a batch
        // of earlier ones, and none can finish while the lock is held. Each write
        // is given a moment to get through its sign-in check and reach the queue;
        // another is sent only if it joined the stuck batch instead.
        int queued = 0;
        QDeadlineTimer enough(20'000);
        while (queued < 1 && sockets.size() < 20 && !enough.hasExpired()) {
            const QByteArray body = jsonBytes({{u"code"_s, u"DRAIN-%1"_s.arg(sockets.size())},
                                               {u"title"_s, u"Drain study"_s},
                                               {u"status"_s, u"active"_s}});
            auto socket = std::make_unique<QTcpSocket>();
            socket->connectToHost(u"127.0.0.1"_s, server.port());
            QVERIFY(socket->waitForConnected(5000));
            socket->write("POST /api/v1/projects HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                          + server.adminToken().toUtf8() + "\r\nContent-Type: application/json\r\nContent-Length: "
                          + QByteArray::number(body.size()) + "\r\n\r\n" + body);
            QVERIFY(socket->waitForBytesWritten(5000));
            sockets.push_back(std::move(socket));
            QDeadlineTimer settled(1000);
            for (;;) {
                queued = queuedWrites(http, server);
                QVERIFY(queued >= 0);
                if (queued >= 1 || settled.hasExpired())
                    break;
                QTest::qWait(20);
            }
        }
        QVERIFY2(queued >= 1, "no write got stuck behind the held lock");

        server.terminate();
        QDeadlineTimer gaveUp(15'000);
        while (!server.log().contains("giving up on") && !gaveUp.hasExpired())
            QTest::qWait(20);
        QVERIFY2(server.log().contains("giving up on"), server.log().constData());
        // Before the fix the HTTP threads ended right after that line, closing the
        // held connections: the lock is kept until one of them closes (or for a
        // second at most), so a job finishing now finds those threads gone.
        QDeadlineTimer grace(1000);
        const auto anyClosed = [&sockets] {
            return std::any_of(sockets.begin(), sockets.end(), [](const auto &socket) {
                socket->waitForReadyRead(0);
                return socket->state() != QAbstractSocket::ConnectedState;
            });
        };
        while (!anyClosed() && !grace.hasExpired())
            QTest::qWait(20);
        QVERIFY2(hold.exec(TestServer::usesPostgres() ? u"SELECT pg_advisory_unlock(7464001)"_s : u"ROLLBACK"_s),
                 qPrintable(hold.lastError().text()));
    }
    QSqlDatabase::removeDatabase(blockerName);

    QDeadlineTimer answered(20'000);
    QList<QByteArray> answers;
    for (const auto &socket : sockets)
        answers << td::test::RawAnswerReader(*socket).next(answered);
    // The exit first: when answers went missing, the server's log says why.
    QVERIFY2(server.waitForExit(20'000), server.log().constData());
    QVERIFY2(server.exitCode() == 0, server.log().constData());
    QVERIFY2(!server.log().contains("AddressSanitizer") && !server.log().contains("runtime error"),
             server.log().constData());
    for (qsizetype i = 0; i < answers.size(); ++i) {
        QVERIFY2(answers[i].startsWith("HTTP/1.1 201"),
                 qPrintable(u"write %1 of %2 got %3"_s.arg(i)
                                .arg(answers.size())
                                .arg(answers[i].isEmpty() ? u"no answer"_s : QString::fromUtf8(answers[i]))));
    }
    DatabasePeek db(server.databaseFile());
    QCOMPARE(db.scalar(u"SELECT COUNT(*) FROM projects WHERE code LIKE 'DRAIN-%'"_s), qint64(sockets.size()));
}

QTEST_GUILESS_MAIN(TestDurability)
#include "tst_durability.moc"

// Durability against a real trialdesk-server: every submission the server
// acknowledged with 201 is still there after the process is SIGKILLed right
// after the last answer, and a SIGTERM with requests in flight answers them,
// commits them and exits 0.

#include "IntakeTestKit.h"

#include <QJsonArray>
#include <QTest>

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

} // namespace

Q_DECLARE_METATYPE(Kind)

class TestDurability : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void acknowledgedWritesSurviveSigkill_data();
    void acknowledgedWritesSurviveSigkill();
    void sigtermFinishesRequestsInFlight();

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

QTEST_GUILESS_MAIN(TestDurability)
#include "tst_durability.moc"

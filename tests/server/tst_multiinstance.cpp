// Two trialdesk-server instances on one PostgreSQL database, as behind a load
// balancer: whatever must be unique stays unique when both write at once
// (idempotency keys, study codes, subject ids), a lock-out or a sign-out made
// through one instance holds on the other, and the audit hash chain that both
// appended to verifies afterwards. A questionnaire definition published through one
// instance is what the other validates answers against within a second (issue #15). PostgreSQL only (registered as
// tst_multiinstance_pg).

#include "IntakeTestKit.h"

#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>
#include <map>

using namespace Qt::StringLiterals;
using namespace td::test;
using namespace td::test::intake;

namespace {

const QString kStudy = u"MULTI"_s;

QByteArray questionnaireBody(const QString &subjectId, int variant)
{
    return jsonBytes({{u"subjectId"_s, subjectId},
                      {u"questionnaire"_s, u"daily-symptoms"_s},
                      {u"answers"_s, QJsonObject{{u"pain"_s, variant % 10}, {u"note"_s, u"key %1"_s.arg(variant)}}},
                      {u"submitAt"_s, u"2024-05-01T08:00:00+08:00"_s}});
}

QByteArray vitalBody(int variant)
{
    return jsonBytes({{u"type"_s, u"blood_pressure"_s},
                      {u"systolic"_s, 110 + variant % 40},
                      {u"diastolic"_s, 80},
                      {u"measuredAt"_s, u"2024-05-01T07:55:00+08:00"_s}});
}

QString describe(const HttpReply &reply)
{
    return u"status %1: %2"_s.arg(reply.status).arg(QString::fromUtf8(reply.body));
}

} // namespace

class TestMultiInstance : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void concurrentSubmissionsWithSharedKeysStoreOnce();
    void concurrentStudyCodesAreUnique();
    void concurrentSubjectIdsAreUnique();
    void lockOutHoldsOnTheOtherInstance();
    void signOutHoldsOnTheOtherInstance();
    void publicationReachesTheOtherInstanceWithinASecond();
    void reconnectsAfterLosingTheDatabase();
    void passwordIsNeverPrinted();
    void auditChainVerifies();

private:
    HttpReply login(const TestServer &server, const QString &username, const QString &password);

    std::unique_ptr<TestServer> m_a;
    std::unique_ptr<TestServer> m_b;
    HttpClient m_http;
};

void TestMultiInstance::initTestCase()
{
    QVERIFY2(TestServer::usesPostgres(), "this test needs TRIALDESK_TEST_BACKEND=postgresql and a cluster");
    m_a = std::make_unique<TestServer>(burstServerArguments());
    QVERIFY2(m_a->start(), m_a->log().constData());
    m_b = std::make_unique<TestServer>(*m_a, burstServerArguments());
    QVERIFY2(m_b->start(), m_b->log().constData());
    QVERIFY(m_a->port() != m_b->port());
    QCOMPARE(createStudy(m_http, *m_a, kStudy).status, 201);
    // Each instance sees what the other wrote.
    QCOMPARE(m_http.get(m_b->url(u"/api/v1/projects/"_s + kStudy)).status, 200);
}

void TestMultiInstance::cleanupTestCase()
{
    if (m_b)
        QVERIFY(m_b->stop());
    m_b.reset();
    if (m_a)
        QVERIFY(m_a->stop());
}

HttpReply TestMultiInstance::login(const TestServer &server, const QString &username, const QString &password)
{
    HttpClient http;
    http.setToken(QString());
    return http.post(server.url(u"/api/v1/auth/login"_s),
                     jsonBytes({{u"username"_s, username}, {u"password"_s, password}}));
}

void TestMultiInstance::concurrentSubmissionsWithSharedKeysStoreOnce()
{
    const int subjects = 6;
    const int keysPerSubject = 20;
    const int copiesPerInstance = 2;
    for (int s = 0; s < subjects; ++s)
        QCOMPARE(enrol(m_http, *m_a, kStudy, u"MI-%1"_s.arg(s)).status, 201);

    // Every key is sent twice to each instance, all interleaved and in flight at once.
    QList<PendingRequest> requests;
    QList<QString> keyOf;
    for (int copy = 0; copy < copiesPerInstance; ++copy) {
        for (int k = 0; k < keysPerSubject; ++k) {
            for (int s = 0; s < subjects; ++s) {
                for (const TestServer *server : {m_a.get(), m_b.get()}) {
                    const QString subject = u"MI-%1"_s.arg(s);
                    const bool vital = k % 4 == 3;
                    const QString key = u"shared-%1-%2"_s.arg(s).arg(k);
                    PendingRequest r;
                    r.url = vital ? vitalsUrl(*server, subject) : questionnairesUrl(*server, subject);
                    r.body = vital ? vitalBody(k) : questionnaireBody(subject, k);
                    r.headers = Headers{{"Idempotency-Key", key.toLatin1()}} + adminAuthorization(*server);
                    requests << r;
                    keyOf << subject + u'/' + key;
                }
            }
        }
    }
    const QList<HttpReply> replies = runConcurrently(requests, 48, 8);

    std::map<QString, QByteArray> bodyOfKey;
    std::map<QString, int> originals;
    for (qsizetype i = 0; i < replies.size(); ++i) {
        const HttpReply &reply = replies.at(i);
        QVERIFY2(reply.status == 201, qPrintable(keyOf.at(i) + u": "_s + describe(reply)));
        auto [it, inserted] = bodyOfKey.emplace(keyOf.at(i), reply.body);
        // Every answer for one key, from either instance, names the same record.
        QVERIFY2(inserted || it->second == reply.body, qPrintable(keyOf.at(i) + u": "_s + QString::fromUtf8(it->second)
                                                                  + u" vs "_s + QString::fromUtf8(reply.body)));
        if (reply.header("Idempotent-Replayed").isEmpty())
            ++originals[keyOf.at(i)];
    }
    QCOMPARE(int(bodyOfKey.size()), subjects * keysPerSubject);
    for (const auto &[key, count] : originals)
        QVERIFY2(count == 1, qPrintable(u"%1 stored %2 times"_s.arg(key).arg(count)));
    QCOMPARE(int(originals.size()), subjects * keysPerSubject);

    // Exactly one row per key in the database.
    const DatabasePeek db(m_a->databaseFile());
    const int vitalKeys = keysPerSubject / 4;
    for (int s = 0; s < subjects; ++s) {
        const QString subject = u"MI-%1"_s.arg(s);
        QCOMPARE(db.count(u"idempotency_keys"_s, subject), qint64(keysPerSubject));
        QCOMPARE(db.count(u"questionnaire_submissions"_s, subject), qint64(keysPerSubject - vitalKeys));
        QCOMPARE(db.count(u"vital_signs"_s, subject), qint64(vitalKeys));
    }
}

void TestMultiInstance::concurrentStudyCodesAreUnique()
{
    // The same new code through both instances at once: one creates it, the other
    // gets the same 409 as on a single server.
    QList<PendingRequest> requests;
    const int codes = 15;
    for (int c = 0; c < codes; ++c) {
        for (const TestServer *server : {m_a.get(), m_b.get()}) {
            PendingRequest r;
            r.url = server->url(u"/api/v1/projects"_s);
            r.body = jsonBytes({{u"code"_s, u"RACE%1"_s.arg(c)}, {u"title"_s, u"Race"_s}, {u"status"_s, u"active"_s}});
            r.headers = adminAuthorization(*server);
            requests << r;
        }
    }
    const QList<HttpReply> replies = runConcurrently(requests, 30, 6);
    for (int c = 0; c < codes; ++c) {
        const HttpReply &first = replies.at(2 * c);
        const HttpReply &second = replies.at(2 * c + 1);
        QVERIFY2((first.status == 201) != (second.status == 201),
                 qPrintable(describe(first) + u" / "_s + describe(second)));
        const HttpReply &loser = first.status == 201 ? second : first;
        QVERIFY2(errorMismatch(loser, 409, u"duplicate_code"_s, u"code"_s).isEmpty(), qPrintable(describe(loser)));
    }
    QCOMPARE(DatabasePeek(m_a->databaseFile()).scalar(u"SELECT COUNT(*) FROM projects WHERE code LIKE 'RACE%'"_s),
             qint64(codes));
}

void TestMultiInstance::concurrentSubjectIdsAreUnique()
{
    // Chosen ids: one enrolment wins, the other is a 409. Generated ids: all distinct.
    QList<PendingRequest> requests;
    const int chosen = 10;
    const int generated = 20;
    for (int i = 0; i < chosen; ++i) {
        for (const TestServer *server : {m_a.get(), m_b.get()}) {
            PendingRequest r;
            r.url = server->url(u"/api/v1/projects/%1/subjects"_s.arg(kStudy));
            r.body = jsonBytes({{u"subjectId"_s, u"RACE-%1"_s.arg(i)}, {u"name"_s, u"Race"_s}});
            r.headers = adminAuthorization(*server);
            requests << r;
        }
    }
    for (int i = 0; i < generated; ++i) {
        const TestServer *server = i % 2 ? m_b.get() : m_a.get();
        PendingRequest r;
        r.url = server->url(u"/api/v1/projects/%1/subjects"_s.arg(kStudy));
        r.body = jsonBytes({{u"name"_s, u"Generated %1"_s.arg(i)}});
        r.headers = adminAuthorization(*server);
        requests << r;
    }
    const QList<HttpReply> replies = runConcurrently(requests, 40, 8);
    for (int i = 0; i < chosen; ++i) {
        const HttpReply &first = replies.at(2 * i);
        const HttpReply &second = replies.at(2 * i + 1);
        QVERIFY2((first.status == 201) != (second.status == 201),
                 qPrintable(describe(first) + u" / "_s + describe(second)));
        const HttpReply &loser = first.status == 201 ? second : first;
        QVERIFY2(errorMismatch(loser, 409, u"duplicate_subject_id"_s, u"subjectId"_s).isEmpty(),
                 qPrintable(describe(loser)));
    }
    QSet<QString> ids;
    for (int i = 0; i < generated; ++i) {
        const HttpReply &reply = replies.at(2 * chosen + i);
        QVERIFY2(reply.status == 201, qPrintable(describe(reply)));
        const QString id = reply.json().value(u"subjectId"_s).toString();
        QVERIFY2(!id.isEmpty(), reply.body.constData());
        ids.insert(id);
    }
    QCOMPARE(int(ids.size()), generated);
}

void TestMultiInstance::lockOutHoldsOnTheOtherInstance()
{
    const QString password = QString::fromUtf16(kTestPassword);
    QVERIFY(!m_a->createStaff(u"roamer"_s, u"crc"_s).isEmpty());
    // Failures through both instances count together: 3 + 2 reach the limit of 5.
    for (int i = 0; i < 5; ++i) {
        const HttpReply failed = login(i < 3 ? *m_a : *m_b, u"roamer"_s, u"wrong-password-%1"_s.arg(i));
        QVERIFY2(failed.status == 401, qPrintable(u"attempt %1: "_s.arg(i) + describe(failed)));
    }
    for (const TestServer *server : {m_a.get(), m_b.get()}) {
        const HttpReply locked = login(*server, u"roamer"_s, password); // even the right password
        QVERIFY2(errorMismatch(locked, 429, u"account_locked"_s).isEmpty(), qPrintable(describe(locked)));
        QVERIFY(!locked.json().contains(u"token"_s));
    }
}

void TestMultiInstance::signOutHoldsOnTheOtherInstance()
{
    const QString password = QString::fromUtf16(kTestPassword);
    QVERIFY(!m_a->createStaff(u"traveller"_s, u"monitor"_s).isEmpty());
    const QString token = login(*m_a, u"traveller"_s, password).json().value(u"token"_s).toString();
    QVERIFY(!token.isEmpty());
    HttpClient http;
    http.setToken(token);
    QCOMPARE(http.get(m_b->url(u"/api/v1/auth/me"_s)).status, 200);
    QCOMPARE(http.get(m_a->url(u"/api/v1/auth/me"_s)).status, 200);
    const HttpReply out = http.post(m_b->url(u"/api/v1/auth/logout"_s), {});
    QVERIFY2(out.status == 204, qPrintable(describe(out)));
    QCOMPARE(http.get(m_a->url(u"/api/v1/auth/me"_s)).status, 401);
    QCOMPARE(http.get(m_b->url(u"/api/v1/auth/me"_s)).status, 401);
}

void TestMultiInstance::publicationReachesTheOtherInstanceWithinASecond()
{
    const QString code = u"MULTI-DEF"_s;
    const QString subject = u"MI-DEF-1"_s;
    QCOMPARE(createStudy(m_http, *m_a, code).status, 201);
    QCOMPARE(enrol(m_http, *m_a, code, subject).status, 201);
    const QString base = u"/api/v1/projects/%1/questionnaires"_s.arg(code);
    const QJsonObject label{{u"en"_s, u"Pain"_s}, {u"zh_CN"_s, u"疼痛"_s}};
    auto definition = [&](int max) {
        return QJsonObject{{u"key"_s, u"pain-diary"_s},
                           {u"title"_s, label},
                           {u"items"_s, QJsonArray{QJsonObject{{u"key"_s, u"pain"_s},
                                                               {u"type"_s, u"ratingScale"_s},
                                                               {u"required"_s, true},
                                                               {u"max"_s, max},
                                                               {u"label"_s, label}}}}};
    };
    const QByteArray signature =
        jsonBytes({{u"password"_s, QString::fromUtf16(kTestPassword)}, {u"meaning"_s, u"Approved"_s}});
    auto submitTo = [&](const TestServer &server, int pain) {
        return m_http.post(questionnairesUrl(server, subject),
                           jsonBytes({{u"subjectId"_s, subject},
                                      {u"questionnaire"_s, u"pain-diary"_s},
                                      {u"answers"_s, QJsonObject{{u"pain"_s, pain}}}}));
    };
    // Until B learns that a published definition forbids it, it accepts 8 (version 1
    // allows 0-10) and, before version 1, anything: what matters is how soon it refuses.
    auto refusedByBWithin = [&](int pain, qint64 *elapsedMs) {
        QElapsedTimer clock;
        clock.start();
        const QDeadlineTimer deadline(3000);
        while (!deadline.hasExpired()) {
            const HttpReply reply = submitTo(*m_b, pain);
            if (reply.status == 400) {
                *elapsedMs = clock.elapsed();
                return reply.json().value(u"code"_s).toString() == u"invalid_answers"_s;
            }
            if (reply.status != 201)
                return false;
            QTest::qWait(10);
        }
        *elapsedMs = clock.elapsed();
        return false;
    };

    QCOMPARE(m_http.post(m_a->url(base), jsonBytes(definition(10))).status, 201);
    QCOMPARE(m_http.post(m_a->url(base + u"/pain-diary/versions/1/publish"_s), signature).status, 200);
    // A validates against it from its publication's answer on.
    QCOMPARE(submitTo(*m_a, 11).status, 400);
    qint64 elapsed = 0;
    QVERIFY2(refusedByBWithin(11, &elapsed), qPrintable(u"B still accepts 11 after %1 ms"_s.arg(elapsed)));
    QVERIFY2(elapsed < 1000, qPrintable(u"%1 ms"_s.arg(elapsed)));
    qInfo("instance B refused what version 1 forbids %lld ms after A published it", elapsed);
    QCOMPARE(submitTo(*m_b, 8).json().value(u"definitionVersion"_s).toInt(), 1);

    // Version 2 narrows the scale to 0-5.
    QCOMPARE(m_http.post(m_a->url(base + u"/pain-diary/versions"_s), "{}").status, 201);
    const HttpReply edited = m_http.send("PUT", m_a->url(base + u"/pain-diary/versions/2"_s), jsonBytes(definition(5)),
                                         {}, "application/json");
    QCOMPARE(edited.status, 200);
    QCOMPARE(m_http.post(m_a->url(base + u"/pain-diary/versions/2/publish"_s), signature).status, 200);
    QCOMPARE(submitTo(*m_a, 8).status, 400);
    QVERIFY2(refusedByBWithin(8, &elapsed), qPrintable(u"B still accepts 8 after %1 ms"_s.arg(elapsed)));
    QVERIFY2(elapsed < 1000, qPrintable(u"%1 ms"_s.arg(elapsed)));
    qInfo("instance B refused what version 2 forbids %lld ms after A published it", elapsed);
    QCOMPARE(submitTo(*m_b, 5).json().value(u"definitionVersion"_s).toInt(), 2);
}

void TestMultiInstance::reconnectsAfterLosingTheDatabase()
{
    // Every connection of both instances is cut, as by a PostgreSQL restart or a
    // fail-over: requests may fail for a moment (500/503), then both instances
    // reconnect by themselves and read and write again.
    const QString peek = u"terminator"_s;
    {
        QString error;
        QSqlDatabase db = openTestDatabase(peek, m_a->databaseFile(), false, &error);
        QVERIFY2(db.isValid(), qPrintable(error));
        QSqlQuery q(db);
        QVERIFY2(q.exec(u"SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity "
                        "WHERE datname = current_database() AND pid <> pg_backend_pid()"_s),
                 qPrintable(q.lastError().text()));
        QVERIFY(q.next());
        QVERIFY2(q.value(0).toInt() >= 2 * 3, qPrintable(q.value(0).toString())); // readers + writer each
    }
    QSqlDatabase::removeDatabase(peek);

    for (const TestServer *server : {m_a.get(), m_b.get()}) {
        int attempts = 0;
        HttpReply read;
        HttpReply written;
        do {
            ++attempts;
            if (attempts > 1)
                QTest::qWait(200);
            read = m_http.get(server->url(u"/api/v1/projects/"_s + kStudy));
            written = m_http.post(questionnairesUrl(*server, u"MI-0"_s), questionnaireBody(u"MI-0"_s, attempts));
            QVERIFY2(read.status == 200 || read.status == 500 || read.status == 503, qPrintable(describe(read)));
            QVERIFY2(written.status == 201 || written.status == 500 || written.status == 503,
                     qPrintable(describe(written)));
        } while ((read.status != 200 || written.status != 201) && attempts < 20);
        QVERIFY2(read.status == 200 && written.status == 201,
                 qPrintable(describe(read) + u" / "_s + describe(written)));
    }
}

void TestMultiInstance::passwordIsNeverPrinted()
{
    // The test cluster trusts 127.0.0.1, so any password connects; it must show up
    // neither in the start-up line nor in a connection error.
    const QByteArray secret = "pw-9f3k2-never-printed";
    QUrl url(m_a->databaseFile());
    url.setPassword(QString::fromLatin1(secret));
    TestServer third(*m_a, {u"--database"_s, url.toString()});
    QVERIFY2(third.start(), third.log().constData());
    QCOMPARE(m_http.get(third.url(u"/api/v1/projects/"_s + kStudy)).status, 200);
    QVERIFY(third.stop());
    const QByteArray log = third.log();
    QVERIFY2(log.contains(":***@127.0.0.1"), log.constData());
    QVERIFY2(!log.contains(secret), log.constData());

    url.setPort(1); // nothing listens there
    QByteArray output;
    QVERIFY(third.runCommand({u"--database"_s, url.toString(), u"audit"_s, u"verify"_s}, {}, &output) != 0);
    QVERIFY2(output.contains("cannot connect to"), output.constData());
    QVERIFY2(!output.contains(secret), output.constData());
}

void TestMultiInstance::auditChainVerifies()
{
    // Both instances appended to one chain, interleaved; it must verify link by link.
    QByteArray output;
    QCOMPARE(m_b->runCommand({u"audit"_s, u"verify"_s}, {}, &output), 0);
    QVERIFY2(output.contains("audit trail intact"), output.constData());
    const qint64 entries = DatabasePeek(m_a->databaseFile()).scalar(u"SELECT COUNT(*) FROM audit_log"_s);
    // At least one per stored submission (120), study (16) and enrolment (36).
    QVERIFY2(entries > 120 + 16 + 36, qPrintable(QString::number(entries)));
    QVERIFY2(output.contains(QByteArray(QByteArray::number(entries) + " entries")), output.constData());
}

QTEST_GUILESS_MAIN(TestMultiInstance)
#include "tst_multiinstance.moc"

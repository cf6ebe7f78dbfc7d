// Idempotency-Key against a real trialdesk-server: a retry gets the original
// answer and stores nothing new, a different request under a used key is a
// conflict, keys belong to one subject, malformed keys are refused, and all of
// that holds across graceful and SIGKILL restarts and under concurrent
// duplicates.

#include "IntakeTestKit.h"

#include <QJsonArray>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace td::test;
using namespace td::test::intake;

namespace {

const QString kStudy = u"IDEM"_s;

enum class Kind { Questionnaire, Vital };

QUrl postUrl(const TestServer &server, Kind kind, const QString &subjectId)
{
    return kind == Kind::Questionnaire ? questionnairesUrl(server, subjectId) : vitalsUrl(server, subjectId);
}

// A valid body of `kind` for `subjectId`; `variant` changes its content.
QByteArray bodyFor(Kind kind, const QString &subjectId, int variant = 0)
{
    if (kind == Kind::Questionnaire)
        return jsonBytes({{u"subjectId"_s, subjectId},
                          {u"questionnaire"_s, u"daily-symptoms"_s},
                          {u"answers"_s, QJsonObject{{u"pain"_s, variant}, {u"mood"_s, u"fair"_s}}},
                          {u"submitAt"_s, u"2024-05-01T08:00:00+08:00"_s}});
    return jsonBytes({{u"type"_s, u"blood_pressure"_s},
                      {u"systolic"_s, 130 + variant},
                      {u"diastolic"_s, 85},
                      {u"measuredAt"_s, u"2024-05-01T07:55:00+08:00"_s}});
}

QString table(Kind kind)
{
    return kind == Kind::Questionnaire ? u"questionnaire_submissions"_s : u"vital_signs"_s;
}

Headers withKey(const QByteArray &key)
{
    return {{"Idempotency-Key", key}};
}

} // namespace

Q_DECLARE_METATYPE(Kind)

class TestIdempotency : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void replayReturnsOriginalAndStoresOnce_data();
    void replayReturnsOriginalAndStoresOnce();
    void sameKeyDifferentBodyConflicts_data();
    void sameKeyDifferentBodyConflicts();
    void keyBelongsToOneSubject_data();
    void keyBelongsToOneSubject();
    void keyUsedForTheOtherKindConflicts_data();
    void keyUsedForTheOtherKindConflicts();
    void refusedRequestDoesNotUseTheKey();
    void replayAfterStudySuspended();
    void rejectsInvalidKeys_data();
    void rejectsInvalidKeys();
    void acceptsKeysAtTheLimits_data();
    void acceptsKeysAtTheLimits();
    void replaySurvivesRestart_data();
    void replaySurvivesRestart();
    void concurrentDuplicatesStoreOnce_data();
    void concurrentDuplicatesStoreOnce();

private:
    // A fresh subject in kStudy for one test, so counts are the test's own.
    QString newSubject();
    qint64 stored(Kind kind, const QString &subjectId) const
    {
        return DatabasePeek(m_server.databaseFile()).count(table(kind), subjectId);
    }
    qint64 storedKeys(const QString &subjectId) const
    {
        return DatabasePeek(m_server.databaseFile()).count(u"idempotency_keys"_s, subjectId);
    }

    const TestServer &server() const { return m_server.current(); }

    RestartableServer m_server{burstServerArguments()}; // replaySurvivesRestart restarts it
    HttpClient m_http;
    int m_subjects = 0;
};

void TestIdempotency::initTestCase()
{
    QVERIFY2(m_server.start(), m_server.log().constData());
    QCOMPARE(createStudy(m_http, server(), kStudy).status, 201);
}

void TestIdempotency::cleanupTestCase()
{
    QVERIFY(m_server.stop());
}

QString TestIdempotency::newSubject()
{
    const QString id = u"ID-%1"_s.arg(++m_subjects);
    const HttpReply reply = enrol(m_http, server(), kStudy, id);
    if (reply.status != 201)
        qWarning("enrolment of %s failed: %s", qPrintable(id), reply.body.constData());
    return id;
}

void TestIdempotency::replayReturnsOriginalAndStoresOnce_data()
{
    QTest::addColumn<Kind>("kind");
    QTest::newRow("questionnaire") << Kind::Questionnaire;
    QTest::newRow("vital") << Kind::Vital;
}

void TestIdempotency::replayReturnsOriginalAndStoresOnce()
{
    QFETCH(Kind, kind);
    const QString subject = newSubject();
    const QByteArray body = bodyFor(kind, subject);

    const HttpReply first = m_http.post(postUrl(server(), kind, subject), body, withKey("app-42-retry-safe"));
    QVERIFY2(first.status == 201, first.body.constData());
    QVERIFY(first.header("Idempotent-Replayed").isEmpty());
    QVERIFY(!first.header("Location").isEmpty());
    QCOMPARE(stored(kind, subject), 1);

    for (int attempt = 0; attempt < 3; ++attempt) {
        const HttpReply again = m_http.post(postUrl(server(), kind, subject), body, withKey("app-42-retry-safe"));
        QCOMPARE(again.status, 201);
        QCOMPARE(again.body, first.body); // byte for byte: same id, same receivedAt
        QCOMPARE(again.header("Location"), first.header("Location"));
        QCOMPARE(again.header("Idempotent-Replayed"), QByteArray("true"));
    }
    QCOMPARE(stored(kind, subject), 1);
    QCOMPARE(storedKeys(subject), 1);

    // Without a key the same body is a new measurement / submission.
    const HttpReply unkeyed = m_http.post(postUrl(server(), kind, subject), body);
    QCOMPARE(unkeyed.status, 201);
    QVERIFY(unkeyed.json().value(u"id"_s).toInteger() != first.json().value(u"id"_s).toInteger());
    QVERIFY(unkeyed.header("Idempotent-Replayed").isEmpty());
    QCOMPARE(stored(kind, subject), 2);

    // The listing shows the keyed one once.
    const HttpReply list =
        m_http.get(kind == Kind::Questionnaire ? questionnairesUrl(server(), subject) : vitalsUrl(server(), subject));
    QCOMPARE(list.status, 200);
    QCOMPARE(list.json().value(u"items"_s).toArray().size(), 2);
}

void TestIdempotency::sameKeyDifferentBodyConflicts_data()
{
    replayReturnsOriginalAndStoresOnce_data();
}

void TestIdempotency::sameKeyDifferentBodyConflicts()
{
    QFETCH(Kind, kind);
    const QString subject = newSubject();
    const HttpReply first = m_http.post(postUrl(server(), kind, subject), bodyFor(kind, subject, 1), withKey("k-1"));
    QVERIFY2(first.status == 201, first.body.constData());

    const HttpReply other = m_http.post(postUrl(server(), kind, subject), bodyFor(kind, subject, 2), withKey("k-1"));
    const QString mismatch = errorMismatch(other, 409, u"idempotency_conflict"_s);
    QVERIFY2(mismatch.isEmpty(), qPrintable(mismatch));
    QVERIFY(other.header("Idempotent-Replayed").isEmpty());
    QCOMPARE(stored(kind, subject), 1);

    // The original request can still be retried.
    const HttpReply retry = m_http.post(postUrl(server(), kind, subject), bodyFor(kind, subject, 1), withKey("k-1"));
    QCOMPARE(retry.status, 201);
    QCOMPARE(retry.body, first.body);
    QCOMPARE(retry.header("Idempotent-Replayed"), QByteArray("true"));
    QCOMPARE(stored(kind, subject), 1);
}

void TestIdempotency::keyBelongsToOneSubject_data()
{
    replayReturnsOriginalAndStoresOnce_data();
}

void TestIdempotency::keyBelongsToOneSubject()
{
    QFETCH(Kind, kind);
    const QString a = newSubject();
    const QString b = newSubject();
    // Two patients' apps that happen to generate the same key.
    const HttpReply forA = m_http.post(postUrl(server(), kind, a), bodyFor(kind, a), withKey("shared-key"));
    const HttpReply forB = m_http.post(postUrl(server(), kind, b), bodyFor(kind, b), withKey("shared-key"));
    QVERIFY2(forA.status == 201, forA.body.constData());
    QVERIFY2(forB.status == 201, forB.body.constData());
    QVERIFY(forB.header("Idempotent-Replayed").isEmpty());
    QVERIFY(forA.json().value(u"id"_s).toInteger() != forB.json().value(u"id"_s).toInteger());
    QCOMPARE(forA.json().value(u"subjectId"_s).toString(), a);
    QCOMPARE(forB.json().value(u"subjectId"_s).toString(), b);
    QCOMPARE(stored(kind, a), 1);
    QCOMPARE(stored(kind, b), 1);

    // Each replays its own.
    const HttpReply replayB = m_http.post(postUrl(server(), kind, b), bodyFor(kind, b), withKey("shared-key"));
    QCOMPARE(replayB.status, 201);
    QCOMPARE(replayB.body, forB.body);
    // (For vitals the two bodies are the same bytes: the key is still per subject.)
    const HttpReply replayA = m_http.post(postUrl(server(), kind, a), bodyFor(kind, a), withKey("shared-key"));
    QCOMPARE(replayA.status, 201);
    QCOMPARE(replayA.body, forA.body);
    QCOMPARE(stored(kind, a), 1);
    QCOMPARE(stored(kind, b), 1);
}

void TestIdempotency::keyUsedForTheOtherKindConflicts_data()
{
    QTest::addColumn<Kind>("firstKind");
    QTest::newRow("questionnaire, then vital") << Kind::Questionnaire;
    QTest::newRow("vital, then questionnaire") << Kind::Vital;
}

void TestIdempotency::keyUsedForTheOtherKindConflicts()
{
    QFETCH(Kind, firstKind);
    const Kind secondKind = firstKind == Kind::Questionnaire ? Kind::Vital : Kind::Questionnaire;
    const QString subject = newSubject();

    const HttpReply first =
        m_http.post(postUrl(server(), firstKind, subject), bodyFor(firstKind, subject), withKey("one-key"));
    QVERIFY2(first.status == 201, first.body.constData());
    const HttpReply second =
        m_http.post(postUrl(server(), secondKind, subject), bodyFor(secondKind, subject), withKey("one-key"));
    const QString mismatch = errorMismatch(second, 409, u"idempotency_conflict"_s);
    QVERIFY2(mismatch.isEmpty(), qPrintable(mismatch));
    QCOMPARE(stored(firstKind, subject), 1);
    QCOMPARE(stored(secondKind, subject), 0);
    QCOMPARE(storedKeys(subject), 1);
}

void TestIdempotency::refusedRequestDoesNotUseTheKey()
{
    // An invalid first attempt stores nothing, so the corrected request may use
    // the same key.
    const QString subject = newSubject();
    const QByteArray invalid =
        jsonBytes({{u"type"_s, u"blood_pressure"_s}, {u"systolic"_s, 120}, {u"diastolic"_s, 130}});
    const HttpReply refused = m_http.post(vitalsUrl(server(), subject), invalid, withKey("fix-and-retry"));
    QCOMPARE(refused.status, 400);
    QCOMPARE(storedKeys(subject), 0);
    const HttpReply fixed =
        m_http.post(vitalsUrl(server(), subject), bodyFor(Kind::Vital, subject), withKey("fix-and-retry"));
    QVERIFY2(fixed.status == 201, fixed.body.constData());
    QVERIFY(fixed.header("Idempotent-Replayed").isEmpty());
    QCOMPARE(stored(Kind::Vital, subject), 1);
}

void TestIdempotency::replayAfterStudySuspended()
{
    // A retry whose first attempt was stored still gets its 201 after the study
    // was suspended in between; a new request does not.
    const QString code = u"IDEM-SUSPEND"_s;
    const QString subject = u"ID-SUS"_s;
    QCOMPARE(createStudy(m_http, server(), code).status, 201);
    QCOMPARE(enrol(m_http, server(), code, subject).status, 201);
    const QByteArray body = bodyFor(Kind::Questionnaire, subject);
    const HttpReply first = m_http.post(questionnairesUrl(server(), subject), body, withKey("before-suspension"));
    QVERIFY2(first.status == 201, first.body.constData());
    QCOMPARE(setStudyStatus(m_http, server(), code, u"suspended"_s).status, 200);

    const HttpReply retry = m_http.post(questionnairesUrl(server(), subject), body, withKey("before-suspension"));
    QCOMPARE(retry.status, 201);
    QCOMPARE(retry.body, first.body);
    QCOMPARE(retry.header("Idempotent-Replayed"), QByteArray("true"));
    const HttpReply fresh = m_http.post(questionnairesUrl(server(), subject), body, withKey("after-suspension"));
    const QString mismatch = errorMismatch(fresh, 409, u"project_not_active"_s);
    QVERIFY2(mismatch.isEmpty(), qPrintable(mismatch));
    QCOMPARE(stored(Kind::Questionnaire, subject), 1);
    QCOMPARE(storedKeys(subject), 1);
}

void TestIdempotency::rejectsInvalidKeys_data()
{
    QTest::addColumn<QByteArray>("headerLine"); // sent as is (raw HTTP)

    QTest::newRow("129 characters") << QByteArray("Idempotency-Key: " + QByteArray(129, 'k') + "\r\n");
    QTest::newRow("1000 characters") << QByteArray("Idempotency-Key: " + QByteArray(1000, 'k') + "\r\n");
    QTest::newRow("space inside") << QByteArray("Idempotency-Key: app 42\r\n");
    QTest::newRow("tab inside") << QByteArray("Idempotency-Key: app\t42\r\n");
    QTest::newRow("non-ASCII (UTF-8)") << QByteArray("Idempotency-Key: cl\xc3\xa9-42\r\n");
    QTest::newRow("control character") << QByteArray("Idempotency-Key: app\x01"
                                                     "42\r\n");
    QTest::newRow("DEL character") << QByteArray("Idempotency-Key: app\x7f"
                                                 "42\r\n");
    QTest::newRow("empty") << QByteArray("Idempotency-Key: \r\n");
    QTest::newRow("empty, no space") << QByteArray("Idempotency-Key:\r\n");
}

void TestIdempotency::rejectsInvalidKeys()
{
    QFETCH(QByteArray, headerLine);
    const QString subject = newSubject();
    for (const Kind kind : {Kind::Questionnaire, Kind::Vital}) {
        const QString path = kind == Kind::Questionnaire ? u"/api/v1/subjects/%1/questionnaires"_s.arg(subject)
                                                         : u"/api/v1/subjects/%1/vitals"_s.arg(subject);
        const HttpReply reply = rawPost(server(), path, bodyFor(kind, subject), headerLine);
        const QString mismatch = errorMismatch(reply, 400, u"invalid_idempotency_key"_s, u"Idempotency-Key"_s);
        QVERIFY2(mismatch.isEmpty(), qPrintable(mismatch));
        QCOMPARE(stored(kind, subject), 0);
    }
    QCOMPARE(storedKeys(subject), 0);
}

void TestIdempotency::acceptsKeysAtTheLimits_data()
{
    QTest::addColumn<QByteArray>("key");
    QTest::newRow("1 character") << QByteArray("x");
    QTest::newRow("128 characters") << QByteArray(128, 'k');
    QTest::newRow("UUID") << QByteArray("6f1c0d2e-8b7a-4c55-9e1d-3f2a6b8c9d01");
    QTest::newRow("visible punctuation") << QByteArray("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~");
}

void TestIdempotency::acceptsKeysAtTheLimits()
{
    QFETCH(QByteArray, key);
    const QString subject = newSubject();
    const QString path = u"/api/v1/subjects/%1/questionnaires"_s.arg(subject);
    const QByteArray body = bodyFor(Kind::Questionnaire, subject);
    const HttpReply first = rawPost(server(), path, body, "Idempotency-Key: " + key + "\r\n");
    QVERIFY2(first.status == 201, first.body.constData());
    const HttpReply again = rawPost(server(), path, body, "Idempotency-Key: " + key + "\r\n");
    QCOMPARE(again.status, 201);
    QCOMPARE(again.body, first.body);
    QCOMPARE(again.header("Idempotent-Replayed"), QByteArray("true"));
    QCOMPARE(stored(Kind::Questionnaire, subject), 1);
    const auto keys = DatabasePeek(m_server.databaseFile())
                          .rows(u"SELECT idem_key FROM idempotency_keys WHERE subject_id = ?"_s, {subject});
    QCOMPARE(keys.size(), 1);
    QCOMPARE(keys.first().first().toString().toLatin1(), key);
}

void TestIdempotency::replaySurvivesRestart_data()
{
    QTest::addColumn<bool>("graceful");
    QTest::newRow("SIGTERM and start") << true;
    QTest::newRow("SIGKILL and start") << false;
}

void TestIdempotency::replaySurvivesRestart()
{
    QFETCH(bool, graceful);
    const QString subject = newSubject();
    const QByteArray questionnaire = bodyFor(Kind::Questionnaire, subject);
    const QByteArray vital = bodyFor(Kind::Vital, subject);
    const HttpReply q = m_http.post(questionnairesUrl(server(), subject), questionnaire, withKey("q-before-restart"));
    const HttpReply v = m_http.post(vitalsUrl(server(), subject), vital, withKey("v-before-restart"));
    QVERIFY2(q.status == 201, q.body.constData());
    QVERIFY2(v.status == 201, v.body.constData());

    if (graceful) {
        QVERIFY(m_server.stop());
        QCOMPARE(m_server.exitCode(), 0);
    } else {
        m_server.kill();
        QVERIFY(!m_server.isRunning());
    }
    QVERIFY2(m_server.start(), m_server.log().constData());

    const HttpReply q2 = m_http.post(questionnairesUrl(server(), subject), questionnaire, withKey("q-before-restart"));
    QCOMPARE(q2.status, 201);
    QCOMPARE(q2.body, q.body);
    QCOMPARE(q2.header("Location"), q.header("Location"));
    QCOMPARE(q2.header("Idempotent-Replayed"), QByteArray("true"));
    const HttpReply v2 = m_http.post(vitalsUrl(server(), subject), vital, withKey("v-before-restart"));
    QCOMPARE(v2.status, 201);
    QCOMPARE(v2.body, v.body);
    QCOMPARE(v2.header("Idempotent-Replayed"), QByteArray("true"));

    // Conflicts are remembered too.
    const HttpReply conflict = m_http.post(questionnairesUrl(server(), subject),
                                           bodyFor(Kind::Questionnaire, subject, 5), withKey("q-before-restart"));
    const QString mismatch = errorMismatch(conflict, 409, u"idempotency_conflict"_s);
    QVERIFY2(mismatch.isEmpty(), qPrintable(mismatch));

    QCOMPARE(stored(Kind::Questionnaire, subject), 1);
    QCOMPARE(stored(Kind::Vital, subject), 1);
    QCOMPARE(storedKeys(subject), 2);
}

void TestIdempotency::concurrentDuplicatesStoreOnce_data()
{
    QTest::addColumn<Kind>("kind");
    QTest::addColumn<int>("copies");
    QTest::newRow("20 questionnaires") << Kind::Questionnaire << 20;
    QTest::newRow("20 vitals") << Kind::Vital << 20;
    QTest::newRow("64 questionnaires") << Kind::Questionnaire << 64;
}

void TestIdempotency::concurrentDuplicatesStoreOnce()
{
    QFETCH(Kind, kind);
    QFETCH(int, copies);
    const QString subject = newSubject();

    // Several rounds, each a burst of identical requests on separate
    // connections, all in flight at once.
    for (int round = 0; round < 3; ++round) {
        const QByteArray key = "burst-" + QByteArray::number(round);
        PendingRequest request;
        request.url = postUrl(server(), kind, subject);
        request.body = bodyFor(kind, subject, round);
        request.headers = withKey(key) + adminAuthorization(server());
        const QList<HttpReply> replies = runConcurrently(QList<PendingRequest>(copies, request), copies, copies);

        int original = 0;
        for (const HttpReply &reply : replies) {
            QVERIFY2(reply.status == 201,
                     qPrintable(u"status %1: %2"_s.arg(reply.status).arg(QString::fromUtf8(reply.body))));
            QCOMPARE(reply.body, replies.first().body);
            QCOMPARE(reply.header("Location"), replies.first().header("Location"));
            if (reply.header("Idempotent-Replayed").isEmpty())
                ++original;
            else
                QCOMPARE(reply.header("Idempotent-Replayed"), QByteArray("true"));
        }
        QCOMPARE(original, 1);
        QCOMPARE(stored(kind, subject), round + 1);
    }
    QCOMPARE(storedKeys(subject), 3);
}

QTEST_GUILESS_MAIN(TestIdempotency)
#include "tst_idempotency.moc"

// `trialdesk-server migrate-to postgresql://...`: a SQLite installation with demo
// data and a real history (studies, enrolments, submissions with idempotency
// keys, sign-ins, a revoked token, audit entries) moves to PostgreSQL with every
// row and its ids; the copy answers the API as the original did, takes new
// writes after the copied ids, and its audit chain verifies. A second migration
// into the same database and a copy whose chain does not verify are refused and
// leave the target untouched. PostgreSQL only (registered as tst_migrateto_pg).

#include "IntakeTestKit.h"
#include "SecurityTestKit.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace td::test;
using namespace td::test::security;

namespace {

// Every table of the schema; the test also checks that the SQLite file has no others.
const QStringList kTables = {u"projects"_s,
                             u"subjects"_s,
                             u"questionnaire_submissions"_s,
                             u"vital_signs"_s,
                             u"idempotency_keys"_s,
                             u"users"_s,
                             u"study_members"_s,
                             u"access_tokens"_s,
                             u"login_failures"_s,
                             u"audit_log"_s,
                             u"questionnaire_versions"_s,
                             u"questionnaire_schedules"_s,
                             u"events"_s,
                             u"reminders"_s,
                             u"webhooks"_s,
                             u"webhook_deliveries"_s,
                             u"webhook_attempts"_s};

qint64 count(const QString &database, const QString &table)
{
    return intake::DatabasePeek(database).scalar(u"SELECT COUNT(*) FROM "_s + table);
}

} // namespace

class TestMigrateTo : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void copiesEveryTableAndVerifies();
    void copyServesTheSameData();
    void copyTakesNewWritesAfterCopiedIds();
    void refusesATargetWithData();
    void refusesACopyWhoseChainDoesNotVerify();

private:
    TestServer m_source{{u"--demo"_s, u"--webhook-allow-hosts"_s, u"127.0.0.1"_s}, TestServer::Backend::SQLite};
    TestServer m_target; // PostgreSQL: a fresh database
    HttpClient m_http;
    QString m_subjectToken;
    QString m_revokedToken;
    HttpReply m_keyed;
    QByteArray m_subjectListing;
    QByteArray m_projectListing;
};

void TestMigrateTo::initTestCase()
{
    QVERIFY2(TestServer::usesPostgres(), "this test needs TRIALDESK_TEST_BACKEND=postgresql and a cluster");
    QVERIFY2(m_source.start(), m_source.log().constData());
    const QString admin = m_source.adminToken();
    // History beyond the demo data, touching every table.
    QCOMPARE(createProject(m_http, m_source, admin, u"MIG"_s).status, 201);
    // questionnaire_schedules has a row to copy (and the submission below is matched to it).
    QCOMPARE(call(m_http, admin, "PUT", m_source.url(u"/api/v1/projects/MIG/schedules/phq9"_s),
                  jsonBytes({{u"rule"_s, u"daily"_s}, {u"at"_s, u"08:00"_s}, {u"windowMinutes"_s, 1440}}))
                 .status,
             201);
    // webhooks, webhook_deliveries and webhook_attempts have rows to copy: nothing
    // listens on port 9, so the enrolment's delivery fails and its attempt is logged.
    const HttpReply hook = call(m_http, admin, "POST", m_source.url(u"/api/v1/projects/MIG/webhooks"_s),
                                jsonBytes({{u"url"_s, u"http://127.0.0.1:9/mig"_s}}));
    QVERIFY2(hook.status == 201, describe(hook).constData());
    const HttpReply enrolled = enrol(m_http, m_source, admin, u"MIG"_s, u"MIG-1"_s);
    QVERIFY2(enrolled.status == 201, describe(enrolled).constData());
    m_subjectToken = enrolled.json().value(u"subjectToken"_s).toString();
    m_http.setToken(m_subjectToken);
    m_keyed = m_http.post(m_source.url(u"/api/v1/subjects/MIG-1/questionnaires"_s),
                          jsonBytes({{u"subjectId"_s, u"MIG-1"_s},
                                     {u"questionnaire"_s, u"phq9"_s},
                                     {u"answers"_s, QJsonObject{{u"q1"_s, 2}, {u"note"_s, u"睡得不好"_s}}}}),
                          {{"Idempotency-Key", "migrate-1"}});
    QVERIFY2(m_keyed.status == 201, describe(m_keyed).constData());
    QCOMPARE(submitVital(m_http, m_source, m_subjectToken, u"MIG-1"_s, 71.5).status, 201);
    QVERIFY(!m_source.createStaff(u"migrant"_s, u"crc"_s).isEmpty());
    QVERIFY(m_source.grantMembership(u"migrant"_s, u"MIG"_s, u"crc"_s)); // study_members has a row to copy
    m_revokedToken = tokenOf(login(m_http, m_source, u"migrant"_s));
    QCOMPARE(call(m_http, m_revokedToken, "POST", m_source.url(u"/api/v1/auth/logout"_s)).status, 204);
    QCOMPARE(login(m_http, m_source, u"migrant"_s, u"wrong-password"_s).status, 401);

    m_http.setToken(admin);
    const QUrl deliveries =
        m_source.url(u"/api/v1/webhooks/%1/deliveries"_s.arg(hook.json().value(u"id"_s).toInteger()));
    QTRY_VERIFY_WITH_TIMEOUT(m_http.get(deliveries).json().value(u"deliveries"_s).toArray().size() > 0
                                 && !m_http.get(deliveries)
                                         .json()
                                         .value(u"deliveries"_s)
                                         .toArray()
                                         .at(0)
                                         .toObject()
                                         .value(u"lastAttemptAt"_s)
                                         .isNull(),
                             10'000);
    m_subjectListing = m_http.get(m_source.url(u"/api/v1/subjects/MIG-1/questionnaires"_s)).body;
    m_projectListing = m_http.get(m_source.url(u"/api/v1/projects?limit=100"_s)).body;
    QVERIFY(m_source.stop());
}

void TestMigrateTo::copiesEveryTableAndVerifies()
{
    // The schema has exactly the tables this test compares.
    QStringList sqliteTables;
    for (const QVariantList &row : intake::DatabasePeek(m_source.databaseFile())
                                       .rows(u"SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT "
                                             "LIKE 'sqlite_%' AND name <> 'schema_migrations' ORDER BY name"_s))
        sqliteTables << row.first().toString();
    QStringList expected = kTables;
    expected << u"event_counter"_s; // one row, set from the copied events rather than copied
    expected.sort();
    QCOMPARE(sqliteTables, expected);

    QByteArray output;
    const int code = m_source.runCommand({u"migrate-to"_s, m_target.databaseFile()}, {}, &output);
    QVERIFY2(code == 0, output.constData());
    QVERIFY2(output.contains("migrated and verified"), output.constData());
    for (const QString &table : kTables) {
        const qint64 rows = count(m_source.databaseFile(), table);
        QVERIFY2(rows > 0, qPrintable(table)); // every table has data to copy
        QCOMPARE(count(m_target.databaseFile(), table), rows);
    }

    // New events continue after the copied ones.
    const QString counter = u"SELECT last_seq FROM event_counter"_s;
    QCOMPARE(intake::DatabasePeek(m_target.databaseFile()).rows(counter),
             intake::DatabasePeek(m_source.databaseFile()).rows(counter));

    // Byte for byte the same chain: ids, texts and hashes.
    const QString chain = u"SELECT id, at, actor, action, entity_id, before_value, after_value, prev_hash, hash "
                          "FROM audit_log ORDER BY id"_s;
    QCOMPARE(intake::DatabasePeek(m_target.databaseFile()).rows(chain),
             intake::DatabasePeek(m_source.databaseFile()).rows(chain));
    QVERIFY2(m_target.runCommand({u"audit"_s, u"verify"_s}, {}, &output) == 0, output.constData());
}

void TestMigrateTo::copyServesTheSameData()
{
    m_target.setAdminExists();
    QVERIFY2(m_target.start(), m_target.log().constData());
    m_http.setToken(m_target.adminToken());
    QCOMPARE(m_http.get(m_target.url(u"/api/v1/subjects/MIG-1/questionnaires"_s)).body, m_subjectListing);
    QCOMPARE(m_http.get(m_target.url(u"/api/v1/projects?limit=100"_s)).body, m_projectListing);
    // The patient's token and idempotency key carried over: a retry is a replay.
    m_http.setToken(m_subjectToken);
    const HttpReply replay =
        m_http.post(m_target.url(u"/api/v1/subjects/MIG-1/questionnaires"_s),
                    jsonBytes({{u"subjectId"_s, u"MIG-1"_s},
                               {u"questionnaire"_s, u"phq9"_s},
                               {u"answers"_s, QJsonObject{{u"q1"_s, 2}, {u"note"_s, u"睡得不好"_s}}}}),
                    {{"Idempotency-Key", "migrate-1"}});
    QVERIFY2(replay.status == 201, describe(replay).constData());
    QCOMPARE(replay.header("Idempotent-Replayed"), QByteArray("true"));
    QCOMPARE(replay.body, m_keyed.body);
    // The revoked token stays revoked, the staff account signs in.
    checkUnauthorized(call(m_http, m_revokedToken, "GET", m_target.url(u"/api/v1/auth/me"_s)));
    QCOMPARE(login(m_http, m_target, u"migrant"_s).status, 200);
}

void TestMigrateTo::copyTakesNewWritesAfterCopiedIds()
{
    const qint64 lastCopied =
        intake::DatabasePeek(m_target.databaseFile()).scalar(u"SELECT MAX(id) FROM questionnaire_submissions"_s);
    const HttpReply fresh = submitQuestionnaire(m_http, m_target, m_subjectToken, u"MIG-1"_s);
    QVERIFY2(fresh.status == 201, describe(fresh).constData());
    QVERIFY(fresh.json().value(u"id"_s).toInteger() > lastCopied);
    QCOMPARE(createProject(m_http, m_target, m_target.adminToken(), u"AFTER"_s).status, 201);
    QCOMPARE(enrol(m_http, m_target, m_target.adminToken(), u"AFTER"_s, u"AFTER-1"_s).status, 201);
    QVERIFY(m_target.stop());
    QByteArray output;
    QVERIFY2(m_target.runCommand({u"audit"_s, u"verify"_s}, {}, &output) == 0, output.constData());
    const qint64 entries = count(m_target.databaseFile(), u"audit_log"_s);
    QVERIFY(entries > count(m_source.databaseFile(), u"audit_log"_s));
    QVERIFY2(output.contains(QByteArray(QByteArray::number(entries) + " entries")), output.constData());
}

void TestMigrateTo::refusesATargetWithData()
{
    const qint64 before = count(m_target.databaseFile(), u"questionnaire_submissions"_s);
    QByteArray output;
    QCOMPARE(m_source.runCommand({u"migrate-to"_s, m_target.databaseFile()}, {}, &output), 1);
    QVERIFY2(output.contains("not empty"), output.constData());
    QCOMPARE(count(m_target.databaseFile(), u"questionnaire_submissions"_s), before);
}

void TestMigrateTo::refusesACopyWhoseChainDoesNotVerify()
{
    // An audit entry edited in the SQLite file: the copy would not verify, so
    // nothing is committed to the (fresh) target.
    SqlFile source(m_source.databaseFile(), true);
    QVERIFY2(source.change(u"UPDATE audit_log SET actor = 'someone-else' WHERE id = 2"_s) == 1,
             qPrintable(source.lastError()));
    TestServer fresh;
    QByteArray output;
    QCOMPARE(m_source.runCommand({u"migrate-to"_s, fresh.databaseFile()}, {}, &output), 1);
    QVERIFY2(output.contains("does not verify at entry 2"), output.constData());
    for (const QString &table : kTables)
        QCOMPARE(count(fresh.databaseFile(), table), 0);
}

QTEST_GUILESS_MAIN(TestMigrateTo)
#include "tst_migrateto.moc"

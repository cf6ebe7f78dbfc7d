// The upgrade to study memberships (issue #14): a database made by the pre-#14 server
// (tests/server/fixtures/pre14-schema2.sql, schema version 2), migrated by this one,
// keeps every account working as before: each non-admin account is a member of every
// existing study with its global role and no site restriction, the server logs a line
// telling the administrator to narrow that, and `users list` shows it.

#include "HttpClient.h"
#include "SecurityTestKit.h"
#include "TestServer.h"
#include "storage/Database.h"
#include "storage/Migrations.h"
#include "storage/SqlSession.h"

#include <QFile>
#include <QJsonArray>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace td::test::security;
using td::test::HttpClient;
using td::test::HttpReply;
using td::test::TestServer;

class TestUpgrade : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void everyAccountKeepsItsStudies_data();
    void everyAccountKeepsItsStudies();
    void adminIsNoMember();
    void administratorIsTold();
    void membershipsCanBeNarrowed();
    void auditChainStillVerifies();

private:
    std::unique_ptr<TestServer> m_server;
    HttpClient m_http;
};

void TestUpgrade::initTestCase()
{
    m_server = std::make_unique<TestServer>(QStringList{u"--no-request-log"_s, u"--login-rate"_s, u"0"_s});
    QFile fixture(QFINDTESTDATA("fixtures/pre14-schema2.sql"));
    QVERIFY2(fixture.open(QIODevice::ReadOnly | QIODevice::Text), "fixtures/pre14-schema2.sql");
    const QStringList lines = QString::fromUtf8(fixture.readAll()).split(u'\n');
    {
        // The schema the pre-#14 server made (migrations never change once released),
        // then its data.
        const QString url = TestServer::usesPostgres() ? m_server->databaseFile() : QString();
        td::Database database({m_server->dataDir()}, url);
        auto session = database.openSession(u"pre14"_s);
        QCOMPARE(td::Migrations::apply(*session, 2), 2);
        session->beginWrite();
        for (const QString &line : lines) {
            if (line.startsWith(u"INSERT"_s))
                session->execRaw(line.chopped(1)); // without the ';'
        }
        if (TestServer::usesPostgres()) {
            // Explicit ids do not move PostgreSQL's identity sequences: move them.
            for (const QString &table : {u"users"_s, u"projects"_s, u"subjects"_s, u"questionnaire_submissions"_s,
                                         u"vital_signs"_s, u"audit_log"_s})
                session->execRaw(
                    u"SELECT setval(pg_get_serial_sequence('%1', 'id'), (SELECT MAX(id) FROM %1))"_s.arg(table));
        }
        session->execRaw(u"COMMIT"_s);
    }
    m_server->setAdminExists();
    QVERIFY2(m_server->start(), m_server->log().constData());
}

void TestUpgrade::everyAccountKeepsItsStudies_data()
{
    QTest::addColumn<QString>("username");
    QTest::addColumn<QString>("role");
    QTest::newRow("old-pm") << u"old-pm"_s << u"pm"_s;
    QTest::newRow("old-nurse") << u"old-nurse"_s << u"crc"_s;
    QTest::newRow("old-monitor") << u"old-monitor"_s << u"monitor"_s;
}

void TestUpgrade::everyAccountKeepsItsStudies()
{
    QFETCH(QString, username);
    QFETCH(QString, role);
    const HttpReply signedIn = login(m_http, *m_server, username);
    QVERIFY2(signedIn.status == 200, describe(signedIn).constData());
    const QString token = tokenOf(signedIn);
    // Every study, as before #14, with the global role and every site.
    const HttpReply me = call(m_http, token, "GET", m_server->url(u"/api/v1/auth/me"_s));
    const QJsonArray memberships = me.json().value(u"memberships"_s).toArray();
    QCOMPARE(memberships.size(), 3);
    for (const QJsonValue &m : memberships) {
        QCOMPARE(m.toObject().value(u"studyRole"_s).toString(), role);
        QCOMPARE(m.toObject().value(u"sites"_s).toArray(), QJsonArray());
    }
    QCOMPARE(call(m_http, token, "GET", m_server->url(u"/api/v1/projects"_s)).json().value(u"items"_s).toArray().size(),
             3);
    const QJsonArray active = call(m_http, token, "GET", m_server->url(u"/api/v1/projects/active"_s)).jsonArray();
    QCOMPARE(active.size(), 2);
    QCOMPARE(active.first().toObject().value(u"enrolledCount"_s).toInt(), 2); // OLD-1, both sites
    // Subjects at every site, what they sent, with the rights of the global role.
    for (const QString &path : {u"/api/v1/subjects/old-bj-1"_s, u"/api/v1/subjects/old-sh-1"_s,
                                u"/api/v1/subjects/old-2-1/vitals"_s, u"/api/v1/projects/OLD-1/submissions"_s}) {
        const HttpReply read = call(m_http, token, "GET", m_server->url(path));
        QVERIFY2(read.status == 200, qPrintable(path + u": "_s + QString::fromUtf8(describe(read))));
    }
    const HttpReply vital = submitVital(m_http, *m_server, token, u"old-bj-1"_s);
    QCOMPARE(vital.status, role == u"monitor"_s ? 403 : 201);
}

void TestUpgrade::adminIsNoMember()
{
    const HttpReply me = call(m_http, m_server->adminToken(), "GET", m_server->url(u"/api/v1/auth/me"_s));
    QCOMPARE(me.json().value(u"memberships"_s).toArray().size(), 0);
    SqlFile db(m_server->databaseFile());
    QCOMPARE(db.scalar(u"SELECT COUNT(*) FROM study_members WHERE username = 'admin'"_s).toInt(), 0);
    QCOMPARE(db.scalar(u"SELECT COUNT(*) FROM study_members WHERE from_upgrade = 1"_s).toInt(), 9);
}

void TestUpgrade::administratorIsTold()
{
    const QByteArray log = m_server->log();
    QVERIFY2(log.contains("3 staff account(s) were made members of every existing study"), log.constData());
    QVERIFY2(log.contains("narrow"), log.constData());
    QByteArray output;
    QCOMPARE(m_server->runCommand({u"users"_s, u"list"_s}, {}, &output), 0);
    const QList<QByteArray> lines = output.split('\n');
    const qsizetype nurse = lines.indexOf("old-nurse\tcrc\tactive\told-nurse (pre-14)");
    QVERIFY2(nurse >= 0, output.constData());
    QCOMPARE(lines.at(nurse + 1), QByteArray("  studies: 3, all studies (from upgrade)"));
    const qsizetype admin = lines.indexOf("admin\tadmin\tactive\tadmin (pre-14)");
    QVERIFY2(admin >= 0, output.constData());
    QCOMPARE(lines.at(admin + 1), QByteArray("  studies: all (admin)"));
}

void TestUpgrade::membershipsCanBeNarrowed()
{
    SECURITY_CHECK(grant(m_http, *m_server, u"old-monitor"_s, u"OLD-1"_s, u"monitor"_s, {u"Beijing"_s}));
    const HttpReply removed =
        call(m_http, m_server->adminToken(), "DELETE", m_server->url(u"/api/v1/projects/OLD-2/members/old-monitor"_s));
    QCOMPARE(removed.status, 204);
    const QString token = tokenOf(login(m_http, *m_server, u"old-monitor"_s));
    QCOMPARE(call(m_http, token, "GET", m_server->url(u"/api/v1/subjects/old-sh-1"_s)).status, 404);
    QCOMPARE(call(m_http, token, "GET", m_server->url(u"/api/v1/subjects/old-bj-1"_s)).status, 200);
    QCOMPARE(call(m_http, token, "GET", m_server->url(u"/api/v1/projects/OLD-2"_s)).status, 404);
    QByteArray output;
    QCOMPARE(m_server->runCommand({u"users"_s, u"list"_s}, {}, &output), 0);
    QVERIFY2(output.contains("  studies: OLD-1 monitor [Beijing]; OLD-3 monitor\n"), output.constData());
}

void TestUpgrade::auditChainStillVerifies()
{
    QByteArray output;
    QCOMPARE(m_server->runCommand({u"audit"_s, u"verify"_s}, {}, &output), 0);
}

QTEST_GUILESS_MAIN(TestUpgrade)
#include "tst_upgrade.moc"

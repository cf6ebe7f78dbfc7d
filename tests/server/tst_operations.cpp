// The operations commands against real server processes: an online backup taken
// under a load of submissions restores to a database holding every submission
// acknowledged before it; restore refuses beside a running server and refuses
// files that are not TrialDesk databases; check finds tampering, corruption and
// pending migrations; an upgrade migration is preceded by a backup.

#include "IntakeTestKit.h"
#include "storage/Database.h"
#include "storage/Migrations.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace td::test;
using namespace td::test::intake;

namespace {

constexpr int kSubjects = 8;

int runTool(const QStringList &args, QByteArray *output = nullptr)
{
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(serverBinary(), args);
    p.waitForFinished(60'000);
    if (output)
        *output = p.readAll();
    return p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
}

bool prepareStudy(TestServer &server, const QString &study)
{
    HttpClient http;
    if (createStudy(http, server, study).status != 201)
        return false;
    for (int i = 0; i < kSubjects; ++i) {
        if (enrol(http, server, study, u"%1-S%2"_s.arg(study).arg(i)).status != 201)
            return false;
    }
    return true;
}

PendingRequest submission(const TestServer &server, const QString &study, int i)
{
    const QString subject = u"%1-S%2"_s.arg(study).arg(i % kSubjects);
    PendingRequest r;
    r.headers = adminAuthorization(server);
    r.url = questionnairesUrl(server, subject);
    r.body = jsonBytes(
        {{u"subjectId"_s, subject}, {u"questionnaire"_s, u"load"_s}, {u"answers"_s, QJsonObject{{u"seq"_s, i}}}});
    return r;
}

bool overwrite(const QString &file, qint64 offset, const QByteArray &bytes)
{
    QFile f(file);
    return f.open(QIODevice::ReadWrite) && f.seek(offset) && f.write(bytes) == bytes.size();
}

} // namespace

class TestOperations : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void backupUnderLoadRestoresAcknowledgedSubmissions();
    void restoreRefusesWhileServerRuns();
    void secondServerOnSameDataDirRefused();
    void restoreRefusesForeignFiles_data();
    void restoreRefusesForeignFiles();
    void checkDetectsProblems_data();
    void checkDetectsProblems();
    void migrationTakesBackupFirst();
    void refusedOnPostgreSQL_data();
    void refusedOnPostgreSQL();
};

void TestOperations::backupUnderLoadRestoresAcknowledgedSubmissions()
{
    TestServer server(burstServerArguments());
    QVERIFY2(server.start(), server.log().constData());
    QVERIFY(prepareStudy(server, u"BKP"_s));
    constexpr int kRequests = 600;
    constexpr int kBackupAfter = 150;
    QList<PendingRequest> requests;
    for (int i = 0; i < kRequests; ++i)
        requests << submission(server, u"BKP"_s, i);

    QTemporaryDir backups;
    const QString backupFile = backups.filePath(u"online.sqlite3"_s);
    QSet<qint64> acknowledged;
    QSet<qint64> acknowledgedBeforeBackup;
    int acknowledgedDuringBackup = 0;
    QProcess backup;
    backup.setProcessChannelMode(QProcess::MergedChannels);
    runConcurrently(requests, 20, 4, [&](qsizetype, const HttpReply &reply) {
        if (reply.status != 201)
            return;
        acknowledged.insert(reply.json().value(u"id"_s).toInteger());
        if (backup.state() == QProcess::Running)
            ++acknowledgedDuringBackup;
        if (acknowledged.size() == kBackupAfter) {
            // Everything acknowledged so far must be in the backup; the load goes on.
            acknowledgedBeforeBackup = acknowledged;
            backup.start(serverBinary(), {u"--data-dir"_s, server.dataDir(), u"backup"_s, u"--to"_s, backupFile});
            backup.waitForStarted(10'000);
        }
    });
    QVERIFY(backup.waitForFinished(60'000) || backup.state() == QProcess::NotRunning);
    const QByteArray backupOutput = backup.readAll();
    QCOMPARE(backup.exitCode(), 0);
    QVERIFY2(backupOutput.contains("backup written to"), backupOutput.constData());
    QCOMPARE(acknowledged.size(), kRequests);
    QCOMPARE(acknowledgedBeforeBackup.size(), kBackupAfter);
    qInfo("%d submissions acknowledged while the backup ran", acknowledgedDuringBackup);
    QVERIFY(!QFile::exists(backupFile + u".partial"_s));
    QCOMPARE(QFile::permissions(backupFile) & (QFileDevice::ReadOther | QFileDevice::ReadGroup),
             QFileDevice::Permissions());

    // Restore into the stopped server's data dir, then serve from it.
    QVERIFY(server.stop());
    QByteArray output;
    QCOMPARE(server.runCommand({u"restore"_s, u"--from"_s, backupFile}, {}, &output), 0);
    QVERIFY2(output.contains("restored"), output.constData());
    const DatabasePeek restored(server.databaseFile());
    const auto rows = restored.rows(u"SELECT id FROM questionnaire_submissions"_s);
    QSet<qint64> restoredIds;
    for (const QVariantList &row : rows)
        restoredIds.insert(row.at(0).toLongLong());
    for (qint64 id : std::as_const(acknowledgedBeforeBackup))
        QVERIFY2(restoredIds.contains(id), qPrintable(u"acknowledged submission %1 missing"_s.arg(id)));
    // A snapshot: nothing that was never acknowledged.
    for (qint64 id : std::as_const(restoredIds))
        QVERIFY(acknowledged.contains(id));
    QCOMPARE(server.runCommand({u"check"_s}, {}, &output), 0);
    QVERIFY2(output.contains("audit trail: intact"), output.constData());
    // The replaced database was kept, not deleted.
    QCOMPARE(QDir(server.dataDir() + u"/backups"_s).entryList({u"before-restore-*"_s}, QDir::Dirs).size(), 1);

    QVERIFY2(server.start(), server.log().constData());
    HttpClient http;
    const HttpReply page = http.get(server.url(u"/api/v1/projects/BKP/submissions?limit=500"_s));
    QCOMPARE(page.status, 200);
    QCOMPARE(page.json().value(u"items"_s).toArray().size(), std::min<qsizetype>(500, restoredIds.size()));
}

void TestOperations::restoreRefusesWhileServerRuns()
{
    TestServer server;
    QVERIFY2(server.start(), server.log().constData());
    QTemporaryDir dir;
    const QString backupFile = dir.filePath(u"b.sqlite3"_s);
    QCOMPARE(server.runCommand({u"backup"_s, u"--to"_s, backupFile}), 0);
    // A second backup never overwrites the first.
    QByteArray output;
    QCOMPARE(server.runCommand({u"backup"_s, u"--to"_s, backupFile}, {}, &output), 1);
    QVERIFY2(output.contains("already exists"), output.constData());
    HttpClient http;
    QCOMPARE(createStudy(http, server, u"AFTER"_s).status, 201);

    QCOMPARE(server.runCommand({u"restore"_s, u"--from"_s, backupFile}, {}, &output), 1);
    QVERIFY2(output.contains("refusing to restore: a trialdesk-server (pid"), output.constData());
    QVERIFY2(output.contains("stop it first"), output.constData());
    // The running server's data is untouched and it still serves.
    QCOMPARE(http.get(server.url(u"/api/v1/projects/AFTER"_s)).status, 200);
    QVERIFY(!QDir(server.dataDir() + u"/backups"_s).exists());
}

void TestOperations::secondServerOnSameDataDirRefused()
{
    TestServer server;
    QVERIFY2(server.start(), server.log().constData());
    QByteArray output;
    QCOMPARE(runTool({u"--port"_s, u"0"_s, u"--data-dir"_s, server.dataDir()}, &output), 1);
    QVERIFY2(output.contains("is using"), output.constData());
}

void TestOperations::restoreRefusesForeignFiles_data()
{
    QTest::addColumn<QByteArray>("content"); // empty: the file does not exist
    QTest::addColumn<QString>("expected");
    QTest::newRow("missing") << QByteArray() << u"no such file"_s;
    QTest::newRow("text") << QByteArray("not a database at all\n").repeated(300) << u"not an SQLite database"_s;
    QTest::newRow("other sqlite") << QByteArray("sqlite:CREATE TABLE t (x)") << u"not a TrialDesk database"_s;
}

void TestOperations::restoreRefusesForeignFiles()
{
    QFETCH(QByteArray, content);
    QFETCH(QString, expected);
    QTemporaryDir dir;
    const QString file = dir.filePath(u"candidate"_s);
    if (content.startsWith("sqlite:")) {
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"foreign"_s);
            db.setDatabaseName(file);
            QVERIFY(db.open());
            QSqlQuery(db).exec(QString::fromUtf8(content.mid(7)));
            db.close();
        }
        QSqlDatabase::removeDatabase(u"foreign"_s);
    } else if (!content.isEmpty()) {
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(content);
    }
    QTemporaryDir dataDir;
    QByteArray output;
    QCOMPARE(runTool({u"--data-dir"_s, dataDir.path(), u"restore"_s, u"--from"_s, file}, &output), 1);
    QVERIFY2(output.contains("refusing to restore") && output.contains(expected.toUtf8()), output.constData());
    QVERIFY(!QFile::exists(dataDir.filePath(u"trialdesk.sqlite3"_s)));
}

void TestOperations::checkDetectsProblems_data()
{
    QTest::addColumn<QString>("damage");
    QTest::addColumn<QString>("expected");
    QTest::newRow("intact") << QString() << u"ok    audit trail: intact"_s;
    QTest::newRow("audit entry edited") << u"tamper"_s << u"FAIL  audit trail: BROKEN at entry"_s;
    QTest::newRow("audit entry deleted") << u"delete"_s << u"FAIL  audit trail: BROKEN at entry"_s;
    QTest::newRow("pages overwritten") << u"corrupt"_s << u"FAIL  database:"_s;
    QTest::newRow("header overwritten") << u"header"_s << u"FAIL  database:"_s;
    QTest::newRow("database missing") << u"remove"_s << u"no such file"_s;
}

void TestOperations::checkDetectsProblems()
{
    QFETCH(QString, damage);
    QFETCH(QString, expected);
    TestServer server;
    QVERIFY2(server.start(), server.log().constData());
    HttpClient http;
    for (int i = 0; i < 5; ++i)
        QCOMPARE(createStudy(http, server, u"CHK%1"_s.arg(i)).status, 201);
    QVERIFY(server.stop()); // checkpoints the WAL into the main file
    const QString file = server.databaseFile();
    if (damage == u"tamper"_s || damage == u"delete"_s) {
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"tamper"_s);
            db.setDatabaseName(file);
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec(damage == u"tamper"_s ? u"UPDATE audit_log SET actor = 'mallory' WHERE id = 3"_s
                                                 : u"DELETE FROM audit_log WHERE id = 3"_s));
            QCOMPARE(q.numRowsAffected(), 1);
            db.close();
        }
        QSqlDatabase::removeDatabase(u"tamper"_s);
    } else if (damage == u"corrupt"_s) {
        QVERIFY(QFileInfo(file).size() > 8 * 4096);
        for (qint64 page = 2; page < QFileInfo(file).size() / 4096; page += 2)
            QVERIFY(overwrite(file, page * 4096 + 100, QByteArray(600, '\x5a')));
    } else if (damage == u"header"_s) {
        QVERIFY(overwrite(file, 0, QByteArray(100, '\x00')));
    } else if (damage == u"remove"_s) {
        QVERIFY(QFile::remove(file));
    }
    QByteArray output;
    const int code = server.runCommand({u"check"_s}, {}, &output);
    QVERIFY2(output.contains(expected.toUtf8()), output.constData());
    if (damage.isEmpty()) {
        QCOMPARE(code, 0);
        QVERIFY2(output.contains("ok    schema: version") && !output.contains("FAIL"), output.constData());
    } else {
        QCOMPARE(code, 1);
        QVERIFY2(output.contains("check failed"), output.constData());
    }
}

void TestOperations::migrationTakesBackupFirst()
{
    QVERIFY(td::Migrations::latestVersion() >= 2);
    QTemporaryDir dataDir;
    int oldVersion = 0;
    {
        td::Database database({dataDir.path()});
        auto session = database.openSession(u"old-schema"_s);
        // The newest version before the latest (numbers may have gaps: #15's 4 and 5
        // come from two branches).
        oldVersion = td::Migrations::apply(*session, td::Migrations::latestVersion() - 1);
        QVERIFY(oldVersion >= 1 && oldVersion < td::Migrations::latestVersion());
        session->exec(u"INSERT INTO projects (code, title, phase, status, sites, created_at, updated_at) "
                      "VALUES ('OLD', 'Old study', 'I', 'active', '[]', '2026-01-01', '2026-01-01')"_s);
    }
    QByteArray output;
    QCOMPARE(runTool({u"--data-dir"_s, dataDir.path(), u"check"_s}, &output), 1);
    QVERIFY2(output.contains(u"FAIL  schema: version %1, this server needs"_s.arg(oldVersion).toUtf8()),
             output.constData());

    // Any start (here an administration command) migrates, backing up first.
    QCOMPARE(runTool({u"--data-dir"_s, dataDir.path(), u"users"_s, u"list"_s}, &output), 0);
    const QDir backups(dataDir.filePath(u"backups"_s));
    const QStringList files = backups.entryList({u"trialdesk-schema-v%1-*.sqlite3"_s.arg(oldVersion)}, QDir::Files);
    QCOMPARE(files.size(), 1);
    const DatabasePeek before(backups.filePath(files.first()));
    QCOMPARE(before.scalar(u"SELECT MAX(version) FROM schema_migrations"_s), oldVersion);
    QCOMPARE(before.scalar(u"SELECT COUNT(*) FROM projects WHERE code = 'OLD'"_s), 1);
    QCOMPARE(runTool({u"--data-dir"_s, dataDir.path(), u"check"_s}, &output), 0);

    // Current schema: no further backups.
    QCOMPARE(runTool({u"--data-dir"_s, dataDir.path(), u"users"_s, u"list"_s}), 0);
    QCOMPARE(backups.entryList(QDir::Files).size(), 1);
}

void TestOperations::refusedOnPostgreSQL_data()
{
    QTest::addColumn<QStringList>("command");
    QTest::newRow("backup") << QStringList{u"backup"_s, u"--to"_s, u"/tmp/never-written.sqlite3"_s};
    QTest::newRow("restore") << QStringList{u"restore"_s, u"--from"_s, u"/tmp/never-read.sqlite3"_s};
    QTest::newRow("check") << QStringList{u"check"_s};
}

void TestOperations::refusedOnPostgreSQL()
{
    // These commands work on the SQLite file of the data dir; pointed at PostgreSQL
    // they must say so (and name the PostgreSQL tools) rather than act on a file the
    // server does not use. No PostgreSQL server is needed: nothing is contacted.
    QFETCH(QStringList, command);
    QTemporaryDir dir;
    QByteArray output;
    const int code = runTool(
        QStringList{u"--data-dir"_s, dir.path(), u"--database"_s, u"postgresql://nobody@127.0.0.1:1/none"_s} + command,
        &output);
    QCOMPARE(code, 2);
    QVERIFY2(output.contains("pg_dump"), output.constData());
    QVERIFY(!QFile::exists(u"/tmp/never-written.sqlite3"_s));
}

QTEST_GUILESS_MAIN(TestOperations)
#include "tst_operations.moc"

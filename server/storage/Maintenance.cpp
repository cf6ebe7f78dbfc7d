#include "Maintenance.h"

#include "Migrations.h"
#include "SqlSession.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlError>
#include <QUuid>

using namespace Qt::StringLiterals;

namespace td::Maintenance {

void backup(SqlSession &session, const QString &file)
{
    if (QFile::exists(file))
        throw StorageError(u"%1 already exists; choose a new file"_s.arg(file).toStdString());
    // VACUUM INTO reads one snapshot (WAL: concurrent commits are not seen) and
    // writes a compact, self-contained copy; not cached, it runs once.
    QSqlQuery query(session.database());
    query.prepare(u"VACUUM INTO ?"_s);
    query.addBindValue(QDir::cleanPath(QFileInfo(file).absoluteFilePath()));
    if (!query.exec())
        throw StorageError(u"backup to %1 failed: %2"_s.arg(file, query.lastError().text()).toStdString());
}

QString backupBeforeMigration(SqlSession &session, const QString &dataDir)
{
    if (session.dialect().kind != SqlDialect::Kind::SQLite)
        return {};
    const int version = Migrations::currentVersion(session);
    if (version == 0 || version >= Migrations::latestVersion())
        return {};
    const QDir backups(QDir(dataDir).filePath(u"backups"_s));
    if (!QDir().mkpath(backups.path()))
        throw StorageError(u"cannot create %1 for the backup before migrating"_s.arg(backups.path()).toStdString());
    const QString stamp = QDateTime::currentDateTimeUtc().toString(u"yyyyMMdd'T'HHmmss'Z'"_s);
    const QString file = backups.filePath(u"trialdesk-schema-v%1-%2.sqlite3"_s.arg(version).arg(stamp));
    backup(session, file);
    qInfo("schema version %d, this server needs %d: backed up the database to %s before migrating", version,
          Migrations::latestVersion(), qPrintable(file));
    return file;
}

QStringList integrityProblems(SqlSession &session, int limit)
{
    QSqlQuery query(session.database());
    if (!query.exec(u"PRAGMA integrity_check(%1)"_s.arg(limit)))
        return {query.lastError().text()};
    QStringList problems;
    while (query.next()) {
        const QString line = query.value(0).toString();
        if (line != u"ok"_s)
            problems << line;
    }
    if (query.lastError().isValid())
        problems << query.lastError().text();
    return problems;
}

std::unique_ptr<SqlSession> openReadOnly(const QString &file, const QString &connectionName)
{
    if (!QFileInfo(file).isFile())
        throw StorageError(u"%1: no such file"_s.arg(file).toStdString());
    QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, connectionName);
    db.setDatabaseName(file);
    db.setConnectOptions(u"QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=10000"_s);
    if (!db.open()) {
        const QString error = db.lastError().text();
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase(connectionName);
        throw StorageError(u"cannot open %1: %2"_s.arg(file, error).toStdString());
    }
    return std::make_unique<SqlSession>(connectionName, db, SqlDialect{SqlDialect::Kind::SQLite});
}

Inspection inspect(const QString &file)
{
    Inspection result;
    if (!QFileInfo(file).isFile()) {
        result.problem = u"%1: no such file"_s.arg(file);
        return result;
    }
    const QString name = u"td-inspect-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces);
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, name);
        db.setDatabaseName(file);
        db.setConnectOptions(u"QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=10000"_s);
        if (!db.open()) {
            result.problem = u"%1: cannot open: %2"_s.arg(file, db.lastError().text());
        } else {
            auto scalar = [&](const QString &sql, bool *ok) -> qint64 {
                QSqlQuery q(db);
                *ok = q.exec(sql) && q.next();
                return *ok ? q.value(0).toLongLong() : 0;
            };
            bool ok = false;
            const qint64 tables = scalar(u"SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name IN "
                                         "('schema_migrations', 'projects', 'questionnaire_submissions')"_s,
                                         &ok);
            if (!ok) {
                result.problem = u"%1: not an SQLite database"_s.arg(file);
            } else if (tables != 3) {
                result.problem = u"%1: not a TrialDesk database (its tables are missing)"_s.arg(file);
            } else {
                result.schemaVersion = int(scalar(u"SELECT COALESCE(MAX(version), 0) FROM schema_migrations"_s, &ok));
                result.submissions = scalar(u"SELECT COUNT(*) FROM questionnaire_submissions"_s, &ok);
                result.auditEntries = scalar(u"SELECT COUNT(*) FROM audit_log"_s, &ok); // 0 before schema 2
                QSqlQuery check(db);
                QStringList problems;
                if (check.exec(u"PRAGMA integrity_check(5)"_s)) {
                    while (check.next()) {
                        if (check.value(0).toString() != u"ok"_s)
                            problems << check.value(0).toString();
                    }
                } else {
                    problems << check.lastError().text();
                }
                if (!problems.isEmpty())
                    result.problem = u"%1: damaged: %2"_s.arg(file, problems.join(u"; "_s));
                else if (result.schemaVersion < 1 || result.schemaVersion > Migrations::latestVersion())
                    result.problem = u"%1: schema version %2, this server knows 1 to %3"_s.arg(file)
                                         .arg(result.schemaVersion)
                                         .arg(Migrations::latestVersion());
            }
            db.close();
        }
    }
    QSqlDatabase::removeDatabase(name);
    return result;
}

} // namespace td::Maintenance

#pragma once

#include <QString>
#include <QStringList>
#include <memory>

namespace td {

class SqlSession;

// Whole-database operations for administrators (issue #7): online backups,
// integrity checks and recognising a TrialDesk database file. SQLite only.
namespace Maintenance {

// Writes a consistent snapshot of the database `session` is connected to into
// `file` (which must not exist) with VACUUM INTO: a read transaction, so a
// running server keeps reading and committing meanwhile. Throws StorageError.
void backup(SqlSession &session, const QString &file);

// When `session`'s database already has data and migrations are pending, backs
// it up into `dataDir/backups/` first and returns that file; otherwise returns
// an empty string. Called before Migrations::apply() on start.
QString backupBeforeMigration(SqlSession &session, const QString &dataDir);

// What PRAGMA integrity_check finds (at most `limit` lines); empty when sound.
QStringList integrityProblems(SqlSession &session, int limit = 20);

// A read-only connection to `file` (nothing is created or changed, not even the
// WAL index of a stopped database); throws StorageError when it cannot open.
std::unique_ptr<SqlSession> openReadOnly(const QString &file, const QString &connectionName);

struct Inspection {
    QString problem;       // empty: a sound TrialDesk database
    int schemaVersion = 0; // as recorded in schema_migrations
    qint64 submissions = 0;
    qint64 auditEntries = 0;
};
// Opens `file` read-only and checks it is an intact TrialDesk database whose
// schema this build knows (not newer than Migrations::latestVersion()).
Inspection inspect(const QString &file);

} // namespace Maintenance
} // namespace td

#include "OperationsCommands.h"

#include "DataDirLock.h"
#include "storage/AuditStore.h"
#include "storage/Database.h"
#include "storage/Maintenance.h"
#include "storage/Migrations.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace td::OperationsCommands {

namespace {

QString databaseFile(const ServerConfig &config)
{
    return Database({config.dataDir}).filePath();
}

// fsync() a file or directory so a rename or a copy survives power loss.
bool syncPath(const QString &path)
{
    const int fd = ::open(QFile::encodeName(path).constData(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return false;
    const bool ok = ::fsync(fd) == 0;
    ::close(fd);
    return ok;
}

QString timestamp()
{
    return QDateTime::currentDateTimeUtc().toString(u"yyyyMMdd'T'HHmmss'Z'"_s);
}

int backup(const ServerConfig &config, FILE *out, FILE *err)
{
    if (config.backupTo.isEmpty()) {
        std::fputs("usage: trialdesk-server backup --to FILE\n", err);
        return 2;
    }
    const QString target = QFileInfo(config.backupTo).absoluteFilePath();
    if (QFileInfo::exists(target)) {
        std::fprintf(err, "trialdesk-server: %s already exists; choose a new file\n", qPrintable(target));
        return 1;
    }
    const QString source = databaseFile(config);
    // Written under a temporary name and renamed: a backup file that exists is complete.
    const QString partial = target + u".partial"_s;
    QFile::remove(partial);
    try {
        if (!QFileInfo(source).isFile())
            throw StorageError(u"no database at %1"_s.arg(source).toStdString());
        auto session = Database({config.dataDir}).openSession(u"td-backup"_s);
        Maintenance::backup(*session, partial);
    } catch (const std::exception &e) {
        QFile::remove(partial);
        std::fprintf(err, "trialdesk-server: backup failed: %s\n", e.what());
        return 1;
    }
    // It holds personal data: readable by its owner only.
    QFile::setPermissions(partial, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    if (!syncPath(partial) || !QFile::rename(partial, target) || !syncPath(QFileInfo(target).absolutePath())) {
        QFile::remove(partial);
        std::fprintf(err, "trialdesk-server: cannot write %s\n", qPrintable(target));
        return 1;
    }
    const Maintenance::Inspection written = Maintenance::inspect(target);
    if (!written.problem.isEmpty()) {
        std::fprintf(err, "trialdesk-server: the backup does not read back: %s\n", qPrintable(written.problem));
        return 1;
    }
    std::fprintf(out, "backup written to %s (schema version %d, %lld questionnaire submissions, %lld audit entries)\n",
                 qPrintable(target), written.schemaVersion, static_cast<long long>(written.submissions),
                 static_cast<long long>(written.auditEntries));
    return 0;
}

int restore(const ServerConfig &config, FILE *out, FILE *err)
{
    if (config.restoreFrom.isEmpty()) {
        std::fputs("usage: trialdesk-server restore --from FILE\n", err);
        return 2;
    }
    if (!QDir().mkpath(config.dataDir)) {
        std::fprintf(err, "trialdesk-server: cannot create %s\n", qPrintable(config.dataDir));
        return 1;
    }
    // Held until we return, so a server cannot start on a half-restored database.
    DataDirLock lock(config.dataDir);
    QString error;
    if (!lock.tryLock(&error)) {
        std::fprintf(err,
                     "trialdesk-server: refusing to restore: %s; stop it first (systemctl stop trialdesk-server)\n",
                     qPrintable(error));
        return 1;
    }
    const QString source = QFileInfo(config.restoreFrom).absoluteFilePath();
    const Maintenance::Inspection backup = Maintenance::inspect(source);
    if (!backup.problem.isEmpty()) {
        std::fprintf(err, "trialdesk-server: refusing to restore: %s\n", qPrintable(backup.problem));
        return 1;
    }
    const QString target = databaseFile(config);
    QString keptIn;
    // The database being replaced (with its WAL, which may hold committed data) is
    // moved aside, not deleted: a mistaken restore can be undone.
    if (QFileInfo::exists(target)) {
        keptIn = QDir(config.dataDir).filePath(u"backups/before-restore-"_s + timestamp());
        if (!QDir().mkpath(keptIn)) {
            std::fprintf(err, "trialdesk-server: cannot create %s\n", qPrintable(keptIn));
            return 1;
        }
        for (const QString &suffix : {u""_s, u"-wal"_s, u"-shm"_s}) {
            const QString file = target + suffix;
            if (QFileInfo::exists(file) && !QFile::rename(file, QDir(keptIn).filePath(QFileInfo(file).fileName()))) {
                std::fprintf(err, "trialdesk-server: cannot move %s aside\n", qPrintable(file));
                return 1;
            }
        }
    }
    const QString partial = target + u".restoring"_s;
    QFile::remove(partial);
    if (!QFile::copy(source, partial) || !syncPath(partial) || !QFile::rename(partial, target)
        || !syncPath(config.dataDir)) {
        QFile::remove(partial);
        std::fprintf(err, "trialdesk-server: cannot copy %s to %s%s\n", qPrintable(source), qPrintable(target),
                     keptIn.isEmpty() ? "" : qPrintable(u"; the previous database is in "_s + keptIn));
        return 1;
    }
    QFile::setPermissions(target, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    std::fprintf(out, "restored %s into %s (schema version %d, %lld questionnaire submissions)\n", qPrintable(source),
                 qPrintable(target), backup.schemaVersion, static_cast<long long>(backup.submissions));
    if (!keptIn.isEmpty())
        std::fprintf(out, "the previous database was moved to %s\n", qPrintable(keptIn));
    if (backup.schemaVersion < Migrations::latestVersion())
        std::fprintf(out, "its schema (version %d) is migrated to version %d when the server starts\n",
                     backup.schemaVersion, Migrations::latestVersion());
    return 0;
}

int check(const ServerConfig &config, FILE *out, FILE *err)
{
    int failures = 0;
    auto ok = [&](const QString &what) { std::fprintf(out, "ok    %s\n", qPrintable(what)); };
    auto fail = [&](const QString &what) {
        std::fprintf(err, "FAIL  %s\n", qPrintable(what));
        ++failures;
    };
    // Parsing already validated every value; what is left are the files it names.
    ok(config.configFile.isEmpty() ? u"configuration: command line and defaults (no configuration file)"_s
                                   : u"configuration: "_s + config.configFile);
    for (const QString &file : {config.tlsCertificate, config.tlsKey}) {
        if (file.isEmpty())
            continue;
        QFile f(file);
        if (f.open(QIODevice::ReadOnly))
            ok(u"readable: "_s + file);
        else
            fail(u"cannot read %1: %2"_s.arg(file, f.errorString()));
    }
    const QString file = databaseFile(config);
    const Maintenance::Inspection inspection = Maintenance::inspect(file);
    if (!inspection.problem.isEmpty()) {
        fail(u"database: "_s + inspection.problem);
    } else {
        ok(u"database: %1 (integrity ok, %2 questionnaire submissions)"_s.arg(file).arg(inspection.submissions));
        if (inspection.schemaVersion == Migrations::latestVersion())
            ok(u"schema: version %1, current"_s.arg(inspection.schemaVersion));
        else
            fail(u"schema: version %1, this server needs %2 (the server migrates it when it starts, after a backup)"_s
                     .arg(inspection.schemaVersion)
                     .arg(Migrations::latestVersion()));
        try {
            auto session = Maintenance::openReadOnly(file, u"td-check"_s);
            const AuditStore::Verification audit = AuditStore::verify(*session);
            if (audit.firstBrokenId)
                fail(u"audit trail: BROKEN at entry %1: %2"_s.arg(*audit.firstBrokenId).arg(audit.problem));
            else
                ok(u"audit trail: intact, %1 entries"_s.arg(audit.entries));
        } catch (const std::exception &e) {
            fail(u"audit trail: cannot read: "_s + QString::fromUtf8(e.what()));
        }
    }
    if (failures > 0)
        std::fprintf(err, "check failed: %d problem(s)\n", failures);
    return failures == 0 ? 0 : 1;
}

} // namespace

bool checkUser(const ServerConfig &config, FILE *err)
{
    struct stat dir {
    };
    if (::geteuid() != 0 || ::stat(QFile::encodeName(config.dataDir).constData(), &dir) != 0 || dir.st_uid == 0)
        return true;
    std::fprintf(err,
                 "trialdesk-server: %s belongs to another user than root; run administration commands as that "
                 "user so the service can still open every file, e.g.\n"
                 "  runuser -u trialdesk -- trialdesk-server ...\n",
                 qPrintable(config.dataDir));
    return false;
}

std::optional<int> run(const ServerConfig &config, FILE *out, FILE *err)
{
    const QString verb = config.command.value(0);
    if (config.command.size() != 1 || (verb != u"backup"_s && verb != u"restore"_s && verb != u"check"_s))
        return std::nullopt;
    if (!config.database.isEmpty()) {
        // PostgreSQL is backed up and checked with its own tools (docs/deployment.md).
        std::fprintf(err,
                     "trialdesk-server: %s works on the SQLite database of the data dir; with PostgreSQL use "
                     "pg_dump / pg_basebackup (docs/deployment.md)\n",
                     qPrintable(verb));
        return 2;
    }
    if (verb == u"backup"_s)
        return backup(config, out, err);
    if (verb == u"restore"_s)
        return restore(config, out, err);
    return check(config, out, err);
}

} // namespace td::OperationsCommands

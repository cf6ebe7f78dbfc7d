#include "MigrateCommand.h"

#include "storage/Database.h"
#include "storage/DatabaseCopy.h"

#include <QDir>
#include <QFile>

using namespace Qt::StringLiterals;

namespace td::MigrateCommand {

int run(const ServerConfig &config, FILE *out, FILE *err)
{
    const QStringList &cmd = config.command;
    if (cmd.size() > 2) {
        std::fputs("usage: trialdesk-server [--data-dir DIR] migrate-to [postgresql://user:password@host:port/dbname]\n"
                   "       (without the URL: --database or $TRIALDESK_DATABASE)\n",
                   err);
        return 2;
    }
    const QString url = cmd.size() == 2 ? cmd.at(1) : config.database;
    QString error;
    if (!PostgresLocation::parse(url, &error)) {
        std::fprintf(err, "trialdesk-server: migrate-to needs the target PostgreSQL database: %s\n", qPrintable(error));
        return 2;
    }
    Database source({config.dataDir, 1, 1});
    if (!QFile::exists(source.filePath())) {
        std::fprintf(err, "trialdesk-server: no SQLite database at %s\n", qPrintable(source.filePath()));
        return 1;
    }
    Database target({config.dataDir, 1, 1}, url);
    try {
        // Brings both to the latest schema: the same migrations on either backend.
        source.open();
        source.close();
        target.open();
        target.close();
        auto from = source.openSession(u"td-migrate-source"_s);
        auto to = target.openSession(u"td-migrate-target"_s);
        std::fprintf(out, "copying %s to %s\n", qPrintable(source.location()), qPrintable(target.location()));
        const DatabaseCopy::Report report = DatabaseCopy::copy(*from, *to, [out](const QString &line) {
            std::fprintf(out, "  %s\n", qPrintable(line));
            std::fflush(out);
        });
        for (const DatabaseCopy::TableCount &t : report.tables)
            std::fprintf(out, "%-28s %10lld rows  (copy: %lld)\n", qPrintable(t.table),
                         static_cast<long long>(t.source), static_cast<long long>(t.target));
        if (!report.error.isEmpty()) {
            std::fprintf(err, "trialdesk-server: migrate-to failed: %s\n", qPrintable(report.error));
            return 1;
        }
        std::fprintf(out, "migrated and verified: row counts match, audit trail intact (%lld entries)\n",
                     static_cast<long long>(report.auditEntries));
        return 0;
    } catch (const std::exception &e) {
        std::fprintf(err, "trialdesk-server: migrate-to failed: %s\n", e.what());
        return 1;
    }
}

} // namespace td::MigrateCommand

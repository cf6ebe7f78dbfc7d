#pragma once

#include "DbExecutor.h"
#include "SqlSession.h"

#include <QString>
#include <memory>
#include <optional>

namespace td {

// Where a PostgreSQL database is, from a URL such as
// postgresql://user:password@host:5432/dbname?sslmode=require
struct PostgresLocation {
    QString host = QStringLiteral("localhost");
    int port = 5432;
    QString user;
    QString password;
    QString database;
    QString connectOptions; // QPSQL's "key=value;..." (sslmode, connect_timeout, ...)

    // Nullopt (with `error`) unless `url` is a postgresql:// or postgres:// URL.
    static std::optional<PostgresLocation> parse(const QString &url, QString *error);
    static bool isPostgresUrl(const QString &url);
    // The URL without its password, for logs and messages.
    static QString redacted(const QString &url);
};

// Opens the database, brings its schema up to date and owns the executor that
// runs all later work. SQLite lives in `dataDir/trialdesk.sqlite3`; with a
// PostgreSQL URL the same schema and code run against that database instead.
class Database
{
public:
    struct Options {
        QString dataDir;
        int readers = 2;
        int maxQueuedWrites = 20000;
    };

    // `url` empty: SQLite in dataDir; else a postgresql:// URL.
    explicit Database(Options options, QString url = {});
    ~Database();

    // Creates the data dir and file if needed and applies pending migrations.
    // Throws StorageError with a readable message on failure.
    void open();
    DbExecutor &executor() { return *m_executor; }
    // A session for the calling thread (start-up work such as seeding); the caller
    // must destroy it in the same thread.
    std::unique_ptr<SqlSession> openSession(const QString &connectionName) const;
    QString filePath() const;
    bool isPostgres() const { return !m_url.isEmpty(); }
    // Where the data lives, without secrets: the SQLite file or the redacted URL.
    QString location() const;
    int schemaVersion() const { return m_schemaVersion; }
    // Runs and answers every queued job, then refuses new ones at once (503); the
    // executor object stays, so code holding executor() may still call it.
    void stopExecutor();
    // stopExecutor(), then deletes the executor.
    void close();

private:
    std::unique_ptr<SqlSession> openPostgresSession(const QString &connectionName) const;

    Options m_options;
    QString m_url;
    int m_schemaVersion = 0;
    std::unique_ptr<DbExecutor> m_executor;
};

} // namespace td

#pragma once

#include "DbExecutor.h"
#include "SqlSession.h"

#include <QString>

#include <memory>

namespace td {

// Opens the database, brings its schema up to date and owns the executor that
// runs all later work. SQLite lives in `dataDir/trialdesk.sqlite3`.
class Database
{
public:
    struct Options {
        QString dataDir;
        int readers = 2;
        int maxQueuedWrites = 20000;
    };

    explicit Database(Options options);
    ~Database();

    // Creates the data dir and file if needed and applies pending migrations.
    // Throws StorageError with a readable message on failure.
    void open();
    DbExecutor &executor() { return *m_executor; }
    // A session for the calling thread (start-up work such as seeding); the caller
    // must destroy it in the same thread.
    std::unique_ptr<SqlSession> openSession(const QString &connectionName) const;
    QString filePath() const;
    int schemaVersion() const { return m_schemaVersion; }
    void close();

private:
    Options m_options;
    int m_schemaVersion = 0;
    std::unique_ptr<DbExecutor> m_executor;
};

} // namespace td

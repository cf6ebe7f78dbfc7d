#include "Database.h"

#include "Maintenance.h"
#include "Migrations.h"

#include <QDir>
#include <QSqlError>

using namespace Qt::StringLiterals;

namespace td {

Database::Database(Options options)
    : m_options(std::move(options))
{
}

Database::~Database()
{
    close();
}

QString Database::filePath() const
{
    return QDir(m_options.dataDir).filePath(u"trialdesk.sqlite3"_s);
}

std::unique_ptr<SqlSession> Database::openSession(const QString &connectionName) const
{
    QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, connectionName);
    db.setDatabaseName(filePath());
    db.setConnectOptions(u"QSQLITE_BUSY_TIMEOUT=10000"_s);
    if (!db.open()) {
        const QString error = db.lastError().text();
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase(connectionName);
        throw StorageError(u"cannot open %1: %2"_s.arg(filePath(), error).toStdString());
    }
    auto session = std::make_unique<SqlSession>(connectionName, db, SqlDialect{SqlDialect::Kind::SQLite});
    // WAL lets readers run beside the writer; synchronous=FULL fsyncs the WAL at
    // every commit, so a committed (and acknowledged) submission survives power loss.
    session->execRaw(u"PRAGMA journal_mode=WAL"_s);
    session->execRaw(u"PRAGMA synchronous=FULL"_s);
    session->execRaw(u"PRAGMA foreign_keys=ON"_s);
    return session;
}

void Database::open()
{
    if (!QDir().mkpath(m_options.dataDir))
        throw StorageError(u"cannot create data directory %1"_s.arg(m_options.dataDir).toStdString());
    {
        auto session = openSession(u"td-migrate"_s);
        Maintenance::backupBeforeMigration(*session, m_options.dataDir); // upgrades keep a way back
        m_schemaVersion = Migrations::apply(*session);
    }
    DbExecutor::Limits limits;
    limits.readers = m_options.readers;
    limits.maxQueuedWrites = m_options.maxQueuedWrites;
    m_executor = std::make_unique<DbExecutor>([this](const QString &name) { return openSession(name); }, limits);
}

void Database::close()
{
    if (m_executor) {
        m_executor->stop();
        m_executor.reset();
    }
}

} // namespace td

#include "Database.h"

#include "Maintenance.h"
#include "Migrations.h"

#include <QDir>
#include <QSqlError>
#include <QUrl>
#include <QUrlQuery>

using namespace Qt::StringLiterals;

namespace td {

Database::Database(Options options, QString url)
    : m_options(std::move(options))
    , m_url(std::move(url))
{}

Database::~Database()
{
    close();
}

QString Database::filePath() const
{
    return QDir(m_options.dataDir).filePath(u"trialdesk.sqlite3"_s);
}

bool PostgresLocation::isPostgresUrl(const QString &url)
{
    return url.startsWith(u"postgresql://"_s) || url.startsWith(u"postgres://"_s);
}

std::optional<PostgresLocation> PostgresLocation::parse(const QString &url, QString *error)
{
    const QUrl u(url, QUrl::StrictMode);
    if (!isPostgresUrl(url) || !u.isValid()) {
        *error = u"not a postgresql://user:password@host:port/dbname URL: %1"_s.arg(redacted(url));
        return std::nullopt;
    }
    PostgresLocation loc;
    if (!u.host().isEmpty())
        loc.host = u.host(QUrl::FullyDecoded);
    loc.port = u.port(5432);
    loc.user = u.userName(QUrl::FullyDecoded);
    loc.password = u.password(QUrl::FullyDecoded);
    loc.database = u.path(QUrl::FullyDecoded).mid(1);
    if (loc.database.isEmpty() || loc.database.contains(u'/')) {
        *error = u"the PostgreSQL URL names no database (postgresql://host/dbname): %1"_s.arg(redacted(url));
        return std::nullopt;
    }
    // Only libpq options that select transport security and timeouts; anything
    // else is a typo better reported than ignored.
    static const QStringList allowed = {u"sslmode"_s,         u"sslrootcert"_s,      u"sslcert"_s, u"sslkey"_s,
                                        u"connect_timeout"_s, u"application_name"_s, u"host"_s};
    QStringList options;
    bool timeoutGiven = false;
    for (const auto &[key, value] : QUrlQuery(u).queryItems(QUrl::FullyDecoded)) {
        if (!allowed.contains(key) || value.contains(u';')) {
            *error = u"unsupported PostgreSQL URL parameter '%1' (supported: %2)"_s.arg(key, allowed.join(u", "_s));
            return std::nullopt;
        }
        if (key == u"host"_s) { // a Unix socket directory: ?host=/var/run/postgresql
            loc.host = value;
            continue;
        }
        timeoutGiven |= key == u"connect_timeout"_s;
        options << key + u'=' + value;
    }
    // A dead database server should fail a request quickly, not hang it.
    if (!timeoutGiven)
        options << u"connect_timeout=5"_s;
    loc.connectOptions = options.join(u';');
    return loc;
}

QString PostgresLocation::redacted(const QString &url)
{
    QUrl u(url);
    if (!u.isValid())
        return u"(unparsable URL)"_s;
    if (!u.password().isEmpty())
        u.setPassword(u"***"_s);
    return u.toString();
}

QString Database::location() const
{
    return isPostgres() ? PostgresLocation::redacted(m_url) : filePath();
}

std::unique_ptr<SqlSession> Database::openSession(const QString &connectionName) const
{
    if (isPostgres())
        return openPostgresSession(connectionName);
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

std::unique_ptr<SqlSession> Database::openPostgresSession(const QString &connectionName) const
{
    QString error;
    const auto loc = PostgresLocation::parse(m_url, &error);
    if (!loc)
        throw StorageError(error.toStdString());
    QSqlDatabase db = QSqlDatabase::addDatabase(u"QPSQL"_s, connectionName);
    db.setHostName(loc->host);
    db.setPort(loc->port);
    db.setUserName(loc->user);
    db.setPassword(loc->password);
    db.setDatabaseName(loc->database);
    db.setConnectOptions(loc->connectOptions);
    if (!db.open()) {
        error = db.lastError().text();
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase(connectionName);
        throw StorageError(u"cannot connect to %1: %2"_s.arg(location(), error).toStdString());
    }
    auto session = std::make_unique<SqlSession>(connectionName, db, SqlDialect{SqlDialect::Kind::PostgreSQL});
    // Every commit waits for its WAL flush (the default, stated so a server-wide
    // `synchronous_commit = off` cannot make an acknowledged submission losable).
    session->execRaw(u"SET synchronous_commit = on"_s);
    // Notices ("relation already exists, skipping") are not problems worth a log line.
    session->execRaw(u"SET client_min_messages = warning"_s);
    // Statements queued behind the writer lock wait; a stuck one must not hang forever.
    session->execRaw(u"SET lock_timeout = '60s'"_s);
    return session;
}

void Database::open()
{
    if (!isPostgres() && !QDir().mkpath(m_options.dataDir))
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

void Database::stopExecutor()
{
    if (m_executor)
        m_executor->stop();
}

void Database::close()
{
    if (m_executor) {
        m_executor->stop();
        m_executor.reset();
    }
}

} // namespace td

#pragma once

#include "StudyEvent.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>
#include <QVariant>
#include <optional>
#include <stdexcept>
#include <unordered_map>
#include <utility>
#include <vector>

namespace td {

// An unexpected database failure. Its text may hold SQL and paths, so it is
// logged, never sent to a client (clients get a plain 500).
class StorageError : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

// Where SQLite and PostgreSQL differ in DDL, migrations use these words.
struct SqlDialect {
    enum class Kind { SQLite, PostgreSQL };
    Kind kind = Kind::SQLite;
    // Expands {{ID}} (auto-increment primary key), {{REAL}} and {{JSON}} in DDL.
    QString expand(QString ddl) const;
    // Starts a transaction that will write. SQLite's plain BEGIN takes the write lock
    // only at the first write and then cannot wait for another process holding it;
    // BEGIN IMMEDIATE takes it up front, honouring the busy timeout.
    QString beginWrite() const;
    // PostgreSQL: the statement that serialises writing transactions of every
    // instance sharing the database (empty for SQLite, whose BEGIN IMMEDIATE does it).
    QString writerLock() const;
    // Appended to a SELECT that claims rows for this instance (reminders): on
    // PostgreSQL rows another transaction holds are skipped, so several instances
    // never work on the same row; empty for SQLite (one writer at a time anyway).
    // `table` names the table whose rows are locked when the SELECT joins others.
    QString claimRows(const QString &table) const;
};

// One open connection, owned by exactly one thread, with a cache of prepared
// statements: each distinct SQL text is parsed once per connection, not per request.
class SqlSession
{
public:
    SqlSession(const QString &connectionName, QSqlDatabase db, SqlDialect dialect);
    ~SqlSession();
    SqlSession(const SqlSession &) = delete;
    SqlSession &operator=(const SqlSession &) = delete;

    const SqlDialect &dialect() const { return m_dialect; }
    QSqlDatabase &database() { return m_db; }

    // Prepares (or reuses) `sql`, binds `values` positionally and executes.
    // Throws StorageError on failure. The returned query stays valid until the next
    // call with the same SQL text.
    QSqlQuery &exec(const QString &sql, const QVariantList &values = {});
    // Runs a statement that is not cached (DDL, pragmas, transaction control).
    void execRaw(const QString &sql);
    // Starts a writing transaction that holds the database-wide writer lock until
    // COMMIT/ROLLBACK. With several server instances on one PostgreSQL database this
    // is what keeps check-then-insert (idempotency keys, subject ids, study codes)
    // and the audit hash chain serial, as the single writer thread does per instance.
    void beginWrite();
    // True once since the last call if a statement failed: the owner then checks
    // whether the connection itself is gone (a restarted or failed-over PostgreSQL).
    bool takeFailure() { return std::exchange(m_failed, false); }
    // How many statements that may change data (anything but a SELECT) were run, and
    // how many statements failed, since the session opened. The writer compares them
    // around a job to learn whether a refused job left anything to undo.
    quint64 changeCount() const { return m_changes; }
    quint64 failureCount() const { return m_failures; }

    // The audit chain's newest entry as this transaction sees it, kept by AuditStore so
    // that the appends of one batch do not each read it back. Valid only inside the
    // writing transaction that set it: beginWrite() forgets it, and so must whoever
    // rolls back to a savepoint (forgetTransactionState()).
    struct ChainHead {
        qint64 id = 0;
        QString hash;
    };
    std::optional<ChainHead> &auditChainHead() { return m_auditChainHead; }
    void forgetTransactionState() { m_auditChainHead.reset(); }
    // Events appended in this writing transaction, numbered and inserted at its end
    // (EventStore). beginWrite() drops what a rolled-back transaction left; whoever
    // rolls a job back to a savepoint truncates to the size before the job.
    std::vector<StudyEvent> &pendingEvents() { return m_pendingEvents; }

private:
    QString m_connectionName;
    QSqlDatabase m_db;
    SqlDialect m_dialect;
    struct Statement {
        QSqlQuery query;
        bool changes = true; // not a SELECT
    };
    void fail();

    std::unordered_map<QString, Statement> m_statements;
    bool m_failed = false;
    quint64 m_changes = 0;
    quint64 m_failures = 0;
    std::optional<ChainHead> m_auditChainHead;
    std::vector<StudyEvent> m_pendingEvents;
};

// Converts a nullable text column: SQL NULL and empty both mean "absent".
inline QString textOrEmpty(const QVariant &v)
{
    return v.isNull() ? QString() : v.toString();
}
inline QVariant nullIfEmpty(const QString &s)
{
    return s.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(s);
}

} // namespace td

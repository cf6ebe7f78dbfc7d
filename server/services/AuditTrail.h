#pragma once

#include "AuditEntry.h"
#include "Page.h"
#include "Queries.h"
#include "Result.h"
#include "auth/Principal.h"
#include "storage/DbFuture.h"

#include <QJsonObject>
#include <QString>

namespace td {

class DbExecutor;
class SqlSession;

// Reading the trail (GET /api/v1/audit), oldest entry first.
class AuditTrail
{
public:
    // A handle on the database, cheap to copy. Implicit on purpose: like a reference
    // to the executor, which is how ServerApp and the tests hand it to ReviewApi.
    AuditTrail(DbExecutor &db) // NOLINT(google-explicit-constructor)
        : m_db(&db)
    {}

    // `scope` (the caller's): only entries about those studies' objects, and only of
    // the studies where the member's role may read the trail; nullopt: all.
    DbFuture<Result<Page<AuditEntry>>> entries(const AuditQuery &query, const PageRequest &page,
                                               const StudyScope &scope = {}) const;

private:
    DbExecutor *m_db;
};

// Appends one audit entry in the caller's write transaction, so a change and its
// record commit (or roll back) together.
void recordAudit(SqlSession &session, const QString &actor, const QString &actorRole, const QString &action,
                 const QString &entityType, const QString &entityId, const QJsonObject &before = {},
                 const QJsonObject &after = {});
void recordAudit(SqlSession &session, const Principal &actor, const QString &action, const QString &entityType,
                 const QString &entityId, const QJsonObject &before = {}, const QJsonObject &after = {});
// The entry for a record `actor` created, whose JSON text (as sent to the client) is
// already encoded: stored as the entry's "after" without encoding it again.
void recordCreation(SqlSession &session, const Principal &actor, const QString &entityType, const QString &entityId,
                    const QByteArray &createdText);

} // namespace td

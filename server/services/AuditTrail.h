#pragma once

#include "auth/Principal.h"

#include <QJsonObject>
#include <QString>

namespace td {

class SqlSession;

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

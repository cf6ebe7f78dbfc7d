#include "AuditTrail.h"

#include "storage/AuditStore.h"

namespace td {

void recordAudit(SqlSession &session, const QString &actor, const QString &actorRole, const QString &action,
                 const QString &entityType, const QString &entityId, const QJsonObject &before,
                 const QJsonObject &after)
{
    AuditStore::Entry e;
    e.actor = actor;
    e.actorRole = actorRole;
    e.action = action;
    e.entityType = entityType;
    e.entityId = entityId;
    e.before = before;
    e.after = after;
    AuditStore::append(session, e);
}

void recordAudit(SqlSession &session, const Principal &actor, const QString &action, const QString &entityType,
                 const QString &entityId, const QJsonObject &before, const QJsonObject &after)
{
    recordAudit(session, actor.auditName(), roleName(actor.role), action, entityType, entityId, before, after);
}

void recordCreation(SqlSession &session, const Principal &actor, const QString &entityType, const QString &entityId,
                    const QByteArray &createdText)
{
    AuditStore::Entry e;
    e.actor = actor.auditName();
    e.actorRole = roleName(actor.role);
    e.action = QStringLiteral("create");
    e.entityType = entityType;
    e.entityId = entityId;
    e.afterText = createdText;
    AuditStore::append(session, e);
}

} // namespace td

#include "AuditTrail.h"

#include "Permissions.h"
#include "storage/AuditStore.h"
#include "storage/DbExecutor.h"

namespace td {

DbFuture<Result<Page<AuditEntry>>> AuditTrail::entries(const AuditQuery &query, const PageRequest &page,
                                                       const StudyScope &scope) const
{
    // Members read the trail of the studies whose role there may read it.
    StudyScope readable = scope;
    if (readable) {
        readable->removeIf(
            [](const StudyMembership &m) { return !isAllowed(m.studyRole, Permission::ReadAuditTrail); });
    }
    return m_db->read<Page<AuditEntry>>([query, page, readable](SqlSession &s) -> Result<Page<AuditEntry>> {
        return AuditStore::list(s, query, page, readable);
    });
}

void recordAudit(SqlSession &session, const QString &actor, const QString &actorRole, const QString &action,
                 const QString &entityType, const QString &entityId, const QJsonObject &before,
                 const QJsonObject &after)
{
    AuditStore::record(session, actor, actorRole, action, entityType, entityId, before, after);
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

#include "AuditEntry.h"

#include "Timestamps.h"

using namespace Qt::StringLiterals;

namespace td {

QJsonObject AuditEntry::toJson() const
{
    return {{u"id"_s, id},
            {u"at"_s, formatTimestamp(at)},
            {u"actor"_s, actor},
            {u"actorRole"_s, actorRole},
            {u"action"_s, action},
            {u"entityType"_s, entityType},
            {u"entityId"_s, entityId},
            {u"before"_s, before.isEmpty() ? QJsonValue() : QJsonValue(before)},
            {u"after"_s, after.isEmpty() ? QJsonValue() : QJsonValue(after)},
            {u"hash"_s, hash}};
}

AuditEntry AuditEntry::fromJson(const QJsonObject &json)
{
    AuditEntry e;
    e.id = json.value(u"id"_s).toInteger();
    e.at = parseTimestamp(json.value(u"at"_s).toString()).value_or(QDateTime());
    e.actor = json.value(u"actor"_s).toString();
    e.actorRole = json.value(u"actorRole"_s).toString();
    e.action = json.value(u"action"_s).toString();
    e.entityType = json.value(u"entityType"_s).toString();
    e.entityId = json.value(u"entityId"_s).toString();
    e.before = json.value(u"before"_s).toObject();
    e.after = json.value(u"after"_s).toObject();
    e.hash = json.value(u"hash"_s).toString();
    return e;
}

} // namespace td

#include "AuditStore.h"

#include "MembershipStore.h"
#include "PageCursor.h"
#include "SqlSession.h"
#include "Timestamps.h"

#include <QCryptographicHash>
#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace td::AuditStore {

namespace {

const QString kGenesis = QString(64, u'0');

QByteArray jsonText(const QJsonObject &o)
{
    return o.isEmpty() ? QByteArray() : QJsonDocument(o).toJson(QJsonDocument::Compact);
}

const QString kSelect = u"SELECT id, at, actor, actor_role, action, entity_type, entity_id, before_value, "
                        "after_value, prev_hash, hash FROM audit_log "_s;

Entry fromRow(const QSqlQuery &q)
{
    Entry e;
    e.id = q.value(0).toLongLong();
    e.at = parseTimestamp(q.value(1).toString()).value_or(QDateTime());
    e.actor = q.value(2).toString();
    e.actorRole = q.value(3).toString();
    e.action = q.value(4).toString();
    e.entityType = q.value(5).toString();
    e.entityId = q.value(6).toString();
    e.before = QJsonDocument::fromJson(textOrEmpty(q.value(7)).toUtf8()).object();
    e.after = QJsonDocument::fromJson(textOrEmpty(q.value(8)).toUtf8()).object();
    e.prevHash = q.value(9).toString();
    e.hash = q.value(10).toString();
    return e;
}

// Hashes exactly what is stored, not a re-encoding: the stored texts are the record.
// Each part is hashed as "<UTF-8 length>:<UTF-8 bytes>", so no two lists of parts hash alike.
QString hashOf(qint64 id, const QString &at, const QString &actor, const QString &role, const QString &action,
               const QString &type, const QString &entityId, QByteArrayView before, QByteArrayView after,
               const QString &prevHash)
{
    QCryptographicHash h(QCryptographicHash::Sha256);
    const auto addPart = [&h](QByteArrayView bytes) {
        h.addData(QByteArray::number(bytes.size()));
        h.addData(":");
        h.addData(bytes);
    };
    addPart(QByteArray::number(id));
    for (const QString *text : {&at, &actor, &role, &action, &type, &entityId})
        addPart(text->toUtf8());
    addPart(before);
    addPart(after);
    addPart(prevHash.toLatin1());
    return QString::fromLatin1(h.result().toHex());
}

} // namespace

void record(SqlSession &session, const QString &actor, const QString &actorRole, const QString &action,
            const QString &entityType, const QString &entityId, const QJsonObject &before, const QJsonObject &after)
{
    Entry e;
    e.actor = actor;
    e.actorRole = actorRole;
    e.action = action;
    e.entityType = entityType;
    e.entityId = entityId;
    e.before = before;
    e.after = after;
    append(session, e);
}

QString computeHash(const Entry &e)
{
    return hashOf(e.id, formatTimestamp(e.at), e.actor, e.actorRole, e.action, e.entityType, e.entityId,
                  jsonText(e.before), e.afterText.isNull() ? jsonText(e.after) : e.afterText, e.prevHash);
}

void append(SqlSession &session, Entry &entry)
{
    // The newest entry is read once per batch; later appends in the same transaction
    // continue from the one before them (the single writer, or on PostgreSQL the
    // writers' advisory lock, keeps anyone else from appending meanwhile).
    auto &head = session.auditChainHead();
    if (!head) {
        QSqlQuery &last = session.exec(u"SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1"_s);
        head = last.next() ? SqlSession::ChainHead{last.value(0).toLongLong(), last.value(1).toString()}
                           : SqlSession::ChainHead{0, kGenesis};
        last.finish();
    }
    // Ids are assigned here, not by the database, because the hash covers the id.
    entry.id = head->id + 1;
    entry.prevHash = head->hash;
    if (!entry.at.isValid())
        entry.at = QDateTime::currentDateTimeUtc();
    // QtSql binds a null QString as SQL NULL; the columns hold text, possibly empty.
    for (QString *text : {&entry.actor, &entry.actorRole, &entry.action, &entry.entityType, &entry.entityId}) {
        if (text->isNull())
            *text = u""_s;
    }
    const QString at = formatTimestamp(entry.at);
    const QByteArray before = jsonText(entry.before);
    const QByteArray after = entry.afterText.isNull() ? jsonText(entry.after) : entry.afterText;
    entry.hash = hashOf(entry.id, at, entry.actor, entry.actorRole, entry.action, entry.entityType, entry.entityId,
                        before, after, entry.prevHash);
    session.exec(u"INSERT INTO audit_log (id, at, actor, actor_role, action, entity_type, entity_id, before_value, "
                 "after_value, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"_s,
                 {entry.id, at, entry.actor, entry.actorRole, entry.action, entry.entityType, entry.entityId,
                  nullIfEmpty(QString::fromUtf8(before)), nullIfEmpty(QString::fromUtf8(after)), entry.prevHash,
                  entry.hash});
    head = SqlSession::ChainHead{entry.id, entry.hash};
}

Page<Entry> list(SqlSession &session, const Filter &filter, const PageRequest &page, const StudyScope &scope)
{
    QString sql = kSelect % u"WHERE 1 = 1"_s;
    QVariantList values;
    if (scope) {
        // Entries name their entity by code or id: map each kind to its study and site.
        const auto projects = MembershipStore::condition(*scope, u"p.id"_s, QString());
        const auto subjects = MembershipStore::condition(*scope, u"s.project_id"_s, u"s.site"_s);
        sql +=
            u" AND ((entity_type = 'project' AND entity_id IN (SELECT p.code FROM projects p WHERE "_s % projects.sql
            % u")) OR (entity_type IN ('subject', 'token') AND entity_id IN "
              "(SELECT s.subject_id FROM subjects s WHERE "_s
            % subjects.sql
            % u")) OR (entity_type = 'submission' AND entity_id IN (SELECT CAST(q.id AS TEXT) FROM "
              "questionnaire_submissions q JOIN subjects s ON s.subject_id = q.subject_id WHERE "_s
            % subjects.sql
            % u")) OR (entity_type = 'vital' AND entity_id IN (SELECT CAST(v.id AS TEXT) FROM vital_signs v "
              "JOIN subjects s ON s.subject_id = v.subject_id WHERE "_s
            % subjects.sql
            // "<code>/<key>/<version>", also of discarded drafts, and "<code>/<id>" of
            // webhooks and their deliveries, also deleted ones: matched by the study
            // prefix (not LIKE, whose _ would match any character of a code).
            % u")) OR (entity_type IN ('questionnaire', 'webhook', 'webhook_delivery') AND EXISTS (SELECT 1 FROM projects p WHERE "_s
            % projects.sql % u" AND SUBSTR(entity_id, 1, LENGTH(p.code) + 1) = p.code || '/')))"_s;
        values << projects.values << subjects.values << subjects.values << subjects.values << projects.values;
    }
    if (!filter.entityType.isEmpty()) {
        sql += u" AND entity_type = ?"_s;
        values << filter.entityType;
    }
    if (!filter.entityId.isEmpty()) {
        sql += u" AND entity_id = ?"_s;
        values << filter.entityId;
    }
    if (!filter.actor.isEmpty()) {
        sql += u" AND actor = ?"_s;
        values << filter.actor;
    }
    if (filter.since) {
        sql += u" AND at >= ?"_s;
        values << formatTimestamp(*filter.since);
    }
    if (!page.after.isEmpty()) {
        sql += u" AND id > ?"_s;
        values << page.after.first().toLongLong();
    }
    sql += u" ORDER BY id LIMIT ?"_s;
    values << page.limit + 1;
    QSqlQuery &q = session.exec(sql, values);
    Page<Entry> result;
    while (q.next()) {
        if (result.items.size() == page.limit) {
            result.nextCursor = PageCursor::encode({QString::number(result.items.constLast().id)});
            break;
        }
        result.items << fromRow(q);
    }
    q.finish();
    return result;
}

Verification verify(SqlSession &session)
{
    Verification v;
    QSqlQuery &q = session.exec(u"SELECT id, at, actor, actor_role, action, entity_type, entity_id, before_value, "
                                "after_value, prev_hash, hash FROM audit_log ORDER BY id"_s);
    QString expectedPrev = kGenesis;
    qint64 expectedId = 1;
    while (q.next()) {
        ++v.entries;
        const qint64 id = q.value(0).toLongLong();
        auto broken = [&](const QString &problem) {
            v.firstBrokenId = id;
            v.problem = problem;
        };
        if (id != expectedId)
            broken(u"entry %1 is missing (deleted?)"_s.arg(expectedId));
        else if (q.value(9).toString() != expectedPrev)
            broken(u"its link to the previous entry does not match"_s);
        else if (hashOf(id, q.value(1).toString(), q.value(2).toString(), q.value(3).toString(), q.value(4).toString(),
                        q.value(5).toString(), q.value(6).toString(), textOrEmpty(q.value(7)).toUtf8(),
                        textOrEmpty(q.value(8)).toUtf8(), q.value(9).toString())
                 != q.value(10).toString())
            broken(u"its content does not match its hash (edited?)"_s);
        if (v.firstBrokenId)
            break;
        expectedPrev = q.value(10).toString();
        ++expectedId;
    }
    q.finish();
    return v;
}

} // namespace td::AuditStore

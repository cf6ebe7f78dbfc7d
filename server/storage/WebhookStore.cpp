#include "WebhookStore.h"

#include "EventStore.h"
#include "SqlSession.h"
#include "Timestamps.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace td::WebhookStore {

namespace {

// An empty text column, never NULL.
QString notNull(const QString &s)
{
    return s.isNull() ? u""_s : s;
}

bool isPostgres(SqlSession &session)
{
    return session.dialect().kind == SqlDialect::Kind::PostgreSQL;
}

QString typesText(const QStringList &types)
{
    return QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(types)).toJson(QJsonDocument::Compact));
}

QStringList typesOf(const QVariant &v)
{
    QStringList types;
    for (const QJsonValue &t : QJsonDocument::fromJson(v.toString().toUtf8()).array())
        types << t.toString();
    return types;
}

const QString kWebhookColumns = u"w.id, p.code, w.url, w.event_types, w.description, w.enabled, w.created_at, "
                                "w.created_by, w.secret FROM webhooks w JOIN projects p ON p.id = w.project_id "_s;

Webhook webhookFrom(const QSqlQuery &q)
{
    Webhook w;
    w.id = q.value(0).toLongLong();
    w.projectCode = q.value(1).toString();
    w.url = q.value(2).toString();
    w.eventTypes = typesOf(q.value(3));
    w.description = q.value(4).toString();
    w.enabled = q.value(5).toInt() != 0;
    w.createdAt = parseTimestamp(q.value(6).toString()).value_or(QDateTime());
    w.createdBy = q.value(7).toString();
    w.secretHint = q.value(8).toString().right(4);
    return w;
}

void addCounts(SqlSession &session, QList<Webhook> &webhooks, const QString &where, const QVariantList &values)
{
    QHash<qint64, Webhook *> byId;
    for (Webhook &w : webhooks)
        byId.insert(w.id, &w);
    QSqlQuery &q = session.exec(u"SELECT d.webhook_id, d.state, COUNT(*) FROM webhook_deliveries d "
                                "JOIN webhooks w ON w.id = d.webhook_id WHERE "_s
                                    + where + u" GROUP BY d.webhook_id, d.state"_s,
                                values);
    while (q.next()) {
        Webhook *w = byId.value(q.value(0).toLongLong());
        if (!w)
            continue;
        const QString state = q.value(1).toString();
        const qint64 n = q.value(2).toLongLong();
        if (state == WebhookDelivery::Pending)
            w->pending = n;
        else if (state == WebhookDelivery::Delivered)
            w->delivered = n;
        else if (state == WebhookDelivery::Dead)
            w->dead = n;
    }
    q.finish();
}

const QString kDeliveryColumns = u"id, webhook_id, event_seq, event_type, state, attempts, created_at, "
                                 "last_attempt_at, next_attempt_ms, delivered_at, last_status, last_error, "
                                 "last_latency_ms FROM webhook_deliveries "_s;

WebhookDelivery deliveryFrom(const QSqlQuery &q)
{
    WebhookDelivery d;
    d.id = q.value(0).toLongLong();
    d.webhookId = q.value(1).toLongLong();
    d.eventSeq = q.value(2).toLongLong();
    d.eventType = q.value(3).toString();
    d.state = q.value(4).toString();
    d.attempts = q.value(5).toInt();
    d.createdAt = parseTimestamp(q.value(6).toString()).value_or(QDateTime());
    d.lastAttemptAt = parseTimestamp(textOrEmpty(q.value(7))).value_or(QDateTime());
    if (!q.value(8).isNull())
        d.nextAttemptAt = QDateTime::fromMSecsSinceEpoch(q.value(8).toLongLong(), Qt::UTC);
    d.deliveredAt = parseTimestamp(textOrEmpty(q.value(9))).value_or(QDateTime());
    if (!q.value(10).isNull())
        d.lastStatus = q.value(10).toInt();
    d.lastError = textOrEmpty(q.value(11));
    if (!q.value(12).isNull())
        d.lastLatencyMs = q.value(12).toInt();
    return d;
}

} // namespace

QList<Webhook> forProject(SqlSession &session, qint64 projectId)
{
    QSqlQuery &q =
        session.exec(u"SELECT "_s + kWebhookColumns + u"WHERE w.project_id = ? ORDER BY w.id"_s, {projectId});
    QList<Webhook> list;
    while (q.next())
        list.append(webhookFrom(q));
    q.finish();
    addCounts(session, list, u"w.project_id = ?"_s, {projectId});
    return list;
}

std::optional<Webhook> find(SqlSession &session, qint64 id)
{
    QSqlQuery &q = session.exec(u"SELECT "_s + kWebhookColumns + u"WHERE w.id = ?"_s, {id});
    QList<Webhook> list;
    if (q.next())
        list.append(webhookFrom(q));
    q.finish();
    if (list.isEmpty())
        return std::nullopt;
    addCounts(session, list, u"w.id = ?"_s, {id});
    return list.first();
}

int countForProject(SqlSession &session, qint64 projectId)
{
    QSqlQuery &q = session.exec(u"SELECT COUNT(*) FROM webhooks WHERE project_id = ?"_s, {projectId});
    const int n = q.next() ? q.value(0).toInt() : 0;
    q.finish();
    return n;
}

qint64 insert(SqlSession &session, qint64 projectId, const Webhook &webhook, const QString &secret, qint64 cursorSeq)
{
    const QString at = formatTimestamp(webhook.createdAt);
    QSqlQuery &q = session.exec(u"INSERT INTO webhooks (project_id, url, event_types, description, enabled, secret, "
                                "cursor_seq, created_at, created_by, updated_at) "
                                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id"_s,
                                {projectId, webhook.url, typesText(webhook.eventTypes), notNull(webhook.description),
                                 webhook.enabled ? 1 : 0, secret, cursorSeq, at, webhook.createdBy, at});
    if (!q.next())
        throw StorageError("INSERT INTO webhooks returned no id");
    const qint64 id = q.value(0).toLongLong();
    q.finish();
    return id;
}

void update(SqlSession &session, const Webhook &webhook, const QDateTime &at)
{
    session.exec(u"UPDATE webhooks SET url = ?, event_types = ?, description = ?, enabled = ?, updated_at = ? "
                 "WHERE id = ?"_s,
                 {webhook.url, typesText(webhook.eventTypes), notNull(webhook.description), webhook.enabled ? 1 : 0,
                  formatTimestamp(at), webhook.id});
}

void setSecret(SqlSession &session, qint64 id, const QString &secret, const QDateTime &at)
{
    session.exec(u"UPDATE webhooks SET secret = ?, updated_at = ? WHERE id = ?"_s, {secret, formatTimestamp(at), id});
}

void remove(SqlSession &session, qint64 id)
{
    session.exec(u"DELETE FROM webhook_attempts WHERE delivery_id IN "
                 "(SELECT id FROM webhook_deliveries WHERE webhook_id = ?)"_s,
                 {id});
    session.exec(u"DELETE FROM webhook_deliveries WHERE webhook_id = ?"_s, {id});
    session.exec(u"DELETE FROM webhooks WHERE id = ?"_s, {id});
}

std::optional<QString> projectOfWebhook(SqlSession &session, qint64 id)
{
    QSqlQuery &q =
        session.exec(u"SELECT p.code FROM webhooks w JOIN projects p ON p.id = w.project_id WHERE w.id = ?"_s, {id});
    std::optional<QString> code;
    if (q.next())
        code = q.value(0).toString();
    q.finish();
    return code;
}

std::optional<QString> projectOfDelivery(SqlSession &session, qint64 id)
{
    QSqlQuery &q = session.exec(u"SELECT p.code FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id "
                                "JOIN projects p ON p.id = w.project_id WHERE d.id = ?"_s,
                                {id});
    std::optional<QString> code;
    if (q.next())
        code = q.value(0).toString();
    q.finish();
    return code;
}

QList<WebhookDelivery> deliveries(SqlSession &session, qint64 webhookId, const QString &state, qint64 beforeId,
                                  int limit)
{
    const qint64 before = beforeId > 0 ? beforeId : std::numeric_limits<qint64>::max();
    QSqlQuery &q = state.isEmpty()
                       ? session.exec(u"SELECT "_s + kDeliveryColumns
                                          + u"WHERE webhook_id = ? AND id < ? ORDER BY id DESC LIMIT ?"_s,
                                      {webhookId, before, limit})
                       : session.exec(u"SELECT "_s + kDeliveryColumns
                                          + u"WHERE webhook_id = ? AND state = ? AND id < ? ORDER BY id DESC LIMIT ?"_s,
                                      {webhookId, state, before, limit});
    QList<WebhookDelivery> list;
    while (q.next())
        list.append(deliveryFrom(q));
    q.finish();
    return list;
}

std::optional<WebhookDelivery> delivery(SqlSession &session, qint64 id)
{
    QSqlQuery &q = session.exec(u"SELECT "_s + kDeliveryColumns + u"WHERE id = ?"_s, {id});
    std::optional<WebhookDelivery> d;
    if (q.next())
        d = deliveryFrom(q);
    q.finish();
    if (!d)
        return d;
    QSqlQuery &log = session.exec(u"SELECT at, status, latency_ms, error FROM webhook_attempts WHERE delivery_id = ? "
                                  "ORDER BY id DESC LIMIT ?"_s,
                                  {id, kMaxLoggedAttempts});
    while (log.next()) {
        WebhookDelivery::Attempt a;
        a.at = parseTimestamp(log.value(0).toString()).value_or(QDateTime());
        if (!log.value(1).isNull())
            a.status = log.value(1).toInt();
        a.latencyMs = log.value(2).toInt();
        a.error = textOrEmpty(log.value(3));
        d->attemptLog.prepend(a);
    }
    log.finish();
    return d;
}

bool requeue(SqlSession &session, qint64 id, qint64 nowMs)
{
    QSqlQuery &q = session.exec(u"UPDATE webhook_deliveries SET state = 'pending', attempts = 0, next_attempt_ms = ?, "
                                "lease_until_ms = NULL WHERE id = ? AND state = 'dead'"_s,
                                {nowMs, id});
    return q.numRowsAffected() > 0;
}

QList<FanOutTarget> lockBehind(SqlSession &session, qint64 head, int limit)
{
    const QString lock = isPostgres(session) ? u" FOR UPDATE OF w SKIP LOCKED"_s : QString();
    QSqlQuery &q = session.exec(u"SELECT w.id, w.cursor_seq, p.code, w.event_types, w.enabled FROM webhooks w "
                                "JOIN projects p ON p.id = w.project_id WHERE w.cursor_seq < ? ORDER BY w.id LIMIT ?"_s
                                    + lock,
                                {head, limit});
    QList<FanOutTarget> list;
    while (q.next())
        list.append({q.value(0).toLongLong(), q.value(1).toLongLong(), q.value(2).toString(), typesOf(q.value(3)),
                     q.value(4).toInt() != 0});
    q.finish();
    return list;
}

QList<EventRef> eventsOf(SqlSession &session, const QString &projectCode, qint64 after, qint64 upTo)
{
    QSqlQuery &q =
        session.exec(u"SELECT seq, type FROM events WHERE seq > ? AND seq <= ? AND project = ? ORDER BY seq"_s,
                     {after, upTo, projectCode});
    QList<EventRef> list;
    while (q.next())
        list.append({q.value(0).toLongLong(), q.value(1).toString()});
    q.finish();
    return list;
}

void insertDelivery(SqlSession &session, qint64 webhookId, const EventRef &event, const QString &createdAt,
                    qint64 dueMs)
{
    session.exec(u"INSERT INTO webhook_deliveries (webhook_id, event_seq, event_type, state, attempts, created_at, "
                 "next_attempt_ms) VALUES (?, ?, ?, 'pending', 0, ?, ?)"_s,
                 {webhookId, event.seq, event.type, createdAt, dueMs});
}

void setCursor(SqlSession &session, qint64 webhookId, qint64 cursorSeq)
{
    session.exec(u"UPDATE webhooks SET cursor_seq = ? WHERE id = ?"_s, {cursorSeq, webhookId});
}

QList<Job> claim(SqlSession &session, qint64 nowMs, qint64 leaseUntilMs, int limit)
{
    const QString lock = isPostgres(session) ? u" FOR UPDATE OF d SKIP LOCKED"_s : QString();
    QSqlQuery &q = session.exec(
        u"UPDATE webhook_deliveries SET lease_until_ms = ? WHERE id IN ("
        "SELECT d.id FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id "
        "WHERE d.state = 'pending' AND d.next_attempt_ms <= ? AND (d.lease_until_ms IS NULL OR d.lease_until_ms < ?) "
        "AND w.enabled = 1 ORDER BY d.next_attempt_ms, d.id LIMIT ?"_s
            + lock + u") RETURNING id"_s,
        {leaseUntilMs, nowMs, nowMs, limit});
    QList<qint64> ids;
    while (q.next())
        ids << q.value(0).toLongLong();
    q.finish();
    QList<Job> jobs;
    for (qint64 id : std::as_const(ids)) {
        QSqlQuery &d = session.exec(u"SELECT d.webhook_id, d.attempts, d.event_seq, w.url, w.secret FROM "
                                    "webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id WHERE d.id = ?"_s,
                                    {id});
        if (!d.next()) {
            d.finish();
            continue;
        }
        Job job;
        job.deliveryId = id;
        job.webhookId = d.value(0).toLongLong();
        job.attempts = d.value(1).toInt();
        const qint64 seq = d.value(2).toLongLong();
        job.url = d.value(3).toString();
        job.secret = d.value(4).toString();
        d.finish();
        // Through the outbox's own reader, so whatever it reads (new members too) is sent.
        const QList<StudyEvent> events = EventStore::rows(session, seq - 1, seq, 1);
        if (events.isEmpty())
            continue;
        job.event = events.first();
        jobs.append(std::move(job));
    }
    return jobs;
}

void clearLeases(SqlSession &session)
{
    session.exec(u"UPDATE webhook_deliveries SET lease_until_ms = NULL WHERE lease_until_ms IS NOT NULL"_s);
}

void recordAttempt(SqlSession &session, const Outcome &o)
{
    const QString at = formatTimestamp(o.at);
    const QVariant status = o.status ? QVariant(*o.status) : QVariant(QMetaType::fromType<int>());
    const bool pending = o.state == WebhookDelivery::Pending;
    session.exec(u"UPDATE webhook_deliveries SET state = ?, attempts = attempts + 1, last_attempt_at = ?, "
                 "next_attempt_ms = ?, lease_until_ms = NULL, delivered_at = ?, last_status = ?, last_error = ?, "
                 "last_latency_ms = ? WHERE id = ?"_s,
                 {o.state, at, pending ? QVariant(o.nextAttemptMs) : QVariant(QMetaType::fromType<qint64>()),
                  o.state == WebhookDelivery::Delivered ? QVariant(at) : QVariant(QMetaType::fromType<QString>()),
                  status, nullIfEmpty(o.error), o.latencyMs, o.deliveryId});
    session.exec(u"INSERT INTO webhook_attempts (delivery_id, at, status, latency_ms, error) VALUES (?, ?, ?, ?, ?)"_s,
                 {o.deliveryId, at, status, o.latencyMs, nullIfEmpty(o.error)});
}

} // namespace td::WebhookStore

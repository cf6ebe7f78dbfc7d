#include "EventStore.h"

#include "SqlSession.h"
#include "Timestamps.h"

#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace td::EventStore {

void append(SqlSession &session, StudyEvent event)
{
    if (!event.occurredAt.isValid())
        event.occurredAt = QDateTime::currentDateTimeUtc();
    session.pendingEvents().push_back(std::move(event));
}

qint64 flush(SqlSession &session)
{
    std::vector<StudyEvent> &pending = session.pendingEvents();
    if (pending.empty())
        return 0;
    const qint64 n = qint64(pending.size());
    QSqlQuery &counter =
        session.exec(u"UPDATE event_counter SET last_seq = last_seq + ? WHERE id = 1 RETURNING last_seq"_s, {n});
    if (!counter.next())
        throw StorageError("the event counter row is missing");
    const qint64 last = counter.value(0).toLongLong();
    counter.finish();
    qint64 seq = last - n;
    for (const StudyEvent &e : pending) {
        session.exec(
            u"INSERT INTO events (seq, project, site, type, entity_id, occurred_at, data) VALUES (?, ?, ?, ?, ?, ?, ?)"_s,
            {++seq, e.projectCode, nullIfEmpty(e.site), e.type, e.entityId, formatTimestamp(e.occurredAt),
             e.data.isEmpty() ? nullIfEmpty(QString())
                              : QVariant(QString::fromUtf8(QJsonDocument(e.data).toJson(QJsonDocument::Compact)))});
    }
    pending.clear();
    // Delivered by PostgreSQL only when this transaction commits: the wake-up for the
    // streams of every instance (EventHub); the table stays the truth.
    if (session.dialect().kind == SqlDialect::Kind::PostgreSQL)
        session.exec(u"SELECT pg_notify('trialdesk_events', ?)"_s, {QString::number(last)});
    return last;
}

qint64 lastSeq(SqlSession &session)
{
    QSqlQuery &q = session.exec(u"SELECT last_seq FROM event_counter WHERE id = 1"_s);
    const qint64 last = q.next() ? q.value(0).toLongLong() : 0;
    q.finish();
    return last;
}

qint64 prunedUpTo(SqlSession &session)
{
    QSqlQuery &q =
        session.exec(u"SELECT (SELECT MIN(seq) FROM events), (SELECT last_seq FROM event_counter WHERE id = 1)"_s);
    qint64 pruned = 0;
    if (q.next())
        pruned = q.value(0).isNull() ? q.value(1).toLongLong() : q.value(0).toLongLong() - 1;
    q.finish();
    return pruned;
}

int prune(SqlSession &session, const QDateTime &cutoff, int batch)
{
    // Read in seq order, not by time: clocks of several instances (and the moment an
    // event is stamped, before its number) need not agree with commit order, and a
    // hole in the middle would let a reader skip an event without knowing.
    QSqlQuery &q = session.exec(u"SELECT seq, occurred_at FROM events "
                                "WHERE seq < (SELECT last_seq FROM event_counter WHERE id = 1) ORDER BY seq LIMIT ?"_s,
                                {batch});
    qint64 upTo = 0;
    int count = 0;
    while (q.next()) {
        const std::optional<QDateTime> at = parseTimestamp(q.value(1).toString());
        if (at && *at >= cutoff)
            break;
        upTo = q.value(0).toLongLong();
        ++count;
    }
    q.finish();
    if (count > 0)
        session.exec(u"DELETE FROM events WHERE seq <= ?"_s, {upTo}).finish();
    return count;
}

QList<StudyEvent> rows(SqlSession &session, qint64 since, qint64 upTo, int limit)
{
    QSqlQuery &q = session.exec(u"SELECT seq, project, site, type, entity_id, occurred_at, data FROM events "
                                "WHERE seq > ? AND seq <= ? ORDER BY seq LIMIT ?"_s,
                                {since, upTo, limit});
    QList<StudyEvent> list;
    while (q.next()) {
        StudyEvent e;
        e.seq = q.value(0).toLongLong();
        e.projectCode = q.value(1).toString();
        e.site = textOrEmpty(q.value(2));
        e.type = q.value(3).toString();
        e.entityId = q.value(4).toString();
        e.occurredAt = parseTimestamp(q.value(5).toString()).value_or(QDateTime());
        if (!q.value(6).isNull())
            e.data = QJsonDocument::fromJson(q.value(6).toString().toUtf8()).object();
        list.append(std::move(e));
    }
    q.finish();
    return list;
}

} // namespace td::EventStore

#include "ReminderStore.h"

#include "SqlSession.h"
#include "Timestamps.h"

using namespace Qt::StringLiterals;

namespace td::ReminderStore {

namespace {

QDateTime timestampOrNull(const QVariant &v)
{
    return v.isNull() ? QDateTime() : parseTimestamp(v.toString()).value_or(QDateTime());
}

} // namespace

QList<qint64> activeProjectsWithSchedules(SqlSession &session)
{
    QSqlQuery &q = session.exec(u"SELECT DISTINCT q.project_id FROM questionnaire_schedules q JOIN projects p ON "
                                "p.id = q.project_id WHERE p.status = 'active' ORDER BY q.project_id"_s);
    QList<qint64> out;
    while (q.next())
        out << q.value(0).toLongLong();
    q.finish();
    return out;
}

bool isActive(SqlSession &session, qint64 projectId)
{
    QSqlQuery &q = session.exec(u"SELECT status FROM projects WHERE id = ?"_s, {projectId});
    const bool active = q.next() && q.value(0).toString() == u"active"_s;
    q.finish();
    return active;
}

int plan(SqlSession &session, const QList<Planned> &rows)
{
    // ON CONFLICT DO NOTHING is the same in SQLite (3.24+) and PostgreSQL: planning
    // runs again and again over the same entries, and a row once sent stays sent.
    const QString sql = u"INSERT INTO reminders (project_id, subject_id, questionnaire, entry_day, kind, opens_at, "
                        "due_at, closes_at, state) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending') "
                        "ON CONFLICT (subject_id, questionnaire, entry_day, kind) DO NOTHING"_s;
    int inserted = 0;
    for (const Planned &r : rows) {
        QSqlQuery &q =
            session.exec(sql, {r.projectId, r.subjectId, r.questionnaire, r.entryDay, r.kind,
                               formatTimestamp(r.opensAt), formatTimestamp(r.dueAt), formatTimestamp(r.closesAt)});
        inserted += q.numRowsAffected() > 0 ? 1 : 0;
    }
    return inserted;
}

void dropPending(SqlSession &session, qint64 projectId, const QString &questionnaire)
{
    session.exec(u"DELETE FROM reminders WHERE project_id = ? AND questionnaire = ? AND state = 'pending'"_s,
                 {projectId, questionnaire});
}

void dropPendingOf(SqlSession &session, const QString &subjectId)
{
    session.exec(u"DELETE FROM reminders WHERE subject_id = ? AND state = 'pending'"_s, {subjectId});
}

void cancelEntry(SqlSession &session, const QString &subjectId, const QString &questionnaire, int entryDay,
                 const QDateTime &at)
{
    // The unique key's prefix finds the entry's rows. The 'close' row is left alone:
    // the dispatcher checks fulfilment when the window closes anyway, and one row less
    // to change here is less work on the intake path.
    session.exec(u"UPDATE reminders SET state = 'cancelled', cancelled_at = ? WHERE subject_id = ? AND "
                 "questionnaire = ? AND entry_day = ? AND kind <> 'close' AND state = 'pending'"_s,
                 {formatTimestamp(at), subjectId, questionnaire, entryDay});
}

QList<Due> claimDue(SqlSession &session, const QDateTime &now, int limit)
{
    const QString sql =
        u"SELECT r.id, r.project_id, p.code, s.site, r.subject_id, r.questionnaire, r.entry_day, r.kind, "
        "r.opens_at, r.closes_at FROM reminders r JOIN projects p ON p.id = r.project_id "
        "JOIN subjects s ON s.subject_id = r.subject_id "
        "WHERE r.state = 'pending' AND r.due_at <= ? ORDER BY r.due_at, r.entry_day, r.id LIMIT ?"_s
        + session.dialect().claimRows(u"r"_s);
    QSqlQuery &q = session.exec(sql, {formatTimestamp(now), limit});
    QList<Due> out;
    while (q.next()) {
        out << Due{q.value(0).toLongLong(),    q.value(1).toLongLong(), q.value(2).toString(),
                   textOrEmpty(q.value(3)),    q.value(4).toString(),   q.value(5).toString(),
                   q.value(6).toInt(),         q.value(7).toString(),   timestampOrNull(q.value(8)),
                   timestampOrNull(q.value(9))};
    }
    q.finish();
    return out;
}

void markSent(SqlSession &session, qint64 id, const QDateTime &at)
{
    session.exec(u"UPDATE reminders SET state = 'sent', sent_at = ? WHERE id = ?"_s, {formatTimestamp(at), id});
}

void markCancelled(SqlSession &session, qint64 id, const QDateTime &at)
{
    session.exec(u"UPDATE reminders SET state = 'cancelled', cancelled_at = ? WHERE id = ?"_s,
                 {formatTimestamp(at), id});
}

void markExpired(SqlSession &session, qint64 id)
{
    session.exec(u"UPDATE reminders SET state = 'expired' WHERE id = ?"_s, {id});
}

int missedBefore(SqlSession &session, const QString &subjectId, const QString &questionnaire, int entryDay, int limit)
{
    QSqlQuery &q = session.exec(u"SELECT state FROM reminders WHERE subject_id = ? AND questionnaire = ? AND "
                                "entry_day < ? AND kind = 'close' ORDER BY entry_day DESC LIMIT ?"_s,
                                {subjectId, questionnaire, entryDay, limit});
    int missed = 0;
    const QString sent = u"sent"_s;
    while (q.next() && q.value(0).toString() == sent)
        ++missed;
    q.finish();
    return missed;
}

std::optional<QDateTime> nextDue(SqlSession &session)
{
    QSqlQuery &q = session.exec(u"SELECT MIN(due_at) FROM reminders WHERE state = 'pending'"_s);
    std::optional<QDateTime> due;
    if (q.next() && !q.value(0).isNull())
        due = parseTimestamp(q.value(0).toString());
    q.finish();
    return due;
}

QList<Row> ofSubject(SqlSession &session, const QString &subjectId, const QString &state, int limit)
{
    QVariantList values{subjectId};
    QString sql = u"SELECT id, questionnaire, entry_day, kind, due_at, closes_at, state, sent_at, cancelled_at "
                  "FROM reminders WHERE subject_id = ? AND kind <> 'close'"_s;
    if (!state.isEmpty()) {
        sql += u" AND state = ?"_s;
        values << state;
    }
    sql += u" ORDER BY opens_at DESC, questionnaire, due_at DESC LIMIT ?"_s;
    values << limit;
    QSqlQuery &q = session.exec(sql, values);
    QList<Row> out;
    while (q.next()) {
        out << Row{q.value(0).toLongLong(), q.value(1).toString(),       q.value(2).toInt(),
                   q.value(3).toString(),   timestampOrNull(q.value(4)), timestampOrNull(q.value(5)),
                   q.value(6).toString(),   timestampOrNull(q.value(7)), timestampOrNull(q.value(8))};
    }
    q.finish();
    return out;
}

} // namespace td::ReminderStore

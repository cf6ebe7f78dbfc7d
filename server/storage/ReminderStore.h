#pragma once

#include <QDateTime>
#include <QList>
#include <QString>
#include <optional>

namespace td {

class SqlSession;

// SQL for the reminders of expected entries (issue #16): planned ahead, claimed when
// due, cancelled by the submission that fulfils their entry. Runs on a database
// thread, in the caller's transaction.
namespace ReminderStore {

inline constexpr char16_t kOpen[] = u"open";
inline constexpr char16_t kFollowUp[] = u"follow_up";
// Internal: due when the entry closes, to report it missed once if nothing came.
inline constexpr char16_t kClose[] = u"close";

// The studies planning looks at: active, with at least one schedule.
QList<qint64> activeProjectsWithSchedules(SqlSession &session);
bool isActive(SqlSession &session, qint64 projectId);

struct Planned {
    qint64 projectId = 0;
    QString subjectId;
    QString questionnaire;
    int entryDay = 0;
    QString kind;
    QDateTime opensAt;
    QDateTime dueAt;
    QDateTime closesAt;
};
// Inserts the rows not planned yet (one per subject, questionnaire, day and kind);
// rows already there, whatever their state, are left alone. Returns how many were new.
int plan(SqlSession &session, const QList<Planned> &rows);
// Drops the pending reminders of a study's questionnaire (its schedule changed) or of
// a subject (its time zone or anchor date changed): planning makes them again.
void dropPending(SqlSession &session, qint64 projectId, const QString &questionnaire);
void dropPendingOf(SqlSession &session, const QString &subjectId);
// At intake, in the transaction storing the submission that fulfils the entry: its
// pending reminders (not the internal close row, checked when the window closes).
void cancelEntry(SqlSession &session, const QString &subjectId, const QString &questionnaire, int entryDay,
                 const QDateTime &at);

struct Due {
    qint64 id = 0;
    qint64 projectId = 0;
    QString projectCode;
    QString site;
    QString subjectId;
    QString questionnaire;
    int entryDay = 0;
    QString kind;
    QDateTime opensAt;
    QDateTime closesAt;
};
// Up to `limit` pending reminders due at `now`, earliest first, locked for this
// transaction (on PostgreSQL skipping those another instance holds).
QList<Due> claimDue(SqlSession &session, const QDateTime &now, int limit);
void markSent(SqlSession &session, qint64 id, const QDateTime &at);
void markCancelled(SqlSession &session, qint64 id, const QDateTime &at);
void markExpired(SqlSession &session, qint64 id);
// How many entries of the questionnaire right before `entryDay` were reported missed
// in a row (their close rows sent), looking at most `limit` back.
int missedBefore(SqlSession &session, const QString &subjectId, const QString &questionnaire, int entryDay, int limit);
// The earliest due time of a pending reminder.
std::optional<QDateTime> nextDue(SqlSession &session);

struct Row {
    qint64 id = 0;
    QString questionnaire;
    int entryDay = 0;
    QString kind;
    QDateTime dueAt;
    QDateTime closesAt;
    QString state;
    QDateTime sentAt;
    QDateTime cancelledAt;
};
// A subject's reminders (not the internal close rows), newest entry first; only in
// `state` when it is not empty.
QList<Row> ofSubject(SqlSession &session, const QString &subjectId, const QString &state, int limit);

} // namespace ReminderStore
} // namespace td

#include "ScheduleStore.h"

#include "SqlSession.h"
#include "Timestamps.h"

#include <QHash>
#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace td::ScheduleStore {

namespace {

std::optional<QuestionnaireSchedule> decode(const QString &text)
{
    ApiError error;
    auto schedule = QuestionnaireSchedule::fromJson(QJsonDocument::fromJson(text.toUtf8()).object(), &error);
    if (!schedule)
        qWarning("ignoring a stored schedule that no longer validates: %s", qPrintable(error.message));
    return schedule;
}

// Constructing a QTimeZone reads the zone's data: do it once per id.
QTimeZone zoneFor(const QString &id, QHash<QString, QTimeZone> &zones)
{
    auto it = zones.find(id);
    if (it == zones.end()) {
        QTimeZone zone(id.toUtf8());
        it = zones.insert(id, zone.isValid() ? zone : QTimeZone::utc());
    }
    return *it;
}

QString siteFilter(const QString &column, const QStringList &sites, QVariantList &values)
{
    if (sites.isEmpty())
        return {};
    QStringList marks;
    for (const QString &site : sites) {
        marks << u"?"_s;
        values << site;
    }
    return u" AND "_s % column % u" IN ("_s % marks.join(u", "_s) % u")"_s;
}

// Columns: enrolled_at, subject zone, anchor date, study zone, study end.
SubjectTimeline timelineFrom(const QSqlQuery &q, int first, QHash<QString, QTimeZone> &zones)
{
    return timelineOf({q.value(first).toString(), textOrEmpty(q.value(first + 1)), textOrEmpty(q.value(first + 2)),
                       textOrEmpty(q.value(first + 3)), textOrEmpty(q.value(first + 4))},
                      zones);
}

} // namespace

SubjectTimeline timelineOf(const SubjectStore::TimelineColumns &c, QHash<QString, QTimeZone> &zones)
{
    SubjectTimeline t;
    t.zone = zoneFor(c.ownZone.isEmpty() ? c.studyZone : c.ownZone, zones);
    if (const auto enrolled = parseTimestamp(c.enrolledAt))
        t.anchorDate = enrolled->toTimeZone(t.zone).date();
    if (!c.anchorDate.isEmpty())
        t.subjectDate = parseDate(c.anchorDate);
    if (!c.studyEnd.isEmpty())
        t.studyEnd = parseDate(c.studyEnd);
    return t;
}

QList<QuestionnaireSchedule> forProject(SqlSession &session, qint64 projectId)
{
    QSqlQuery &q = session.exec(
        u"SELECT schedule FROM questionnaire_schedules WHERE project_id = ? ORDER BY questionnaire"_s, {projectId});
    QList<QuestionnaireSchedule> out;
    while (q.next()) {
        if (auto s = decode(q.value(0).toString()))
            out << *s;
    }
    q.finish();
    return out;
}

std::optional<QuestionnaireSchedule> find(SqlSession &session, qint64 projectId, const QString &questionnaire)
{
    QSqlQuery &q =
        session.exec(u"SELECT schedule FROM questionnaire_schedules WHERE project_id = ? AND questionnaire = ?"_s,
                     {projectId, questionnaire});
    std::optional<QuestionnaireSchedule> found;
    if (q.next())
        found = decode(q.value(0).toString());
    q.finish();
    return found;
}

bool upsert(SqlSession &session, qint64 projectId, const QuestionnaireSchedule &schedule, const QDateTime &at,
            const QString &by)
{
    const QString json = QString::fromUtf8(QJsonDocument(schedule.toJson()).toJson(QJsonDocument::Compact));
    const bool exists = find(session, projectId, schedule.questionnaire).has_value();
    if (exists)
        session.exec(u"UPDATE questionnaire_schedules SET schedule = ?, updated_at = ?, updated_by = ? "
                     "WHERE project_id = ? AND questionnaire = ?"_s,
                     {json, formatTimestamp(at), by, projectId, schedule.questionnaire});
    else
        session.exec(u"INSERT INTO questionnaire_schedules (project_id, questionnaire, schedule, updated_at, "
                     "updated_by) VALUES (?, ?, ?, ?, ?)"_s,
                     {projectId, schedule.questionnaire, json, formatTimestamp(at), by});
    return !exists;
}

void remove(SqlSession &session, qint64 projectId, const QString &questionnaire)
{
    session.exec(u"DELETE FROM questionnaire_schedules WHERE project_id = ? AND questionnaire = ?"_s,
                 {projectId, questionnaire});
}

QList<qint64> projectsWithSchedules(SqlSession &session)
{
    QSqlQuery &q = session.exec(u"SELECT DISTINCT project_id FROM questionnaire_schedules ORDER BY project_id"_s);
    QList<qint64> out;
    while (q.next())
        out << q.value(0).toLongLong();
    q.finish();
    return out;
}

std::optional<SubjectRow> subject(SqlSession &session, const QString &subjectId)
{
    QSqlQuery &q = session.exec(u"SELECT s.site, s.project_id, s.enrolled_at, s.time_zone, s.anchor_date, "
                                "p.time_zone, p.end_date FROM subjects s JOIN projects p ON p.id = s.project_id "
                                "WHERE s.subject_id = ?"_s,
                                {subjectId});
    // Per thread: the writer thread asks on every scheduled submission.
    thread_local QHash<QString, QTimeZone> zones;
    std::optional<SubjectRow> found;
    if (q.next())
        found = SubjectRow{subjectId, textOrEmpty(q.value(0)), q.value(1).toLongLong(), timelineFrom(q, 2, zones)};
    q.finish();
    return found;
}

QList<ComplianceSubject> subjects(SqlSession &session, qint64 projectId, const QStringList &sites)
{
    QVariantList values{projectId};
    const QString sql = u"SELECT s.subject_id, s.site, s.enrolled_at, s.time_zone, s.anchor_date, p.time_zone, "
                        "p.end_date FROM subjects s JOIN projects p ON p.id = s.project_id WHERE s.project_id = ?"_s
                        % siteFilter(u"s.site"_s, sites, values) % u" ORDER BY s.id"_s;
    QSqlQuery &q = session.exec(sql, values);
    QHash<QString, QTimeZone> zones;
    QList<ComplianceSubject> out;
    while (q.next())
        out << ComplianceSubject{q.value(0).toString(), textOrEmpty(q.value(1)), timelineFrom(q, 2, zones)};
    q.finish();
    return out;
}

qint64 addFulfilments(SqlSession &session, qint64 projectId, qint64 afterId, FulfilmentIndex &index)
{
    // `+project_id`: walk the primary key from `afterId` (usually a handful of rows);
    // SQLite would otherwise pick the project index and scan the whole study.
    QSqlQuery &q = session.exec(u"SELECT id, subject_id, questionnaire, entry_day, entry_state "
                                "FROM questionnaire_submissions WHERE id > ? AND +project_id = ? "
                                "AND entry_state IN ('received', 'late') ORDER BY id"_s,
                                {afterId, projectId});
    qint64 last = afterId;
    const QString late = u"late"_s;
    while (q.next()) {
        last = q.value(0).toLongLong();
        index.add(q.value(1).toString(), q.value(2).toString(), q.value(3).toInt(),
                  q.value(4).toString() == late ? EntryState::Late : EntryState::Received);
    }
    q.finish();
    return last;
}

QHash<QString, QHash<int, EntryState>> fulfilmentsOf(SqlSession &session, const QString &subjectId)
{
    // Intake fulfils each entry once (later ones are duplicates): one row per day.
    QSqlQuery &q = session.exec(u"SELECT questionnaire, entry_day, entry_state FROM questionnaire_submissions "
                                "WHERE subject_id = ? AND entry_state IN ('received', 'late')"_s,
                                {subjectId});
    QHash<QString, QHash<int, EntryState>> out;
    const QString late = u"late"_s;
    while (q.next())
        out[q.value(0).toString()].insert(q.value(1).toInt(),
                                          q.value(2).toString() == late ? EntryState::Late : EntryState::Received);
    q.finish();
    return out;
}

QList<MatchedSubmission> submissionsOf(SqlSession &session, const QString &subjectId, const QString &questionnaire)
{
    QSqlQuery &q = session.exec(u"SELECT id, submit_at FROM questionnaire_submissions WHERE subject_id = ? AND "
                                "questionnaire = ? ORDER BY id"_s,
                                {subjectId, questionnaire});
    QList<MatchedSubmission> out;
    while (q.next())
        out << MatchedSubmission{q.value(0).toLongLong(), parseTimestamp(q.value(1).toString()).value_or(QDateTime())};
    q.finish();
    return out;
}

void setEntry(SqlSession &session, qint64 submissionId, const std::optional<EntryMatch> &entry)
{
    const QVariant day = entry && entry->day ? QVariant(*entry->day) : QVariant(QMetaType::fromType<int>());
    const QVariant state = entry ? QVariant(EntryMatch::kindName(entry->kind)) : nullIfEmpty(QString());
    session.exec(u"UPDATE questionnaire_submissions SET entry_day = ?, entry_state = ? WHERE id = ?"_s,
                 {day, state, submissionId});
}

QStringList subjectsInStudyZone(SqlSession &session, qint64 projectId)
{
    QSqlQuery &q = session.exec(
        u"SELECT subject_id FROM subjects WHERE project_id = ? AND time_zone IS NULL ORDER BY id"_s, {projectId});
    QStringList out;
    while (q.next())
        out << q.value(0).toString();
    q.finish();
    return out;
}

QSet<int> fulfilledDays(SqlSession &session, const QString &subjectId, const QString &questionnaire,
                        const QList<int> &days)
{
    QSet<int> out;
    for (int day : days) {
        QSqlQuery &q = session.exec(u"SELECT 1 FROM questionnaire_submissions WHERE subject_id = ? AND "
                                    "questionnaire = ? AND entry_day = ? AND entry_state IN ('received', 'late')"_s,
                                    {subjectId, questionnaire, day});
        if (q.next())
            out.insert(day);
        q.finish();
    }
    return out;
}

} // namespace td::ScheduleStore

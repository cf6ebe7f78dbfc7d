#include "SubjectStore.h"

#include "PageCursor.h"
#include "SqlSession.h"
#include "Timestamps.h"

using namespace Qt::StringLiterals;

namespace td::SubjectStore {

namespace {

const QString kSelect = u"SELECT s.subject_id, p.code, s.name, s.phone, s.site, s.sex, s.birth_year, s.enrolled_at, "
                        "s.last_submission_at, s.project_id, p.status, s.id, s.time_zone, s.anchor_date, p.time_zone "
                        "FROM subjects s "
                        "JOIN projects p ON p.id = s.project_id "_s;

Subject fromRow(const QSqlQuery &q)
{
    Subject s;
    s.subjectId = q.value(0).toString();
    s.projectCode = q.value(1).toString();
    s.name = textOrEmpty(q.value(2));
    s.phone = textOrEmpty(q.value(3));
    s.site = textOrEmpty(q.value(4));
    s.sex = textOrEmpty(q.value(5));
    if (!q.value(6).isNull())
        s.birthYear = q.value(6).toInt();
    s.enrolledAt = parseTimestamp(q.value(7).toString()).value_or(QDateTime());
    s.lastSubmissionAt = parseTimestamp(textOrEmpty(q.value(8)));
    if (const QString zone = textOrEmpty(q.value(12)); !zone.isEmpty())
        s.timeZone = zone;
    s.anchorDate = parseDate(textOrEmpty(q.value(13)));
    s.effectiveTimeZone = s.timeZone.value_or(q.value(14).toString());
    return s;
}

} // namespace

std::optional<Enrolment> find(SqlSession &session, const QString &subjectId)
{
    QSqlQuery &q = session.exec(kSelect % u"WHERE s.subject_id = ?"_s, {subjectId});
    std::optional<Enrolment> found;
    if (q.next())
        found = Enrolment{fromRow(q), q.value(9).toLongLong(), q.value(10).toString()};
    q.finish();
    return found;
}

std::optional<Membership> membership(SqlSession &session, const QString &subjectId)
{
    QSqlQuery &q = session.exec(u"SELECT s.project_id, p.code, p.status, s.site, s.enrolled_at, s.time_zone, "
                                "s.anchor_date, p.time_zone, p.end_date FROM subjects s "
                                "JOIN projects p ON p.id = s.project_id WHERE s.subject_id = ?"_s,
                                {subjectId});
    std::optional<Membership> found;
    if (q.next())
        found = Membership{q.value(0).toLongLong(),
                           q.value(1).toString(),
                           q.value(2).toString(),
                           textOrEmpty(q.value(3)),
                           {q.value(4).toString(), textOrEmpty(q.value(5)), textOrEmpty(q.value(6)),
                            textOrEmpty(q.value(7)), textOrEmpty(q.value(8))}};
    q.finish();
    return found;
}

namespace {

std::optional<Location> locate(SqlSession &session, const QString &sql, const QVariant &key)
{
    QSqlQuery &q = session.exec(sql, {key});
    std::optional<Location> found;
    if (q.next())
        found = Location{q.value(0).toString(), textOrEmpty(q.value(1))};
    q.finish();
    return found;
}

} // namespace

std::optional<Location> locateSubject(SqlSession &session, const QString &subjectId)
{
    return locate(session,
                  u"SELECT p.code, s.site FROM subjects s JOIN projects p ON p.id = s.project_id "
                  "WHERE s.subject_id = ?"_s,
                  subjectId);
}

std::optional<Location> locateSubmission(SqlSession &session, qint64 submissionId)
{
    return locate(session,
                  u"SELECT p.code, s.site FROM questionnaire_submissions q "
                  "JOIN subjects s ON s.subject_id = q.subject_id JOIN projects p ON p.id = s.project_id "
                  "WHERE q.id = ?"_s,
                  submissionId);
}

std::optional<Location> locateVital(SqlSession &session, qint64 vitalId)
{
    return locate(session,
                  u"SELECT p.code, s.site FROM vital_signs v "
                  "JOIN subjects s ON s.subject_id = v.subject_id JOIN projects p ON p.id = s.project_id "
                  "WHERE v.id = ?"_s,
                  vitalId);
}

bool exists(SqlSession &session, const QString &subjectId)
{
    QSqlQuery &q = session.exec(u"SELECT 1 FROM subjects WHERE subject_id = ?"_s, {subjectId});
    const bool found = q.next();
    q.finish();
    return found;
}

void insert(SqlSession &session, qint64 projectId, const Subject &s)
{
    session.exec(u"INSERT INTO subjects (subject_id, project_id, name, phone, site, sex, birth_year, enrolled_at, "
                 "created_at, time_zone, anchor_date) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"_s,
                 {s.subjectId, projectId, nullIfEmpty(s.name), nullIfEmpty(s.phone), nullIfEmpty(s.site),
                  nullIfEmpty(s.sex), s.birthYear ? QVariant(*s.birthYear) : QVariant(QMetaType::fromType<int>()),
                  formatTimestamp(s.enrolledAt), formatTimestamp(QDateTime::currentDateTimeUtc()),
                  nullIfEmpty(s.timeZone.value_or(QString())),
                  nullIfEmpty(s.anchorDate ? formatDate(*s.anchorDate) : QString())});
}

void updateScheduleSettings(SqlSession &session, const Subject &s)
{
    session.exec(u"UPDATE subjects SET time_zone = ?, anchor_date = ? WHERE subject_id = ?"_s,
                 {nullIfEmpty(s.timeZone.value_or(QString())),
                  nullIfEmpty(s.anchorDate ? formatDate(*s.anchorDate) : QString()), s.subjectId});
}

QString generateId(SqlSession &session, qint64 projectId, const QString &projectCode)
{
    QSqlQuery &q = session.exec(u"SELECT COUNT(*) FROM subjects WHERE project_id = ?"_s, {projectId});
    qint64 n = q.next() ? q.value(0).toLongLong() : 0;
    q.finish();
    QString prefix = projectCode.left(48);
    prefix.replace(u'.', u'-');
    for (;;) {
        const QString candidate = prefix % u'-' % QString::number(++n).rightJustified(4, u'0');
        if (!exists(session, candidate))
            return candidate;
    }
}

void touchLastSubmission(SqlSession &session, const QString &subjectId, const QDateTime &at)
{
    const QString ts = formatTimestamp(at);
    session.exec(u"UPDATE subjects SET last_submission_at = ? WHERE subject_id = ? "
                 "AND (last_submission_at IS NULL OR last_submission_at < ?)"_s,
                 {ts, subjectId, ts});
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

int count(SqlSession &session, const QString &projectCode, const QStringList &sites)
{
    QVariantList values{projectCode};
    const QString sql = u"SELECT COUNT(*) FROM subjects s JOIN projects p ON p.id = s.project_id WHERE p.code = ?"_s
                        % siteFilter(u"s.site"_s, sites, values);
    QSqlQuery &q = session.exec(sql, values);
    const int n = q.next() ? q.value(0).toInt() : 0;
    q.finish();
    return n;
}

Page<Subject> list(SqlSession &session, qint64 projectId, const PageRequest &page, const QStringList &sites)
{
    QVariantList values{projectId};
    QString sql = kSelect % u"WHERE s.project_id = ?"_s % siteFilter(u"s.site"_s, sites, values);
    if (!page.after.isEmpty()) {
        sql += u" AND s.id > ?"_s;
        values << page.after.first().toLongLong();
    }
    sql += u" ORDER BY s.id LIMIT ?"_s;
    values << page.limit + 1;
    QSqlQuery &q = session.exec(sql, values);
    Page<Subject> result;
    qint64 lastId = 0;
    while (q.next()) {
        if (result.items.size() == page.limit) {
            result.nextCursor = PageCursor::encode({QString::number(lastId)});
            break;
        }
        result.items << fromRow(q);
        lastId = q.value(11).toLongLong();
    }
    q.finish();
    return result;
}

QList<Subject> all(SqlSession &session, qint64 projectId, const QStringList &sites)
{
    QVariantList values{projectId};
    const QString sql = kSelect % u"WHERE s.project_id = ?"_s % siteFilter(u"s.site"_s, sites, values);
    QSqlQuery &q = session.exec(sql % u" ORDER BY s.id"_s, values);
    QList<Subject> out;
    while (q.next())
        out << fromRow(q);
    q.finish();
    return out;
}

} // namespace td::SubjectStore

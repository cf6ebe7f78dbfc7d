#include "MembershipStore.h"

#include "SqlSession.h"
#include "Timestamps.h"

#include <QJsonArray>
#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace td::MembershipStore {

namespace {

const QString kSelect = u"SELECT p.code, m.username, u.display_name, m.study_role, m.sites, m.created_at, "
                        "m.created_by FROM study_members m JOIN projects p ON p.id = m.project_id "
                        "JOIN users u ON u.username = m.username "_s;

QList<StudyMembership> readAll(QSqlQuery &q)
{
    QList<StudyMembership> out;
    while (q.next()) {
        StudyMembership m;
        m.projectCode = q.value(0).toString();
        m.username = q.value(1).toString();
        m.displayName = q.value(2).toString();
        m.studyRole = roleFromName(q.value(3).toString()).value_or(Role::Monitor);
        for (const QJsonValue &v : QJsonDocument::fromJson(q.value(4).toString().toUtf8()).array())
            m.sites << v.toString();
        m.createdAt = parseTimestamp(q.value(5).toString()).value_or(QDateTime());
        m.createdBy = q.value(6).toString();
        out << m;
    }
    q.finish();
    return out;
}

QString placeholders(qsizetype n)
{
    QStringList marks;
    for (qsizetype i = 0; i < n; ++i)
        marks << u"?"_s;
    return marks.join(u", "_s);
}

} // namespace

QList<StudyMembership> forProject(SqlSession &session, const QString &projectCode)
{
    return readAll(session.exec(kSelect % u"WHERE p.code = ? ORDER BY m.username"_s, {projectCode}));
}

QList<StudyMembership> forUser(SqlSession &session, const QString &username)
{
    return readAll(session.exec(kSelect % u"WHERE m.username = ? ORDER BY p.code"_s, {username}));
}

QList<StudyMembership> scopeOf(SqlSession &session, const QString &username)
{
    QSqlQuery &q = session.exec(u"SELECT p.code, m.study_role, m.sites FROM study_members m "
                                "JOIN projects p ON p.id = m.project_id WHERE m.username = ?"_s,
                                {username});
    QList<StudyMembership> out;
    while (q.next()) {
        StudyMembership m;
        m.projectCode = q.value(0).toString();
        m.username = username;
        m.studyRole = roleFromName(q.value(1).toString()).value_or(Role::Monitor);
        const QString sites = q.value(2).toString();
        if (sites != u"[]"_s) {
            for (const QJsonValue &v : QJsonDocument::fromJson(sites.toUtf8()).array())
                m.sites << v.toString();
        }
        out << m;
    }
    q.finish();
    return out;
}

std::optional<StudyMembership> find(SqlSession &session, const QString &projectCode, const QString &username)
{
    const QList<StudyMembership> rows =
        readAll(session.exec(kSelect % u"WHERE p.code = ? AND m.username = ?"_s, {projectCode, username}));
    return rows.isEmpty() ? std::nullopt : std::optional<StudyMembership>(rows.first());
}

void upsert(SqlSession &session, const StudyMembership &m)
{
    remove(session, m.projectCode, m.username);
    const QString sites =
        QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(m.sites)).toJson(QJsonDocument::Compact));
    session.exec(u"INSERT INTO study_members (project_id, username, study_role, sites, from_upgrade, created_at, "
                 "created_by) SELECT id, ?, ?, ?, 0, ?, ? FROM projects WHERE code = ?"_s,
                 {m.username, roleName(m.studyRole), sites, formatTimestamp(m.createdAt), m.createdBy, m.projectCode});
}

void remove(SqlSession &session, const QString &projectCode, const QString &username)
{
    session.exec(u"DELETE FROM study_members WHERE username = ? "
                 "AND project_id = (SELECT id FROM projects WHERE code = ?)"_s,
                 {username, projectCode});
}

int fromUpgradeCount(SqlSession &session, const QString &username)
{
    QSqlQuery &q =
        session.exec(u"SELECT COUNT(*) FROM study_members WHERE username = ? AND from_upgrade = 1"_s, {username});
    const int n = q.next() ? q.value(0).toInt() : 0;
    q.finish();
    return n;
}

Condition condition(const QList<StudyMembership> &scope, const QString &projectIdColumn, const QString &siteColumn)
{
    Condition c;
    QStringList whole; // studies reached at every site
    QStringList parts;
    for (const StudyMembership &m : scope) {
        if (m.sites.isEmpty() || siteColumn.isEmpty()) {
            whole << m.projectCode;
            continue;
        }
        parts << u"(%1 = (SELECT id FROM projects WHERE code = ?) AND %2 IN (%3))"_s.arg(projectIdColumn, siteColumn,
                                                                                         placeholders(m.sites.size()));
        c.values << m.projectCode;
        for (const QString &site : m.sites)
            c.values << site;
    }
    if (!whole.isEmpty()) {
        parts.prepend(
            u"%1 IN (SELECT id FROM projects WHERE code IN (%2))"_s.arg(projectIdColumn, placeholders(whole.size())));
        QVariantList codes;
        for (const QString &code : whole)
            codes << code;
        c.values = codes + c.values;
    }
    c.sql = parts.isEmpty() ? u"1 = 0"_s : u"("_s % parts.join(u" OR "_s) % u")"_s;
    return c;
}

} // namespace td::MembershipStore

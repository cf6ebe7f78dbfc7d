#include "ProjectStore.h"

#include "MembershipStore.h"
#include "PageCursor.h"
#include "SqlSession.h"
#include "Timestamps.h"

#include <QJsonArray>
#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace td::ProjectStore {

namespace {

const QString kColumns = u"p.code, p.title, p.phase, p.status, p.sponsor, p.principal_investigator, "
                         "p.start_date, p.end_date, p.target_enrollment, p.sites, p.created_at, p.updated_at, "
                         "(SELECT COUNT(*) FROM subjects s WHERE s.project_id = p.id), p.time_zone "_s;

Project fromRow(const QSqlQuery &q)
{
    Project p;
    p.code = q.value(0).toString();
    p.title = q.value(1).toString();
    p.phase = q.value(2).toString();
    p.status = q.value(3).toString();
    p.sponsor = textOrEmpty(q.value(4));
    p.principalInvestigator = textOrEmpty(q.value(5));
    p.startDate = parseDate(textOrEmpty(q.value(6)));
    p.endDate = parseDate(textOrEmpty(q.value(7)));
    if (!q.value(8).isNull())
        p.targetEnrollment = q.value(8).toInt();
    for (const QJsonValue &v : QJsonDocument::fromJson(q.value(9).toString().toUtf8()).array())
        p.sites << v.toString();
    p.createdAt = parseTimestamp(q.value(10).toString()).value_or(QDateTime());
    p.updatedAt = parseTimestamp(q.value(11).toString()).value_or(QDateTime());
    p.enrolledCount = q.value(12).toInt();
    p.timeZone = q.value(13).toString();
    return p;
}

QString searchText(const Project &p)
{
    return QString(p.code + u' ' + p.title).toCaseFolded();
}

QVariantList writableValues(const Project &p)
{
    auto date = [](const std::optional<QDate> &d) {
        return d ? QVariant(formatDate(*d)) : QVariant(QMetaType::fromType<QString>());
    };
    return {p.title,
            p.phase,
            p.status,
            nullIfEmpty(p.sponsor),
            nullIfEmpty(p.principalInvestigator),
            date(p.startDate),
            date(p.endDate),
            p.targetEnrollment ? QVariant(*p.targetEnrollment) : QVariant(QMetaType::fromType<int>()),
            QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(p.sites)).toJson(QJsonDocument::Compact)),
            formatTimestamp(p.updatedAt),
            searchText(p),
            p.timeZone};
}

QList<Project> readAll(QSqlQuery &q)
{
    QList<Project> out;
    while (q.next())
        out << fromRow(q);
    q.finish();
    return out;
}

// LIKE pattern matching `text` literally anywhere.
QString containsPattern(const QString &text)
{
    QString escaped = text.toCaseFolded();
    escaped.replace(u"\\"_s, u"\\\\"_s).replace(u"%"_s, u"\\%"_s).replace(u"_"_s, u"\\_"_s);
    return u'%' % escaped % u'%';
}

} // namespace

std::optional<Project> find(SqlSession &session, const QString &code)
{
    QSqlQuery &q = session.exec(u"SELECT "_s % kColumns % u"FROM projects p WHERE p.code = ?"_s, {code});
    const QList<Project> rows = readAll(q);
    return rows.isEmpty() ? std::nullopt : std::optional<Project>(rows.first());
}

std::optional<qint64> findId(SqlSession &session, const QString &code)
{
    QSqlQuery &q = session.exec(u"SELECT id FROM projects WHERE code = ?"_s, {code});
    std::optional<qint64> id;
    if (q.next())
        id = q.value(0).toLongLong();
    q.finish();
    return id;
}

bool exists(SqlSession &session, const QString &code)
{
    return findId(session, code).has_value();
}

void insert(SqlSession &session, const Project &project)
{
    QVariantList values = writableValues(project);
    values.prepend(project.code);
    values << formatTimestamp(project.createdAt);
    session.exec(u"INSERT INTO projects (code, title, phase, status, sponsor, principal_investigator, start_date, "
                 "end_date, target_enrollment, sites, updated_at, search_text, time_zone, created_at) "
                 "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"_s,
                 values);
}

void update(SqlSession &session, const Project &project)
{
    QVariantList values = writableValues(project);
    values << project.code;
    session.exec(u"UPDATE projects SET title = ?, phase = ?, status = ?, sponsor = ?, principal_investigator = ?, "
                 "start_date = ?, end_date = ?, target_enrollment = ?, sites = ?, updated_at = ?, search_text = ?, "
                 "time_zone = ? WHERE code = ?"_s,
                 values);
}

Page<Project> list(SqlSession &session, const Filter &filter, const PageRequest &page, const StudyScope &scope)
{
    QString sql = u"SELECT "_s % kColumns % u"FROM projects p WHERE 1 = 1"_s;
    QVariantList values;
    if (scope) {
        const auto inScope = MembershipStore::condition(*scope, u"p.id"_s, QString());
        sql += u" AND "_s % inScope.sql;
        values << inScope.values;
    }
    if (!filter.status.isEmpty()) {
        sql += u" AND p.status = ?"_s;
        values << filter.status;
    }
    if (!filter.text.isEmpty()) {
        sql += u" AND p.search_text LIKE ? ESCAPE '\\'"_s;
        values << containsPattern(filter.text);
    }
    if (!page.after.isEmpty()) {
        sql += u" AND p.code > ?"_s;
        values << page.after.first();
    }
    sql += u" ORDER BY p.code LIMIT ?"_s;
    values << page.limit + 1;
    Page<Project> result;
    result.items = readAll(session.exec(sql, values));
    if (result.items.size() > page.limit) {
        result.items.removeLast();
        result.nextCursor = PageCursor::encode({result.items.constLast().code});
    }
    return result;
}

QList<Project> listActive(SqlSession &session, const StudyScope &scope)
{
    if (!scope)
        return readAll(
            session.exec(u"SELECT "_s % kColumns % u"FROM projects p WHERE p.status = 'active' ORDER BY p.code"_s));
    const auto inScope = MembershipStore::condition(*scope, u"p.id"_s, QString());
    return readAll(session.exec(u"SELECT "_s % kColumns % u"FROM projects p WHERE p.status = 'active' AND "_s
                                    % inScope.sql % u" ORDER BY p.code"_s,
                                inScope.values));
}

} // namespace td::ProjectStore

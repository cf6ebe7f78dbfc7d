#include "QuestionnaireStore.h"

#include "SqlSession.h"
#include "Timestamps.h"

#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace td::QuestionnaireStore {

namespace {

const QString kSelect = u"SELECT p.code, v.questionnaire_key, v.version, v.status, v.definition, v.content_hash, "
                        "v.created_by, v.created_at, v.updated_by, v.updated_at, v.published_by, v.published_at, "
                        "v.signature_meaning, v.project_id "
                        "FROM questionnaire_versions v JOIN projects p ON p.id = v.project_id "_s;

QuestionnaireVersion fromRow(const QSqlQuery &q)
{
    QuestionnaireVersion v;
    v.projectCode = q.value(0).toString();
    v.version = q.value(2).toInt();
    v.status = q.value(3).toString() == u"published"_s ? QuestionnaireVersion::Status::Published
                                                       : QuestionnaireVersion::Status::Draft;
    // Every stored definition passed fromJson when it was saved.
    const QJsonObject definition = QJsonDocument::fromJson(q.value(4).toString().toUtf8()).object();
    if (auto d = QuestionnaireDefinition::fromJson(definition, nullptr))
        v.definition = std::move(*d);
    v.definition.key = q.value(1).toString();
    v.contentHash = q.value(5).toString();
    v.createdBy = q.value(6).toString();
    v.createdAt = parseTimestamp(q.value(7).toString()).value_or(QDateTime());
    v.updatedBy = textOrEmpty(q.value(8));
    v.updatedAt = parseTimestamp(textOrEmpty(q.value(9))).value_or(QDateTime());
    v.publishedBy = textOrEmpty(q.value(10));
    v.publishedAt = parseTimestamp(textOrEmpty(q.value(11)));
    v.signatureMeaning = textOrEmpty(q.value(12));
    return v;
}

QList<QuestionnaireVersion> readAll(QSqlQuery &q)
{
    QList<QuestionnaireVersion> out;
    while (q.next())
        out << fromRow(q);
    q.finish();
    return out;
}

std::optional<QuestionnaireVersion> first(QSqlQuery &q)
{
    const QList<QuestionnaireVersion> rows = readAll(q);
    return rows.isEmpty() ? std::nullopt : std::optional<QuestionnaireVersion>(rows.first());
}

QString definitionText(const QuestionnaireVersion &v)
{
    return QString::fromUtf8(QJsonDocument(v.definition.toJson()).toJson(QJsonDocument::Compact));
}

QVariant optionalTime(const std::optional<QDateTime> &t)
{
    return t ? QVariant(formatTimestamp(*t)) : QVariant(QMetaType::fromType<QString>());
}

QVariant timeOrNull(const QDateTime &t)
{
    return t.isValid() ? QVariant(formatTimestamp(t)) : QVariant(QMetaType::fromType<QString>());
}

} // namespace

QList<QuestionnaireVersion> list(SqlSession &session, qint64 projectId)
{
    return readAll(
        session.exec(kSelect % u"WHERE v.project_id = ? ORDER BY v.questionnaire_key, v.version"_s, {projectId}));
}

std::optional<QuestionnaireVersion> find(SqlSession &session, qint64 projectId, const QString &key, int version)
{
    return first(session.exec(kSelect % u"WHERE v.project_id = ? AND v.questionnaire_key = ? AND v.version = ?"_s,
                              {projectId, key, version}));
}

std::optional<QuestionnaireVersion> newest(SqlSession &session, qint64 projectId, const QString &key,
                                           bool publishedOnly)
{
    const QString status = publishedOnly ? u"AND v.status = 'published' "_s : QString();
    return first(session.exec(kSelect % u"WHERE v.project_id = ? AND v.questionnaire_key = ? "_s % status
                                  % u"ORDER BY v.version DESC LIMIT 1"_s,
                              {projectId, key}));
}

bool hasDraft(SqlSession &session, qint64 projectId, const QString &key)
{
    QSqlQuery &q = session.exec(u"SELECT COUNT(*) FROM questionnaire_versions "
                                "WHERE project_id = ? AND questionnaire_key = ? AND status = 'draft'"_s,
                                {projectId, key});
    const bool found = q.next() && q.value(0).toLongLong() > 0;
    q.finish();
    return found;
}

void insert(SqlSession &session, qint64 projectId, const QuestionnaireVersion &v)
{
    session.exec(u"INSERT INTO questionnaire_versions (project_id, questionnaire_key, version, status, definition, "
                 "content_hash, created_by, created_at, updated_by, updated_at, published_by, published_at, "
                 "signature_meaning) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"_s,
                 {projectId, v.key(), v.version, QuestionnaireVersion::statusName(v.status), definitionText(v),
                  v.contentHash, v.createdBy, formatTimestamp(v.createdAt), nullIfEmpty(v.updatedBy),
                  timeOrNull(v.updatedAt), nullIfEmpty(v.publishedBy), optionalTime(v.publishedAt),
                  nullIfEmpty(v.signatureMeaning)});
}

void update(SqlSession &session, qint64 projectId, const QuestionnaireVersion &v)
{
    session.exec(u"UPDATE questionnaire_versions SET status = ?, definition = ?, content_hash = ?, updated_by = ?, "
                 "updated_at = ?, published_by = ?, published_at = ?, signature_meaning = ? "
                 "WHERE project_id = ? AND questionnaire_key = ? AND version = ?"_s,
                 {QuestionnaireVersion::statusName(v.status), definitionText(v), v.contentHash,
                  nullIfEmpty(v.updatedBy), timeOrNull(v.updatedAt), nullIfEmpty(v.publishedBy),
                  optionalTime(v.publishedAt), nullIfEmpty(v.signatureMeaning), projectId, v.key(), v.version});
}

void remove(SqlSession &session, qint64 projectId, const QString &key, int version)
{
    session.exec(u"DELETE FROM questionnaire_versions WHERE project_id = ? AND questionnaire_key = ? AND version = ?"_s,
                 {projectId, key, version});
}

QList<Published> newestPublished(SqlSession &session)
{
    QSqlQuery &q = session.exec(kSelect
                                % u"WHERE v.status = 'published' AND v.version = "
                                  "(SELECT MAX(w.version) FROM questionnaire_versions w "
                                  "WHERE w.project_id = v.project_id AND w.questionnaire_key = "
                                  "v.questionnaire_key AND w.status = 'published')"_s);
    QList<Published> out;
    while (q.next())
        out << Published{q.value(13).toLongLong(), fromRow(q)};
    q.finish();
    return out;
}

qint64 publishedRevision(SqlSession &session)
{
    QSqlQuery &q = session.exec(u"SELECT COUNT(*) FROM questionnaire_versions WHERE status = 'published'"_s);
    const qint64 revision = q.next() ? q.value(0).toLongLong() : 0;
    q.finish();
    return revision;
}

} // namespace td::QuestionnaireStore

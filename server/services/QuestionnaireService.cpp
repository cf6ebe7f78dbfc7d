#include "QuestionnaireService.h"

#include "AuditTrail.h"
#include "auth/NotFound.h"
#include "storage/DbExecutor.h"
#include "storage/EventStore.h"
#include "storage/ProjectStore.h"
#include "storage/QuestionnaireStore.h"

using namespace Qt::StringLiterals;

namespace td {

namespace {

ApiError questionnaireNotFound(const QString &key)
{
    return ApiError::notFound(u"questionnaire_not_found"_s,
                              u"This study has no questionnaire '%1'."_s.arg(key.left(64)));
}

ApiError publishedNotFound(const QString &key)
{
    return ApiError::notFound(u"questionnaire_not_found"_s,
                              u"Questionnaire '%1' has no published version in this study."_s.arg(key.left(64)));
}

ApiError versionNotFound(const QString &key, int version)
{
    return ApiError::notFound(u"version_not_found"_s,
                              u"Questionnaire '%1' has no version %2."_s.arg(key.left(64)).arg(version));
}

ApiError versionPublished(const QuestionnaireVersion &v)
{
    return ApiError::conflict(
        u"version_published"_s,
        u"Version %1 of '%2' is published and can no longer change; create a new version."_s.arg(v.version).arg(
            v.key()));
}

QString auditId(const QString &projectCode, const QString &key, int version)
{
    return projectCode % u'/' % key % u'/' % QString::number(version);
}

// The version named in a path, or the 404 that says which part is missing.
Result<QuestionnaireVersion> findVersion(SqlSession &s, qint64 projectId, const QString &key, int version)
{
    if (auto found = QuestionnaireStore::find(s, projectId, key, version))
        return *found;
    if (!QuestionnaireStore::newest(s, projectId, key, false))
        return questionnaireNotFound(key);
    return versionNotFound(key, version);
}

} // namespace

DbFuture<Result<QList<QuestionnaireVersion>>> QuestionnaireService::list(const QString &projectCode)
{
    return m_db.read<QList<QuestionnaireVersion>>([projectCode](SqlSession &s) -> Result<QList<QuestionnaireVersion>> {
        const auto projectId = ProjectStore::findId(s, projectCode);
        if (!projectId)
            return projectNotFound(projectCode);
        return QuestionnaireStore::list(s, *projectId);
    });
}

DbFuture<Result<QuestionnaireVersion>> QuestionnaireService::create(const Principal &actor, const QString &projectCode,
                                                                    QuestionnaireDefinition definition)
{
    return m_db.write<QuestionnaireVersion>(
        [actor, projectCode, definition](SqlSession &s) -> Result<QuestionnaireVersion> {
            const auto projectId = ProjectStore::findId(s, projectCode);
            if (!projectId)
                return projectNotFound(projectCode);
            if (QuestionnaireStore::newest(s, *projectId, definition.key, false))
                return ApiError::conflict(
                    u"questionnaire_exists"_s,
                    u"This study already has a questionnaire '%1': add a version to it instead."_s.arg(definition.key),
                    {{u"key"_s, u"is already in use in this study"_s}});
            QuestionnaireVersion v;
            v.projectCode = projectCode;
            v.version = 1;
            v.definition = definition;
            v.contentHash = definition.contentHash();
            v.createdBy = actor.name;
            v.createdAt = QDateTime::currentDateTimeUtc();
            QuestionnaireStore::insert(s, *projectId, v);
            recordAudit(s, actor, u"create"_s, u"questionnaire"_s, auditId(projectCode, v.key(), 1), {}, v.toJson());
            return v;
        });
}

DbFuture<Result<QuestionnaireVersion>> QuestionnaireService::published(const QString &projectCode, const QString &key)
{
    return m_db.read<QuestionnaireVersion>([projectCode, key](SqlSession &s) -> Result<QuestionnaireVersion> {
        const auto projectId = ProjectStore::findId(s, projectCode);
        if (!projectId)
            return projectNotFound(projectCode);
        if (auto found = QuestionnaireStore::newest(s, *projectId, key, true))
            return *found;
        return publishedNotFound(key);
    });
}

DbFuture<Result<QuestionnaireVersion>> QuestionnaireService::version(const QString &projectCode, const QString &key,
                                                                     int version)
{
    return m_db.read<QuestionnaireVersion>([projectCode, key, version](SqlSession &s) -> Result<QuestionnaireVersion> {
        const auto projectId = ProjectStore::findId(s, projectCode);
        if (!projectId)
            return projectNotFound(projectCode);
        return findVersion(s, *projectId, key, version);
    });
}

DbFuture<Result<QuestionnaireVersion>> QuestionnaireService::newVersion(const Principal &actor,
                                                                        const QString &projectCode, const QString &key)
{
    return m_db.write<QuestionnaireVersion>([actor, projectCode, key](SqlSession &s) -> Result<QuestionnaireVersion> {
        const auto projectId = ProjectStore::findId(s, projectCode);
        if (!projectId)
            return projectNotFound(projectCode);
        const auto newest = QuestionnaireStore::newest(s, *projectId, key, false);
        if (!newest)
            return questionnaireNotFound(key);
        // One draft at a time: two would have to be merged by hand before publishing.
        if (QuestionnaireStore::hasDraft(s, *projectId, key))
            return ApiError::conflict(u"draft_exists"_s,
                                      u"Questionnaire '%1' already has a draft: edit or discard it first."_s.arg(key));
        QuestionnaireVersion v;
        v.projectCode = projectCode;
        v.version = newest->version + 1;
        v.definition = newest->definition;
        v.contentHash = v.definition.contentHash();
        v.createdBy = actor.name;
        v.createdAt = QDateTime::currentDateTimeUtc();
        QuestionnaireStore::insert(s, *projectId, v);
        recordAudit(s, actor, u"create"_s, u"questionnaire"_s, auditId(projectCode, key, v.version),
                    {{u"copyOf"_s, newest->version}}, v.toJson());
        return v;
    });
}

DbFuture<Result<QuestionnaireVersion>> QuestionnaireService::update(const Principal &actor, const QString &projectCode,
                                                                    int version, QuestionnaireDefinition definition)
{
    return m_db.write<QuestionnaireVersion>(
        [actor, projectCode, version, definition](SqlSession &s) -> Result<QuestionnaireVersion> {
            const auto projectId = ProjectStore::findId(s, projectCode);
            if (!projectId)
                return projectNotFound(projectCode);
            auto current = findVersion(s, *projectId, definition.key, version);
            if (!current)
                return current.error();
            if (current->isPublished())
                return versionPublished(current.value());
            QuestionnaireVersion v = current.value();
            v.definition = definition;
            v.contentHash = definition.contentHash();
            v.updatedBy = actor.name;
            v.updatedAt = QDateTime::currentDateTimeUtc();
            QuestionnaireStore::update(s, *projectId, v);
            recordAudit(s, actor, u"update"_s, u"questionnaire"_s, auditId(projectCode, v.key(), version),
                        current->toJson(), v.toJson());
            return v;
        });
}

DbFuture<Result<Done>> QuestionnaireService::remove(const Principal &actor, const QString &projectCode,
                                                    const QString &key, int version)
{
    return m_db.write<Done>([actor, projectCode, key, version](SqlSession &s) -> Result<Done> {
        const auto projectId = ProjectStore::findId(s, projectCode);
        if (!projectId)
            return projectNotFound(projectCode);
        auto current = findVersion(s, *projectId, key, version);
        if (!current)
            return current.error();
        if (current->isPublished())
            return versionPublished(current.value());
        QuestionnaireStore::remove(s, *projectId, key, version);
        recordAudit(s, actor, u"delete"_s, u"questionnaire"_s, auditId(projectCode, key, version), current->toJson(),
                    {});
        return Done{};
    });
}

DbFuture<Result<QuestionnaireVersion>> QuestionnaireService::publish(const Principal &actor, const QString &projectCode,
                                                                     const QString &key, int version, QString meaning)
{
    return m_db.write<QuestionnaireVersion>([actor, projectCode, key, version,
                                             meaning](SqlSession &s) -> Result<QuestionnaireVersion> {
        const auto projectId = ProjectStore::findId(s, projectCode);
        if (!projectId)
            return projectNotFound(projectCode);
        auto current = findVersion(s, *projectId, key, version);
        if (!current)
            return current.error();
        if (current->isPublished())
            return versionPublished(current.value());
        const QMap<QString, QString> problems = current->definition.publishProblems();
        if (!problems.isEmpty())
            return ApiError::invalid(
                u"not_publishable"_s,
                u"Version %1 of '%2' cannot be published yet: %3 text(s) lack a language."_s.arg(version).arg(key).arg(
                    problems.size()),
                problems);
        QuestionnaireVersion v = current.value();
        v.status = QuestionnaireVersion::Status::Published;
        // What is signed is the content as stored now, hashed again here.
        v.contentHash = v.definition.contentHash();
        v.publishedBy = actor.name;
        v.publishedAt = QDateTime::currentDateTimeUtc();
        v.signatureMeaning = meaning;
        QuestionnaireStore::update(s, *projectId, v);
        recordAudit(s, actor, u"publish"_s, u"questionnaire"_s, auditId(projectCode, key, version),
                    {{u"status"_s, u"draft"_s}},
                    {{u"status"_s, u"published"_s},
                     {u"contentHash"_s, v.contentHash},
                     {u"meaning"_s, meaning},
                     {u"publishedAt"_s, v.toJson().value(u"publishedAt"_s)}});
        EventStore::append(s, {0,
                               StudyEvent::DefinitionPublished,
                               projectCode,
                               {},
                               QString(key % u'/' % QString::number(version)),
                               *v.publishedAt});
        return v;
    });
}

} // namespace td

#pragma once

#include "Page.h"
#include "Project.h"
#include "Result.h"
#include "Subject.h"
#include "storage/ProjectStore.h"

#include <QFuture>

namespace td {

class DbExecutor;

// Studies and their subjects: the rules around them (unique codes, enrolment only
// into active studies, site membership) on top of the stores.
class StudyService
{
public:
    explicit StudyService(DbExecutor &db) : m_db(db) {}

    QFuture<Result<Page<Project>>> listProjects(const ProjectStore::Filter &filter, const PageRequest &page);
    QFuture<Result<QList<Project>>> activeProjects();
    QFuture<Result<Project>> project(const QString &code);
    QFuture<Result<Project>> createProject(Project draft);
    QFuture<Result<Project>> updateProject(const QString &code, const QJsonObject &patch);

    QFuture<Result<Subject>> enrol(const QString &projectCode, Subject draft);
    QFuture<Result<Page<Subject>>> subjects(const QString &projectCode, const PageRequest &page);
    QFuture<Result<Subject>> subject(const QString &subjectId);

private:
    DbExecutor &m_db;
};

ApiError projectNotFound(const QString &code);
ApiError subjectNotFound(const QString &subjectId);

} // namespace td

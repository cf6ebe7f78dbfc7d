#pragma once

#include "Page.h"
#include "Project.h"
#include "Result.h"
#include "Subject.h"
#include "auth/Principal.h"
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
    QFuture<Result<Project>> createProject(const Principal &actor, Project draft);
    QFuture<Result<Project>> updateProject(const Principal &actor, const QString &code, const QJsonObject &patch);

    // The new subject and its first subject token (shown once, to hand to the patient).
    struct Enrolled {
        Subject subject;
        QString subjectToken;
    };
    QFuture<Result<Enrolled>> enrol(const Principal &actor, const QString &projectCode, Subject draft);
    QFuture<Result<Page<Subject>>> subjects(const QString &projectCode, const PageRequest &page);
    QFuture<Result<Subject>> subject(const QString &subjectId);

private:
    DbExecutor &m_db;
};

ApiError projectNotFound(const QString &code);
ApiError subjectNotFound(const QString &subjectId);

} // namespace td

#pragma once

#include "Enrolment.h"
#include "Page.h"
#include "Project.h"
#include "ProjectPatch.h"
#include "ProjectStats.h"
#include "Queries.h"
#include "Result.h"
#include "Subject.h"
#include "auth/Principal.h"
#include "storage/DbFuture.h"

namespace td {

class DbExecutor;

// Studies and their subjects: the rules around them (unique codes, enrolment only
// into active studies, site membership) on top of the stores.
class StudyService
{
public:
    explicit StudyService(DbExecutor &db)
        : m_db(db)
    {}

    DbFuture<Result<Page<Project>>> listProjects(const ProjectQuery &filter, const PageRequest &page);
    DbFuture<Result<QList<Project>>> activeProjects();
    DbFuture<Result<Project>> project(const QString &code);
    DbFuture<Result<Project>> createProject(const Principal &actor, Project draft);
    DbFuture<Result<Project>> updateProject(const Principal &actor, const QString &code, ProjectPatch patch);

    // The new subject and its first subject token (shown once, to hand to the patient).
    DbFuture<Result<Enrolment>> enrol(const Principal &actor, const QString &projectCode, Subject draft);
    DbFuture<Result<Page<Subject>>> subjects(const QString &projectCode, const PageRequest &page);
    DbFuture<Result<Subject>> subject(const QString &subjectId);

    // A study's daily submission picture in the sites' local time: for each of the
    // last `days` days, how many subjects were expected (enrolled by then) and how
    // many submitted; and who has not submitted today (unmasked).
    DbFuture<Result<ProjectStats>> stats(const QString &projectCode, int days, int utcOffsetSeconds);

private:
    DbExecutor &m_db;
};

ApiError projectNotFound(const QString &code);
ApiError subjectNotFound(const QString &subjectId);

} // namespace td

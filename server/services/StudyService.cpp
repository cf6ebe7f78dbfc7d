#include "StudyService.h"

#include "AuditTrail.h"
#include "auth/PasswordHasher.h"
#include "storage/AccountStore.h"
#include "storage/DbExecutor.h"
#include "storage/ProjectStore.h"
#include "storage/SubjectStore.h"
#include "storage/SubmissionStore.h"

#include <QSet>

using namespace Qt::StringLiterals;

namespace td {

ApiError projectNotFound(const QString &code)
{
    return ApiError::notFound(u"project_not_found"_s, u"No project with code '%1'."_s.arg(code.left(64)));
}

ApiError subjectNotFound(const QString &subjectId)
{
    return ApiError::notFound(u"subject_not_found"_s, u"No subject with id '%1'."_s.arg(subjectId.left(64)));
}

DbFuture<Result<Page<Project>>> StudyService::listProjects(const ProjectQuery &filter, const PageRequest &page)
{
    return m_db.read<Page<Project>>(
        [filter, page](SqlSession &s) -> Result<Page<Project>> { return ProjectStore::list(s, filter, page); });
}

DbFuture<Result<QList<Project>>> StudyService::activeProjects()
{
    return m_db.read<QList<Project>>(
        [](SqlSession &s) -> Result<QList<Project>> { return ProjectStore::listActive(s); });
}

DbFuture<Result<Project>> StudyService::project(const QString &code)
{
    return m_db.read<Project>([code](SqlSession &s) -> Result<Project> {
        if (auto p = ProjectStore::find(s, code))
            return *p;
        return projectNotFound(code);
    });
}

DbFuture<Result<Project>> StudyService::createProject(const Principal &actor, Project draft)
{
    return m_db.write<Project>([actor, draft](SqlSession &s) mutable -> Result<Project> {
        if (ProjectStore::exists(s, draft.code))
            return ApiError::conflict(u"duplicate_code"_s,
                                      u"A project with code '%1' already exists."_s.arg(draft.code),
                                      {{u"code"_s, u"is already in use"_s}});
        draft.createdAt = draft.updatedAt = QDateTime::currentDateTimeUtc();
        ProjectStore::insert(s, draft);
        const Project stored = *ProjectStore::find(s, draft.code);
        recordAudit(s, actor, u"create"_s, u"project"_s, stored.code, {}, stored.toJson());
        return stored;
    });
}

DbFuture<Result<Project>> StudyService::updateProject(const Principal &actor, const QString &code, ProjectPatch patch)
{
    // Read, merge and write in one transaction on the single writer: concurrent
    // PATCHes of different fields cannot overwrite each other.
    return m_db.write<Project>([actor, code, patch](SqlSession &s) -> Result<Project> {
        const auto current = ProjectStore::find(s, code);
        if (!current)
            return projectNotFound(code);
        ApiError error;
        auto updated = patch.applyTo(*current, &error);
        if (!updated)
            return error;
        updated->updatedAt = QDateTime::currentDateTimeUtc();
        ProjectStore::update(s, *updated);
        const Project stored = *ProjectStore::find(s, code);
        recordAudit(s, actor, u"update"_s, u"project"_s, code, current->toJson(), stored.toJson());
        return stored;
    });
}

DbFuture<Result<Enrolment>> StudyService::enrol(const Principal &actor, const QString &projectCode, Subject draft)
{
    return m_db.write<Enrolment>([actor, projectCode, draft](SqlSession &s) mutable -> Result<Enrolment> {
        const auto project = ProjectStore::find(s, projectCode);
        if (!project)
            return projectNotFound(projectCode);
        if (project->status != u"active"_s)
            return ApiError::conflict(u"project_not_active"_s,
                                      u"Subjects can only be enrolled into an active project; '%1' is %2."_s.arg(
                                          projectCode, project->status));
        if (!draft.site.isEmpty() && !project->sites.isEmpty() && !project->sites.contains(draft.site))
            return ApiError::invalid(u"unknown_site"_s, u"The site is not one of the project's sites."_s,
                                     {{u"site"_s, u"must be one of: "_s % project->sites.join(u", "_s)}});
        const qint64 projectId = *ProjectStore::findId(s, projectCode);
        if (draft.subjectId.isEmpty())
            draft.subjectId = SubjectStore::generateId(s, projectId, projectCode);
        else if (SubjectStore::exists(s, draft.subjectId))
            return ApiError::conflict(u"duplicate_subject_id"_s,
                                      u"A subject with id '%1' is already enrolled."_s.arg(draft.subjectId),
                                      {{u"subjectId"_s, u"is already in use"_s}});
        SubjectStore::insert(s, projectId, draft);
        Enrolment enrolled{SubjectStore::find(s, draft.subjectId)->subject, TokenGenerator::newToken()};
        const QDateTime now = QDateTime::currentDateTimeUtc();
        AccountStore::insertToken(s, TokenGenerator::hashOf(enrolled.subjectToken),
                                  {u"subject"_s, draft.subjectId, now, std::nullopt, std::nullopt});
        recordAudit(s, actor, u"create"_s, u"subject"_s, draft.subjectId, {}, enrolled.subject.toJson());
        recordAudit(s, actor, u"token_issue"_s, u"token"_s, draft.subjectId);
        return enrolled;
    });
}

DbFuture<Result<Page<Subject>>> StudyService::subjects(const QString &projectCode, const PageRequest &page)
{
    return m_db.read<Page<Subject>>([projectCode, page](SqlSession &s) -> Result<Page<Subject>> {
        const auto projectId = ProjectStore::findId(s, projectCode);
        if (!projectId)
            return projectNotFound(projectCode);
        return SubjectStore::list(s, *projectId, page);
    });
}

DbFuture<Result<Subject>> StudyService::subject(const QString &subjectId)
{
    return m_db.read<Subject>([subjectId](SqlSession &s) -> Result<Subject> {
        if (auto e = SubjectStore::find(s, subjectId))
            return e->subject;
        return subjectNotFound(subjectId);
    });
}

DbFuture<Result<ProjectStats>> StudyService::stats(const QString &projectCode, int days, int utcOffsetSeconds)
{
    return m_db.read<ProjectStats>([projectCode, days, utcOffsetSeconds](SqlSession &s) -> Result<ProjectStats> {
        const auto projectId = ProjectStore::findId(s, projectCode);
        if (!projectId)
            return projectNotFound(projectCode);
        // Local calendar days of the sites, expressed as UTC instants.
        const QDateTime nowLocal = QDateTime::currentDateTimeUtc().addSecs(utcOffsetSeconds);
        ProjectStats stats;
        stats.projectCode = projectCode;
        stats.utcOffsetSeconds = utcOffsetSeconds;
        stats.today = nowLocal.date();
        const QDate first = stats.today.addDays(1 - days);
        const QDateTime firstUtc = QDateTime(first, QTime(0, 0), Qt::UTC).addSecs(-utcOffsetSeconds);
        const QList<Subject> subjects = SubjectStore::all(s, *projectId);
        stats.enrolled = int(subjects.size());
        QHash<QDate, QSet<QString>> submitters;
        for (const auto &[subjectId, at] : SubmissionStore::submissionTimes(s, *projectId, firstUtc))
            submitters[at.addSecs(utcOffsetSeconds).date()].insert(subjectId);
        for (QDate day = first; day <= stats.today; day = day.addDays(1)) {
            ProjectStats::Day count{day, 0, int(submitters.value(day).size())};
            for (const Subject &subject : subjects) {
                if (subject.enrolledAt.addSecs(utcOffsetSeconds).date() <= day)
                    ++count.expected;
            }
            stats.days << count;
        }
        stats.submittedToday = stats.days.isEmpty() ? 0 : stats.days.constLast().submitted;
        const QSet<QString> today = submitters.value(stats.today);
        for (const Subject &subject : subjects) {
            if (!today.contains(subject.subjectId))
                stats.missingToday << subject;
        }
        return stats;
    });
}

} // namespace td

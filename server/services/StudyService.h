#pragma once

#include "Enrolment.h"
#include "Page.h"
#include "Project.h"
#include "ProjectPatch.h"
#include "ProjectStats.h"
#include "Queries.h"
#include "Result.h"
#include "StudyMembership.h"
#include "Subject.h"
#include "SubjectPatch.h"
#include "auth/NotFound.h"
#include "auth/Principal.h"
#include "storage/DbFuture.h"

namespace td {

class DbExecutor;
class ScheduleService;

// Studies and their subjects: the rules around them (unique codes, enrolment only
// into active studies, site membership) on top of the stores.
class StudyService
{
public:
    // `schedules`: re-matches submissions when what places a subject's entries changes,
    // and counts the statistics of studies with schedules from their expected entries
    // (none: nothing to re-match, statistics by enrolment, as in tests without schedules).
    explicit StudyService(DbExecutor &db, ScheduleService *schedules = nullptr)
        : m_db(db)
        , m_schedules(schedules)
    {}

    // `scope` (the caller's, see Principal): only those studies, and each study's
    // enrolled count only of subjects at the member's sites.
    DbFuture<Result<Page<Project>>> listProjects(const ProjectQuery &filter, const PageRequest &page,
                                                 const StudyScope &scope = {});
    DbFuture<Result<QList<Project>>> activeProjects(const StudyScope &scope = {});
    DbFuture<Result<Project>> project(const QString &code, const StudyScope &scope = {});
    // A creator other than the admin becomes the new study's pm member.
    DbFuture<Result<Project>> createProject(const Principal &actor, Project draft);
    DbFuture<Result<Project>> updateProject(const Principal &actor, const QString &code, ProjectPatch patch);

    // The new subject and its first subject token (shown once, to hand to the patient).
    // A member limited to some sites enrols only at them (400, field `site`).
    DbFuture<Result<Enrolment>> enrol(const Principal &actor, const QString &projectCode, Subject draft);
    // `sites` not empty: only subjects enrolled at them.
    DbFuture<Result<Page<Subject>>> subjects(const QString &projectCode, const PageRequest &page,
                                             const QStringList &sites = {});
    DbFuture<Result<Subject>> subject(const QString &subjectId);
    // A subject's schedule settings (time zone, anchor date). Audited when something
    // changes; the subject's scheduled submissions are matched again in the same
    // transaction (ScheduleService::rematchSubjects), as they are for the subjects in
    // the study's zone when updateProject changes it.
    DbFuture<Result<Subject>> updateSubject(const Principal &actor, const QString &subjectId, SubjectPatch patch);
    // Call once a study or subject update has committed (see ScheduleService::rematchesCommitted).
    void updateCommitted();

    // A study's daily submission picture in the sites' local time: for each of the
    // last `days` days, how many subjects were expected (enrolled by then) and how
    // many submitted; and who has not submitted today (unmasked). A study with
    // schedules is counted from its expected entries instead (see ProjectStats).
    // `sites` not empty: counted over the subjects enrolled at them only.
    DbFuture<Result<ProjectStats>> stats(const QString &projectCode, int days, int utcOffsetSeconds,
                                         const QStringList &sites = {});

    // Study memberships (issue #14), for /projects/{code}/members and
    // /users/{username}/memberships alike. Who may call is the route's business; the
    // rules are here: the study and account must exist (404), an admin account is
    // never a member (400 `username`), sites must be the study's (400 `sites`), and a
    // non-admin cannot change their own membership (403 own_membership). Audited.
    struct MembershipSet {
        StudyMembership membership;
        bool created = false;
    };
    DbFuture<Result<QList<StudyMembership>>> members(const QString &projectCode);
    DbFuture<Result<QList<StudyMembership>>> memberships(const QString &username);
    DbFuture<Result<MembershipSet>> setMembership(const Principal &actor, const QString &projectCode,
                                                  const QString &username, MembershipChange change);
    DbFuture<Result<Done>> removeMembership(const Principal &actor, const QString &projectCode,
                                            const QString &username);

private:
    DbExecutor &m_db;
    ScheduleService *m_schedules = nullptr;
};

} // namespace td

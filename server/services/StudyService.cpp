#include "StudyService.h"

#include "AuditTrail.h"
#include "ScheduleService.h"
#include "auth/PasswordHasher.h"
#include "storage/AccountStore.h"
#include "storage/DbExecutor.h"
#include "storage/EventStore.h"
#include "storage/MembershipStore.h"
#include "storage/ProjectStore.h"
#include "storage/ScheduleStore.h"
#include "storage/SubjectStore.h"
#include "storage/SubmissionStore.h"

#include <QSet>

using namespace Qt::StringLiterals;

namespace td {

namespace {

// A member limited to some sites counts only the subjects enrolled at them.
void countInScope(SqlSession &s, QList<Project> &projects, const StudyScope &scope)
{
    if (!scope)
        return;
    for (Project &p : projects) {
        for (const StudyMembership &m : *scope) {
            if (m.projectCode == p.code && !m.sites.isEmpty())
                p.enrolledCount = SubjectStore::count(s, p.code, m.sites);
        }
    }
}

QJsonObject auditedMembership(const StudyMembership &m)
{
    QJsonObject json = m.toJson();
    json.remove(u"displayName"_s);
    return json;
}

ApiError userNotFound(const QString &username)
{
    return ApiError::notFound(u"user_not_found"_s, u"No account named '%1'."_s.arg(username.left(64)));
}

} // namespace

DbFuture<Result<Page<Project>>> StudyService::listProjects(const ProjectQuery &filter, const PageRequest &page,
                                                           const StudyScope &scope)
{
    return m_db.read<Page<Project>>([filter, page, scope](SqlSession &s) -> Result<Page<Project>> {
        Page<Project> result = ProjectStore::list(s, filter, page, scope);
        countInScope(s, result.items, scope);
        return result;
    });
}

DbFuture<Result<QList<Project>>> StudyService::activeProjects(const StudyScope &scope)
{
    return m_db.read<QList<Project>>([scope](SqlSession &s) -> Result<QList<Project>> {
        QList<Project> result = ProjectStore::listActive(s, scope);
        countInScope(s, result, scope);
        return result;
    });
}

DbFuture<Result<Project>> StudyService::project(const QString &code, const StudyScope &scope)
{
    return m_db.read<Project>([code, scope](SqlSession &s) -> Result<Project> {
        if (auto p = ProjectStore::find(s, code)) {
            QList<Project> one{*p};
            countInScope(s, one, scope);
            return one.first();
        }
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
        if (actor.isScoped()) {
            // Whoever creates a study manages it: they become its pm member.
            const StudyMembership creator{stored.code, actor.name,      actor.displayName, Role::Pm,
                                          {},          draft.createdAt, actor.name};
            MembershipStore::upsert(s, creator);
            recordAudit(s, actor, u"create"_s, u"membership"_s, stored.code % u'/' % actor.name, {},
                        auditedMembership(creator));
        }
        return stored;
    });
}

DbFuture<Result<Project>> StudyService::updateProject(const Principal &actor, const QString &code, ProjectPatch patch)
{
    // Read, merge and write in one transaction on the single writer: concurrent
    // PATCHes of different fields cannot overwrite each other.
    return m_db.write<Project>([this, actor, code, patch](SqlSession &s) -> Result<Project> {
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
        if (m_schedules && stored.timeZone != current->timeZone) {
            const qint64 projectId = *ProjectStore::findId(s, code);
            m_schedules->rematchSubjects(s, projectId, ScheduleStore::subjectsInStudyZone(s, projectId));
        }
        // The answer counts what the caller may see (the trail keeps the whole study's).
        QList<Project> answer{stored};
        countInScope(s, answer, actor.scope);
        return answer.first();
    });
}

DbFuture<Result<Enrolment>> StudyService::enrol(const Principal &actor, const QString &projectCode, Subject draft)
{
    return m_db.write<Enrolment>([this, actor, projectCode, draft](SqlSession &s) mutable -> Result<Enrolment> {
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
        const QStringList mySites = actor.sitesIn(projectCode);
        if (!mySites.isEmpty() && !mySites.contains(draft.site))
            return ApiError::invalid(u"site_not_allowed"_s, u"You may enrol subjects only at your own sites."_s,
                                     {{u"site"_s, u"must be one of your sites: "_s % mySites.join(u", "_s)}});
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
        EventStore::append(s, {0, StudyEvent::SubjectEnrolled, projectCode, draft.site, draft.subjectId, {}});
        if (m_schedules)
            m_schedules->planningNeeded(projectId, {draft.subjectId});
        return enrolled;
    });
}

DbFuture<Result<Page<Subject>>> StudyService::subjects(const QString &projectCode, const PageRequest &page,
                                                       const QStringList &sites)
{
    return m_db.read<Page<Subject>>([projectCode, page, sites](SqlSession &s) -> Result<Page<Subject>> {
        const auto projectId = ProjectStore::findId(s, projectCode);
        if (!projectId)
            return projectNotFound(projectCode);
        return SubjectStore::list(s, *projectId, page, sites);
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

DbFuture<Result<Subject>> StudyService::updateSubject(const Principal &actor, const QString &subjectId,
                                                      SubjectPatch patch)
{
    return m_db.write<Subject>([this, actor, subjectId, patch](SqlSession &s) -> Result<Subject> {
        const auto current = SubjectStore::find(s, subjectId);
        if (!current)
            return subjectNotFound(subjectId);
        if (!patch.changes(current->subject))
            return current->subject;
        Subject updated = current->subject;
        patch.applyTo(updated);
        SubjectStore::updateScheduleSettings(s, updated);
        const Subject stored = SubjectStore::find(s, subjectId)->subject;
        recordAudit(s, actor, u"update"_s, u"subject"_s, subjectId, current->subject.toJson(), stored.toJson());
        EventStore::append(s, {0, StudyEvent::SubjectUpdated, stored.projectCode, stored.site, subjectId, {}});
        if (m_schedules)
            m_schedules->rematchSubjects(s, current->projectId, {subjectId});
        return stored;
    });
}

void StudyService::updateCommitted()
{
    if (m_schedules)
        m_schedules->rematchesCommitted();
}
namespace {

// ProjectStats on the schedule basis: the days from the compliance tally, today's
// entries with their subjects; "missing" is an entry open and not yet received, or
// missed.
void scheduledStats(ProjectStats &stats, const QList<Subject> &subjects, const ScheduleService::StudyDays &scheduled)
{
    stats.basis = ProjectStats::Basis::Schedule;
    for (qsizetype i = 0; i < scheduled.tally.days.size(); ++i) {
        const ComplianceCounts &c = scheduled.tally.days.at(i);
        stats.days << ProjectStats::Day{
            scheduled.tally.firstDay.addDays(i), c.expected, c.received + c.late, c.late, c.missed, c.open};
    }
    stats.submittedToday = stats.days.isEmpty() ? 0 : stats.days.constLast().submitted;
    QHash<QString, qsizetype> subjectIndex;
    for (qsizetype i = 0; i < subjects.size(); ++i)
        subjectIndex.insert(subjects.at(i).subjectId, i);
    QSet<QString> missing;
    for (const ScheduleService::ScheduledEntry &e : scheduled.lastDayEntries) {
        const auto found = subjectIndex.constFind(e.subjectId);
        if (found == subjectIndex.cend())
            continue; // enrolled between the two reads
        stats.entriesToday << ProjectStats::TodayEntry{subjects.at(*found), e.entry.questionnaire, e.entry.day,
                                                       e.entry.opensAt,     e.entry.closesAt,      e.state};
        if (e.state == EntryState::Open || e.state == EntryState::Missed)
            missing.insert(e.subjectId);
    }
    for (const Subject &subject : subjects) {
        if (missing.contains(subject.subjectId))
            stats.missingToday << subject;
    }
}

} // namespace

DbFuture<Result<ProjectStats>> StudyService::stats(const QString &projectCode, int days, int utcOffsetSeconds,
                                                   const QStringList &sites)
{
    ScheduleService *schedules = m_schedules;
    return m_db.read<ProjectStats>(
        [projectCode, days, utcOffsetSeconds, sites, schedules](SqlSession &s) -> Result<ProjectStats> {
            const auto projectId = ProjectStore::findId(s, projectCode);
            if (!projectId)
                return projectNotFound(projectCode);
            // Local calendar days of the sites, expressed as UTC instants.
            const QDateTime now = QDateTime::currentDateTimeUtc();
            const QDateTime nowLocal = now.addSecs(utcOffsetSeconds);
            ProjectStats stats;
            stats.projectCode = projectCode;
            stats.utcOffsetSeconds = utcOffsetSeconds;
            stats.today = nowLocal.date();
            const QDate first = stats.today.addDays(1 - days);
            const QDateTime firstUtc = QDateTime(first, QTime(0, 0), Qt::UTC).addSecs(-utcOffsetSeconds);
            const QList<Subject> subjects = SubjectStore::all(s, *projectId, sites);
            stats.enrolled = int(subjects.size());
            if (schedules) {
                if (auto scheduled = schedules->studyDays(s, *projectId, first, stats.today, now, sites)) {
                    scheduledStats(stats, subjects, *scheduled);
                    return stats;
                }
            }
            QHash<QDate, QSet<QString>> submitters;
            for (const auto &[subjectId, at] : SubmissionStore::submissionTimes(s, *projectId, firstUtc, sites))
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

DbFuture<Result<QList<StudyMembership>>> StudyService::members(const QString &projectCode)
{
    return m_db.read<QList<StudyMembership>>([projectCode](SqlSession &s) -> Result<QList<StudyMembership>> {
        if (!ProjectStore::exists(s, projectCode))
            return projectNotFound(projectCode);
        return MembershipStore::forProject(s, projectCode);
    });
}

DbFuture<Result<QList<StudyMembership>>> StudyService::memberships(const QString &username)
{
    return m_db.read<QList<StudyMembership>>([username](SqlSession &s) -> Result<QList<StudyMembership>> {
        if (!AccountStore::findUser(s, username))
            return userNotFound(username);
        return MembershipStore::forUser(s, username);
    });
}

DbFuture<Result<StudyService::MembershipSet>> StudyService::setMembership(const Principal &actor,
                                                                          const QString &projectCode,
                                                                          const QString &username,
                                                                          MembershipChange change)
{
    return m_db.write<MembershipSet>([actor, projectCode, username, change](SqlSession &s) -> Result<MembershipSet> {
        const auto project = ProjectStore::find(s, projectCode);
        if (!project)
            return projectNotFound(projectCode);
        const auto user = AccountStore::findUser(s, username);
        if (!user)
            return userNotFound(username);
        if (user->role == Role::Admin)
            return ApiError::invalid(u"admin_not_member"_s,
                                     u"Admin accounts see every study and cannot be members of one."_s,
                                     {{u"username"_s, u"is an admin account"_s}});
        if (actor.isScoped() && actor.name == username)
            return ApiError{ApiError::Kind::Forbidden,
                            u"own_membership"_s,
                            u"You cannot change your own membership: ask an admin or another pm."_s,
                            {}};
        QStringList unknown;
        for (const QString &site : change.sites) {
            if (!project->sites.contains(site))
                unknown << site;
        }
        if (!unknown.isEmpty())
            return ApiError::invalid(
                u"unknown_site"_s, u"Sites must be sites of the study: %1 is not."_s.arg(unknown.join(u", "_s)),
                {{u"sites"_s, u"must be among the study's sites: "_s % project->sites.join(u", "_s)}});
        const auto before = MembershipStore::find(s, projectCode, username);
        StudyMembership m{projectCode,      username,     user->displayName,
                          change.studyRole, change.sites, QDateTime::currentDateTimeUtc(),
                          actor.auditName()};
        if (before) {
            m.createdAt = before->createdAt;
            m.createdBy = before->createdBy;
        }
        MembershipStore::upsert(s, m);
        const StudyMembership stored = *MembershipStore::find(s, projectCode, username);
        recordAudit(s, actor, before ? u"update"_s : u"create"_s, u"membership"_s, projectCode % u'/' % username,
                    before ? auditedMembership(*before) : QJsonObject(), auditedMembership(stored));
        return MembershipSet{stored, !before};
    });
}

DbFuture<Result<Done>> StudyService::removeMembership(const Principal &actor, const QString &projectCode,
                                                      const QString &username)
{
    return m_db.write<Done>([actor, projectCode, username](SqlSession &s) -> Result<Done> {
        if (!ProjectStore::exists(s, projectCode))
            return projectNotFound(projectCode);
        if (!AccountStore::findUser(s, username))
            return userNotFound(username);
        if (actor.isScoped() && actor.name == username)
            return ApiError{ApiError::Kind::Forbidden,
                            u"own_membership"_s,
                            u"You cannot change your own membership: ask an admin or another pm."_s,
                            {}};
        const auto before = MembershipStore::find(s, projectCode, username);
        if (!before)
            return ApiError::notFound(u"membership_not_found"_s,
                                      u"'%1' is not a member of '%2'."_s.arg(username.left(64), projectCode.left(64)));
        MembershipStore::remove(s, projectCode, username);
        recordAudit(s, actor, u"delete"_s, u"membership"_s, projectCode % u'/' % username, auditedMembership(*before),
                    {});
        return Done{};
    });
}

} // namespace td

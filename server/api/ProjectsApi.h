#pragma once

#include "http/HttpRequest.h"
#include "http/HttpResponse.h"
#include "http/ResponseCache.h"

#include <QCoroTask>

namespace td {

class AuthService;
class StudyService;

// /api/v1/projects...: studies and their subjects.
class ProjectsApi
{
public:
    ProjectsApi(StudyService &service, AuthService &auth)
        : m_service(service)
        , m_auth(auth)
    {}

    // GET /projects?status=&q=&limit=&cursor= -> {"items":[Project],"nextCursor"}
    QCoro::Task<HttpResponse> list(HttpRequest request);
    // GET /projects/active -> [Project] (active studies, by code)
    QCoro::Task<HttpResponse> active(HttpRequest request);
    // POST /projects {Project} -> 201 Project; 409 duplicate_code
    QCoro::Task<HttpResponse> create(HttpRequest request);
    // GET /projects/{code} -> Project
    QCoro::Task<HttpResponse> get(HttpRequest request);
    // PATCH /projects/{code} {some Project fields} -> Project
    QCoro::Task<HttpResponse> update(HttpRequest request);
    // POST /projects/{code}/subjects {Subject} -> 201 Subject + "subjectToken" (shown only here);
    //   409 duplicate_subject_id / project_not_active
    QCoro::Task<HttpResponse> enrol(HttpRequest request);
    // GET /projects/{code}/subjects?limit=&cursor= -> {"items":[Subject],"nextCursor"}
    QCoro::Task<HttpResponse> subjects(HttpRequest request);
    // GET /projects/{code}/stats?days=30&utcOffset=+08:00 -> {"projectCode","today","utcOffset","enrolled",
    //   "submittedToday","days":[{"date","expected","submitted"}],"missingToday":[Subject]}
    QCoro::Task<HttpResponse> stats(HttpRequest request);
    // GET /subjects/{subjectId}/profile -> {"subjectId","name","phone"(masked),"trialCode"};
    //   the name is masked too for roles without access to personal data
    QCoro::Task<HttpResponse> profile(HttpRequest request);
    // GET /subjects/{subjectId} -> Subject (name and phone masked for monitors)
    QCoro::Task<HttpResponse> subject(HttpRequest request);
    // PATCH /subjects/{subjectId} {"timeZone"?,"anchorDate"?} -> Subject (masked for roles
    //   without access to personal data)
    QCoro::Task<HttpResponse> updateSubject(HttpRequest request);
    // POST /subjects/{subjectId}/token -> 201 {"subjectId","subjectToken"}; earlier tokens stop working
    QCoro::Task<HttpResponse> issueToken(HttpRequest request);

    // Study memberships (issue #14); StudyMembership = {"projectCode","username","displayName",
    // "studyRole","sites","createdAt","createdBy"}.
    // GET /projects/{code}/members -> {"items":[StudyMembership]}
    QCoro::Task<HttpResponse> members(HttpRequest request);
    // PUT /projects/{code}/members/{username} {"studyRole","sites"?} -> 201 created / 200 changed, StudyMembership
    QCoro::Task<HttpResponse> setMember(HttpRequest request);
    // DELETE /projects/{code}/members/{username} -> 204
    QCoro::Task<HttpResponse> removeMember(HttpRequest request);
    // GET /users/{username}/memberships -> {"items":[StudyMembership]}
    QCoro::Task<HttpResponse> userMemberships(HttpRequest request);
    // PUT /users/{username}/memberships/{code}: as setMember
    QCoro::Task<HttpResponse> setUserMembership(HttpRequest request);
    // DELETE /users/{username}/memberships/{code} -> 204
    QCoro::Task<HttpResponse> removeUserMembership(HttpRequest request);

private:
    QCoro::Task<HttpResponse> setMembership(HttpRequest request, QString code, QString username);
    QCoro::Task<HttpResponse> removeMembership(HttpRequest request, QString code, QString username);

    StudyService &m_service;
    AuthService &m_auth;
    // GET /projects/active, encoded; create, update and enrol (the only routes that
    // change what it shows) invalidate it once their change is committed.
    ResponseCache m_activeProjects{std::chrono::seconds(1)};
    // The same for members, by what their memberships reach (read with the token on
    // every request: a membership change gives a new key at once).
    KeyedResponseCache m_scopedActiveProjects{std::chrono::seconds(1), 1000};
    void studiesChanged()
    {
        m_activeProjects.invalidate();
        m_scopedActiveProjects.invalidate();
    }
};

} // namespace td

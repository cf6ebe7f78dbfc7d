#pragma once

#include "http/HttpRequest.h"
#include "http/HttpResponse.h"

#include <QCoroTask>

namespace td {

class StudyService;

// /api/v1/projects...: studies and their subjects.
class ProjectsApi
{
public:
    explicit ProjectsApi(StudyService &service) : m_service(service) {}

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
    // POST /projects/{code}/subjects {Subject} -> 201 Subject; 409 duplicate_subject_id / project_not_active
    QCoro::Task<HttpResponse> enrol(HttpRequest request);
    // GET /projects/{code}/subjects?limit=&cursor= -> {"items":[Subject],"nextCursor"}
    QCoro::Task<HttpResponse> subjects(HttpRequest request);
    // GET /subjects/{subjectId}/profile -> {"subjectId","name","phone"(masked),"trialCode"}
    QCoro::Task<HttpResponse> profile(HttpRequest request);

private:
    StudyService &m_service;
};

} // namespace td

#pragma once

#include "http/HttpRequest.h"
#include "http/HttpResponse.h"

#include <QCoroTask>

namespace td {

class ScheduleService;

// Questionnaire schedules, compliance and a subject's tasks (issue #15).
class ScheduleApi
{
public:
    explicit ScheduleApi(ScheduleService &service)
        : m_service(service)
    {}

    // GET /projects/{code}/schedules -> {"items":[QuestionnaireSchedule]}
    QCoro::Task<HttpResponse> list(HttpRequest request);
    // PUT /projects/{code}/schedules/{questionnaire} {QuestionnaireSchedule} -> 201 created / 200 replaced;
    //   "questionnaire" in the body may be left out, else must equal the path's
    QCoro::Task<HttpResponse> put(HttpRequest request);
    // DELETE /projects/{code}/schedules/{questionnaire} -> 204; 404 schedule_not_found
    QCoro::Task<HttpResponse> remove(HttpRequest request);
    // GET /projects/{code}/compliance?from=YYYY-MM-DD&to=YYYY-MM-DD&site= -> ComplianceTally JSON
    //   (default: the 30 days up to today, UTC); at most 366 days
    QCoro::Task<HttpResponse> compliance(HttpRequest request);
    // GET /subjects/{subjectId}/tasks -> {"subjectId","language","tasks":[{"questionnaire","open","next",
    //   "definitionVersion","definition"}]}; language from Accept-Language (zh* zh_CN, else en)
    QCoro::Task<HttpResponse> tasks(HttpRequest request);
    // GET /subjects/{subjectId}/entries?from=YYYY-MM-DD&to=YYYY-MM-DD -> the subject's
    //   expected entries with their states (ScheduleService::entries); staff only
    QCoro::Task<HttpResponse> entries(HttpRequest request);
    // GET /subjects/{subjectId}/reminders?state=&limit= -> {"reminders":[…]} newest entry
    //   first (ScheduleService::reminders); limit 1-500, default 100
    QCoro::Task<HttpResponse> reminders(HttpRequest request);
    static constexpr int kDefaultReminderLimit = 100;
    static constexpr int kMaxReminderLimit = 500;

private:
    ScheduleService &m_service;
};

} // namespace td

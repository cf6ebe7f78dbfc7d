#pragma once

#include "http/HttpRequest.h"
#include "http/HttpResponse.h"

#include <QCoroTask>

namespace td {

class IntakeService;

// What patient apps post, and the staff views of it.
class IntakeApi
{
public:
    explicit IntakeApi(IntakeService &service)
        : m_service(service)
    {}

    // POST /subjects/{subjectId}/questionnaires {"subjectId","answers",...} [Idempotency-Key]
    //   -> 201 QuestionnaireSubmission + Location; a replay answers the original with Idempotent-Replayed: true
    QCoro::Task<HttpResponse> submitQuestionnaire(HttpRequest request);
    // GET /subjects/{subjectId}/questionnaires?since=&until=&questionnaire=&limit=&cursor= -> page, newest first
    QCoro::Task<HttpResponse> subjectQuestionnaires(HttpRequest request);
    // GET /projects/{code}/submissions?since=&until=&questionnaire=&limit=&cursor= -> page, newest first
    QCoro::Task<HttpResponse> projectSubmissions(HttpRequest request);
    // GET /submissions/{id} -> QuestionnaireSubmission
    QCoro::Task<HttpResponse> submission(HttpRequest request);
    // POST /subjects/{subjectId}/vitals {"type",...} [Idempotency-Key] -> 201 VitalSign + Location
    QCoro::Task<HttpResponse> submitVital(HttpRequest request);
    // GET /subjects/{subjectId}/vitals?type=&from=&to=&limit=&cursor= -> page, oldest first by measuredAt
    QCoro::Task<HttpResponse> vitals(HttpRequest request);
    // GET /vitals/{id} -> VitalSign
    QCoro::Task<HttpResponse> vital(HttpRequest request);

private:
    QCoro::Task<HttpResponse> submissions(HttpRequest request, QString subjectId, QString projectCode);

    IntakeService &m_service;
};

} // namespace td

#pragma once

#include "http/HttpRequest.h"
#include "http/HttpResponse.h"

#include <QCoroTask>

namespace td {

class AuthService;
class DefinitionCache;
class QuestionnaireService;

// /api/v1/projects/{code}/questionnaires...: a study's questionnaire definitions and
// their versions (issue #15). Bodies and answers are QuestionnaireDefinition and
// QuestionnaireVersion JSON.
class QuestionnairesApi
{
public:
    QuestionnairesApi(QuestionnaireService &service, AuthService &auth, DefinitionCache &definitions)
        : m_service(service)
        , m_auth(auth)
        , m_definitions(definitions)
    {}

    // GET /projects/{code}/questionnaires -> {"items":[QuestionnaireVersion without definition]}
    QCoro::Task<HttpResponse> list(HttpRequest request);
    // POST /projects/{code}/questionnaires {QuestionnaireDefinition} -> 201 version 1, a draft;
    //   409 questionnaire_exists
    QCoro::Task<HttpResponse> create(HttpRequest request);
    // GET /projects/{code}/questionnaires/{key} -> the newest published version; 404 questionnaire_not_found
    QCoro::Task<HttpResponse> published(HttpRequest request);
    // POST /projects/{code}/questionnaires/{key}/versions {} -> 201 a new draft; 409 draft_exists
    QCoro::Task<HttpResponse> newVersion(HttpRequest request);
    // GET /projects/{code}/questionnaires/{key}/versions/{version} -> QuestionnaireVersion
    QCoro::Task<HttpResponse> version(HttpRequest request);
    // PUT .../versions/{version} {QuestionnaireDefinition, same key} -> the draft; 409 version_published
    QCoro::Task<HttpResponse> update(HttpRequest request);
    // DELETE .../versions/{version} -> 204; 409 version_published
    QCoro::Task<HttpResponse> remove(HttpRequest request);
    // POST .../versions/{version}/publish {"password","meaning"} -> the published version;
    //   400 not_publishable, 409 version_published, 403 invalid_password as when signing
    QCoro::Task<HttpResponse> publish(HttpRequest request);

private:
    QuestionnaireService &m_service;
    AuthService &m_auth;
    DefinitionCache &m_definitions;
};

} // namespace td

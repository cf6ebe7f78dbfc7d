#pragma once

#include "api/ApiRoutes.h"
#include "api/AuthApi.h"
#include "api/EventsApi.h"
#include "api/IntakeApi.h"
#include "api/ProjectsApi.h"
#include "api/QuestionnairesApi.h"
#include "api/ReviewApi.h"
#include "api/ScheduleApi.h"
#include "api/SystemApi.h"
#include "api/WebhooksApi.h"
#include "auth/AuthService.h"
#include "http/RouteTable.h"
#include "services/DefinitionCache.h"
#include "services/EventService.h"
#include "services/IntakeService.h"
#include "services/QuestionnaireService.h"
#include "services/ReviewService.h"
#include "services/ScheduleService.h"
#include "services/StudyService.h"
#include "services/WebhookService.h"
#include "services/WebhookUrlPolicy.h"
#include "storage/Database.h"

#include <QTemporaryDir>
#include <memory>

namespace td::test {

// The route table exactly as ServerApp builds it, over a throw-away SQLite database,
// for the tests that read the routes themselves (paths, permissions, schemas) to
// generate their cases. Nothing is served: the tests call a real TestServer.
class RouteTableFixture
{
public:
    RouteTableFixture()
    {
        m_database = std::make_unique<Database>(Database::Options{m_dataDir.path(), 1, 100});
        m_database->open();
        m_auth = std::make_unique<AuthService>(m_database->executor(), AuthService::Options{});
        m_authApi = std::make_unique<AuthApi>(*m_auth);
        m_schedules = std::make_unique<ScheduleService>(m_database->executor());
        m_studies = std::make_unique<StudyService>(m_database->executor(), m_schedules.get());
        m_definitions = std::make_unique<DefinitionCache>(m_database->executor());
        m_intake = std::make_unique<IntakeService>(m_database->executor(), *m_definitions, m_schedules.get());
        m_questionnaires = std::make_unique<QuestionnaireService>(m_database->executor());
        m_questionnairesApi = std::make_unique<QuestionnairesApi>(*m_questionnaires, *m_auth, *m_definitions);
        m_reviews = std::make_unique<ReviewService>(m_database->executor());
        m_reviewApi = std::make_unique<ReviewApi>(*m_reviews, *m_auth, m_database->executor());
        m_projectsApi = std::make_unique<ProjectsApi>(*m_studies, *m_auth);
        m_intakeApi = std::make_unique<IntakeApi>(*m_intake);
        m_scheduleApi = std::make_unique<ScheduleApi>(*m_schedules);
        m_systemApi = std::make_unique<SystemApi>(m_database->executor());
        m_events = std::make_unique<EventService>(m_database->executor());
        m_eventsApi = std::make_unique<EventsApi>(*m_events);
        m_webhooks = std::make_unique<WebhookService>(m_database->executor());
        m_webhooksApi = std::make_unique<WebhooksApi>(*m_webhooks, m_webhookPolicy);
        m_routes = std::make_unique<RouteTable>(apiRoutes(*m_authApi, *m_projectsApi, *m_intakeApi, *m_reviewApi,
                                                          *m_scheduleApi, *m_systemApi, *m_questionnairesApi,
                                                          *m_eventsApi, *m_webhooksApi));
        m_systemApi->setRoutes(*m_routes);
    }
    ~RouteTableFixture()
    {
        // What uses the database goes before it closes.
        m_routes.reset();
        m_webhooksApi.reset();
        m_webhooks.reset();
        m_eventsApi.reset();
        m_events.reset();
        m_systemApi.reset();
        m_scheduleApi.reset();
        m_intakeApi.reset();
        m_projectsApi.reset();
        m_reviewApi.reset();
        m_reviews.reset();
        m_questionnairesApi.reset();
        m_questionnaires.reset();
        m_intake.reset();
        m_definitions.reset();
        m_schedules.reset();
        m_studies.reset();
        m_authApi.reset();
        m_auth.reset();
        m_database->close();
    }
    RouteTableFixture(const RouteTableFixture &) = delete;
    RouteTableFixture &operator=(const RouteTableFixture &) = delete;

    bool isValid() const { return m_dataDir.isValid(); }
    const RouteTable &table() const { return *m_routes; }
    const std::vector<Route> &routes() const { return m_routes->routes(); }

private:
    QTemporaryDir m_dataDir;
    std::unique_ptr<Database> m_database;
    std::unique_ptr<AuthService> m_auth;
    std::unique_ptr<AuthApi> m_authApi;
    std::unique_ptr<StudyService> m_studies;
    std::unique_ptr<DefinitionCache> m_definitions;
    std::unique_ptr<ScheduleService> m_schedules;
    std::unique_ptr<IntakeService> m_intake;
    std::unique_ptr<QuestionnaireService> m_questionnaires;
    std::unique_ptr<QuestionnairesApi> m_questionnairesApi;
    std::unique_ptr<ReviewService> m_reviews;
    std::unique_ptr<ReviewApi> m_reviewApi;
    std::unique_ptr<ProjectsApi> m_projectsApi;
    std::unique_ptr<ScheduleApi> m_scheduleApi;
    std::unique_ptr<IntakeApi> m_intakeApi;
    std::unique_ptr<SystemApi> m_systemApi;
    std::unique_ptr<EventService> m_events;
    WebhookUrlPolicy m_webhookPolicy;
    std::unique_ptr<WebhookService> m_webhooks;
    std::unique_ptr<WebhooksApi> m_webhooksApi;
    std::unique_ptr<EventsApi> m_eventsApi;
    std::unique_ptr<RouteTable> m_routes;
};

} // namespace td::test

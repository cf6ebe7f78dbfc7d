#pragma once

#include "ServerConfig.h"
#include "api/EventStream.h"
#include "http/ConnectionGuard.h"

#include <QObject>
#include <atomic>
#include <memory>
#include <vector>

class QThread;

namespace td {

class AuthApi;
class AuthService;
class EventHub;
class EventService;
class EventsApi;
class Database;
class DataDirLock;
class DefinitionCache;
class HttpFrontend;
class IntakeApi;
class IntakeService;
class ProjectsApi;
class QuestionnaireService;
class QuestionnairesApi;
class ReviewApi;
class ScheduleApi;
class ScheduleService;
class ReviewService;
class RateLimiter;
class RequestLog;
class RequestMetrics;
class RouteTable;
class StudyService;
class SystemApi;
class WebhookDispatcher;
class WebhookService;
class WebhookUrlPolicy;
class WebhooksApi;

// The running server: database, services, route table and one HTTP frontend per
// thread, all accepting on the same port.
class ServerApp : public QObject
{
    Q_OBJECT
public:
    explicit ServerApp(ServerConfig config, QObject *parent = nullptr);
    ~ServerApp() override;

    // Opens the database (migrating, seeding with --demo) and starts listening.
    bool start(QString *error);
    quint16 port() const { return m_port; }

    // Stops accepting, lets requests in flight finish (--drain-timeout, 10 s by
    // default), commits queued writes and answers them, then ends the HTTP threads
    // and closes the database. Emits stopped() when done.
    void shutdown();

Q_SIGNALS:
    void stopped();

private:
    struct Worker {
        QThread *thread = nullptr;
        HttpFrontend *frontend = nullptr;
    };
    void stopWorkers();
    void startEventHub();
    void stopEventHub();
    void startWebhookDispatcher();
    void stopWebhookDispatcher();

    ServerConfig m_config;
    ConnectionLimits m_limits;
    std::unique_ptr<DataDirLock> m_dataDirLock; // `restore` checks it: never under a running server
    std::unique_ptr<Database> m_database;
    std::unique_ptr<AuthService> m_auth;
    std::unique_ptr<AuthApi> m_authApi;
    std::unique_ptr<ScheduleService> m_schedules; // before m_studies and m_intake, which use it
    std::unique_ptr<StudyService> m_studies;
    std::unique_ptr<DefinitionCache> m_definitions;
    std::unique_ptr<QuestionnaireService> m_questionnaires;
    std::unique_ptr<QuestionnairesApi> m_questionnairesApi;
    std::unique_ptr<IntakeService> m_intake;
    std::unique_ptr<ReviewService> m_reviews;
    std::unique_ptr<ReviewApi> m_reviewApi;
    std::unique_ptr<ScheduleApi> m_scheduleApi;
    std::unique_ptr<ProjectsApi> m_projectsApi;
    std::unique_ptr<IntakeApi> m_intakeApi;
    std::unique_ptr<SystemApi> m_systemApi;
    std::unique_ptr<EventService> m_events;
    std::unique_ptr<EventsApi> m_eventsApi;
    std::unique_ptr<WebhookUrlPolicy> m_webhookPolicy;
    std::unique_ptr<WebhookService> m_webhooks;
    std::unique_ptr<WebhooksApi> m_webhooksApi;
    WebhookDispatcher *m_webhookDispatcher = nullptr; // lives in m_webhookThread
    QThread *m_webhookThread = nullptr;
    EventHub *m_eventHub = nullptr; // lives in m_eventThread
    QThread *m_eventThread = nullptr;
    EventStreamOptions m_streamOptions;
    std::atomic<int> m_openStreams{0};
    std::unique_ptr<RouteTable> m_routes;
    std::unique_ptr<RequestLog> m_log;
    std::unique_ptr<RequestMetrics> m_metrics;
    std::unique_ptr<RateLimiter> m_loginLimiter;
    std::unique_ptr<RateLimiter> m_submissionAddressLimiter;
    std::unique_ptr<RateLimiter> m_submissionTokenLimiter;
    std::vector<Worker> m_workers;
    std::atomic<int> m_inFlight{0};
    std::atomic<int> m_openConnections{0};
    quint16 m_port = 0;
    bool m_shuttingDown = false;
};

} // namespace td

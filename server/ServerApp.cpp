#include "ServerApp.h"

#include "DataDirLock.h"
#include "api/ApiRoutes.h"
#include "api/AuthApi.h"
#include "api/EventStream.h"
#include "api/EventsApi.h"
#include "api/IntakeApi.h"
#include "api/ProjectsApi.h"
#include "api/QuestionnairesApi.h"
#include "api/ReviewApi.h"
#include "api/ScheduleApi.h"
#include "api/SystemApi.h"
#include "api/WebhooksApi.h"
#include "auth/AuthService.h"
#include "http/HttpFrontend.h"
#include "http/ListenSocket.h"
#include "http/RateLimiter.h"
#include "http/RequestLog.h"
#include "http/RequestMetrics.h"
#include "services/DefinitionCache.h"
#include "services/EventHub.h"
#include "services/EventService.h"
#include "services/IntakeService.h"
#include "services/QuestionnaireService.h"
#include "services/ReminderService.h"
#include "services/ReviewService.h"
#include "services/ScheduleService.h"
#include "services/StudyService.h"
#include "services/WebhookDispatcher.h"
#include "services/WebhookService.h"
#include "services/WebhookUrlPolicy.h"
#include "storage/Database.h"
#include "storage/DbFuture.h"
#include "storage/DemoSeeder.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QPointer>
#include <QSslCertificate>
#include <QSslKey>
#include <QTcpSocket>
#include <QThread>
#include <QTimer>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace td {

ServerApp::ServerApp(ServerConfig config, QObject *parent)
    : QObject(parent)
    , m_config(std::move(config))
{
    m_limits.maxConnections = m_config.maxConnections;
    m_limits.idleTimeoutMs = m_config.idleTimeoutSeconds * 1000;
    m_limits.headerTimeoutMs = m_config.headerTimeoutSeconds * 1000;
}

namespace {

// How often the published revision of the questionnaire definitions is compared with
// the database: another instance's publication is used here within this (plus one
// reload), well inside the second issue #15 allows.
constexpr int kDefinitionPollMs = 500;
// The event hub's fallback poll (a wake-up lost, a NOTIFY not delivered).
constexpr int kEventPollMs = 500;
// Event retention: how often old events are looked for, and how many one write
// deletes (small, so the writer's other jobs never wait long behind it).
constexpr int kEventPruneIntervalMs = 10 * 60 * 1000;
constexpr int kEventPruneBatch = 500;

// Loads the PEM certificate chain and key; an empty configuration means plain HTTP.
std::optional<QSslConfiguration> tlsConfiguration(const ServerConfig &config, QString *error)
{
    // Checked first: the default configuration loads the TLS backend (OpenSSL), tens
    // of milliseconds of start-up that plain HTTP does not need.
    if (config.tlsCertificate.isEmpty())
        return QSslConfiguration();
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    const QList<QSslCertificate> chain = QSslCertificate::fromPath(config.tlsCertificate, QSsl::Pem);
    QFile keyFile(config.tlsKey);
    if (chain.isEmpty()) {
        *error = u"no PEM certificate in %1"_s.arg(config.tlsCertificate);
        return std::nullopt;
    }
    if (!keyFile.open(QIODevice::ReadOnly)) {
        *error = u"cannot read %1: %2"_s.arg(config.tlsKey, keyFile.errorString());
        return std::nullopt;
    }
    const QByteArray pem = keyFile.readAll();
    QSslKey key(pem, QSsl::Rsa, QSsl::Pem);
    if (key.isNull())
        key = QSslKey(pem, QSsl::Ec, QSsl::Pem);
    if (key.isNull()) {
        *error = u"no RSA or EC private key in %1"_s.arg(config.tlsKey);
        return std::nullopt;
    }
    tls.setLocalCertificate(chain.first());
    tls.setLocalCertificateChain(chain);
    tls.setPrivateKey(key);
    tls.setPeerVerifyMode(QSslSocket::VerifyNone);
    tls.setProtocol(QSsl::TlsV1_2OrLater);
    return tls;
}

} // namespace

ServerApp::~ServerApp()
{
    // Same order as shutdown(): database work is answered while the HTTP threads
    // that wait for it still run.
    stopReminders();
    if (m_database)
        m_database->stopExecutor();
    stopWorkers();
    stopWebhookDispatcher();
    stopEventHub();
}

bool ServerApp::start(QString *error)
{
    m_dataDirLock = std::make_unique<DataDirLock>(m_config.dataDir);
    if (!QDir().mkpath(m_config.dataDir) || !m_dataDirLock->tryLock(error)) {
        if (error->isEmpty())
            *error = u"cannot create data directory %1"_s.arg(m_config.dataDir);
        return false;
    }
    m_database = std::make_unique<Database>(
        Database::Options{m_config.dataDir, m_config.dbReaders, m_config.maxQueuedWrites}, m_config.database);
    try {
        m_database->open();
        if (m_config.demo) {
            auto session = m_database->openSession(u"td-demo"_s);
            const DemoSeeder::Summary seeded = DemoSeeder::seedIfEmpty(*session, QDateTime::currentDateTimeUtc());
            if (seeded.projects > 0)
                qInfo("demo data: %d studies, %d subjects, %d questionnaires, %d vital signs", seeded.projects,
                      seeded.subjects, seeded.submissions, seeded.vitals);
            else
                qInfo("demo data: database not empty, nothing seeded");
        }
    } catch (const std::exception &e) {
        *error = QString::fromUtf8(e.what());
        return false;
    }

    AuthService::Options authOptions;
    authOptions.tokenLifetimeMinutes = m_config.tokenLifetimeMinutes;
    m_auth = std::make_unique<AuthService>(m_database->executor(), authOptions);
    m_authApi = std::make_unique<AuthApi>(*m_auth);
    m_schedules = std::make_unique<ScheduleService>(m_database->executor());
    m_studies = std::make_unique<StudyService>(m_database->executor(), m_schedules.get());
    m_schedules->warmUp();
    m_definitions = std::make_unique<DefinitionCache>(m_database->executor());
    // Loaded before the first submission is accepted; then kept fresh (see DefinitionCache).
    const Result<bool> loaded = m_definitions->refresh().waitForResult();
    if (!loaded) {
        *error = u"cannot load the questionnaire definitions: %1"_s.arg(loaded.error().message);
        return false;
    }
    auto *definitionPoll = new QTimer(this);
    connect(definitionPoll, &QTimer::timeout, this, [this] { m_definitions->poll(); });
    definitionPoll->start(kDefinitionPollMs);
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
    m_eventsApi = std::make_unique<EventsApi>(*m_events, m_config.streamHeartbeatSeconds);
    m_webhookPolicy = std::make_unique<WebhookUrlPolicy>(m_config.webhookAllowHosts);
    m_webhooks = std::make_unique<WebhookService>(m_database->executor());
    m_webhooksApi = std::make_unique<WebhooksApi>(*m_webhooks, *m_webhookPolicy);
    startEventHub();
    if (m_config.eventRetentionDays > 0) {
        auto *pruneTimer = new QTimer(this);
        connect(pruneTimer, &QTimer::timeout, this, [this] { pruneEvents(); });
        pruneTimer->start(kEventPruneIntervalMs);
        QTimer::singleShot(0, this, [this] { pruneEvents(); });
    }
    startReminders();
    startWebhookDispatcher();
    m_routes =
        std::make_unique<RouteTable>(apiRoutes(*m_authApi, *m_projectsApi, *m_intakeApi, *m_reviewApi, *m_scheduleApi,
                                               *m_systemApi, *m_questionnairesApi, *m_eventsApi, *m_webhooksApi));
    m_systemApi->setRoutes(*m_routes);
    // Set before the first socket is accepted; read by every HTTP thread afterwards.
    m_limits.bodyLimit = [routes = m_routes.get()](QByteArrayView requestLine) {
        return routes->bodyLimit(requestLine);
    };
    m_metrics = std::make_unique<RequestMetrics>(*m_routes, m_config.httpThreads);
    m_systemApi->setMetrics(*m_metrics, MetricsAccess{m_config.metricsAllow, m_config.metricsToken});
    m_log = std::make_unique<RequestLog>(m_config.logRequests);
    m_loginLimiter = std::make_unique<RateLimiter>(m_config.loginRatePerAddress, m_config.loginRatePerAddress / 3 + 1);
    m_submissionAddressLimiter =
        std::make_unique<RateLimiter>(m_config.submissionRatePerAddress, m_config.submissionRatePerAddress / 3 + 1);
    m_submissionTokenLimiter =
        std::make_unique<RateLimiter>(m_config.submissionRatePerToken, m_config.submissionRatePerToken / 3 + 1);
    const RequestLimits requestLimits{*m_loginLimiter, *m_submissionAddressLimiter, *m_submissionTokenLimiter};
    const auto tls = tlsConfiguration(m_config, error);
    if (!tls)
        return false;
    const bool https = !m_config.tlsCertificate.isEmpty();
    auto *flushTimer = new QTimer(this);
    connect(flushTimer, &QTimer::timeout, this, [this] { m_log->flush(); });
    flushTimer->start(250);

    const quint16 port = reserveFreePort(m_config.listenAddress, m_config.port, error);
    if (port == 0) {
        *error = u"cannot listen on %1:%2: %3"_s.arg(m_config.listenAddress.toString()).arg(m_config.port).arg(*error);
        return false;
    }
    for (int i = 0; i < m_config.httpThreads; ++i) {
        const int fd = openListenSocket(m_config.listenAddress, port, error);
        if (fd < 0) {
            *error = u"cannot listen on %1:%2: %3"_s.arg(m_config.listenAddress.toString()).arg(port).arg(*error);
            return false;
        }
        Worker worker;
        worker.thread = new QThread(this);
        worker.thread->setObjectName(u"http-%1"_s.arg(i));
        worker.thread->start();
        // The frontend and its QTcpServer must be created in the thread that runs them.
        auto *context = new QObject;
        context->moveToThread(worker.thread);
        bool bound = false;
        QMetaObject::invokeMethod(
            context,
            [&] {
                QTcpServer *tcp =
                    https ? static_cast<QTcpServer *>(new GuardedSslServer(m_limits, m_openConnections, *tls))
                          : new GuardedTcpServer(m_limits, m_openConnections);
                if (!tcp->setSocketDescriptor(fd)) {
                    delete tcp;
                    ::close(fd);
                    return;
                }
                worker.frontend = new HttpFrontend(*m_routes, *m_auth, requestLimits, *m_log, m_inFlight);
                worker.frontend->setMetrics(&m_metrics->shard(i));
                worker.frontend->bind(tcp);
                new EventStream(worker.frontend, *m_auth, *m_events, *m_eventHub, m_streamOptions, m_openStreams);
                bound = true;
            },
            Qt::BlockingQueuedConnection);
        context->deleteLater();
        m_workers.push_back(worker);
        if (!bound) {
            *error = u"cannot start HTTP thread %1"_s.arg(i);
            return false;
        }
    }
    m_port = port;
    return true;
}

void ServerApp::shutdown()
{
    if (m_shuttingDown)
        return;
    m_shuttingDown = true;
    qInfo("shutting down: no new connections, finishing %d request(s) in flight", m_inFlight.load());
    for (Worker &w : m_workers) {
        QMetaObject::invokeMethod(
            w.frontend,
            [f = w.frontend] {
                for (QTcpServer *server : f->servers())
                    server->close();
            },
            Qt::BlockingQueuedConnection);
    }
    auto *poll = new QTimer(this);
    const QDeadlineTimer deadline(qint64(m_config.drainTimeoutSeconds) * 1000);
    connect(poll, &QTimer::timeout, this, [this, poll, deadline] {
        if (m_inFlight.load() > 0 && !deadline.hasExpired())
            return;
        poll->stop();
        if (m_inFlight.load() > 0)
            qWarning("giving up on %d request(s) still in flight", m_inFlight.load());
        // The database first, while the HTTP threads still run: every queued job
        // runs and commits, and its answer resumes its request on a live thread
        // (which writes it if the client is still connected), so an acknowledged
        // write is always a committed one. Only then are the HTTP threads ended: a
        // job answered after its thread was gone would resume a destroyed
        // coroutine. Requests arriving meanwhile on open connections get 503.
        stopReminders();
        m_database->stopExecutor();
        stopWorkers();
        stopWebhookDispatcher();
        stopEventHub();
        m_database->close();
        m_log->flush();
        qInfo("stopped");
        Q_EMIT stopped();
    });
    poll->start(10);
}

// The hub reads new events on its own thread and connection, so neither the
// writer nor an HTTP thread ever waits for it.
void ServerApp::startEventHub()
{
    m_streamOptions.heartbeatSeconds = m_config.streamHeartbeatSeconds;
    m_streamOptions.maxStreams = m_config.maxStreams;
    m_streamOptions.helloTimeoutMs = m_config.streamHelloTimeoutSeconds * 1000;
    m_eventThread = new QThread(this);
    m_eventThread->setObjectName(u"events"_s);
    m_eventThread->start();
    Database *database = m_database.get();
    auto *context = new QObject;
    context->moveToThread(m_eventThread);
    QMetaObject::invokeMethod(
        context,
        [this, database] {
            // A slow poll: the wake-ups (this instance's writer, other instances'
            // NOTIFY) normally come first.
            m_eventHub =
                new EventHub([database](const QString &name) { return database->openSession(name); }, kEventPollMs);
            m_eventHub->start();
        },
        Qt::BlockingQueuedConnection);
    context->deleteLater();
    m_database->executor().setEventsCommittedListener([hub = m_eventHub](qint64 seq) { hub->wake(seq); });
}

QCoro::Task<> ServerApp::pruneEvents()
{
    if (m_pruning || m_shuttingDown)
        co_return;
    QPointer<ServerApp> self(this);
    m_pruning = true;
    qint64 total = 0;
    for (;;) {
        const QDateTime cutoff = QDateTime::currentDateTimeUtc().addDays(-m_config.eventRetentionDays);
        auto future = m_events->prune(cutoff, kEventPruneBatch);
        const Result<int> pruned = co_await future;
        if (!self)
            co_return;
        if (!pruned) {
            qWarning("pruning old events failed: %s (retrying later)", qPrintable(pruned.error().message));
            break;
        }
        total += pruned.value();
        if (pruned.value() < kEventPruneBatch || m_shuttingDown)
            break;
    }
    if (total > 0)
        qInfo("pruned %lld event(s) older than %d days", static_cast<long long>(total), m_config.eventRetentionDays);
    m_pruning = false;
}

void ServerApp::stopEventHub()
{
    if (!m_eventThread)
        return;
    m_database->executor().setEventsCommittedListener({});
    QMetaObject::invokeMethod(
        m_eventHub, [hub = m_eventHub] { delete hub; }, Qt::BlockingQueuedConnection);
    m_eventHub = nullptr;
    m_eventThread->quit();
    m_eventThread->wait();
    m_eventThread = nullptr;
}

// Planning and dispatching run in their own thread, blocking only it while their jobs
// run on the database threads.
void ServerApp::startReminders()
{
    m_reminderRelay = std::make_shared<ReminderService::Relay>();
    m_schedules->setPlanningListener([relay = m_reminderRelay](qint64 projectId, const QStringList &subjectIds) {
        relay->request(projectId, subjectIds);
    });
    m_reminderThread = new QThread(this);
    m_reminderThread->setObjectName(u"reminders"_s);
    m_reminderThread->start();
    ReminderService::Options options;
    options.planningIntervalSeconds = m_config.reminderPlanningSeconds;
    options.pollSeconds = m_config.reminderPollSeconds;
    options.hold = m_config.holdReminders;
    auto *context = new QObject;
    context->moveToThread(m_reminderThread);
    DbExecutor *db = &m_database->executor();
    QMetaObject::invokeMethod(
        context, [this, db, options] { m_reminders = new ReminderService(*db, options); },
        Qt::BlockingQueuedConnection);
    context->deleteLater();
    m_reminderRelay->set(m_reminders);
    // Queued: the first planning runs in the background while the server starts listening.
    QMetaObject::invokeMethod(m_reminders, [r = m_reminders] { r->start(); });
}

void ServerApp::stopReminders()
{
    if (!m_reminderThread)
        return;
    m_reminderRelay->set(nullptr);
    m_reminders->requestStop();
    QMetaObject::invokeMethod(
        m_reminders, [r = m_reminders] { delete r; }, Qt::BlockingQueuedConnection);
    m_reminders = nullptr;
    m_reminderThread->quit();
    m_reminderThread->wait();
    m_reminderThread = nullptr;
}

// Webhook deliveries are sent from a thread and connection of their own; the event
// hub's signal wakes the dispatcher when events commit (its poll covers the rest).
void ServerApp::startWebhookDispatcher()
{
    WebhookDispatcher::Options options;
    options.maxAttempts = m_config.webhookMaxAttempts;
    options.retryBaseMs = m_config.webhookRetryBaseSeconds * 1000;
    m_webhookThread = new QThread(this);
    m_webhookThread->setObjectName(u"webhooks"_s);
    m_webhookThread->start();
    Database *database = m_database.get();
    auto *context = new QObject;
    context->moveToThread(m_webhookThread);
    QMetaObject::invokeMethod(
        context,
        [this, database, options] {
            m_webhookDispatcher = new WebhookDispatcher(
                [database](const QString &name) { return database->openSession(name); }, *m_webhookPolicy, options);
            m_webhookDispatcher->start();
        },
        Qt::BlockingQueuedConnection);
    context->deleteLater();
    connect(m_eventHub, &EventHub::eventsCommitted, m_webhookDispatcher, &WebhookDispatcher::wake);
}

void ServerApp::stopWebhookDispatcher()
{
    if (!m_webhookThread)
        return;
    QMetaObject::invokeMethod(
        m_webhookDispatcher, [dispatcher = m_webhookDispatcher] { delete dispatcher; }, Qt::BlockingQueuedConnection);
    m_webhookDispatcher = nullptr;
    m_webhookThread->quit();
    m_webhookThread->wait();
    m_webhookThread = nullptr;
}

void ServerApp::stopWorkers()
{
    for (Worker &w : m_workers) {
        if (!w.thread)
            continue;
        if (w.frontend) {
            // Resumptions already posted to this thread run before this call (the
            // event queue keeps its order); any later one is dropped, not run
            // against the deleted frontend.
            QMetaObject::invokeMethod(
                w.frontend,
                [f = w.frontend] {
                    detail::closeThreadResumeContext();
                    // Answers written just now are still in the sockets' buffers, and
                    // deleting a connected socket aborts it (dropping them): hand them
                    // to the kernel first, which sends them after the close.
                    for (QTcpServer *server : f->servers()) {
                        for (QTcpSocket *socket : server->findChildren<QTcpSocket *>())
                            socket->flush();
                    }
                    delete f;
                },
                Qt::BlockingQueuedConnection);
            w.frontend = nullptr;
        }
        w.thread->quit();
        w.thread->wait();
        w.thread = nullptr;
    }
}

} // namespace td

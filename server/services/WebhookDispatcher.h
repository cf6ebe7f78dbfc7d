#pragma once

#include "StudyEvent.h"

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>
#include <functional>
#include <memory>
#include <vector>

class QNetworkAccessManager;

namespace td {

class SqlSession;
class WebhookUrlPolicy;
namespace WebhookStore {
struct Job;
struct Outcome;
} // namespace WebhookStore

// Sends the study events to the webhooks (issue #16, docs/webhooks.md), on a thread and
// database connection of its own, never the HTTP threads.
//
// Fan-out: reads the committed events after each webhook's cursor and inserts one
// delivery per (webhook, event) of a subscribed type, advancing the cursor in the same
// transaction (on PostgreSQL each webhook row is locked SKIP LOCKED, so one instance
// fans out a webhook at a time). Sending: claims due deliveries with a lease (SKIP
// LOCKED on PostgreSQL), so none is attempted twice at once, POSTs them signed, up to
// Options::maxInFlight at a time, and records each attempt: delivered on a 2xx, else
// retried with exponential backoff and full jitter until the last try makes it dead.
// Everything is in the table, so a delivery due when the process dies is sent after
// a restart (its lease runs out; with SQLite, the only instance clears them at start).
class WebhookDispatcher : public QObject
{
    Q_OBJECT
public:
    using SessionFactory = std::function<std::unique_ptr<SqlSession>(const QString &connectionName)>;
    struct Options {
        int maxAttempts = 8;
        int retryBaseMs = 10'000;
        int retryCapMs = 3'600'000;
        int maxInFlight = 16;
        int timeoutMs = 10'000;
        int pollMs = 500;
    };

    // Construct and start in the thread the dispatcher lives in.
    WebhookDispatcher(SessionFactory factory, const WebhookUrlPolicy &policy, Options options,
                      QObject *parent = nullptr);
    ~WebhookDispatcher() override;

    void start();
    // Any thread: new events were committed.
    void wake();

    // "t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>"
    static QByteArray signature(const QString &secret, qint64 unixSeconds, const QByteArray &body);

private:
    void work();
    // True when it stopped before the head (call again).
    bool fanOut();
    void fill();
    void send(const WebhookStore::Job &job);
    void post(const WebhookStore::Job &job, const QUrl &target, const QString &host);
    void finish(const WebhookStore::Job &job, std::optional<int> status, int latencyMs, const QString &error);
    void flushOutcomes();
    bool ensureSession();
    void dropSessionOnFailure(const char *what, const std::exception &e);

    SessionFactory m_factory;
    const WebhookUrlPolicy &m_policy;
    Options m_options;
    std::unique_ptr<SqlSession> m_session;
    QNetworkAccessManager *m_network = nullptr;
    QTimer m_poll;
    QTimer m_flushTimer;
    bool m_workQueued = false;
    int m_inFlight = 0;
    std::vector<WebhookStore::Job> m_queue;
    std::vector<WebhookStore::Outcome> m_outcomes;
};

} // namespace td

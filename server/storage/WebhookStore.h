#pragma once

#include "StudyEvent.h"
#include "Webhook.h"

#include <QList>
#include <QString>
#include <optional>

namespace td {

class SqlSession;

// SQL for outgoing webhooks (issue #16, docs/webhooks.md): the webhooks of a study,
// their deliveries (one per webhook and event) and the log of every attempt. Runs on
// a database thread, in the caller's transaction.
namespace WebhookStore {

// A study's webhooks by id, with their delivery counts.
QList<Webhook> forProject(SqlSession &session, qint64 projectId);
std::optional<Webhook> find(SqlSession &session, qint64 id);
int countForProject(SqlSession &session, qint64 projectId);
// Inserts a webhook whose fan-out starts after event `cursorSeq`; returns its id.
qint64 insert(SqlSession &session, qint64 projectId, const Webhook &webhook, const QString &secret, qint64 cursorSeq);
// Stores url, eventTypes, description and enabled.
void update(SqlSession &session, const Webhook &webhook, const QDateTime &at);
void setSecret(SqlSession &session, qint64 id, const QString &secret, const QDateTime &at);
// The webhook, its deliveries and their attempts.
void remove(SqlSession &session, qint64 id);
// The study (code) a webhook or a delivery belongs to, for the scope check.
std::optional<QString> projectOfWebhook(SqlSession &session, qint64 id);
std::optional<QString> projectOfDelivery(SqlSession &session, qint64 id);

// Up to `limit` deliveries of a webhook with an id below `beforeId` (0: any), newest
// first; only those in `state` unless it is empty.
QList<WebhookDelivery> deliveries(SqlSession &session, qint64 webhookId, const QString &state, qint64 beforeId,
                                  int limit);
// With its attempt log (at most the newest kMaxLoggedAttempts).
std::optional<WebhookDelivery> delivery(SqlSession &session, qint64 id);
constexpr int kMaxLoggedAttempts = 100;
// A dead delivery pending again, due at `nowMs` with its attempts restarted.
// False when it is not dead.
bool requeue(SqlSession &session, qint64 id, qint64 nowMs);

// Fan-out: the enabled and disabled webhooks whose cursor is behind `head`. On
// PostgreSQL each row is locked FOR UPDATE SKIP LOCKED, so two instances never fan
// out one webhook at the same time (the lock holds until the caller commits).
struct FanOutTarget {
    qint64 id = 0;
    qint64 cursorSeq = 0;
    QString projectCode;
    QStringList eventTypes;
    bool enabled = true;
};
QList<FanOutTarget> lockBehind(SqlSession &session, qint64 head, int limit);
// The (seq, type) of `projectCode`'s events with seq in (after, upTo].
struct EventRef {
    qint64 seq = 0;
    QString type;
};
QList<EventRef> eventsOf(SqlSession &session, const QString &projectCode, qint64 after, qint64 upTo);
void insertDelivery(SqlSession &session, qint64 webhookId, const EventRef &event, const QString &createdAt,
                    qint64 dueMs);
void setCursor(SqlSession &session, qint64 webhookId, qint64 cursorSeq);

// Sending: claims up to `limit` pending deliveries due at `nowMs` of enabled webhooks
// whose lease has run out (or was never taken), leasing them until `leaseUntilMs`. On
// PostgreSQL the rows are chosen FOR UPDATE SKIP LOCKED, so two instances never claim
// the same delivery.
struct Job {
    qint64 deliveryId = 0;
    qint64 webhookId = 0;
    int attempts = 0; // before this one
    QString url;
    QString secret;
    StudyEvent event;
};
QList<Job> claim(SqlSession &session, qint64 nowMs, qint64 leaseUntilMs, int limit);
// Forgets every lease: at start-up, where only one instance uses the database (SQLite).
void clearLeases(SqlSession &session);
// Records an attempt and what it makes of the delivery: delivered, dead, or pending
// again at `nextAttemptMs`.
struct Outcome {
    qint64 deliveryId = 0;
    QDateTime at;
    std::optional<int> status;
    int latencyMs = 0;
    QString error;
    QString state;
    qint64 nextAttemptMs = 0; // pending only
};
void recordAttempt(SqlSession &session, const Outcome &outcome);

} // namespace WebhookStore
} // namespace td

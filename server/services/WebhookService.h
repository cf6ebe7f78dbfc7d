#pragma once

#include "Result.h"
#include "Webhook.h"
#include "auth/Principal.h"
#include "storage/DbFuture.h"

#include <QString>
#include <QStringList>
#include <optional>

namespace td {

class DbExecutor;

// The webhooks of a study and their delivery log (issue #16, docs/webhooks.md). Every
// change is audited (entity "webhook"); secrets never reach the audit trail or a log.
// Sending is WebhookDispatcher's.
class WebhookService
{
public:
    explicit WebhookService(DbExecutor &db)
        : m_db(db)
    {}

    // What a client may set; a field left out of a PATCH is nullopt.
    struct Changes {
        std::optional<QString> url;
        std::optional<QStringList> eventTypes;
        std::optional<QString> description;
        std::optional<bool> enabled;
    };
    struct Created {
        Webhook webhook;
        QString secret;
    };

    DbFuture<Result<QList<Webhook>>> list(const QString &projectCode);
    // 409 too_many_webhooks beyond Webhook::kMaxPerStudy. Its fan-out starts at the
    // newest event now: it is sent what happens from now on.
    DbFuture<Result<Created>> create(const Principal &actor, const QString &projectCode, const Changes &input);
    DbFuture<Result<Webhook>> get(qint64 id);
    DbFuture<Result<Webhook>> update(const Principal &actor, qint64 id, const Changes &changes);
    // Deletes the webhook with its deliveries and their log (the audit trail keeps
    // the webhook's record).
    DbFuture<Result<Done>> remove(const Principal &actor, qint64 id);
    // A new secret; the old one signs nothing from the next attempt on.
    DbFuture<Result<QString>> rotateSecret(const Principal &actor, qint64 id);

    struct DeliveryPage {
        QList<WebhookDelivery> items;
        qint64 next = 0; // pass as `before` for the next page; 0: none
    };
    DbFuture<Result<DeliveryPage>> deliveries(qint64 webhookId, const QString &state, qint64 beforeId, int limit);
    DbFuture<Result<WebhookDelivery>> delivery(qint64 id);
    // A dead delivery pending again at once, its attempts restarted; 409 delivery_not_dead otherwise.
    DbFuture<Result<WebhookDelivery>> retry(const Principal &actor, qint64 id);

    // 32 random bytes (libsodium), "whsec_" and base64url.
    static QString newSecret();

private:
    DbExecutor &m_db;
};

} // namespace td

#include "WebhookService.h"

#include "AuditTrail.h"
#include "auth/NotFound.h"
#include "storage/DbExecutor.h"
#include "storage/EventStore.h"
#include "storage/ProjectStore.h"
#include "storage/WebhookStore.h"

#include <QDateTime>
#include <sodium.h>

using namespace Qt::StringLiterals;

namespace td {

namespace {

// What the audit trail keeps of a webhook: its settings, never its secret.
QJsonObject auditJson(const Webhook &w)
{
    QJsonObject o = w.toJson();
    o.remove(u"counts"_s);
    o.remove(u"secretHint"_s);
    return o;
}

ApiError webhookNotFound(qint64 id)
{
    return td::webhookNotFound(QString::number(id));
}

} // namespace

QString WebhookService::newSecret()
{
    unsigned char bytes[32];
    randombytes_buf(bytes, sizeof bytes);
    const QByteArray raw(reinterpret_cast<const char *>(bytes), sizeof bytes);
    sodium_memzero(bytes, sizeof bytes);
    return u"whsec_"_s
           + QString::fromLatin1(raw.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

DbFuture<Result<QList<Webhook>>> WebhookService::list(const QString &projectCode)
{
    return m_db.read<QList<Webhook>>([projectCode](SqlSession &s) -> Result<QList<Webhook>> {
        const auto projectId = ProjectStore::findId(s, projectCode);
        if (!projectId)
            return projectNotFound(projectCode);
        return WebhookStore::forProject(s, *projectId);
    });
}

DbFuture<Result<WebhookService::Created>> WebhookService::create(const Principal &actor, const QString &projectCode,
                                                                 const Changes &input)
{
    const QString secret = newSecret();
    return m_db.write<Created>([actor, projectCode, input, secret](SqlSession &s) -> Result<Created> {
        const auto projectId = ProjectStore::findId(s, projectCode);
        if (!projectId)
            return projectNotFound(projectCode);
        if (WebhookStore::countForProject(s, *projectId) >= Webhook::kMaxPerStudy)
            return ApiError::conflict(u"too_many_webhooks"_s,
                                      u"A study has at most %1 webhooks."_s.arg(Webhook::kMaxPerStudy));
        Webhook w;
        w.projectCode = projectCode;
        w.url = input.url.value_or(QString());
        w.eventTypes = input.eventTypes.value_or(QStringList());
        w.description = input.description.value_or(QString());
        w.enabled = input.enabled.value_or(true);
        w.createdAt = QDateTime::currentDateTimeUtc();
        w.createdBy = actor.auditName();
        w.secretHint = secret.right(4);
        // From the newest committed event on: events of this batch still queued are
        // numbered after it at commit, so they are sent too.
        w.id = WebhookStore::insert(s, *projectId, w, secret, EventStore::lastSeq(s));
        recordAudit(s, actor, u"create"_s, u"webhook"_s, QString::number(w.id), {}, auditJson(w));
        return Created{w, secret};
    });
}

DbFuture<Result<Webhook>> WebhookService::get(qint64 id)
{
    return m_db.read<Webhook>([id](SqlSession &s) -> Result<Webhook> {
        if (auto w = WebhookStore::find(s, id))
            return *w;
        return webhookNotFound(id);
    });
}

DbFuture<Result<Webhook>> WebhookService::update(const Principal &actor, qint64 id, const Changes &changes)
{
    return m_db.write<Webhook>([actor, id, changes](SqlSession &s) -> Result<Webhook> {
        const auto before = WebhookStore::find(s, id);
        if (!before)
            return webhookNotFound(id);
        Webhook w = *before;
        if (changes.url)
            w.url = *changes.url;
        if (changes.eventTypes)
            w.eventTypes = *changes.eventTypes;
        if (changes.description)
            w.description = *changes.description;
        if (changes.enabled)
            w.enabled = *changes.enabled;
        WebhookStore::update(s, w, QDateTime::currentDateTimeUtc());
        recordAudit(s, actor, u"update"_s, u"webhook"_s, QString::number(id), auditJson(*before), auditJson(w));
        return w;
    });
}

DbFuture<Result<Done>> WebhookService::remove(const Principal &actor, qint64 id)
{
    return m_db.write<Done>([actor, id](SqlSession &s) -> Result<Done> {
        const auto before = WebhookStore::find(s, id);
        if (!before)
            return webhookNotFound(id);
        WebhookStore::remove(s, id);
        recordAudit(s, actor, u"delete"_s, u"webhook"_s, QString::number(id), auditJson(*before), {});
        return Done{};
    });
}

DbFuture<Result<QString>> WebhookService::rotateSecret(const Principal &actor, qint64 id)
{
    const QString secret = newSecret();
    return m_db.write<QString>([actor, id, secret](SqlSession &s) -> Result<QString> {
        if (!WebhookStore::find(s, id))
            return webhookNotFound(id);
        WebhookStore::setSecret(s, id, secret, QDateTime::currentDateTimeUtc());
        // That it changed and its new hint; the secret itself stays out of the trail.
        recordAudit(s, actor, u"rotate_secret"_s, u"webhook"_s, QString::number(id), {},
                    QJsonObject{{u"secretHint"_s, secret.right(4)}});
        return secret;
    });
}

DbFuture<Result<WebhookService::DeliveryPage>> WebhookService::deliveries(qint64 webhookId, const QString &state,
                                                                          qint64 beforeId, int limit)
{
    return m_db.read<DeliveryPage>([webhookId, state, beforeId, limit](SqlSession &s) -> Result<DeliveryPage> {
        if (!WebhookStore::projectOfWebhook(s, webhookId))
            return webhookNotFound(webhookId);
        DeliveryPage page;
        page.items = WebhookStore::deliveries(s, webhookId, state, beforeId, limit + 1);
        if (page.items.size() > limit) {
            page.items.resize(limit);
            page.next = page.items.constLast().id;
        }
        return page;
    });
}

DbFuture<Result<WebhookDelivery>> WebhookService::delivery(qint64 id)
{
    return m_db.read<WebhookDelivery>([id](SqlSession &s) -> Result<WebhookDelivery> {
        if (auto d = WebhookStore::delivery(s, id))
            return *d;
        return deliveryNotFound(QString::number(id));
    });
}

DbFuture<Result<WebhookDelivery>> WebhookService::retry(const Principal &actor, qint64 id)
{
    return m_db.write<WebhookDelivery>([actor, id](SqlSession &s) -> Result<WebhookDelivery> {
        const auto before = WebhookStore::delivery(s, id);
        if (!before)
            return deliveryNotFound(QString::number(id));
        if (!WebhookStore::requeue(s, id, QDateTime::currentMSecsSinceEpoch()))
            return ApiError::conflict(u"delivery_not_dead"_s,
                                      u"Only a dead delivery can be retried; this one is %1."_s.arg(before->state));
        recordAudit(s, actor, u"retry"_s, u"webhook_delivery"_s, QString::number(id),
                    QJsonObject{{u"state"_s, before->state}, {u"attempts"_s, before->attempts}},
                    QJsonObject{{u"state"_s, WebhookDelivery::Pending}, {u"attempts"_s, 0}});
        auto after = WebhookStore::delivery(s, id);
        after->attemptLog.clear();
        return *after;
    });
}

} // namespace td

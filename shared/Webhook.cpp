#include "Webhook.h"

#include "Timestamps.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace td {

namespace {

QJsonValue timeOrNull(const QDateTime &t)
{
    return t.isValid() ? QJsonValue(formatTimestamp(t)) : QJsonValue(QJsonValue::Null);
}

QJsonValue intOrNull(const std::optional<int> &v)
{
    return v ? QJsonValue(*v) : QJsonValue(QJsonValue::Null);
}

QJsonValue textOrNull(const QString &s)
{
    return s.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(s);
}

} // namespace

QJsonObject Webhook::toJson() const
{
    return {{u"id"_s, id},
            {u"project"_s, projectCode},
            {u"url"_s, url},
            {u"eventTypes"_s, QJsonArray::fromStringList(eventTypes)},
            {u"description"_s, description},
            {u"enabled"_s, enabled},
            {u"createdAt"_s, timeOrNull(createdAt)},
            {u"createdBy"_s, createdBy},
            {u"secretHint"_s, secretHint},
            {u"counts"_s, QJsonObject{{u"pending"_s, pending}, {u"delivered"_s, delivered}, {u"dead"_s, dead}}}};
}

QJsonObject WebhookDelivery::toJson(bool withLog) const
{
    QJsonObject o{{u"id"_s, id},
                  {u"webhookId"_s, webhookId},
                  {u"eventSeq"_s, eventSeq},
                  {u"eventType"_s, eventType},
                  {u"state"_s, state},
                  {u"attempts"_s, attempts},
                  {u"createdAt"_s, timeOrNull(createdAt)},
                  {u"lastAttemptAt"_s, timeOrNull(lastAttemptAt)},
                  {u"nextAttemptAt"_s, state == Pending ? timeOrNull(nextAttemptAt) : QJsonValue(QJsonValue::Null)},
                  {u"deliveredAt"_s, timeOrNull(deliveredAt)},
                  {u"lastStatus"_s, intOrNull(lastStatus)},
                  {u"lastError"_s, textOrNull(lastError)},
                  {u"lastLatencyMs"_s, intOrNull(lastLatencyMs)}};
    if (withLog) {
        QJsonArray log;
        for (const Attempt &a : attemptLog)
            log.append(QJsonObject{{u"at"_s, timeOrNull(a.at)},
                                   {u"status"_s, intOrNull(a.status)},
                                   {u"latencyMs"_s, a.latencyMs},
                                   {u"error"_s, textOrNull(a.error)}});
        o.insert(u"attemptLog"_s, log);
    }
    return o;
}

} // namespace td

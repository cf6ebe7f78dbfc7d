#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>
#include <optional>

namespace td {

// An outgoing webhook of a study (issue #16, docs/webhooks.md): where the study's events
// are POSTed, signed with the webhook's secret. The secret itself is never part of it.
struct Webhook {
    qint64 id = 0;
    QString projectCode;
    QString url;
    QStringList eventTypes; // empty: every type
    QString description;
    bool enabled = true;
    QDateTime createdAt;
    QString createdBy;
    QString secretHint; // the secret's last 4 characters
    qint64 pending = 0, delivered = 0, dead = 0;

    // {"id","project","url","eventTypes","description","enabled","createdAt","createdBy",
    // "secretHint","counts":{"pending","delivered","dead"}}
    QJsonObject toJson() const;
    bool subscribes(const QString &eventType) const { return eventTypes.isEmpty() || eventTypes.contains(eventType); }

    static constexpr int kMaxUrlLength = 2048;
    static constexpr int kMaxDescriptionLength = 200;
    static constexpr int kMaxPerStudy = 20;
};

// One event to be sent to one webhook, and how its sending went.
struct WebhookDelivery {
    // pending: waiting for its first or next attempt while tries remain; delivered: a
    // 2xx answer; dead: the last try failed (POST /deliveries/{id}/retry re-queues it).
    static inline const QString Pending = QStringLiteral("pending");
    static inline const QString Delivered = QStringLiteral("delivered");
    static inline const QString Dead = QStringLiteral("dead");

    qint64 id = 0;
    qint64 webhookId = 0;
    qint64 eventSeq = 0;
    QString eventType;
    QString state;
    int attempts = 0;
    QDateTime createdAt;
    QDateTime lastAttemptAt;
    QDateTime nextAttemptAt; // pending only
    QDateTime deliveredAt;
    std::optional<int> lastStatus;
    QString lastError;
    std::optional<int> lastLatencyMs;

    struct Attempt {
        QDateTime at;
        std::optional<int> status; // the HTTP status; none: no answer
        int latencyMs = 0;
        QString error; // empty: none
    };
    QList<Attempt> attemptLog; // read for GET /deliveries/{id} only

    // {"id","webhookId","eventSeq","eventType","state","attempts","createdAt","lastAttemptAt",
    // "nextAttemptAt","deliveredAt","lastStatus","lastError","lastLatencyMs"}, null where
    // not known; with `withLog` also "attemptLog":[{"at","status","latencyMs","error"}].
    QJsonObject toJson(bool withLog = false) const;
};

} // namespace td

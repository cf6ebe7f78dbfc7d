#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>
#include <optional>

namespace td {

// One entry of the event outbox (issue #16): that something changed, never what.
// Ids only: no names, answers or values, so an event may travel where personal data
// may not (webhooks, logs). docs/events.md describes the types and the protocol.
struct StudyEvent {
    // The types, as sent in "type" (REST) and "eventType" (stream).
    static inline const QString SubmissionStored = QStringLiteral("submission.stored");
    static inline const QString VitalsStored = QStringLiteral("vitals.stored");
    static inline const QString SubmissionReviewed = QStringLiteral("submission.reviewed");
    static inline const QString SignatureRecorded = QStringLiteral("signature.recorded");
    static inline const QString SubjectEnrolled = QStringLiteral("subject.enrolled");
    static inline const QString SubjectUpdated = QStringLiteral("subject.updated");
    static inline const QString SubjectTokenReissued = QStringLiteral("subject.token_reissued");
    static inline const QString DefinitionPublished = QStringLiteral("definition.published");
    static inline const QString ScheduleChanged = QStringLiteral("schedule.changed");
    static inline const QString ReminderDue = QStringLiteral("reminder.due");
    static inline const QString EntryMissed = QStringLiteral("entry.missed");
    static inline const QString SubjectAlert = QStringLiteral("subject.alert");
    static const QStringList &types();

    qint64 seq = 0; // 0 until committed
    QString type;
    QString projectCode;
    QString site; // empty: about the whole study
    QString entityId;
    QDateTime occurredAt;
    // Ids and states that save a reader a round trip (a reminder's subject and entry):
    // flat, at most kMaxDataKeys members, strings at most kMaxDataText characters.
    // Never personal data. Sent as "data" only when not empty.
    QJsonObject data = {};

    // {"seq","type","project","site"|null,"entityId","at"}: an item of GET /api/v1/events.
    QJsonObject toJson() const;
    // The stream's message: the same members, "type":"event" and the type in "eventType".
    QJsonObject toStreamJson() const;
    // Nullopt for anything that is not a well-formed event: seq < 1 or beyond 2^53, an
    // unknown type, a missing or overlong project or entity id, a bad timestamp, a
    // "data" that is not a flat object within the bounds below.
    // Unknown keys are ignored (the server may add some). The desktop reads what a
    // network peer sent, so nothing is trusted.
    static std::optional<StudyEvent> fromJson(const QJsonObject &json);
    static std::optional<StudyEvent> fromStreamJson(const QJsonObject &json);

    static constexpr int kMaxCodeLength = 64;
    static constexpr int kMaxIdLength = 128;
    static constexpr int kMaxDataKeys = 16;
    static constexpr int kMaxDataText = 128;
    // Whether `data` keeps to the bounds above (flat: strings, numbers, booleans, null).
    static bool isValidData(const QJsonObject &data);
};

// Close codes of the push channel (/api/v1/events/stream, docs/events.md), for the
// server that sends them and the client that acts on them; 4xxx mirror HTTP statuses.
namespace EventStreamClose {
constexpr quint16 BadRequest = 4400;
constexpr quint16 Unauthorized = 4401;
constexpr quint16 Forbidden = 4403;
constexpr quint16 NotFound = 4404;
constexpr quint16 TooSlow = 4008; // resume with since at once
constexpr quint16 TryAgainLater = 4503;
constexpr quint16 Gone = 4410; // events after since were pruned: reload everything, follow from now
} // namespace EventStreamClose

// The answer of GET /api/v1/events: {"items","lastSeq","more"}.
struct EventPage {
    QList<StudyEvent> items;
    qint64 lastSeq = 0; // resume after this: it moves past events the reader may not see too
    bool more = false;
    // Set when events after `since` were pruned (older than the retention): the
    // oldest seq still kept. The reader cannot be given what it missed: 410 / 4410.
    std::optional<qint64> oldestSeq;

    QJsonObject toJson() const;
};

} // namespace td

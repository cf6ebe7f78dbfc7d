#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <optional>

namespace td {

// Something that happened in a study, as the server's event outbox records it and
// GET /api/v1/events and the push channel (/api/v1/events/stream) hand it out (issue
// #16). seq orders all events of a server; a client resumes after the last seq it saw.
struct StudyEvent {
    qint64 seq = 0;
    QString type;        // one of types()
    QString projectCode; // "project" on the wire
    QString site;        // empty when the event belongs to no site
    QString entityId;    // a submission id for submission.* and signature.*, a subject id for subject.*
    QDateTime at;

    static inline const QString SubmissionStored = QStringLiteral("submission.stored");
    static inline const QString VitalsStored = QStringLiteral("vitals.stored");
    static inline const QString SubmissionReviewed = QStringLiteral("submission.reviewed");
    static inline const QString SignatureRecorded = QStringLiteral("signature.recorded");
    static inline const QString SubjectEnrolled = QStringLiteral("subject.enrolled");
    static inline const QString SubjectTokenReissued = QStringLiteral("subject.token_reissued");
    static inline const QString DefinitionPublished = QStringLiteral("definition.published");
    static inline const QString ScheduleChanged = QStringLiteral("schedule.changed");
    static const QStringList &types();

    // The REST form: {"seq","type","project","site","entityId","at"}.
    QJsonObject toJson() const;
    // Nullopt for anything that is not a well-formed event: seq < 1, an unknown
    // type, a missing or overlong project or entity id, a bad timestamp. Unknown
    // keys are ignored (the server may add some).
    static std::optional<StudyEvent> fromJson(const QJsonObject &json);

    static constexpr int kMaxCodeLength = 64;
    static constexpr int kMaxIdLength = 128;
};

} // namespace td

#pragma once

#include "ApiError.h"

#include <QDateTime>
#include <QJsonObject>
#include <optional>

namespace td {

// Where staff are with a submission: reviewed, queried (a data clarification
// request that stays open until answered or closed), and signed.
struct SubmissionReview {
    QString status = QStringLiteral("pending"); // pending, reviewed, queried
    QString comment;
    QString queryStatus; // empty, open, answered, closed
    QString reviewedBy;
    std::optional<QDateTime> reviewedAt;
    QString signedBy;
    std::optional<QDateTime> signedAt;
    QString signatureMeaning;

    static const QStringList &statuses();
    static const QStringList &queryStatuses();
    bool isSigned() const { return !signedBy.isEmpty(); }
    QJsonObject toJson() const;
    void appendJsonText(QByteArray &out) const; // what toJsonText() below does, for the review
    static SubmissionReview fromJson(const QJsonObject &json);
};

// One filled-in questionnaire as a patient app submitted it.
struct QuestionnaireSubmission {
    qint64 id = 0;
    QString subjectId;
    QString projectCode;
    QString questionnaire; // questionnaire code, empty when the app sent none
    QJsonObject answers;
    // The published version of the questionnaire's definition the answers were
    // validated against; none in a study without published definitions (and before #15).
    std::optional<int> definitionVersion;
    // The entry of the questionnaire's schedule the submission was matched to at
    // intake (issue #15): entryState "received", "late", "duplicate" (stored, never
    // counted) or "unscheduled" (no entry then: entryDay none); both none when the
    // study has no schedule for the questionnaire.
    std::optional<int> entryDay;
    QString entryState;
    QDateTime submitAt;   // when the patient pressed submit (the app's clock)
    QDateTime receivedAt; // when the server stored it (the server's clock)
    SubmissionReview review;

    // A POST body for the subject named in the path. `now` defaults submitAt and
    // bounds it (at most 5 minutes ahead, for clock skew).
    static std::optional<QuestionnaireSubmission>
    fromSubmitRequest(const QJsonObject &json, const QString &pathSubjectId, const QDateTime &now, ApiError *error);
    QJsonObject toJson() const;
    // The compact JSON text of toJson(), byte for byte, written directly rather than
    // through QJsonObject (several times faster): pages of submissions are sent this
    // way. tst_questionnairesubmission checks that the two agree.
    // `answersText`, when given, is `answers` already encoded (compact), spliced in as is.
    QByteArray toJsonText(QByteArrayView answersText = {}) const;
    static QuestionnaireSubmission fromJson(const QJsonObject &json);
};

} // namespace td

#include "ReviewService.h"

#include "AuditTrail.h"
#include "storage/DbExecutor.h"
#include "storage/EventStore.h"
#include "storage/SubjectStore.h"
#include "storage/SubmissionStore.h"

using namespace Qt::StringLiterals;

namespace td {

namespace {

ApiError notFound(qint64 id)
{
    return ApiError::notFound(u"submission_not_found"_s, u"No submission with id %1."_s.arg(id));
}

// The outbox entry of a review or signature, at the submission's study and site.
void appendEvent(SqlSession &s, const QString &type, qint64 submissionId)
{
    const auto location = SubjectStore::locateSubmission(s, submissionId);
    if (!location)
        throw StorageError("a reviewed submission has no subject");
    EventStore::append(s, {0, type, location->projectCode, location->site, QString::number(submissionId), {}});
}

// Applies `change` to `review`, or says why it cannot be applied.
std::optional<ApiError> apply(SubmissionReview &review, const ReviewChange &change, const Principal &actor,
                              const QDateTime &now)
{
    // Resolving a query comes first, so one request can close it and mark the submission reviewed.
    if (!change.queryStatus.isEmpty()) {
        if (review.queryStatus.isEmpty() || review.queryStatus == u"closed"_s)
            return ApiError::conflict(u"no_open_query"_s, u"This submission has no open query to resolve."_s);
        review.queryStatus = change.queryStatus;
    }
    if (change.reviewStatus == u"queried"_s) {
        if (change.comment.value_or(QString()).trimmed().isEmpty())
            return ApiError::invalid(u"missing_field"_s, u"A query needs a comment saying what to clarify."_s,
                                     {{u"comment"_s, u"is required when raising a query"_s}});
        review.status = change.reviewStatus;
        review.queryStatus = u"open"_s;
    } else if (change.reviewStatus == u"reviewed"_s) {
        if (review.queryStatus == u"open"_s)
            return ApiError::conflict(u"query_open"_s, u"Answer or close the open query before marking it reviewed."_s);
        review.status = change.reviewStatus;
    }
    if (change.comment)
        review.comment = *change.comment;
    review.reviewedBy = actor.name;
    review.reviewedAt = now;
    return std::nullopt;
}

} // namespace

DbFuture<Result<QuestionnaireSubmission>> ReviewService::review(const Principal &actor, qint64 id, ReviewChange change)
{
    return m_db.write<QuestionnaireSubmission>([actor, id, change](SqlSession &s) -> Result<QuestionnaireSubmission> {
        auto submission = SubmissionStore::findSubmission(s, id);
        if (!submission)
            return notFound(id);
        const SubmissionReview before = submission->review;
        const bool wasSigned = before.isSigned();
        if (wasSigned && !change.signature)
            return ApiError::conflict(
                u"signature_required"_s,
                u"This submission is signed: change its review only together with a new "
                "signature (send password and meaning)."_s,
                {{u"password"_s, u"required to re-sign"_s}, {u"meaning"_s, u"required to re-sign"_s}});
        const QDateTime now = QDateTime::currentDateTimeUtc();
        if (auto refused = apply(submission->review, change, actor, now))
            return *refused;
        if (wasSigned) {
            submission->review.signedBy = actor.name;
            submission->review.signedAt = now;
            submission->review.signatureMeaning = change.signature->meaning;
        }
        SubmissionStore::updateReview(s, id, submission->review);
        recordAudit(s, actor, u"review"_s, u"submission"_s, QString::number(id), before.toJson(),
                    submission->review.toJson());
        if (wasSigned)
            recordAudit(s, actor, u"sign"_s, u"submission"_s, QString::number(id), {},
                        {{u"meaning"_s, change.signature->meaning}});
        appendEvent(s, StudyEvent::SubmissionReviewed, id);
        if (wasSigned)
            appendEvent(s, StudyEvent::SignatureRecorded, id);
        return *submission;
    });
}

DbFuture<Result<QuestionnaireSubmission>> ReviewService::sign(const Principal &actor, qint64 id, QString meaning)
{
    return m_db.write<QuestionnaireSubmission>([actor, id, meaning](SqlSession &s) -> Result<QuestionnaireSubmission> {
        auto submission = SubmissionStore::findSubmission(s, id);
        if (!submission)
            return notFound(id);
        if (submission->review.status != u"reviewed"_s)
            return ApiError::conflict(u"not_reviewed"_s, u"Only a reviewed submission can be signed."_s);
        if (submission->review.isSigned())
            return ApiError::conflict(u"already_signed"_s, u"This submission is already signed."_s);
        const SubmissionReview before = submission->review;
        submission->review.signedBy = actor.name;
        submission->review.signedAt = QDateTime::currentDateTimeUtc();
        submission->review.signatureMeaning = meaning;
        SubmissionStore::updateReview(s, id, submission->review);
        recordAudit(s, actor, u"sign"_s, u"submission"_s, QString::number(id), before.toJson(),
                    submission->review.toJson());
        appendEvent(s, StudyEvent::SignatureRecorded, id);
        return *submission;
    });
}

} // namespace td

#include "IntakeService.h"

#include "AuditTrail.h"
#include "StudyService.h"
#include "storage/DbExecutor.h"
#include "storage/ProjectStore.h"
#include "storage/SubjectStore.h"

using namespace Qt::StringLiterals;

namespace td {

namespace {

const QString kQuestionnaire = u"questionnaire"_s;
const QString kVital = u"vital"_s;

ApiError idempotencyConflict()
{
    return ApiError::conflict(u"idempotency_conflict"_s,
                              u"This Idempotency-Key was already used for a different request."_s,
                              {{u"Idempotency-Key"_s, u"reuse only for retries of the same request"_s}});
}

ApiError notActive(const SubjectStore::Enrolment &e)
{
    return ApiError::conflict(u"project_not_active"_s,
                              u"Project '%1' is %2 and does not accept submissions."_s.arg(e.subject.projectCode, e.projectStatus));
}

// The shared part of both submissions: subject lookup, replay of an earlier
// request with the same key, and the active-study rule. Returns the enrolment to
// store against, or the answer to give instead.
template <typename T, typename Find>
std::variant<SubjectStore::Enrolment, Result<IntakeService::Stored<T>>>
admit(SqlSession &s, const QString &subjectId, const IntakeService::Idempotency &idem, const QString &kind, Find find)
{
    auto enrolment = SubjectStore::find(s, subjectId);
    if (!enrolment)
        return Result<IntakeService::Stored<T>>(subjectNotFound(subjectId));
    if (!idem.key.isEmpty()) {
        if (const auto earlier = SubmissionStore::findKey(s, subjectId, idem.key)) {
            if (earlier->requestHash != idem.requestHash || earlier->resourceType != kind)
                return Result<IntakeService::Stored<T>>(idempotencyConflict());
            if (auto record = find(s, earlier->resourceId))
                return Result<IntakeService::Stored<T>>(IntakeService::Stored<T>{*record, true});
            throw StorageError("idempotency key refers to a missing record");
        }
    }
    if (enrolment->projectStatus != u"active"_s)
        return Result<IntakeService::Stored<T>>(notActive(*enrolment));
    return *enrolment;
}

} // namespace

DbFuture<Result<IntakeService::Stored<QuestionnaireSubmission>>>
IntakeService::submitQuestionnaire(const Principal &actor, QuestionnaireSubmission submission,
                                   Idempotency idempotency)
{
    using Answer = Result<Stored<QuestionnaireSubmission>>;
    return m_db.write<Stored<QuestionnaireSubmission>>([actor, submission, idempotency](SqlSession &s) mutable -> Answer {
        auto admitted = admit<QuestionnaireSubmission>(s, submission.subjectId, idempotency, kQuestionnaire,
                                                       SubmissionStore::findSubmission);
        if (auto *answer = std::get_if<Answer>(&admitted))
            return *answer;
        const auto &enrolment = std::get<SubjectStore::Enrolment>(admitted);
        submission.projectCode = enrolment.subject.projectCode;
        submission.id = SubmissionStore::insertSubmission(s, enrolment.projectId, submission);
        SubjectStore::touchLastSubmission(s, submission.subjectId, submission.submitAt);
        if (!idempotency.key.isEmpty())
            SubmissionStore::insertKey(s, submission.subjectId, idempotency.key,
                                       {idempotency.requestHash, kQuestionnaire, submission.id});
        recordAudit(s, actor, u"create"_s, u"submission"_s, QString::number(submission.id), {}, submission.toJson());
        return Stored<QuestionnaireSubmission>{submission, false};
    });
}

DbFuture<Result<IntakeService::Stored<VitalSign>>> IntakeService::submitVital(const Principal &actor, VitalSign vital,
                                                                              Idempotency idempotency)
{
    using Answer = Result<Stored<VitalSign>>;
    return m_db.write<Stored<VitalSign>>([actor, vital, idempotency](SqlSession &s) mutable -> Answer {
        auto admitted = admit<VitalSign>(s, vital.subjectId, idempotency, kVital, SubmissionStore::findVital);
        if (auto *answer = std::get_if<Answer>(&admitted))
            return *answer;
        vital.id = SubmissionStore::insertVital(s, vital);
        if (!idempotency.key.isEmpty())
            SubmissionStore::insertKey(s, vital.subjectId, idempotency.key, {idempotency.requestHash, kVital, vital.id});
        recordAudit(s, actor, u"create"_s, u"vital"_s, QString::number(vital.id), {}, vital.toJson());
        return Stored<VitalSign>{vital, false};
    });
}

DbFuture<Result<Page<QuestionnaireSubmission>>>
IntakeService::submissions(SubmissionStore::SubmissionFilter filter, const QString &projectCode, const PageRequest &page)
{
    using Answer = Result<Page<QuestionnaireSubmission>>;
    return m_db.read<Page<QuestionnaireSubmission>>([filter, projectCode, page](SqlSession &s) mutable -> Answer {
        if (!projectCode.isEmpty()) {
            const auto id = ProjectStore::findId(s, projectCode);
            if (!id)
                return projectNotFound(projectCode);
            filter.projectId = *id;
        } else if (!SubjectStore::exists(s, filter.subjectId)) {
            return subjectNotFound(filter.subjectId);
        }
        return SubmissionStore::listSubmissions(s, filter, page);
    });
}

DbFuture<Result<QuestionnaireSubmission>> IntakeService::submission(qint64 id)
{
    return m_db.read<QuestionnaireSubmission>([id](SqlSession &s) -> Result<QuestionnaireSubmission> {
        if (auto found = SubmissionStore::findSubmission(s, id))
            return *found;
        return ApiError::notFound(u"submission_not_found"_s, u"No submission with id %1."_s.arg(id));
    });
}

DbFuture<Result<Page<VitalSign>>> IntakeService::vitals(const SubmissionStore::VitalFilter &filter,
                                                       const PageRequest &page)
{
    return m_db.read<Page<VitalSign>>([filter, page](SqlSession &s) -> Result<Page<VitalSign>> {
        if (!SubjectStore::exists(s, filter.subjectId))
            return subjectNotFound(filter.subjectId);
        return SubmissionStore::listVitals(s, filter, page);
    });
}

DbFuture<Result<VitalSign>> IntakeService::vital(qint64 id)
{
    return m_db.read<VitalSign>([id](SqlSession &s) -> Result<VitalSign> {
        if (auto found = SubmissionStore::findVital(s, id))
            return *found;
        return ApiError::notFound(u"vital_not_found"_s, u"No vital sign with id %1."_s.arg(id));
    });
}

} // namespace td

#include "IntakeService.h"

#include "AuditTrail.h"
#include "DefinitionCache.h"
#include "JsonText.h"
#include "ScheduleService.h"
#include "StudyService.h"
#include "storage/DbExecutor.h"
#include "storage/EventStore.h"
#include "storage/ProjectStore.h"
#include "storage/ReminderStore.h"
#include "storage/SubjectStore.h"
#include "storage/SubmissionStore.h"

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

ApiError notActive(const SubjectStore::Membership &m)
{
    return ApiError::conflict(u"project_not_active"_s, u"Project '%1' is %2 and does not accept submissions."_s.arg(
                                                           m.projectCode, m.projectStatus));
}

// The shared part of both submissions: subject lookup, replay of an earlier
// request with the same key, and the active-study rule. Returns the subject's study
// to store against, or the answer to give instead.
template<typename T, typename Find>
std::variant<SubjectStore::Membership, Result<IntakeService::Stored<T>>>
admit(SqlSession &s, const QString &subjectId, const IntakeService::Idempotency &idem, const QString &kind, Find find)
{
    auto membership = SubjectStore::membership(s, subjectId);
    if (!membership)
        return Result<IntakeService::Stored<T>>(subjectNotFound(subjectId));
    if (!idem.key.isEmpty()) {
        if (const auto earlier = SubmissionStore::findKey(s, subjectId, idem.key)) {
            if (earlier->requestHash != idem.requestHash || earlier->resourceType != kind)
                return Result<IntakeService::Stored<T>>(idempotencyConflict());
            if (auto record = find(s, earlier->resourceId))
                return Result<IntakeService::Stored<T>>(IntakeService::Stored<T>{*record, true, {}});
            throw StorageError("idempotency key refers to a missing record");
        }
    }
    if (membership->projectStatus != u"active"_s)
        return Result<IntakeService::Stored<T>>(notActive(*membership));
    return *membership;
}

// Checks the answers against the study's newest published definition of the
// questionnaire, from the in-memory snapshot (no query: this runs in the writer job).
// Returns the version validated against (nullopt: the study has no published
// definitions, anything goes), or the 400.
Result<std::optional<int>> validate(const DefinitionCache::Snapshot &definitions, qint64 projectId,
                                    const QuestionnaireSubmission &submission)
{
    const auto study = definitions.projects.constFind(projectId);
    if (study == definitions.projects.cend() || study->isEmpty())
        return std::optional<int>();
    const auto found = study->constFind(submission.questionnaire);
    if (found == study->cend()) {
        QStringList keys = study->keys();
        keys.sort();
        return ApiError::invalid(u"unknown_questionnaire"_s,
                                 u"This study only accepts its published questionnaires: %1."_s.arg(keys.join(u", "_s)),
                                 {{u"questionnaire"_s, submission.questionnaire.isEmpty()
                                                           ? u"is required: one of %1"_s.arg(keys.join(u", "_s))
                                                           : u"must be one of %1"_s.arg(keys.join(u", "_s))}});
    }
    const DefinitionCache::Definition &definition = **found;
    ApiError error;
    if (!definition.definition.validateAnswers(submission.answers, &error))
        return error;
    return std::optional<int>(definition.version);
}

// A record's JSON without the members only the writer knows, encoded here on the
// caller's (HTTP) thread: the single writer thread is the ceiling of intake, so it
// only inserts the id (JsonText::insertMembers) instead of encoding the record.
QByteArray encodedWithoutId(QJsonObject json)
{
    json.remove(u"id"_s);
    return JsonText::compact(json);
}

// Never a reminder after completion: a submission that fulfils its entry (received or
// late) ends the entry's pending reminders in its own transaction. Only scheduled
// questionnaires have an entry, so the others cost nothing here.
void endReminders(SqlSession &s, const QuestionnaireSubmission &submission, const std::optional<EntryMatch> &entry)
{
    if (entry && entry->day && (entry->kind == EntryMatch::Kind::Received || entry->kind == EntryMatch::Kind::Late))
        ReminderStore::cancelEntry(s, submission.subjectId, submission.questionnaire, *entry->day,
                                   QDateTime::currentDateTimeUtc());
}

} // namespace

// The answers (the bulk of a submission) are encoded before queuing, once: stored as
// they are, and spliced into the record's text (QuestionnaireSubmission::toJsonText),
// which is both the audit entry's "after" and the 201's body.
DbFuture<Result<IntakeService::Stored<QuestionnaireSubmission>>>
IntakeService::submitQuestionnaire(const Principal &actor, QuestionnaireSubmission submission, Idempotency idempotency)
{
    using Answer = Result<Stored<QuestionnaireSubmission>>;
    const QByteArray answersText = JsonText::compact(submission.answers);
    DefinitionCache *definitions = &m_definitions;
    return m_db.write<Stored<QuestionnaireSubmission>>(
        [this, actor, submission, idempotency, answersText, definitions](SqlSession &s) mutable -> Answer {
            auto admitted = admit<QuestionnaireSubmission>(s, submission.subjectId, idempotency, kQuestionnaire,
                                                           SubmissionStore::findSubmission);
            if (auto *answer = std::get_if<Answer>(&admitted))
                return *answer;
            const auto &membership = std::get<SubjectStore::Membership>(admitted);
            // After the replay check (a retry of a stored request gets its answer even
            // if a stricter version was published since), before anything is written.
            // The snapshot is the one current when the job runs: a publication in this
            // instance is in it before the publisher got its answer.
            const auto validated = validate(*definitions->current(), membership.projectId, submission);
            if (!validated)
                return validated.error();
            submission.definitionVersion = validated.value();
            submission.projectCode = membership.projectCode;
            // Matched by when the patient filled it in (submitAt), so an app that was
            // offline does not turn an on-time entry late; stored with the row itself.
            const std::optional<EntryMatch> entry =
                m_schedules ? m_schedules->matchSubmission(s, membership, submission.subjectId,
                                                           submission.questionnaire, submission.submitAt)
                            : std::nullopt;
            if (entry) {
                submission.entryDay = entry->day;
                submission.entryState = EntryMatch::kindName(entry->kind);
            }
            submission.id = SubmissionStore::insertSubmission(s, membership.projectId, submission, answersText, entry);
            endReminders(s, submission, entry);
            SubjectStore::touchLastSubmission(s, submission.subjectId, submission.submitAt);
            if (!idempotency.key.isEmpty())
                SubmissionStore::insertKey(s, submission.subjectId, idempotency.key,
                                           {idempotency.requestHash, kQuestionnaire, submission.id});
            QByteArray json = submission.toJsonText(answersText);
            recordCreation(s, actor, u"submission"_s, QString::number(submission.id), json);
            EventStore::append(s, {0,
                                   StudyEvent::SubmissionStored,
                                   membership.projectCode,
                                   membership.site,
                                   QString::number(submission.id),
                                   {}});
            return Stored<QuestionnaireSubmission>{submission, false, std::move(json)};
        });
}

DbFuture<Result<IntakeService::Stored<VitalSign>>> IntakeService::submitVital(const Principal &actor, VitalSign vital,
                                                                              Idempotency idempotency)
{
    using Answer = Result<Stored<VitalSign>>;
    const QByteArray restText = encodedWithoutId(vital.toJson());
    return m_db.write<Stored<VitalSign>>([actor, vital, idempotency, restText](SqlSession &s) mutable -> Answer {
        auto admitted = admit<VitalSign>(s, vital.subjectId, idempotency, kVital, SubmissionStore::findVital);
        if (auto *answer = std::get_if<Answer>(&admitted))
            return *answer;
        const auto &membership = std::get<SubjectStore::Membership>(admitted);
        vital.id = SubmissionStore::insertVital(s, vital);
        if (!idempotency.key.isEmpty())
            SubmissionStore::insertKey(s, vital.subjectId, idempotency.key,
                                       {idempotency.requestHash, kVital, vital.id});
        const QByteArray id = QByteArray::number(vital.id);
        QByteArray json = JsonText::insertMembers(restText, {{"id", id}});
        recordCreation(s, actor, u"vital"_s, QString::fromLatin1(id), json);
        EventStore::append(
            s, {0, StudyEvent::VitalsStored, membership.projectCode, membership.site, QString::fromLatin1(id), {}});
        return Stored<VitalSign>{vital, false, std::move(json)};
    });
}

DbFuture<Result<Page<QuestionnaireSubmission>>> IntakeService::submissions(const SubmissionQuery &query,
                                                                           const QString &projectCode,
                                                                           const PageRequest &page,
                                                                           const QStringList &sites)
{
    using Answer = Result<Page<QuestionnaireSubmission>>;
    return m_db.read<Page<QuestionnaireSubmission>>([query, projectCode, page, sites](SqlSession &s) -> Answer {
        SubmissionStore::SubmissionFilter filter{query, /*projectId*/ 0, sites};
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

DbFuture<Result<Page<VitalSign>>> IntakeService::vitals(const VitalQuery &filter, const PageRequest &page)
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

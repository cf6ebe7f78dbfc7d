#pragma once

#include "Page.h"
#include "Queries.h"
#include "QuestionnaireSubmission.h"
#include "Result.h"
#include "VitalSign.h"
#include "auth/Principal.h"
#include "storage/DbFuture.h"

namespace td {

class DbExecutor;
class ScheduleService;

// What patient apps send. Stores questionnaires and vital signs for subjects of
// active studies, exactly once per Idempotency-Key.
class IntakeService
{
public:
    template<typename T>
    struct Stored {
        T record;
        bool replayed = false; // an earlier request with the same key stored it
        QByteArray json;       // record's JSON text when just stored (else empty)
    };

    // `idempotencyKey` may be empty; `requestHash` identifies the request content.
    struct Idempotency {
        QString key;
        QString requestHash;
    };

    // With `schedules`, each questionnaire submission is matched to the expected entry
    // it fulfils (issue #15) and stored with entry_day/entry_state.
    explicit IntakeService(DbExecutor &db, ScheduleService *schedules = nullptr)
        : m_db(db)
        , m_schedules(schedules)
    {}

    DbFuture<Result<Stored<QuestionnaireSubmission>>>
    submitQuestionnaire(const Principal &actor, QuestionnaireSubmission submission, Idempotency idempotency);
    DbFuture<Result<Stored<VitalSign>>> submitVital(const Principal &actor, VitalSign vital, Idempotency idempotency);

    // 404 when the subject (or project) in the filter does not exist.
    // `sites` not empty (a study's list for a site-restricted member): only subjects
    // enrolled at them.
    DbFuture<Result<Page<QuestionnaireSubmission>>> submissions(const SubmissionQuery &query,
                                                                const QString &projectCode, const PageRequest &page,
                                                                const QStringList &sites = {});
    DbFuture<Result<QuestionnaireSubmission>> submission(qint64 id);
    DbFuture<Result<Page<VitalSign>>> vitals(const VitalQuery &filter, const PageRequest &page);
    DbFuture<Result<VitalSign>> vital(qint64 id);

private:
    DbExecutor &m_db;
    ScheduleService *m_schedules;
};

} // namespace td

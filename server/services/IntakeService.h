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
class DefinitionCache;

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

    IntakeService(DbExecutor &db, DefinitionCache &definitions)
        : m_db(db)
        , m_definitions(definitions)
    {}

    // In a study with published questionnaire definitions the answers must fit the
    // newest published version of the questionnaire named (400 invalid_answers, with
    // a field "answers.<item>" per problem), and a questionnaire must be named and be
    // one of them (400 unknown_questionnaire, field "questionnaire"); the stored
    // submission records the version. A study with no published definition at all
    // (every study before #15) accepts any answers, as before. A refusal stores
    // nothing: no submission, no idempotency key, no audit entry.
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
    DefinitionCache &m_definitions;
};

} // namespace td

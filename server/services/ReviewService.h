#pragma once

#include "QuestionnaireSubmission.h"
#include "Result.h"
#include "ReviewChange.h"
#include "auth/Principal.h"
#include "storage/DbFuture.h"

namespace td {

class DbExecutor;

// Staff review of submissions: mark reviewed, raise and resolve queries, sign.
// A signed submission only changes together with a new signature.
class ReviewService
{
public:
    explicit ReviewService(DbExecutor &db)
        : m_db(db)
    {}

    // A signed submission changes only with `change.signature`, whose password the
    // caller has checked.
    DbFuture<Result<QuestionnaireSubmission>> review(const Principal &actor, qint64 id, ReviewChange change);
    // The caller has checked the signer's password.
    DbFuture<Result<QuestionnaireSubmission>> sign(const Principal &actor, qint64 id, QString meaning);

private:
    DbExecutor &m_db;
};

} // namespace td

#pragma once

#include "QuestionnaireSubmission.h"
#include "Result.h"
#include "auth/Principal.h"

#include "storage/DbFuture.h"

namespace td {

class DbExecutor;

// Staff review of submissions: mark reviewed, raise and resolve queries, sign.
// A signed submission only changes together with a new signature.
class ReviewService
{
public:
    struct Change {
        QString reviewStatus; // empty, "reviewed" or "queried"
        QString queryStatus;  // empty, "answered" or "closed"
        std::optional<QString> comment;
        QString newSignatureMeaning; // required (and the password checked) when already signed
    };

    explicit ReviewService(DbExecutor &db) : m_db(db) {}

    DbFuture<Result<QuestionnaireSubmission>> review(const Principal &actor, qint64 id, Change change);
    // The caller has checked the signer's password.
    DbFuture<Result<QuestionnaireSubmission>> sign(const Principal &actor, qint64 id, QString meaning);

private:
    DbExecutor &m_db;
};

} // namespace td

#pragma once

#include "QuestionnaireVersion.h"
#include "Result.h"
#include "auth/Principal.h"
#include "storage/DbFuture.h"

namespace td {

class DbExecutor;

// A study's questionnaire definitions and their versions (issue #15): the rules
// around them on top of QuestionnaireStore. One draft per questionnaire at a time;
// a published version never changes again (409 version_published); publishing
// needs both languages of every text (400 not_publishable) and an e-signature
// whose password the caller has checked. Every change is audited (entity
// "questionnaire", id "<study>/<key>/<version>").
class QuestionnaireService
{
public:
    explicit QuestionnaireService(DbExecutor &db)
        : m_db(db)
    {}

    DbFuture<Result<QList<QuestionnaireVersion>>> list(const QString &projectCode);
    // Version 1 of a new questionnaire, as a draft; 409 questionnaire_exists.
    DbFuture<Result<QuestionnaireVersion>> create(const Principal &actor, const QString &projectCode,
                                                  QuestionnaireDefinition definition);
    // The newest published version; 404 questionnaire_not_found when none is.
    DbFuture<Result<QuestionnaireVersion>> published(const QString &projectCode, const QString &key);
    DbFuture<Result<QuestionnaireVersion>> version(const QString &projectCode, const QString &key, int version);
    // A new draft, a copy of the newest version; 409 draft_exists.
    DbFuture<Result<QuestionnaireVersion>> newVersion(const Principal &actor, const QString &projectCode,
                                                      const QString &key);
    DbFuture<Result<QuestionnaireVersion>> update(const Principal &actor, const QString &projectCode, int version,
                                                  QuestionnaireDefinition definition);
    DbFuture<Result<Done>> remove(const Principal &actor, const QString &projectCode, const QString &key, int version);
    // The caller has checked the signer's password. The caller refreshes the
    // DefinitionCache once this resolved (after the commit).
    DbFuture<Result<QuestionnaireVersion>> publish(const Principal &actor, const QString &projectCode,
                                                   const QString &key, int version, QString meaning);

private:
    DbExecutor &m_db;
};

} // namespace td

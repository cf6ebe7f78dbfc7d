#pragma once

#include "QuestionnaireVersion.h"

#include <QList>
#include <optional>

namespace td {

class SqlSession;

// SQL for questionnaire_versions: the versions of each study's questionnaire
// definitions. Runs on a database thread, inside the caller's transaction.
namespace QuestionnaireStore {

// Every version of every questionnaire of a study, by key, then version.
QList<QuestionnaireVersion> list(SqlSession &session, qint64 projectId);
std::optional<QuestionnaireVersion> find(SqlSession &session, qint64 projectId, const QString &key, int version);
// The highest-numbered version of `key` (any status, or published only).
std::optional<QuestionnaireVersion> newest(SqlSession &session, qint64 projectId, const QString &key,
                                           bool publishedOnly);
bool hasDraft(SqlSession &session, qint64 projectId, const QString &key);

// Stores a new version (its number, status and texts as given).
void insert(SqlSession &session, qint64 projectId, const QuestionnaireVersion &version);
// Writes everything but the identity (project, key, number) and creation of `version`.
void update(SqlSession &session, qint64 projectId, const QuestionnaireVersion &version);
void remove(SqlSession &session, qint64 projectId, const QString &key, int version);

// The newest published version of every questionnaire of every study, with its
// study's row id: what intake validates against.
struct Published {
    qint64 projectId = 0;
    QuestionnaireVersion version;
};
QList<Published> newestPublished(SqlSession &session);
// Changes whenever a version is published anywhere (published rows are never
// deleted or changed): the number of published rows. Cheap enough to poll.
qint64 publishedRevision(SqlSession &session);

} // namespace QuestionnaireStore
} // namespace td

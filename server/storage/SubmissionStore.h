#pragma once

#include "EntryMatcher.h"
#include "Page.h"
#include "Queries.h"
#include "QuestionnaireSubmission.h"
#include "VitalSign.h"

#include <optional>

namespace td {

class SqlSession;

// SQL for what patient apps send: questionnaire submissions, vital signs, and the
// idempotency keys that make their retries safe.
namespace SubmissionStore {

// What the client asked, narrowed to one study by its row id (which the services
// look up from the study's code) when `subjectId` is empty.
struct SubmissionFilter : SubmissionQuery {
    qint64 projectId = 0;
    QStringList sites; // not empty: only subjects enrolled at these sites
};

using VitalFilter = VitalQuery;

struct IdempotencyRecord {
    QString requestHash;
    QString resourceType; // "questionnaire" or "vital"
    qint64 resourceId = 0;
};

// Returns the new row id. `answersText`, when given, is `s.answers` already encoded;
// `entry`, the expected entry it was matched to (issue #15), if a schedule applies.
qint64 insertSubmission(SqlSession &session, qint64 projectId, const QuestionnaireSubmission &s,
                        const QByteArray &answersText = {}, const std::optional<EntryMatch> &entry = std::nullopt);
std::optional<QuestionnaireSubmission> findSubmission(SqlSession &session, qint64 id);
// Newest submitAt first (ties: newest id); the cursor is (submitAt, id) of the last item.
Page<QuestionnaireSubmission> listSubmissions(SqlSession &session, const SubmissionFilter &filter,
                                              const PageRequest &page);

void updateReview(SqlSession &session, qint64 id, const SubmissionReview &review);
// (subject id, submitAt) of a study's submissions since `since`, for daily statistics.
// `sites`, when not empty: only subjects enrolled at them.
QList<QPair<QString, QDateTime>> submissionTimes(SqlSession &session, qint64 projectId, const QDateTime &since,
                                                 const QStringList &sites = {});

qint64 insertVital(SqlSession &session, const VitalSign &v);
std::optional<VitalSign> findVital(SqlSession &session, qint64 id);
// Oldest first by measuredAt; the cursor is (measuredAt, id) of the last item.
Page<VitalSign> listVitals(SqlSession &session, const VitalFilter &filter, const PageRequest &page);

std::optional<IdempotencyRecord> findKey(SqlSession &session, const QString &subjectId, const QString &key);
void insertKey(SqlSession &session, const QString &subjectId, const QString &key, const IdempotencyRecord &record);

} // namespace SubmissionStore
} // namespace td

#pragma once

#include "Result.h"
#include "StudyEvent.h"
#include "StudyMembership.h"
#include "storage/DbFuture.h"

#include <QDateTime>

namespace td {

class DbExecutor;

// Reading the event outbox (issue #16): GET /api/v1/events and the stream's catch-up.
class EventService
{
public:
    explicit EventService(DbExecutor &db)
        : m_db(db)
    {}

    // Events after `since` that `scope` may see, at most `limit`, in seq order; no
    // items but oldestSeq when events after `since` were pruned.
    DbFuture<Result<EventPage>> after(qint64 since, int limit, const StudyScope &scope);
    DbFuture<Result<qint64>> lastSeq();
    // Retention: one small write deleting at most `batch` events older than `cutoff`
    // (never the newest). Returns how many; a full batch means there may be more.
    DbFuture<Result<int>> prune(const QDateTime &cutoff, int batch);

    // nullopt scope (admin): everything. A member sees its studies; one limited to
    // sites sees those sites' events and the study-wide ones (no site).
    static bool visibleTo(const StudyScope &scope, const StudyEvent &event);

private:
    DbExecutor &m_db;
};

} // namespace td

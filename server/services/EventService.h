#pragma once

#include "Result.h"
#include "StudyEvent.h"
#include "StudyMembership.h"
#include "storage/DbFuture.h"

namespace td {

class DbExecutor;

// Reading the event outbox (issue #16): GET /api/v1/events and the stream's catch-up.
class EventService
{
public:
    explicit EventService(DbExecutor &db)
        : m_db(db)
    {}

    // Events after `since` that `scope` may see, at most `limit`, in seq order.
    DbFuture<Result<EventPage>> after(qint64 since, int limit, const StudyScope &scope);
    DbFuture<Result<qint64>> lastSeq();

    // nullopt scope (admin): everything. A member sees its studies; one limited to
    // sites sees those sites' events and the study-wide ones (no site).
    static bool visibleTo(const StudyScope &scope, const StudyEvent &event);

private:
    DbExecutor &m_db;
};

} // namespace td

#include "EventService.h"

#include "storage/DbExecutor.h"
#include "storage/EventStore.h"

namespace td {

bool EventService::visibleTo(const StudyScope &scope, const StudyEvent &event)
{
    if (!scope)
        return true;
    for (const StudyMembership &m : *scope) {
        if (m.projectCode == event.projectCode)
            return event.site.isEmpty() || m.coversSite(event.site);
    }
    return false;
}

DbFuture<Result<EventPage>> EventService::after(qint64 since, int limit, const StudyScope &scope)
{
    return m_db.read<EventPage>([since, limit, scope](SqlSession &s) -> Result<EventPage> {
        EventPage page =
            EventStore::after(s, since, limit, [&scope](const StudyEvent &e) { return visibleTo(scope, e); });
        // Checked after the read: pruning only removes a prefix, so if nothing after
        // `since` is gone now, nothing was when the rows were read either.
        const qint64 pruned = EventStore::prunedUpTo(s);
        if (pruned > since) {
            page = EventPage{};
            page.oldestSeq = pruned + 1;
        }
        return page;
    });
}

DbFuture<Result<int>> EventService::prune(const QDateTime &cutoff, int batch)
{
    return m_db.write<int>(
        [cutoff, batch](SqlSession &s) -> Result<int> { return EventStore::prune(s, cutoff, batch); });
}

DbFuture<Result<qint64>> EventService::lastSeq()
{
    return m_db.read<qint64>([](SqlSession &s) -> Result<qint64> { return EventStore::lastSeq(s); });
}

} // namespace td

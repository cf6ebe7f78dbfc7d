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
        return EventStore::after(s, since, limit, [&scope](const StudyEvent &e) { return visibleTo(scope, e); });
    });
}

DbFuture<Result<qint64>> EventService::lastSeq()
{
    return m_db.read<qint64>([](SqlSession &s) -> Result<qint64> { return EventStore::lastSeq(s); });
}

} // namespace td

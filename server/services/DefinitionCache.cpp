#include "DefinitionCache.h"

#include "storage/DbExecutor.h"
#include "storage/QuestionnaireStore.h"

#include <QDateTime>

namespace td {

DefinitionCache::DefinitionCache(DbExecutor &db)
    : m_db(db)
    , m_snapshot(std::make_shared<const Snapshot>())
{}

std::shared_ptr<const DefinitionCache::Snapshot> DefinitionCache::current() const
{
    std::lock_guard lock(m_mutex);
    return m_snapshot;
}

Result<bool> DefinitionCache::reload(SqlSession &s)
{
    const std::shared_ptr<const Snapshot> before = current();
    const qint64 revision = QuestionnaireStore::publishedRevision(s);
    if (revision == before->revision)
        return false;
    auto next = std::make_shared<Snapshot>();
    next->revision = revision;
    for (QuestionnaireStore::Published &p : QuestionnaireStore::newestPublished(s)) {
        const QString key = p.version.key();
        next->projects[p.projectId].insert(
            key, std::make_shared<const Definition>(Definition{p.version.version, std::move(p.version.definition)}));
    }
    std::lock_guard lock(m_mutex);
    // Another reload finished meanwhile: keep its snapshot unless this one saw a later
    // revision (published rows only ever grow; a restored database, where the count
    // can drop, is taken when nothing else changed).
    if (m_snapshot != before && revision <= m_snapshot->revision)
        return false;
    m_snapshot = std::move(next);
    return true;
}

DbFuture<Result<bool>> DefinitionCache::refresh()
{
    return m_db.read<bool>([this](SqlSession &s) { return reload(s); });
}

void DefinitionCache::poll()
{
    // One poll at a time: under load the readers may be slow, and stacking polls up
    // would only add work. A poll whose job never ran (no database connection) is
    // given up after a few seconds.
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    qint64 started = m_pollStartedMs.load();
    if (started != 0 && now - started < 5000)
        return;
    if (!m_pollStartedMs.compare_exchange_strong(started, now))
        return;
    auto future = m_db.read<bool>([this](SqlSession &s) {
        struct Done {
            std::atomic<qint64> &started;
            ~Done() { started = 0; }
        } done{m_pollStartedMs};
        return reload(s);
    });
    Q_UNUSED(future); // nobody waits for a poll
}

} // namespace td

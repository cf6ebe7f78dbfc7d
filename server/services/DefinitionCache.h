#pragma once

#include "QuestionnaireDefinition.h"
#include "Result.h"
#include "storage/DbFuture.h"

#include <QHash>
#include <atomic>
#include <memory>
#include <mutex>

namespace td {

class DbExecutor;
class SqlSession;

// The newest published version of every questionnaire of every study, held in
// memory so that intake validates answers inside the single writer job without a
// database query (the writer is the ceiling of intake).
//
// A snapshot is immutable and swapped whole: the writer takes a reference to the
// current one (a pointer copy under a mutex held for nothing else) and keeps using
// it while a newer one replaces it. This instance refreshes at once after it
// publishes (QuestionnaireService); besides, refresh() is polled every 500 ms
// (ServerApp) and reloads when the published revision in the database moved, which
// is how another instance's publication on a shared PostgreSQL database arrives
// here within a second.
class DefinitionCache
{
public:
    struct Definition {
        int version = 0;
        QuestionnaireDefinition definition;
    };
    struct Snapshot {
        qint64 revision = -1; // QuestionnaireStore::publishedRevision() it was loaded at; -1: never loaded
        // project row id -> questionnaire key -> newest published version
        QHash<qint64, QHash<QString, std::shared_ptr<const Definition>>> projects;
    };

    explicit DefinitionCache(DbExecutor &db);

    std::shared_ptr<const Snapshot> current() const;

    // Reloads on a reader thread if the published revision differs from the current
    // snapshot's; resolves (true: reloaded) once the new snapshot is in place.
    DbFuture<Result<bool>> refresh();
    // refresh() without waiting, skipped while an earlier poll is still running.
    void poll();

private:
    Result<bool> reload(SqlSession &session);

    DbExecutor &m_db;
    mutable std::mutex m_mutex;
    std::shared_ptr<const Snapshot> m_snapshot;
    std::atomic<qint64> m_pollStartedMs{0}; // 0: no poll running
};

} // namespace td

#pragma once

#include "Result.h"
#include "storage/DbFuture.h"

#include <QByteArray>

namespace td {

class DbExecutor;

// What GET /healthz and GET /metrics tell of the database, so that the API reports
// it without reaching into the storage itself.
class SystemStatus
{
public:
    // A handle on the database, cheap to copy. Implicit on purpose: like a reference
    // to the executor, which is how ServerApp and the tests hand it to SystemApi.
    SystemStatus(DbExecutor &db) // NOLINT(google-explicit-constructor)
        : m_db(&db)
    {}

    // The schema version, read on a reader connection: an answer proves the database answers.
    DbFuture<Result<int>> schemaVersion() const;
    // The database's counters in the Prometheus text format: group-commit batch sizes,
    // failed jobs, re-run batches and the write queue right now.
    QByteArray metricsText() const;

private:
    DbExecutor *m_db;
};

} // namespace td

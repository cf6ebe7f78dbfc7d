#include "SystemStatus.h"

#include "storage/DbExecutor.h"
#include "storage/DbStats.h"
#include "storage/Migrations.h"

namespace td {

DbFuture<Result<int>> SystemStatus::schemaVersion() const
{
    return m_db->read<int>([](SqlSession &s) -> Result<int> { return Migrations::currentVersion(s); });
}

QByteArray SystemStatus::metricsText() const
{
    QByteArray out;
    const DbStats &db = DbStats::instance();
    out += "# HELP trialdesk_db_commit_batch_size Write jobs committed per group-commit transaction.\n"
           "# TYPE trialdesk_db_commit_batch_size histogram\n";
    quint64 cumulative = 0;
    for (size_t i = 0; i < db.batchBuckets.size(); ++i) {
        cumulative += db.batchBuckets[i].load(std::memory_order_relaxed);
        const QByteArray le =
            i < DbStats::kBatchBounds.size() ? QByteArray::number(DbStats::kBatchBounds[i]) : QByteArray("+Inf");
        out += "trialdesk_db_commit_batch_size_bucket{le=\"" + le + "\"} " + QByteArray::number(cumulative) + '\n';
    }
    out +=
        "trialdesk_db_commit_batch_size_sum " + QByteArray::number(db.batchJobs.load(std::memory_order_relaxed)) + '\n';
    out += "trialdesk_db_commit_batch_size_count " + QByteArray::number(cumulative) + '\n';
    out += "# HELP trialdesk_db_errors_total Database jobs and transactions that failed.\n"
           "# TYPE trialdesk_db_errors_total counter\n"
           "trialdesk_db_errors_total "
           + QByteArray::number(db.errors.load(std::memory_order_relaxed)) + '\n';
    out += "# HELP trialdesk_db_batch_reruns_total Batches rolled back and run again with a savepoint per job "
           "(a job was refused after changing data).\n"
           "# TYPE trialdesk_db_batch_reruns_total counter\n"
           "trialdesk_db_batch_reruns_total "
           + QByteArray::number(db.batchReruns.load(std::memory_order_relaxed)) + '\n';
    out += "# HELP trialdesk_db_queued_writes Write jobs waiting for the database.\n"
           "# TYPE trialdesk_db_queued_writes gauge\n"
           "trialdesk_db_queued_writes "
           + QByteArray::number(m_db->queuedWrites()) + '\n';
    return out;
}

} // namespace td

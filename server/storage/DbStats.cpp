#include "DbStats.h"

namespace td {

void DbStats::recordBatch(qsizetype jobs)
{
    size_t bucket = 0;
    while (bucket < kBatchBounds.size() && jobs > kBatchBounds[bucket])
        ++bucket;
    batchBuckets[bucket].fetch_add(1, std::memory_order_relaxed);
    batches.fetch_add(1, std::memory_order_relaxed);
    batchJobs.fetch_add(quint64(jobs), std::memory_order_relaxed);
}

DbStats &DbStats::instance()
{
    static DbStats stats;
    return stats;
}

} // namespace td

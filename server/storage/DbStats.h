#pragma once

#include <QtGlobal>
#include <array>
#include <atomic>

namespace td {

// Process-wide database counters for GET /metrics. Written by the executor's
// threads with relaxed atomics (no locks); read when metrics are scraped.
struct DbStats {
    // Upper bounds of the group-commit batch size histogram (jobs per transaction).
    static constexpr std::array<int, 10> kBatchBounds{1, 2, 4, 8, 16, 32, 64, 128, 256, 512};

    std::array<std::atomic<quint64>, kBatchBounds.size() + 1> batchBuckets{}; // last: larger
    std::atomic<quint64> batches{0};
    std::atomic<quint64> batchJobs{0};
    std::atomic<quint64> errors{0};      // failed jobs and transactions
    std::atomic<quint64> batchReruns{0}; // batches run again with a savepoint per job

    void recordBatch(qsizetype jobs);
    void recordError() { errors.fetch_add(1, std::memory_order_relaxed); }
    void recordBatchRerun() { batchReruns.fetch_add(1, std::memory_order_relaxed); }

    static DbStats &instance();
};

} // namespace td

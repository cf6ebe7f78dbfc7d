#pragma once

#include <QString>

namespace td {

// An exclusive flock() on `dataDir/trialdesk.lock`, held by a running server for
// its whole life (and by `restore` while it replaces the database). The kernel
// drops it when the process dies, so a crash never leaves a stale lock behind.
class DataDirLock
{
public:
    explicit DataDirLock(QString dataDir);
    ~DataDirLock();
    DataDirLock(const DataDirLock &) = delete;
    DataDirLock &operator=(const DataDirLock &) = delete;

    // False when another process holds it; `error` then says who (its pid).
    bool tryLock(QString *error);
    bool isLocked() const { return m_fd >= 0; }

private:
    QString m_path;
    int m_fd = -1;
};

} // namespace td

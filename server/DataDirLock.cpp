#include "DataDirLock.h"

#include <QDir>
#include <QFileInfo>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace td {

DataDirLock::DataDirLock(QString dataDir)
    : m_path(QDir(dataDir).filePath(u"trialdesk.lock"_s))
{}

DataDirLock::~DataDirLock()
{
    if (m_fd >= 0)
        ::close(m_fd); // releases the lock; the file stays (removing it would race a new locker)
}

bool DataDirLock::tryLock(QString *error)
{
    if (m_fd >= 0)
        return true;
    const QByteArray path = QFile::encodeName(m_path);
    const int fd = ::open(path.constData(), O_RDWR | O_CREAT | O_CLOEXEC, 0640);
    if (fd < 0) {
        *error = u"cannot open %1: %2"_s.arg(m_path, QString::fromLocal8Bit(std::strerror(errno)));
        return false;
    }
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
        char buffer[32] = {};
        const ssize_t n = ::pread(fd, buffer, sizeof buffer - 1, 0);
        const QString holder = n > 0 ? QString::fromLatin1(buffer, n).trimmed() : u"unknown"_s;
        ::close(fd);
        *error = u"a trialdesk-server (pid %1) is using %2"_s.arg(holder, QFileInfo(m_path).absolutePath());
        return false;
    }
    const QByteArray pid = QByteArray::number(::getpid()) + '\n';
    if (::ftruncate(fd, 0) != 0 || ::pwrite(fd, pid.constData(), size_t(pid.size()), 0) != pid.size()) {
        // The pid is only for messages; the lock itself is what matters.
    }
    m_fd = fd;
    return true;
}

} // namespace td

#include "RequestLog.h"

#include "RouteTable.h"

#include <QDateTime>
#include <cstdio>

namespace td {

void RequestLog::record(QHttpServerRequest::Method method, const QString &path, int status, qint64 nanoseconds)
{
    if (!m_enabled)
        return;
    const qint64 nowMs = QDateTime::currentMSecsSinceEpoch();
    QByteArray line = QDateTime::fromMSecsSinceEpoch(nowMs, Qt::UTC).toString(Qt::ISODateWithMs).toLatin1();
    line += ' ' + methodName(method) + ' ' + path.left(200).toUtf8() + ' ' + QByteArray::number(status) + ' '
            + QByteArray::number(double(nanoseconds) / 1e6, 'f', 2) + "ms\n";
    QMutexLocker lock(&m_mutex);
    m_buffer += line;
    if (m_buffer.size() > 32 * 1024 || nowMs - m_lastFlushMs >= 100) {
        std::fwrite(m_buffer.constData(), 1, size_t(m_buffer.size()), stderr);
        std::fflush(stderr);
        m_buffer.clear();
        m_lastFlushMs = nowMs;
    }
}

void RequestLog::flush()
{
    QMutexLocker lock(&m_mutex);
    if (m_buffer.isEmpty())
        return;
    std::fwrite(m_buffer.constData(), 1, size_t(m_buffer.size()), stderr);
    std::fflush(stderr);
    m_buffer.clear();
}

} // namespace td

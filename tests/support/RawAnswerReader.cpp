#include "RawAnswerReader.h"

#include <QTcpSocket>
#include <algorithm>
#include <utility>

namespace td::test {

namespace {

// The length of the first complete answer in `buffer`, or -1 while it is incomplete.
qsizetype completeAnswerLength(const QByteArray &buffer)
{
    const qsizetype headerEnd = buffer.indexOf("\r\n\r\n");
    if (headerEnd < 0)
        return -1;
    static constexpr QByteArrayView kField = "\r\ncontent-length:";
    const QByteArray head = buffer.left(headerEnd).toLower();
    const qsizetype field = head.indexOf(kField);
    qint64 length = 0;
    if (field >= 0) {
        const qsizetype valueStart = field + kField.size();
        const qsizetype eol = head.indexOf("\r\n", valueStart);
        length = head.mid(valueStart, eol < 0 ? -1 : eol - valueStart).trimmed().toLongLong();
    }
    const qsizetype total = headerEnd + 4 + length;
    return buffer.size() >= total ? total : -1;
}

} // namespace

QByteArray RawAnswerReader::next(const QDeadlineTimer &deadline)
{
    for (;;) {
        m_buffer += m_socket.readAll();
        if (const qsizetype length = completeAnswerLength(m_buffer); length >= 0) {
            const QByteArray answer = m_buffer.left(length);
            m_buffer.remove(0, length);
            return answer;
        }
        if (deadline.hasExpired()
            || (m_socket.state() != QAbstractSocket::ConnectedState && m_socket.bytesAvailable() == 0))
            return std::exchange(m_buffer, {});
        m_socket.waitForReadyRead(int(std::clamp<qint64>(deadline.remainingTime(), 1, 100)));
    }
}

int statusOf(const QByteArray &answer)
{
    return answer.startsWith("HTTP/1.1 ") ? answer.mid(9, 3).toInt() : 0;
}

QByteArray bodyOf(const QByteArray &answer)
{
    const qsizetype headerEnd = answer.indexOf("\r\n\r\n");
    return headerEnd < 0 ? QByteArray() : answer.mid(headerEnd + 4);
}

} // namespace td::test

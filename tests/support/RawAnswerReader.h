#pragma once

#include <QByteArray>
#include <QDeadlineTimer>

class QTcpSocket;

namespace td::test {

// Reads HTTP/1.1 answers off a raw socket, for tests that write requests byte by
// byte. Bytes past the end of one answer stay buffered, so the answers to
// pipelined requests come apart.
class RawAnswerReader
{
public:
    explicit RawAnswerReader(QTcpSocket &socket)
        : m_socket(socket)
    {}

    // The next answer: status line, headers and a Content-Length body. If the
    // deadline passes or the peer closes first, what arrived of it, maybe nothing.
    QByteArray next(const QDeadlineTimer &deadline);
    QByteArray next(int timeoutMs) { return next(QDeadlineTimer(timeoutMs)); }

private:
    QTcpSocket &m_socket;
    QByteArray m_buffer;
};

// The status code of a raw answer, 0 if it has no HTTP/1.1 status line.
int statusOf(const QByteArray &answer);
// What follows the headers of a raw answer.
QByteArray bodyOf(const QByteArray &answer);

} // namespace td::test

#pragma once

#include <QHostAddress>
#include <QString>

namespace td {

// Checks that nobody listens on address:port (0: finds a free port) and returns
// the port, or 0 with `error` set. Call before openListenSocket().
quint16 reserveFreePort(const QHostAddress &address, quint16 port, QString *error);
// A listening TCP socket with SO_REUSEPORT, so that several HTTP threads can each
// accept on the same address and port and the kernel spreads connections between
// them. Returns the descriptor, or -1 with `error` set.
int openListenSocket(const QHostAddress &address, quint16 port, QString *error);
quint16 localPort(int fd);

} // namespace td

#pragma once

#include <QHostAddress>
#include <QString>

namespace td {

// A listening TCP socket with SO_REUSEPORT, so that several HTTP threads can each
// accept on the same address and port and the kernel spreads connections between
// them. Returns the descriptor, or -1 with `error` set. `port` 0 picks a free port;
// pass the port of the first socket to the next ones.
int openListenSocket(const QHostAddress &address, quint16 port, QString *error);
quint16 localPort(int fd);

} // namespace td

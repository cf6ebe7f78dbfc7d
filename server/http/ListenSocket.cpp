#include "ListenSocket.h"

#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace td {

namespace {

// Binds (and with `listen`, listens) a new socket; -1 with `error` on failure.
int bindSocket(const QHostAddress &address, quint16 port, bool reusePort, bool listen, QString *error)
{
    const bool v6 = address.protocol() == QAbstractSocket::IPv6Protocol;
    const int fd = ::socket(v6 ? AF_INET6 : AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0) {
        *error = QString::fromLocal8Bit(std::strerror(errno));
        return -1;
    }
    const int one = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (reusePort)
        ::setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof one);
    sockaddr_storage storage{};
    socklen_t length = 0;
    if (v6) {
        auto *a = reinterpret_cast<sockaddr_in6 *>(&storage);
        a->sin6_family = AF_INET6;
        a->sin6_port = htons(port);
        const Q_IPV6ADDR ip = address.toIPv6Address();
        std::memcpy(&a->sin6_addr, &ip, sizeof ip);
        length = sizeof *a;
    } else {
        auto *a = reinterpret_cast<sockaddr_in *>(&storage);
        a->sin_family = AF_INET;
        a->sin_port = htons(port);
        a->sin_addr.s_addr = htonl(address.toIPv4Address());
        length = sizeof *a;
    }
    if (::bind(fd, reinterpret_cast<sockaddr *>(&storage), length) < 0 || (listen && ::listen(fd, 4096) < 0)) {
        *error = QString::fromLocal8Bit(std::strerror(errno));
        ::close(fd);
        return -1;
    }
    return fd;
}

} // namespace

quint16 reserveFreePort(const QHostAddress &address, quint16 port, QString *error)
{
    // SO_REUSEPORT would let us share a port with another server run by the same
    // user (and bind(0) may even pick such a port), splitting its traffic with
    // ours. A plain bind first proves the port is free and, for port 0, picks one.
    const int probe = bindSocket(address, port, false, false, error);
    if (probe < 0)
        return 0;
    const quint16 chosen = localPort(probe);
    ::close(probe);
    return chosen;
}

int openListenSocket(const QHostAddress &address, quint16 port, QString *error)
{
    return bindSocket(address, port, true, true, error);
}

quint16 localPort(int fd)
{
    sockaddr_storage storage{};
    socklen_t length = sizeof storage;
    if (::getsockname(fd, reinterpret_cast<sockaddr *>(&storage), &length) < 0)
        return 0;
    if (storage.ss_family == AF_INET6)
        return ntohs(reinterpret_cast<sockaddr_in6 *>(&storage)->sin6_port);
    return ntohs(reinterpret_cast<sockaddr_in *>(&storage)->sin_port);
}

} // namespace td

#pragma once

#include <QString>

namespace td {

// Readiness and shutdown notices for systemd's Type=notify services
// (sd_notify). Without NOTIFY_SOCKET, i.e. outside such a service, they do nothing.
namespace SystemdNotify {
void ready(const QString &status);
void stopping();
} // namespace SystemdNotify

} // namespace td

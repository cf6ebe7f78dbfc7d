#include "SystemdNotify.h"

#include <systemd/sd-daemon.h>

namespace td::SystemdNotify {

void ready(const QString &status)
{
    const QByteArray message = "READY=1\nSTATUS=" + status.toUtf8();
    sd_notify(0, message.constData());
}

void stopping()
{
    sd_notify(0, "STOPPING=1\nSTATUS=shutting down");
}

} // namespace td::SystemdNotify

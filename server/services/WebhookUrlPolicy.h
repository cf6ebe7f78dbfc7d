#pragma once

#include <QHostAddress>
#include <QList>
#include <QString>
#include <QStringList>
#include <QUrl>

namespace td {

// Where webhooks may point (issue #16, docs/webhooks.md "URL rules"): https, or http to
// a loopback address; a host that is or resolves to a loopback, private, link-local or
// otherwise non-public address is refused unless it is one of the allowed hosts
// (--webhook-allow-hosts), so a webhook cannot reach into the hospital's network.
// Checked when a webhook is saved and again before every send, against the addresses
// the send then connects to (DNS rebinding).
class WebhookUrlPolicy
{
public:
    explicit WebhookUrlPolicy(QStringList allowedHosts = {});

    // Why `url` is refused before resolving it (scheme, form, a literal address); empty: fine so far.
    QString refusalOfForm(const QUrl &url) const;
    // Why the addresses `host` resolved to are refused; empty: fine. No addresses is refused.
    QString refusalOfAddresses(const QString &host, const QList<QHostAddress> &addresses) const;
    // Both, resolving the host (blocking: call off the HTTP threads).
    QString refusal(const QUrl &url) const;

    bool isAllowedHost(const QString &host) const;
    // Loopback, private (RFC 1918, unique local), link-local, carrier-grade NAT,
    // unspecified, multicast or broadcast: anything not on the public internet.
    static bool isNonPublic(const QHostAddress &address);

private:
    QStringList m_allowedHosts; // lower case
};

} // namespace td

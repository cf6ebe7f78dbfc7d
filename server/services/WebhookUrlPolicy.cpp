#include "WebhookUrlPolicy.h"

#include "Webhook.h"

#include <QHostInfo>

using namespace Qt::StringLiterals;

namespace td {

WebhookUrlPolicy::WebhookUrlPolicy(QStringList allowedHosts)
{
    for (const QString &h : allowedHosts) {
        const QString host = h.trimmed().toLower();
        if (!host.isEmpty())
            m_allowedHosts << host;
    }
}

bool WebhookUrlPolicy::isAllowedHost(const QString &host) const
{
    return m_allowedHosts.contains(host.toLower());
}

bool WebhookUrlPolicy::isNonPublic(const QHostAddress &input)
{
    QHostAddress address = input;
    bool mapped = false;
    const quint32 v4 = input.toIPv4Address(&mapped); // also IPv4-mapped IPv6 (::ffff:a.b.c.d)
    if (mapped)
        address = QHostAddress(v4);
    if (address.isNull() || address.isLoopback() || address.isLinkLocal() || address.isMulticast()
        || address.isBroadcast() || address.isUniqueLocalUnicast() || address.isSiteLocal()
        || address == QHostAddress::AnyIPv4 || address == QHostAddress::AnyIPv6)
        return true;
    static const QList<QPair<QHostAddress, int>> ranges = {
        QHostAddress::parseSubnet(u"0.0.0.0/8"_s),      QHostAddress::parseSubnet(u"10.0.0.0/8"_s),
        QHostAddress::parseSubnet(u"100.64.0.0/10"_s),  QHostAddress::parseSubnet(u"172.16.0.0/12"_s),
        QHostAddress::parseSubnet(u"192.168.0.0/16"_s), QHostAddress::parseSubnet(u"192.0.0.0/24"_s),
        QHostAddress::parseSubnet(u"198.18.0.0/15"_s),  QHostAddress::parseSubnet(u"240.0.0.0/4"_s),
        QHostAddress::parseSubnet(u"64:ff9b::/96"_s),   QHostAddress::parseSubnet(u"fc00::/7"_s),
    };
    for (const auto &range : ranges) {
        if (address.isInSubnet(range))
            return true;
    }
    return false;
}

QString WebhookUrlPolicy::refusalOfForm(const QUrl &url) const
{
    if (!url.isValid() || url.host().isEmpty() || url.isRelative())
        return u"must be an absolute https URL"_s;
    if (url.toString().size() > Webhook::kMaxUrlLength)
        return u"must be at most %1 characters"_s.arg(Webhook::kMaxUrlLength);
    if (!url.userInfo().isEmpty())
        return u"must not carry a user name or password"_s;
    if (url.hasFragment())
        return u"must not have a fragment"_s;
    const QString scheme = url.scheme().toLower();
    if (scheme != u"https"_s && scheme != u"http"_s)
        return u"must be https (or http to an allowed loopback host)"_s;
    const QString host = url.host().toLower();
    QHostAddress literal;
    const bool isLiteral = literal.setAddress(host);
    if (scheme == u"http"_s) {
        const bool loopback = (isLiteral && literal.isLoopback()) || host == u"localhost"_s;
        if (!loopback || !isAllowedHost(host))
            return u"http is allowed only to a loopback host listed in --webhook-allow-hosts; use https"_s;
        return {};
    }
    if (isLiteral && isNonPublic(literal) && !isAllowedHost(host))
        return u"must not point to a loopback, private or link-local address"_s;
    return {};
}

QString WebhookUrlPolicy::refusalOfAddresses(const QString &host, const QList<QHostAddress> &addresses) const
{
    if (addresses.isEmpty())
        return u"the host does not resolve"_s;
    if (isAllowedHost(host))
        return {};
    for (const QHostAddress &a : addresses) {
        if (isNonPublic(a))
            return u"the host resolves to a loopback, private or link-local address"_s;
    }
    return {};
}

QString WebhookUrlPolicy::refusal(const QUrl &url) const
{
    QString why = refusalOfForm(url);
    if (!why.isEmpty())
        return why;
    const QHostInfo info = QHostInfo::fromName(url.host());
    return refusalOfAddresses(url.host(),
                              info.error() == QHostInfo::NoError ? info.addresses() : QList<QHostAddress>());
}

} // namespace td

#include "RouteTable.h"

#include <QHash>

using namespace Qt::StringLiterals;

namespace td {

QByteArray methodName(QHttpServerRequest::Method method)
{
    switch (method) {
    case QHttpServerRequest::Method::Get:
        return "GET";
    case QHttpServerRequest::Method::Put:
        return "PUT";
    case QHttpServerRequest::Method::Delete:
        return "DELETE";
    case QHttpServerRequest::Method::Post:
        return "POST";
    case QHttpServerRequest::Method::Head:
        return "HEAD";
    case QHttpServerRequest::Method::Options:
        return "OPTIONS";
    case QHttpServerRequest::Method::Patch:
        return "PATCH";
    case QHttpServerRequest::Method::Connect:
        return "CONNECT";
    case QHttpServerRequest::Method::Trace:
        return "TRACE";
    default:
        return "UNKNOWN";
    }
}

RouteTable::RouteTable(std::vector<Route> routes)
    : m_routes(std::move(routes))
{
    for (Route &route : m_routes) {
        route.roles = route.permission ? rolesWith(*route.permission) : kPublic;
        Compiled c;
        int placeholders = 0;
        QString previous;
        for (const QString &segment : route.path.split(u'/', Qt::SkipEmptyParts)) {
            const bool placeholder = segment.startsWith(u'{');
            if (segment == u"{subjectId}"_s)
                c.subjectArg = placeholders;
            if (placeholder && route.scope == ScopeTarget::None) {
                static const QHash<QString, ScopeTarget> targets = {
                    {u"projects"_s, ScopeTarget::Study},         {u"subjects"_s, ScopeTarget::Subject},
                    {u"submissions"_s, ScopeTarget::Submission}, {u"vitals"_s, ScopeTarget::Vital},
                    {u"webhooks"_s, ScopeTarget::Webhook},       {u"deliveries"_s, ScopeTarget::Delivery}};
                route.scope = targets.value(previous, ScopeTarget::None);
                if (route.scope != ScopeTarget::None)
                    route.scopeArg = placeholders;
            }
            previous = segment;
            placeholders += placeholder ? 1 : 0;
            c.segments << (placeholder ? QString() : segment);
        }
        m_compiled.push_back(std::move(c));
    }
}

QStringList RouteTable::pathSegments(const QUrl &url)
{
    QStringList segments;
    const QString encoded = url.path(QUrl::FullyEncoded);
    for (const QStringView segment : QStringView(encoded).split(u'/', Qt::SkipEmptyParts))
        segments << QUrl::fromPercentEncoding(segment.toUtf8());
    return segments;
}

qint64 RouteTable::bodyLimit(QByteArrayView requestLine) const
{
    static const QHash<QByteArray, QHttpServerRequest::Method> methods = {
        {"POST", QHttpServerRequest::Method::Post},
        {"PUT", QHttpServerRequest::Method::Put},
        {"PATCH", QHttpServerRequest::Method::Patch},
        {"DELETE", QHttpServerRequest::Method::Delete}};
    const QList<QByteArray> parts = requestLine.toByteArray().split(' ');
    const auto method = methods.constFind(parts.value(0));
    if (parts.size() < 2 || method == methods.cend())
        return kMaxBodyBytes;
    const Match found = match(*method, pathSegments(QUrl::fromEncoded(parts.at(1))));
    return found.route ? found.route->maxBodyBytes : kMaxBodyBytes;
}

qint64 RouteTable::largestBodyLimit() const
{
    qint64 largest = kMaxBodyBytes;
    for (const Route &route : m_routes)
        largest = std::max(largest, route.maxBodyBytes);
    return largest;
}

RouteTable::Match RouteTable::match(QHttpServerRequest::Method method, const QStringList &segments) const
{
    Match result;
    for (size_t i = 0; i < m_routes.size(); ++i) {
        const QStringList &pattern = m_compiled[i].segments;
        if (pattern.size() != segments.size())
            continue;
        QStringList args;
        bool matched = true;
        for (qsizetype s = 0; s < pattern.size() && matched; ++s) {
            if (pattern[s].isEmpty())
                args << segments[s];
            else
                matched = pattern[s] == segments[s];
        }
        if (!matched)
            continue;
        if (m_routes[i].method == method) {
            result.route = &m_routes[i];
            result.args = std::move(args);
            result.subjectArg = m_compiled[i].subjectArg;
            return result;
        }
        result.allowedMethods << m_routes[i].method;
    }
    return result;
}

} // namespace td

#include "RouteTable.h"

using namespace Qt::StringLiterals;

namespace td {

QByteArray methodName(QHttpServerRequest::Method method)
{
    switch (method) {
    case QHttpServerRequest::Method::Get: return "GET";
    case QHttpServerRequest::Method::Put: return "PUT";
    case QHttpServerRequest::Method::Delete: return "DELETE";
    case QHttpServerRequest::Method::Post: return "POST";
    case QHttpServerRequest::Method::Head: return "HEAD";
    case QHttpServerRequest::Method::Options: return "OPTIONS";
    case QHttpServerRequest::Method::Patch: return "PATCH";
    case QHttpServerRequest::Method::Connect: return "CONNECT";
    case QHttpServerRequest::Method::Trace: return "TRACE";
    default: return "UNKNOWN";
    }
}

RouteTable::RouteTable(std::vector<Route> routes)
    : m_routes(std::move(routes))
{
    for (const Route &route : m_routes) {
        Compiled c;
        for (const QString &segment : route.path.split(u'/', Qt::SkipEmptyParts))
            c.segments << (segment.startsWith(u'{') ? QString() : segment);
        m_compiled.push_back(std::move(c));
    }
}

RouteTable::Match RouteTable::match(QHttpServerRequest::Method method, QStringView path) const
{
    const auto segments = path.split(u'/', Qt::SkipEmptyParts);
    Match result;
    for (size_t i = 0; i < m_routes.size(); ++i) {
        const QStringList &pattern = m_compiled[i].segments;
        if (pattern.size() != segments.size())
            continue;
        QStringList args;
        bool matched = true;
        for (qsizetype s = 0; s < pattern.size() && matched; ++s) {
            if (pattern[s].isEmpty())
                args << segments[s].toString();
            else
                matched = pattern[s] == segments[s];
        }
        if (!matched)
            continue;
        if (m_routes[i].method == method) {
            result.route = &m_routes[i];
            result.args = std::move(args);
            return result;
        }
        result.allowedMethods << m_routes[i].method;
    }
    return result;
}

} // namespace td

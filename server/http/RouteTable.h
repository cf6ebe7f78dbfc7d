#pragma once

#include "HttpRequest.h"
#include "HttpResponse.h"
#include "JsonInput.h"
#include "Permissions.h"
#include "auth/ObjectScope.h"

#include <QCoroTask>
#include <QUrl>
#include <functional>
#include <optional>
#include <vector>

namespace td {

// Who may call a route: a set of td::Role bits. An empty set means the route is
// public (no credentials needed). Which roles hold a permission is not decided here
// but in the model (shared/Permissions.h), for the server and the desktop alike.
using Roles = RoleSet;
inline constexpr Roles kPublic = 0;

using Handler = std::function<QCoro::Task<HttpResponse>(HttpRequest)>;

// Which rate limits apply to a route (see RateLimiter and the --*-rate options).
enum class RateClass { None, Login, Submission };

// Everything known about one endpoint: dispatch uses method, path and handler;
// the OpenAPI document is generated from the same entries, so it cannot drift.
struct Route {
    QHttpServerRequest::Method method;
    QString path; // "/api/v1/projects/{code}": {name} matches one path segment
    // camelCase, unique, and stable: client generators name their methods after it,
    // so renaming one breaks generated clients.
    QString operationId;
    Handler handler;
    std::optional<Permission> permission; // none: public
    QString summary;
    QString tag;
    QStringList queryParameters; // documented query parameters
    QString requestSchema;       // component schema of the JSON body, empty if none
    QString responseSchema;      // component schema of a success answer; empty: no body (204)
    int successStatus = 200;
    RateClass rateClass = RateClass::None;
    // The largest body accepted; ConnectionGuard refuses more (413) before reading it.
    qint64 maxBodyBytes = kMaxBodyBytes;
    // rolesWith(*permission), or kPublic: filled in by RouteTable, not declared.
    Roles roles = kPublic;
    // The study object the path names, for the study/site scope check, and the index in
    // the path arguments of its identifier: filled in by RouteTable from the path (the
    // placeholder after "projects", "subjects", "submissions" or "vitals"), not declared.
    ScopeTarget scope = ScopeTarget::None;
    int scopeArg = -1;

    bool hasBody() const { return !requestSchema.isEmpty(); }
};

class RouteTable
{
public:
    struct Match {
        const Route *route = nullptr;
        QStringList args;
        int subjectArg = -1;                              // index in args of {subjectId}, if the path has one
        QList<QHttpServerRequest::Method> allowedMethods; // path matched, method did not
    };

    explicit RouteTable(std::vector<Route> routes);

    // `segments`: the path split at '/' first and percent-decoded after, so an
    // encoded slash (%2F) stays inside its segment.
    Match match(QHttpServerRequest::Method method, const QStringList &segments) const;
    static QStringList pathSegments(const QUrl &url);
    // The body limit for a request line ("POST /path?query HTTP/1.1"): its route's
    // maxBodyBytes, or kMaxBodyBytes when it names no route. Any thread.
    qint64 bodyLimit(QByteArrayView requestLine) const;
    // The largest maxBodyBytes of any route.
    qint64 largestBodyLimit() const;
    const std::vector<Route> &routes() const { return m_routes; }

private:
    struct Compiled {
        QStringList segments; // literal segment, or empty for a placeholder
        int subjectArg = -1;
    };
    std::vector<Route> m_routes;
    std::vector<Compiled> m_compiled;
};

QByteArray methodName(QHttpServerRequest::Method method);

} // namespace td

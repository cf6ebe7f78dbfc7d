#include "HttpFrontend.h"

#include "JsonInput.h"
#include "RateLimiter.h"
#include "RequestLog.h"
#include "auth/AuthService.h"
#include "auth/NotFound.h"

#include <QDateTime>
#include <QHttpServerResponder>
#include <QMetaMethod>
#include <QPointer>
#include <QTcpSocket>

using namespace Qt::StringLiterals;

namespace td {

namespace {

bool isJsonContentType(const QByteArray &value)
{
    const QByteArray type = value.split(';').first().trimmed().toLower();
    return type == "application/json";
}

HttpResponse tooManyRequests(int waitSeconds)
{
    HttpResponse r = HttpResponse::error({ApiError::Kind::TooManyRequests,
                                          u"rate_limited"_s,
                                          u"Too many requests: retry in %1 s."_s.arg(waitSeconds),
                                          {}});
    r.headers.clear();
    return r.withHeader("Retry-After", QByteArray::number(waitSeconds));
}

HttpResponse methodNotAllowed(const QList<QHttpServerRequest::Method> &allowed)
{
    QByteArrayList names;
    for (auto m : allowed) {
        if (!names.contains(methodName(m)))
            names << methodName(m);
    }
    HttpResponse r = HttpResponse::error({ApiError::Kind::MethodNotAllowed,
                                          u"method_not_allowed"_s,
                                          u"This resource does not support that method."_s,
                                          {}});
    return r.withHeader("Allow", names.join(", "));
}

// Checks that need no handler: route exists, body size and media type.
std::optional<HttpResponse> precheck(const RouteTable::Match &match, const QHttpServerRequest &request)
{
    if (!match.route) {
        if (!match.allowedMethods.isEmpty())
            return methodNotAllowed(match.allowedMethods);
        return HttpResponse::error(ApiError::notFound(u"not_found"_s, u"No such resource."_s));
    }
    if (!match.route->hasBody())
        return std::nullopt;
    if (request.body().size() > match.route->maxBodyBytes)
        return HttpResponse::error({ApiError::Kind::PayloadTooLarge,
                                    u"payload_too_large"_s,
                                    u"The request body is larger than %1 bytes."_s.arg(match.route->maxBodyBytes),
                                    {}});
    if (!isJsonContentType(request.value("Content-Type")))
        return HttpResponse::error({ApiError::Kind::UnsupportedMedia,
                                    u"unsupported_media_type"_s,
                                    u"Send the body as Content-Type: application/json."_s,
                                    {}});
    return std::nullopt;
}

} // namespace

HttpFrontend::HttpFrontend(const RouteTable &routes, AuthService &auth, RequestLimits limits, RequestLog &log,
                           std::atomic<int> &inFlight, QObject *parent)
    : QAbstractHttpServer(parent)
    , m_routes(routes)
    , m_auth(auth)
    , m_limits(limits)
    , m_log(log)
    , m_inFlight(inFlight)
{}

bool HttpFrontend::handleRequest(const QHttpServerRequest &request, QTcpSocket *socket)
{
    // QtHttpServer 6.4 hands a WebSocket upgrade to its QWebSocketServer only if this
    // returns true, and must find the socket untouched: no answer here. Whoever takes
    // the WebSockets (EventStream) checks the path and closes what it does not serve.
    static const QMetaMethod webSocketSignal = QMetaMethod::fromSignal(&QAbstractHttpServer::newWebSocketConnection);
    if (request.value("upgrade").compare("websocket", Qt::CaseInsensitive) == 0 && isSignalConnected(webSocketSignal))
        return true;
    QElapsedTimer timer;
    timer.start();
    const quint64 sequence = sequenceFor(socket);
    const QUrl url = request.url();
    HttpRequest req;
    req.method = request.method();
    req.path = url.path(QUrl::FullyDecoded);
    const RouteTable::Match match = m_routes.match(req.method, RouteTable::pathSegments(url));
    if (auto early = precheck(match, request)) {
        deliver(socket, sequence,
                Answer{makeResponder(request, socket), *early, req.method, req.path, timer, match.route});
        return true;
    }
    req.query = QUrlQuery(url);
    req.body = request.body();
    req.headers = request.headers();
    req.pathArgs = match.args;
    req.remoteAddress = request.remoteAddress();
    ++m_inFlight;
    serve(match.route, match.subjectArg, std::move(req), makeResponder(request, socket), timer, socket, sequence);
    return true;
}

void HttpFrontend::missingHandler(const QHttpServerRequest &request, QTcpSocket *socket)
{
    // handleRequest() accepts everything; kept for completeness.
    QElapsedTimer timer;
    timer.start();
    deliver(socket, sequenceFor(socket),
            Answer{makeResponder(request, socket),
                   HttpResponse::error(ApiError::notFound(u"not_found"_s, u"No such resource."_s)), request.method(),
                   request.url().path(), timer, nullptr});
}

quint64 HttpFrontend::sequenceFor(QTcpSocket *socket)
{
    auto it = m_connections.find(socket);
    if (it == m_connections.end()) {
        it = m_connections.emplace(socket, Connection{}).first;
        // Not the socket's own destroyed(): ConnectionGuard::reject() calls
        // socket->disconnect(), which cut that signal off, left the entry behind and
        // handed its numbering to the next socket allocated at the same address, whose
        // answers then waited forever for one never written. A child object is deleted
        // with the socket whatever was disconnected.
        auto *tracker = new QObject(socket);
        connect(tracker, &QObject::destroyed, this, [this, socket] {
            m_connections.erase(socket);
            if (m_metrics)
                m_metrics->connectionTracked(-1);
        });
        if (m_metrics)
            m_metrics->connectionTracked(+1);
    }
    return it->second.nextSequence++;
}

QCoro::Task<std::optional<HttpResponse>> HttpFrontend::authorize(const Route *route, int subjectArg,
                                                                 HttpRequest &request)
{
    const qint64 nowMs = QDateTime::currentMSecsSinceEpoch();
    const QString address = request.remoteAddress.toString();
    if (route->rateClass == RateClass::Login) {
        if (const int wait = m_limits.loginPerAddress.acquire(address, nowMs))
            co_return tooManyRequests(wait);
    }
    if (!route->permission)
        co_return std::nullopt;
    const QString argument = route->scopeArg >= 0 ? request.pathArgs.at(route->scopeArg) : QString();
    auto authentication = m_auth.authenticate(request.header("Authorization"), route->scope, argument);
    Result<Principal> who = co_await authentication;
    if (!who)
        co_return HttpResponse::error(who.error()).withHeader("WWW-Authenticate", "Bearer");
    Principal principal = who.value();
    // A member reaches only its studies (and, for subjects and what they sent, its
    // sites), in its role there. Anything else answers as if it did not exist: a 403
    // would tell that it does. Read per request, so changes apply at once everywhere.
    if (principal.isScoped() && route->scope != ScopeTarget::None) {
        const std::optional<ObjectLocation> &where = principal.target;
        const StudyMembership *membership = where ? principal.membershipIn(where->projectCode) : nullptr;
        const bool reached = membership && (isStudyLevel(route->scope) || membership->coversSite(where->site));
        if (!reached)
            co_return HttpResponse::error(notFoundFor(route->scope, argument));
        principal.role = membership->studyRole;
    }
    const bool roleAllowed = isAllowed(principal.role, *route->permission);
    // A subject token only ever reaches its own subject's data.
    const bool ownSubject =
        !principal.isSubject() || subjectArg < 0 || request.pathArgs.at(subjectArg) == principal.name;
    if (!roleAllowed || !ownSubject)
        co_return HttpResponse::error({ApiError::Kind::Forbidden, u"forbidden"_s, u"Your role may not do this."_s, {}});
    if (route->rateClass == RateClass::Submission) {
        int wait = m_limits.submissionsPerAddress.acquire(address, nowMs);
        if (wait == 0)
            wait = m_limits.submissionsPerToken.acquire(principal.tokenHash, nowMs);
        if (wait > 0)
            co_return tooManyRequests(wait);
    }
    request.principal = std::move(principal);
    co_return std::nullopt;
}

QCoro::Task<> HttpFrontend::serve(const Route *route, int subjectArg, HttpRequest request,
                                  QHttpServerResponder responder, QElapsedTimer timer, QTcpSocket *socket,
                                  quint64 sequence)
{
    // QtHttpServer 6.4 deletes the socket when the client disconnects; the responder
    // must not be used then.
    QPointer<QTcpSocket> alive = socket;
    HttpResponse response;
    try {
        auto authorization = authorize(route, subjectArg, request);
        std::optional<HttpResponse> refused = co_await authorization;
        if (refused) {
            response = std::move(*refused);
        } else {
            QCoro::Task<HttpResponse> task = route->handler(request);
            response = co_await task;
        }
    } catch (const std::exception &e) {
        qCritical("handler for %s %s failed: %s", methodName(request.method).constData(), qUtf8Printable(request.path),
                  e.what());
        response = HttpResponse::error(ApiError::internal());
    }
    if (alive)
        deliver(socket, sequence,
                Answer{std::move(responder), std::move(response), request.method, request.path, timer, route});
    --m_inFlight;
}

void HttpFrontend::deliver(QTcpSocket *socket, quint64 sequence, Answer answer)
{
    auto it = m_connections.find(socket);
    if (it == m_connections.end())
        return;
    Connection &c = it->second;
    if (sequence != c.nextToWrite) {
        c.ready.emplace(sequence, std::move(answer));
        return;
    }
    write(answer);
    ++c.nextToWrite;
    for (auto next = c.ready.find(c.nextToWrite); next != c.ready.end(); next = c.ready.find(c.nextToWrite)) {
        write(next->second);
        c.ready.erase(next);
        ++c.nextToWrite;
    }
}

void HttpFrontend::write(Answer &answer)
{
    using Status = QHttpServerResponder::StatusCode;
    QHttpServerResponder &responder = answer.responder;
    const HttpResponse &response = answer.response;
    responder.writeStatusLine(Status(response.status));
    // JSON unless the handler names its own type (GET /metrics answers text).
    if (response.headers.isEmpty() || response.headers.constFirst().first != "Content-Type")
        responder.writeHeader("Content-Type", "application/json");
    responder.writeHeader("Content-Length", QByteArray::number(response.body.size()));
    for (const auto &[name, value] : response.headers)
        responder.writeHeader(name, value);
    responder.writeBody(response.body);
    const qint64 nanoseconds = answer.timer.nsecsElapsed();
    if (m_metrics)
        m_metrics->record(answer.route, response.status, nanoseconds);
    m_log.record(answer.method, answer.path, response.status, nanoseconds);
}

} // namespace td

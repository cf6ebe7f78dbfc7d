#include "HttpFrontend.h"

#include "JsonInput.h"
#include "RequestLog.h"

#include <QHttpServerResponder>
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

HttpResponse methodNotAllowed(const QList<QHttpServerRequest::Method> &allowed)
{
    QByteArrayList names;
    for (auto m : allowed)
        names << methodName(m);
    HttpResponse r = HttpResponse::error({ApiError::Kind::MethodNotAllowed, u"method_not_allowed"_s,
                                          u"This resource does not support that method."_s, {}});
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
    if (request.body().size() > kMaxBodyBytes)
        return HttpResponse::error({ApiError::Kind::PayloadTooLarge, u"payload_too_large"_s,
                                    u"The request body is larger than %1 bytes."_s.arg(kMaxBodyBytes), {}});
    if (!isJsonContentType(request.value("Content-Type")))
        return HttpResponse::error({ApiError::Kind::UnsupportedMedia, u"unsupported_media_type"_s,
                                    u"Send the body as Content-Type: application/json."_s, {}});
    return std::nullopt;
}

} // namespace

HttpFrontend::HttpFrontend(const RouteTable &routes, RequestLog &log, std::atomic<int> &inFlight, QObject *parent)
    : QAbstractHttpServer(parent)
    , m_routes(routes)
    , m_log(log)
    , m_inFlight(inFlight)
{
}

bool HttpFrontend::handleRequest(const QHttpServerRequest &request, QTcpSocket *socket)
{
    QElapsedTimer timer;
    timer.start();
    const QUrl url = request.url();
    HttpRequest req;
    req.method = request.method();
    req.path = url.path(QUrl::FullyDecoded);
    const RouteTable::Match match = m_routes.match(req.method, req.path);
    if (auto early = precheck(match, request)) {
        QHttpServerResponder responder = makeResponder(request, socket);
        finish(responder, *early, req, timer);
        return true;
    }
    req.query = QUrlQuery(url);
    req.body = request.body();
    req.headers = request.headers();
    req.pathArgs = match.args;
    req.remoteAddress = request.remoteAddress();
    ++m_inFlight;
    serve(match.route, std::move(req), makeResponder(request, socket), timer);
    return true;
}

void HttpFrontend::missingHandler(const QHttpServerRequest &request, QTcpSocket *socket)
{
    // handleRequest() accepts everything; kept for completeness.
    QHttpServerResponder responder = makeResponder(request, socket);
    QElapsedTimer timer;
    timer.start();
    finish(responder, HttpResponse::error(ApiError::notFound(u"not_found"_s, u"No such resource."_s)), {}, timer);
}

QCoro::Task<> HttpFrontend::serve(const Route *route, HttpRequest request, QHttpServerResponder responder,
                                  QElapsedTimer timer)
{
    // QtHttpServer 6.4 deletes the socket when the client disconnects; the responder
    // must not be used then.
    QPointer<QTcpSocket> socket = responder.socket();
    HttpResponse response;
    try {
        QCoro::Task<HttpResponse> task = route->handler(request);
        response = co_await task;
    } catch (const std::exception &e) {
        qCritical("handler for %s %s failed: %s", methodName(request.method).constData(),
                  qUtf8Printable(request.path), e.what());
        response = HttpResponse::error(ApiError::internal());
    }
    if (socket)
        finish(responder, response, request, timer);
    --m_inFlight;
}

void HttpFrontend::finish(QHttpServerResponder &responder, const HttpResponse &response, const HttpRequest &request,
                          const QElapsedTimer &timer)
{
    using Status = QHttpServerResponder::StatusCode;
    responder.writeStatusLine(Status(response.status));
    responder.writeHeader("Content-Type", "application/json");
    responder.writeHeader("Content-Length", QByteArray::number(response.body.size()));
    for (const auto &[name, value] : response.headers)
        responder.writeHeader(name, value);
    responder.writeBody(response.body);
    m_log.record(request.method, request.path, response.status, timer.nsecsElapsed());
}

} // namespace td

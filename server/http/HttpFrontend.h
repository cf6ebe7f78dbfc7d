#pragma once

#include "ConnectionGuard.h"
#include "RequestMetrics.h"
#include "RouteTable.h"

#include <QAbstractHttpServer>
#include <QCoroTask>
#include <QElapsedTimer>
#include <QHttpServerResponder>
#include <atomic>
#include <map>
#include <unordered_map>

namespace td {

class AuthService;
class RateLimiter;
class RequestLog;

// The abuse limits a frontend applies (shared by all frontends of a process).
struct RequestLimits {
    RateLimiter &loginPerAddress;
    RateLimiter &submissionsPerAddress;
    RateLimiter &submissionsPerToken;
};

// One per HTTP thread: takes parsed requests from QtHttpServer, dispatches them
// through the route table and writes the handler's answer. Handlers run as
// coroutines, so a request waiting for the database never blocks this thread.
class HttpFrontend : public QAbstractHttpServer
{
    Q_OBJECT
public:
    HttpFrontend(const RouteTable &routes, AuthService &auth, RequestLimits limits, RequestLog &log,
                 std::atomic<int> &inFlight, QObject *parent = nullptr);

    // Counts every answer into `shard` (owned by the server; this thread's alone).
    void setMetrics(RequestMetrics::Shard *shard) { m_metrics = shard; }

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override;

private:
    // Answers must leave in request order even when a later request on the same
    // connection (HTTP/1.1 pipelining) finishes first; QtHttpServer 6.4 does not
    // keep that order for asynchronous handlers, so each connection's answers are
    // numbered and held back until their predecessors are written.
    struct Answer {
        QHttpServerResponder responder;
        HttpResponse response;
        QHttpServerRequest::Method method;
        QString path;
        QElapsedTimer timer;
        const Route *route; // null when no route matched
    };
    struct Connection {
        quint64 nextSequence = 0;
        quint64 nextToWrite = 0;
        std::map<quint64, Answer> ready;
    };

    QCoro::Task<> serve(const Route *route, int subjectArg, HttpRequest request, QHttpServerResponder responder,
                        QElapsedTimer timer, QTcpSocket *socket, quint64 sequence);
    // Checks the bearer token against the route's roles; fills request.principal.
    QCoro::Task<std::optional<HttpResponse>> authorize(const Route *route, int subjectArg, HttpRequest &request);
    quint64 sequenceFor(QTcpSocket *socket);
    void deliver(QTcpSocket *socket, quint64 sequence, Answer answer);
    void write(Answer &answer);

    std::unordered_map<QTcpSocket *, Connection> m_connections;

    const RouteTable &m_routes;
    AuthService &m_auth;
    RequestLimits m_limits;
    RequestLog &m_log;
    std::atomic<int> &m_inFlight;
    RequestMetrics::Shard *m_metrics = nullptr;
};

} // namespace td

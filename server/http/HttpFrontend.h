#pragma once

#include "ConnectionGuard.h"
#include "RouteTable.h"

#include <QAbstractHttpServer>
#include <QCoroTask>
#include <QElapsedTimer>

#include <atomic>

namespace td {

class RequestLog;

// One per HTTP thread: takes parsed requests from QtHttpServer, dispatches them
// through the route table and writes the handler's answer. Handlers run as
// coroutines, so a request waiting for the database never blocks this thread.
class HttpFrontend : public QAbstractHttpServer
{
    Q_OBJECT
public:
    HttpFrontend(const RouteTable &routes, RequestLog &log, std::atomic<int> &inFlight,
                 QObject *parent = nullptr);

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override;

private:
    QCoro::Task<> serve(const Route *route, HttpRequest request, QHttpServerResponder responder,
                        QElapsedTimer timer);
    void finish(QHttpServerResponder &responder, const HttpResponse &response, const HttpRequest &request,
                const QElapsedTimer &timer);

    const RouteTable &m_routes;
    RequestLog &m_log;
    std::atomic<int> &m_inFlight;
};

} // namespace td

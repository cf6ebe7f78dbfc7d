#pragma once

#include "http/HttpRequest.h"
#include "http/HttpResponse.h"

#include <QCoroTask>

namespace td {

class EventService;

// GET /api/v1/events (issue #16, docs/events.md). The push channel is EventStream.
class EventsApi
{
public:
    explicit EventsApi(EventService &events, int heartbeatSeconds = 15)
        : m_events(events)
        , m_heartbeatSeconds(heartbeatSeconds)
    {}

    // ?since=SEQ (default 0) &limit=1..1000 (default 200) ->
    // {"items":[event...],"lastSeq","more"}, only events the caller may see.
    QCoro::Task<HttpResponse> list(HttpRequest request);
    // GET /api/v1/events/stream without a WebSocket upgrade (with one, EventStream
    // takes the connection before routing): {"protocol":"websocket","lastSeq",
    // "heartbeatSeconds"}, so a client learns where the outbox stands and that it
    // should upgrade.
    QCoro::Task<HttpResponse> stream(HttpRequest request);

private:
    EventService &m_events;
    int m_heartbeatSeconds;
};

} // namespace td

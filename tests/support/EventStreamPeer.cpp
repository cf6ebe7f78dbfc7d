#include "EventStreamPeer.h"

#include <QDateTime>
#include <QHostAddress>
#include <QJsonDocument>
#include <QWebSocket>
#include <QWebSocketServer>

using namespace Qt::StringLiterals;

namespace td::test {

EventStreamPeer::EventStreamPeer(QObject *parent)
    : QObject(parent)
    , m_server(new QWebSocketServer(u"EventStreamPeer"_s, QWebSocketServer::NonSecureMode, this))
{
    connect(m_server, &QWebSocketServer::newConnection, this, &EventStreamPeer::onNewConnection);
}

EventStreamPeer::~EventStreamPeer()
{
    if (m_client)
        m_client->abort();
}

bool EventStreamPeer::listen()
{
    return m_server->listen(QHostAddress::LocalHost, 0);
}

QUrl EventStreamPeer::baseUrl() const
{
    return QUrl(u"http://127.0.0.1:%1"_s.arg(m_server->serverPort()));
}

void EventStreamPeer::setAutoWelcome(bool on, qint64 lastSeq, int heartbeatSeconds)
{
    m_autoWelcome = on;
    m_welcomeSeq = lastSeq;
    m_heartbeatSeconds = heartbeatSeconds;
}

bool EventStreamPeer::hasClient() const
{
    return m_client && m_client->state() == QAbstractSocket::ConnectedState;
}

void EventStreamPeer::onNewConnection()
{
    while (QWebSocket *socket = m_server->nextPendingConnection()) {
        if (m_client) {
            m_client->abort();
            m_client->deleteLater();
        }
        m_client = socket;
        socket->setParent(this);
        ++m_connections;
        m_requestPath = socket->requestUrl().path();
        connect(socket, &QWebSocket::textMessageReceived, this, [this, socket](const QString &text) {
            const QJsonObject message = QJsonDocument::fromJson(text.toUtf8()).object();
            if (message.value(u"type"_s).toString() != u"hello"_s)
                return;
            m_hellos.append(message);
            if (m_autoWelcome && socket == m_client)
                sendWelcome(m_welcomeSeq, m_heartbeatSeconds);
            Q_EMIT helloReceived(message);
        });
        connect(socket, &QWebSocket::disconnected, this, &EventStreamPeer::clientDisconnected);
    }
}

void EventStreamPeer::sendText(const QString &text)
{
    if (m_client)
        m_client->sendTextMessage(text);
}

void EventStreamPeer::sendWelcome(qint64 lastSeq, int heartbeatSeconds)
{
    const QJsonObject welcome{
        {u"type"_s, u"welcome"_s}, {u"lastSeq"_s, lastSeq}, {u"heartbeatSeconds"_s, heartbeatSeconds}};
    sendText(QString::fromUtf8(QJsonDocument(welcome).toJson(QJsonDocument::Compact)));
}

void EventStreamPeer::sendEvent(qint64 seq, const QString &eventType, const QString &project, const QString &entityId,
                                const QString &site)
{
    const QJsonObject event{{u"type"_s, u"event"_s},
                            {u"seq"_s, seq},
                            {u"eventType"_s, eventType},
                            {u"project"_s, project},
                            {u"site"_s, site.isEmpty() ? QJsonValue() : QJsonValue(site)},
                            {u"entityId"_s, entityId},
                            {u"at"_s, QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs)}};
    sendText(QString::fromUtf8(QJsonDocument(event).toJson(QJsonDocument::Compact)));
}

void EventStreamPeer::sendHeartbeat(qint64 lastSeq)
{
    const QJsonObject heartbeat{{u"type"_s, u"heartbeat"_s},
                                {u"lastSeq"_s, lastSeq},
                                {u"at"_s, QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs)}};
    sendText(QString::fromUtf8(QJsonDocument(heartbeat).toJson(QJsonDocument::Compact)));
}

void EventStreamPeer::closeWith(quint16 code, const QString &reason)
{
    if (m_client)
        m_client->close(QWebSocketProtocol::CloseCode(code), reason);
}

void EventStreamPeer::drop()
{
    if (m_client)
        m_client->abort();
}

} // namespace td::test

#pragma once

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QNetworkAccessManager>
#include <QPair>
#include <QUrl>
#include <optional>

namespace td::test {

struct HttpReply {
    int status = 0; // 0: no HTTP answer (connection failed)
    QByteArray body;
    QList<QPair<QByteArray, QByteArray>> headers;

    QJsonObject json() const;
    QJsonArray jsonArray() const;
    QByteArray header(const QByteArray &name) const;
};

using Headers = QList<QPair<QByteArray, QByteArray>>;

// Blocking HTTP for tests, through QNetworkAccessManager (so keep-alive and
// HTTP framing are a real client's).
class HttpClient
{
public:
    // The bearer token every client sends to the server on `port` unless it has
    // one of its own (TestServer::start() sets its admin's token).
    static void setDefaultToken(quint16 port, const QString &token);
    // Requests to `proxyPort` go through TestServer's contract proxy in front of the
    // server on `serverPort` (0: forget the proxy).
    static void setContractUpstream(quint16 proxyPort, quint16 serverPort);
    // This client's own token; an empty string sends no Authorization header.
    void setToken(const QString &token) { m_token = token; }

    HttpReply get(const QUrl &url, const Headers &headers = {});
    HttpReply post(const QUrl &url, const QByteArray &body, const Headers &headers = {},
                   const QByteArray &contentType = "application/json");
    HttpReply patch(const QUrl &url, const QByteArray &body, const Headers &headers = {},
                    const QByteArray &contentType = "application/json");
    HttpReply send(const QByteArray &method, const QUrl &url, const QByteArray &body = {}, const Headers &headers = {},
                   const QByteArray &contentType = {});

private:
    HttpReply sendOnce(const QByteArray &method, const QUrl &url, const QByteArray &body, const Headers &headers,
                       const QByteArray &contentType);
    static void checkContract(const QByteArray &method, const QUrl &url, const HttpReply &reply);

    QNetworkAccessManager m_manager;
    std::optional<QString> m_token;
};

// Sends `request` bytes as they are over a fresh TCP connection and returns
// whatever the server answered before closing or `timeoutMs` passing. For what a
// well-behaved client library refuses to send.
QByteArray rawExchange(quint16 port, const QByteArray &request, int timeoutMs = 5000);

} // namespace td::test

#include "HttpClient.h"

#include <QBuffer>
#include <QDeadlineTimer>
#include <QEventLoop>
#include <QHash>
#include <QJsonDocument>
#include <QNetworkReply>
#include <QTcpSocket>
#include <QTimer>

namespace td::test {

QJsonObject HttpReply::json() const
{
    return QJsonDocument::fromJson(body).object();
}

QJsonArray HttpReply::jsonArray() const
{
    return QJsonDocument::fromJson(body).array();
}

QByteArray HttpReply::header(const QByteArray &name) const
{
    for (const auto &[key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

namespace {
QHash<int, QString> g_defaultTokens; // by port: tests may run several servers at once
}

void HttpClient::setDefaultToken(quint16 port, const QString &token)
{
    g_defaultTokens.insert(port, token);
}

HttpReply HttpClient::get(const QUrl &url, const Headers &headers)
{
    return send("GET", url, {}, headers);
}

HttpReply HttpClient::post(const QUrl &url, const QByteArray &body, const Headers &headers,
                           const QByteArray &contentType)
{
    return send("POST", url, body, headers, contentType);
}

HttpReply HttpClient::patch(const QUrl &url, const QByteArray &body, const Headers &headers,
                            const QByteArray &contentType)
{
    return send("PATCH", url, body, headers, contentType);
}

HttpReply HttpClient::send(const QByteArray &method, const QUrl &url, const QByteArray &body, const Headers &headers,
                           const QByteArray &contentType)
{
    QNetworkRequest request(url);
    request.setTransferTimeout(30'000);
    if (!contentType.isEmpty())
        request.setHeader(QNetworkRequest::ContentTypeHeader, contentType);
    const QString token = m_token.value_or(g_defaultTokens.value(url.port()));
    if (!token.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + token.toLatin1());
    for (const auto &[name, value] : headers)
        request.setRawHeader(name, value); // an explicit Authorization header wins
    QBuffer buffer;
    buffer.setData(body);
    buffer.open(QIODevice::ReadOnly);
    QNetworkReply *reply = m_manager.sendCustomRequest(request, method, &buffer);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    HttpReply result;
    result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    result.body = reply->readAll();
    for (const auto &pair : reply->rawHeaderPairs())
        result.headers.append(pair);
    reply->deleteLater();
    return result;
}

QByteArray rawExchange(quint16 port, const QByteArray &request, int timeoutMs)
{
    QTcpSocket socket;
    socket.connectToHost(QStringLiteral("127.0.0.1"), port);
    if (!socket.waitForConnected(timeoutMs))
        return {};
    socket.write(request);
    socket.waitForBytesWritten(timeoutMs);
    QByteArray answer;
    QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired() && socket.state() == QAbstractSocket::ConnectedState) {
        if (socket.waitForReadyRead(int(std::max<qint64>(1, deadline.remainingTime()))))
            answer += socket.readAll();
        // A complete answer with a body length we can check ends the wait early.
        const qsizetype headerEnd = answer.indexOf("\r\n\r\n");
        if (headerEnd >= 0) {
            const QByteArray head = answer.left(headerEnd).toLower();
            const qsizetype cl = head.indexOf("content-length:");
            if (cl >= 0) {
                const qsizetype eol = head.indexOf("\r\n", cl);
                const qint64 length = head.mid(cl + 15, eol < 0 ? -1 : eol - cl - 15).trimmed().toLongLong();
                if (answer.size() >= headerEnd + 4 + length)
                    break;
            }
        }
    }
    answer += socket.readAll();
    return answer;
}

} // namespace td::test

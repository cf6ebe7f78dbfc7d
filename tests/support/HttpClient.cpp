#include "HttpClient.h"

#include <QBuffer>
#include <QDeadlineTimer>
#include <QEventLoop>
#include <QHash>
#include <QJsonDocument>
#include <QNetworkReply>
#include <QTcpSocket>
#include <QTest>
#include <QTimer>

using namespace Qt::StringLiterals;

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
QHash<int, int> g_contractUpstreams; // contract proxy port -> its server's port

// An answer Prism made itself, for a request it did not pass on: its validation
// errors (problem+json), and the 400 its HTTP layer gives a body that is not JSON
// (`"error"` an object; the server's own errors have a string there).
bool isPrismRefusal(const HttpReply &reply)
{
    const QJsonObject body = QJsonDocument::fromJson(reply.body).object();
    if (reply.header("Content-Type").startsWith("application/problem+json"))
        return body.value(u"type"_s).toString().contains(u"/prism/errors#"_s);
    return reply.status == 400 && body.value(u"error"_s)[u"code"_s].toString() == u"invalid_json"_s;
}
} // namespace

void HttpClient::setContractUpstream(quint16 proxyPort, quint16 serverPort)
{
    if (serverPort)
        g_contractUpstreams.insert(proxyPort, serverPort);
    else
        g_contractUpstreams.remove(proxyPort);
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
    HttpReply reply = sendOnce(method, url, body, headers, contentType);
    if (!g_contractUpstreams.contains(url.port()))
        return reply;
    if (isPrismRefusal(reply) && reply.header("sl-violations").isEmpty()) {
        // Prism refused the request itself (not the answer) and did not pass it on:
        // the tests send invalid requests on purpose, to see the server refuse them.
        // The server must then refuse it too; its own answer is what the test checks.
        QUrl direct = url;
        direct.setPort(g_contractUpstreams.value(url.port()));
        const HttpReply refusal = reply;
        reply = sendOnce(method, direct, body, headers, contentType);
        if (reply.status < 400 || reply.status >= 500) {
            const QByteArray message = "OpenAPI contract: the document refuses " + method + ' ' + url.path().toUtf8()
                                       + " but the server answered HTTP " + QByteArray::number(reply.status)
                                       + "; Prism said: " + refusal.body.left(1500);
            qWarning("%s", message.constData());
            if (!QTest::currentTestFailed())
                QTest::qFail(message.constData(), __FILE__, __LINE__);
        }
        return reply;
    }
    checkContract(method, url, reply);
    return reply;
}

HttpReply HttpClient::sendOnce(const QByteArray &method, const QUrl &url, const QByteArray &body,
                               const Headers &headers, const QByteArray &contentType)
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

void HttpClient::checkContract(const QByteArray &method, const QUrl &url, const HttpReply &reply)
{
    // Prism (TestServer's contract proxy) names every way an answer departs from
    // the OpenAPI document in this header, also when it still passes the answer on;
    // its other errors (no such path, upstream unreachable) are problem+json.
    // Either fails the test.
    const QByteArray violations = reply.header("sl-violations");
    const bool prismRefused = reply.header("Content-Type").startsWith("application/problem+json");
    if (violations.isEmpty() && !prismRefused)
        return;
    const QByteArray message = "OpenAPI contract violated by " + method + ' ' + url.path().toUtf8() + " -> HTTP "
                               + QByteArray::number(reply.status) + ": "
                               + (violations.isEmpty() ? reply.body.left(1000) : violations.left(2000));
    qWarning("%s", message.constData());
    if (!QTest::currentTestFailed())
        QTest::qFail(message.constData(), __FILE__, __LINE__);
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

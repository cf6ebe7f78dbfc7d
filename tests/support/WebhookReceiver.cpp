#include "WebhookReceiver.h"

#include <QMessageAuthenticationCode>
#include <QTcpSocket>

using namespace Qt::StringLiterals;

namespace td::test {

WebhookReceiver::WebhookReceiver(QObject *parent)
    : QObject(parent)
{
    connect(&m_server, &QTcpServer::newConnection, this, [this] {
        while (QTcpSocket *socket = m_server.nextPendingConnection()) {
            connect(socket, &QTcpSocket::readyRead, this, [this, socket] { readFrom(socket); });
            connect(socket, &QTcpSocket::disconnected, this, [this, socket] {
                m_buffers.remove(socket);
                socket->deleteLater();
            });
        }
    });
}

WebhookReceiver::~WebhookReceiver()
{
    // The sockets are the server's children and outlive m_buffers: they must not call back.
    for (QTcpSocket *socket : m_server.findChildren<QTcpSocket *>())
        socket->disconnect(this);
}

bool WebhookReceiver::listen()
{
    return m_server.listen(QHostAddress::LocalHost, 0);
}

QUrl WebhookReceiver::url(const QString &path) const
{
    return QUrl(u"http://127.0.0.1:%1%2"_s.arg(port()).arg(path));
}

bool WebhookReceiver::verify(const QByteArray &secret, const QByteArray &signatureHeader, const QByteArray &body)
{
    QByteArray t, v1;
    for (const QByteArray &part : signatureHeader.split(',')) {
        if (part.startsWith("t="))
            t = part.mid(2);
        else if (part.startsWith("v1="))
            v1 = part.mid(3);
    }
    if (t.isEmpty() || v1.size() != 64)
        return false;
    const QByteArray expected =
        QMessageAuthenticationCode::hash(t + '.' + body, secret, QCryptographicHash::Sha256).toHex();
    // Constant time: a receiver must not tell an attacker how much of a guess was right.
    unsigned char diff = 0;
    for (int i = 0; i < 64; ++i)
        diff |= static_cast<unsigned char>(expected.at(i) ^ v1.at(i));
    return diff == 0;
}

void WebhookReceiver::readFrom(QTcpSocket *socket)
{
    QByteArray &buffer = m_buffers[socket];
    buffer += socket->readAll();
    for (;;) {
        const qsizetype headerEnd = buffer.indexOf("\r\n\r\n");
        if (headerEnd < 0)
            return;
        const QList<QByteArray> lines = buffer.left(headerEnd).split('\n');
        Request request;
        const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
        request.path = requestLine.value(1);
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const qsizetype colon = lines[i].indexOf(':');
            if (colon > 0)
                request.headers.insert(lines[i].left(colon).trimmed().toLower(), lines[i].mid(colon + 1).trimmed());
        }
        const qsizetype length = request.headers.value("content-length", "0").toLongLong();
        if (buffer.size() < headerEnd + 4 + length)
            return;
        request.body = buffer.mid(headerEnd + 4, length);
        buffer.remove(0, headerEnd + 4 + length);
        request.signatureValid = verify(m_secret, request.headers.value("trialdesk-signature"), request.body);

        int status = 200;
        if (m_alwaysStatus != 0)
            status = m_alwaysStatus;
        else if (m_failuresLeft > 0) {
            --m_failuresLeft;
            status = m_failStatus;
        }
        if (status >= 200 && status < 300)
            ++m_accepted[request.headers.value("trialdesk-event-id")];
        m_requests.append(request);
        socket->write("HTTP/1.1 " + QByteArray::number(status) + " X\r\nContent-Length: 0\r\n\r\n");
        Q_EMIT requestReceived();
    }
}

} // namespace td::test

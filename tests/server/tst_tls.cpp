// HTTPS (docs/security.md, "Abuse limits and transport": --tls-cert/--tls-key serve
// HTTPS only, TLS 1.2 or later). A self-signed certificate is made with openssl at
// test time; a client trusting exactly that certificate gets /healthz and signs in
// over https, a client that does not trust it is refused, plain HTTP on the same
// port gets no HTTP answer, and connections that send nothing (before or after the
// TLS handshake) are closed within --header-timeout.

#include "HttpClient.h"
#include "SecurityTestKit.h"
#include "TestServer.h"

#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QStandardPaths>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <memory>

using namespace Qt::StringLiterals;
using namespace td::test::security;
using td::test::HttpReply;

namespace {

constexpr int kHeaderTimeoutSeconds = 2;

struct HttpsReply {
    HttpReply http;
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
    QList<QSslError> sslErrors;
    QSsl::SslProtocol protocol = QSsl::UnknownProtocol;
    QSslCertificate peer;
};

// Waits up to `timeoutMs` for the server to close `socket`; returns the elapsed
// milliseconds, or -1 if it stayed open.
qint64 msUntilClosed(QAbstractSocket &socket, int timeoutMs, QByteArray *received = nullptr)
{
    QElapsedTimer timer;
    timer.start();
    QDeadlineTimer deadline(timeoutMs);
    while (socket.state() != QAbstractSocket::UnconnectedState && !deadline.hasExpired()) {
        socket.waitForReadyRead(int(std::max<qint64>(1, std::min<qint64>(100, deadline.remainingTime()))));
        const QByteArray data = socket.readAll();
        if (received)
            *received += data;
    }
    return socket.state() == QAbstractSocket::UnconnectedState ? timer.elapsed() : -1;
}

} // namespace

class TestTls : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void healthzOverHttps();
    void untrustedCertificateIsRefusedByTheClient();
    void signInOverHttps();
    void plainHttpGetsNoHttpAnswer();
    void silentClientIsClosedWithinHeaderTimeout();
    void silentClientAfterHandshakeIsClosed();
    void unfinishedHandshakeIsClosed();
    void tlsBelowVersion12IsRefused_data();
    void tlsBelowVersion12IsRefused();
    void serverStillServesAfterwards();

private:
    HttpsReply request(const QByteArray &method, const QString &path, const QByteArray &body = {},
                       const QString &token = {}, bool trust = true);
    QUrl httpsUrl(const QString &path) const { return QUrl(u"https://localhost:%1%2"_s.arg(m_port).arg(path)); }

    QTemporaryDir m_dir;
    QString m_certFile;
    QString m_keyFile;
    QSslCertificate m_certificate;
    std::unique_ptr<QProcess> m_server;
    QByteArray m_log;
    quint16 m_port = 0;
};

void TestTls::initTestCase()
{
    QVERIFY(m_dir.isValid());
    const QString openssl = QStandardPaths::findExecutable(u"openssl"_s);
    QVERIFY2(!openssl.isEmpty(), "openssl is needed to make the test certificate and is not on PATH");
    m_certFile = m_dir.filePath(u"cert.pem"_s);
    m_keyFile = m_dir.filePath(u"key.pem"_s);
    QProcess req;
    req.setProcessChannelMode(QProcess::MergedChannels);
    req.start(openssl, {u"req"_s, u"-x509"_s, u"-newkey"_s, u"rsa:2048"_s, u"-nodes"_s, u"-keyout"_s, m_keyFile,
                        u"-out"_s, m_certFile, u"-days"_s, u"1"_s, u"-subj"_s, u"/CN=localhost"_s});
    QVERIFY2(req.waitForFinished(60000), "openssl req did not finish");
    QVERIFY2(req.exitStatus() == QProcess::NormalExit && req.exitCode() == 0, req.readAll().constData());
    const QList<QSslCertificate> chain = QSslCertificate::fromPath(m_certFile, QSsl::Pem);
    QCOMPARE(chain.size(), 1);
    m_certificate = chain.first();

    // The first account, then the server on HTTPS only.
    const QString dataDir = m_dir.filePath(u"data"_s);
    QProcess add;
    add.setProcessChannelMode(QProcess::MergedChannels);
    add.start(td::test::serverBinary(), {u"--data-dir"_s, dataDir, u"users"_s, u"add"_s, u"admin"_s, u"--role"_s,
                                         u"admin"_s, u"--password-stdin"_s});
    QVERIFY(add.waitForStarted(10000));
    add.write(password().toUtf8() + '\n');
    add.closeWriteChannel();
    QVERIFY(add.waitForFinished(60000));
    QVERIFY2(add.exitCode() == 0, add.readAll().constData());

    m_server = std::make_unique<QProcess>();
    m_server->setProcessChannelMode(QProcess::MergedChannels);
    m_server->start(td::test::serverBinary(),
                    {u"--listen"_s, u"127.0.0.1"_s, u"--port"_s, u"0"_s, u"--data-dir"_s, dataDir, u"--tls-cert"_s,
                     m_certFile, u"--tls-key"_s, m_keyFile, u"--header-timeout"_s,
                     QString::number(kHeaderTimeoutSeconds), u"--no-request-log"_s});
    QVERIFY(m_server->waitForStarted(10000));
    static const QRegularExpression listening(u"listening on (https?)://127\\.0\\.0\\.1:(\\d+)"_s);
    QDeadlineTimer deadline(30000);
    while (m_port == 0 && !deadline.hasExpired() && m_server->state() == QProcess::Running) {
        m_server->waitForReadyRead(100);
        m_log += m_server->readAll();
        const auto match = listening.match(QString::fromUtf8(m_log));
        if (match.hasMatch()) {
            QCOMPARE(match.captured(1), u"https"_s);
            m_port = quint16(match.captured(2).toUInt());
        }
    }
    QVERIFY2(m_port != 0, m_log.constData());
}

void TestTls::cleanupTestCase()
{
    if (m_server && m_server->state() != QProcess::NotRunning) {
        m_server->terminate();
        if (!m_server->waitForFinished(20000))
            m_server->kill();
        m_server->waitForFinished(5000);
    }
}

HttpsReply TestTls::request(const QByteArray &method, const QString &path, const QByteArray &body, const QString &token,
                            bool trust)
{
    QNetworkRequest request(httpsUrl(path));
    request.setTransferTimeout(20000);
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    if (trust)
        tls.setCaCertificates({m_certificate}); // exactly this certificate, nothing else
    request.setSslConfiguration(tls);
    if (!body.isEmpty())
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));
    if (!token.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + token.toLatin1());
    // A manager per request: no connection (and no TLS session) is reused between trust settings.
    QNetworkAccessManager manager;
    QNetworkReply *reply = manager.sendCustomRequest(request, method, body);
    HttpsReply result;
    QObject::connect(reply, &QNetworkReply::sslErrors, reply,
                     [&result](const QList<QSslError> &errors) { result.sslErrors += errors; });
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    result.error = reply->error();
    result.http.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    result.http.body = reply->readAll();
    for (const auto &pair : reply->rawHeaderPairs())
        result.http.headers.append(pair);
    result.protocol = reply->sslConfiguration().sessionProtocol();
    result.peer = reply->sslConfiguration().peerCertificate();
    delete reply;
    return result;
}

void TestTls::healthzOverHttps()
{
    const HttpsReply reply = request("GET", u"/healthz"_s);
    QVERIFY2(reply.error == QNetworkReply::NoError, describe(reply.http).constData());
    QVERIFY2(reply.http.status == 200, describe(reply.http).constData());
    QCOMPARE(reply.http.json().value(u"status"_s).toString(), u"ok"_s);
    QVERIFY(reply.sslErrors.isEmpty());
    QCOMPARE(reply.peer, m_certificate);
    QVERIFY2(reply.protocol == QSsl::TlsV1_2 || reply.protocol == QSsl::TlsV1_3,
             QByteArray::number(int(reply.protocol)).constData());
}

void TestTls::untrustedCertificateIsRefusedByTheClient()
{
    // Without trusting the self-signed certificate the handshake fails: the server
    // really presents it (and nothing a public CA signed).
    const HttpsReply reply = request("GET", u"/healthz"_s, {}, {}, false);
    QCOMPARE(reply.http.status, 0);
    QCOMPARE(reply.error, QNetworkReply::SslHandshakeFailedError);
    QVERIFY(!reply.sslErrors.isEmpty());
    bool selfSigned = false;
    for (const QSslError &e : reply.sslErrors) {
        selfSigned = selfSigned || e.error() == QSslError::SelfSignedCertificate
                     || e.error() == QSslError::SelfSignedCertificateInChain;
    }
    QVERIFY(selfSigned);
}

void TestTls::signInOverHttps()
{
    const HttpsReply signedIn =
        request("POST", u"/api/v1/auth/login"_s, jsonBytes({{u"username"_s, u"admin"_s}, {u"password"_s, password()}}));
    QVERIFY2(signedIn.http.status == 200, describe(signedIn.http).constData());
    const QString token = tokenOf(signedIn.http);
    QVERIFY(!token.isEmpty());
    const HttpsReply me = request("GET", u"/api/v1/auth/me"_s, {}, token);
    QVERIFY2(me.http.status == 200, describe(me.http).constData());
    QCOMPARE(me.http.json().value(u"username"_s).toString(), u"admin"_s);
    const HttpsReply anonymous = request("GET", u"/api/v1/projects"_s);
    QCOMPARE(anonymous.http.status, 401);
    const HttpsReply wrong = request("POST", u"/api/v1/auth/login"_s,
                                     jsonBytes({{u"username"_s, u"admin"_s}, {u"password"_s, u"wrong-password"_s}}));
    QCOMPARE(wrong.http.status, 401);
}

void TestTls::plainHttpGetsNoHttpAnswer()
{
    QElapsedTimer timer;
    timer.start();
    const QByteArray answer =
        td::test::rawExchange(m_port, "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", 6000);
    QVERIFY2(!answer.contains("HTTP/1.1 200") && !answer.contains("\"status\""), answer.constData());
    QVERIFY2(!answer.startsWith("HTTP/"), answer.toHex().constData());
    QVERIFY2(timer.elapsed() < 6000, "the server kept a plain-HTTP connection open");
}

void TestTls::silentClientIsClosedWithinHeaderTimeout()
{
    QTcpSocket socket;
    socket.connectToHost(u"127.0.0.1"_s, m_port);
    QVERIFY(socket.waitForConnected(5000));
    QByteArray received;
    const qint64 ms = msUntilClosed(socket, 8000, &received);
    QVERIFY2(ms >= 0, "a client that sent nothing was still connected after 8 s");
    QVERIFY2(ms <= 5000, QByteArray::number(ms).constData());
    QVERIFY2(ms >= kHeaderTimeoutSeconds * 1000 - 500, QByteArray::number(ms).constData());
    QVERIFY(!received.startsWith("HTTP/"));
}

void TestTls::silentClientAfterHandshakeIsClosed()
{
    QSslSocket socket;
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    tls.setCaCertificates({m_certificate});
    socket.setSslConfiguration(tls);
    QElapsedTimer timer;
    timer.start();
    socket.connectToHostEncrypted(u"127.0.0.1"_s, m_port, u"localhost"_s);
    QVERIFY2(socket.waitForEncrypted(5000), qPrintable(socket.errorString()));
    QByteArray received;
    const qint64 ms = msUntilClosed(socket, 8000, &received);
    QVERIFY2(ms >= 0, "an encrypted client that sent nothing was still connected after 8 s");
    QVERIFY2(timer.elapsed() <= 5500, QByteArray::number(timer.elapsed()).constData());
    QVERIFY2(!received.startsWith("HTTP/1.1 2"), received.constData());
}

void TestTls::unfinishedHandshakeIsClosed()
{
    // The first bytes of a TLS ClientHello record, then nothing.
    QTcpSocket socket;
    socket.connectToHost(u"127.0.0.1"_s, m_port);
    QVERIFY(socket.waitForConnected(5000));
    socket.write(QByteArray::fromHex("160301020001"));
    socket.flush();
    const qint64 ms = msUntilClosed(socket, 8000);
    QVERIFY2(ms >= 0, "a client that stopped in the middle of its handshake was still connected after 8 s");
    QVERIFY2(ms <= 5000, QByteArray::number(ms).constData());
}

void TestTls::tlsBelowVersion12IsRefused_data()
{
    QTest::addColumn<QString>("version");
    QTest::addColumn<bool>("accepted");
    QTest::newRow("TLS 1.0") << u"-tls1"_s << false;
    QTest::newRow("TLS 1.1") << u"-tls1_1"_s << false;
    QTest::newRow("TLS 1.2") << u"-tls1_2"_s << true;
    QTest::newRow("TLS 1.3") << u"-tls1_3"_s << true;
}

void TestTls::tlsBelowVersion12IsRefused()
{
    QFETCH(QString, version);
    QFETCH(bool, accepted);
    // openssl s_client offers exactly one version; SECLEVEL=0 lets this client offer
    // the old ones, so a refusal can only come from the server.
    QProcess client;
    client.setProcessChannelMode(QProcess::MergedChannels);
    client.start(QStandardPaths::findExecutable(u"openssl"_s),
                 {u"s_client"_s, u"-connect"_s, u"127.0.0.1:%1"_s.arg(m_port), version, u"-cipher"_s,
                  u"DEFAULT@SECLEVEL=0"_s, u"-CAfile"_s, m_certFile, u"-servername"_s, u"localhost"_s});
    QVERIFY(client.waitForStarted(10000));
    client.closeWriteChannel(); // s_client ends after the handshake when its input ends
    QVERIFY(client.waitForFinished(20000));
    const QByteArray output = client.readAll();
    if (accepted) {
        QVERIFY2(output.contains("Verify return code: 0 (ok)"), output.constData());
        QVERIFY2(!output.contains("Cipher is (NONE)"), output.constData());
    } else {
        // The server answers with a protocol_version alert (70): it refuses the version.
        QVERIFY2(output.contains("alert protocol version") || output.contains("alert number 70"), output.constData());
        QVERIFY2(output.contains("Cipher is (NONE)"), output.constData());
    }
}

void TestTls::serverStillServesAfterwards()
{
    const HttpsReply reply = request("GET", u"/healthz"_s);
    QVERIFY2(reply.http.status == 200, describe(reply.http).constData());
    QVERIFY(m_server->state() == QProcess::Running);
}

QTEST_GUILESS_MAIN(TestTls)
#include "tst_tls.moc"

// Protocol-level refusals of a real trialdesk-server process: unknown routes, wrong
// methods, media types, body and header size limits, malformed and over-nested JSON.
// Every refusal must have the JSON error shape, and the server must go on serving.

#include "HttpClient.h"
#include "TestServer.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpSocket>
#include <QTest>
#include <algorithm>
#include <memory>

using namespace Qt::StringLiterals;
using td::test::HttpClient;
using td::test::HttpReply;
using td::test::TestServer;

// Runs a checking helper and leaves the calling test function if it failed.
#define CHECK(call)                                                                                                    \
    do {                                                                                                               \
        call;                                                                                                          \
        if (QTest::currentTestFailed())                                                                                \
            return;                                                                                                    \
    } while (false)

namespace {

QByteArray describe(const HttpReply &reply)
{
    return "HTTP " + QByteArray::number(reply.status) + ": " + reply.body.left(800);
}

// An HTTP/1.1 answer read off a raw socket.
HttpReply parseRaw(const QByteArray &raw)
{
    HttpReply reply;
    const qsizetype headerEnd = raw.indexOf("\r\n\r\n");
    if (!raw.startsWith("HTTP/1.1 ") || headerEnd < 0)
        return reply;
    const QList<QByteArray> lines = raw.left(headerEnd).split('\n');
    reply.status = lines.first().mid(9, 3).toInt();
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines.at(i).trimmed();
        const qsizetype colon = line.indexOf(':');
        if (colon > 0)
            reply.headers.append({line.left(colon).trimmed(), line.mid(colon + 1).trimmed()});
    }
    reply.body = raw.mid(headerEnd + 4);
    const QByteArray length = reply.header("Content-Length");
    if (!length.isEmpty())
        reply.body.truncate(length.toLongLong());
    return reply;
}

// The error shape every refusal shares: JSON object with string "error" and "code".
void checkErrorShape(const HttpReply &reply, int status, const QString &code)
{
    QVERIFY2(reply.status == status, describe(reply).constData());
    QVERIFY2(reply.header("Content-Type").startsWith("application/json"), describe(reply).constData());
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(reply.body, &parseError);
    QVERIFY2(parseError.error == QJsonParseError::NoError && doc.isObject(), describe(reply).constData());
    const QJsonObject body = doc.object();
    QVERIFY2(body.value(u"error"_s).isString() && !body.value(u"error"_s).toString().isEmpty(),
             describe(reply).constData());
    QVERIFY2(body.value(u"code"_s).isString(), describe(reply).constData());
    QCOMPARE(body.value(u"code"_s).toString(), code);
    if (body.contains(u"fields"_s))
        QVERIFY2(body.value(u"fields"_s).isObject(), describe(reply).constData());
}

// {"code":..,"title":..,"extra":<depth - 1 nested arrays>}: `depth` levels in all.
QByteArray nestedBody(int depth)
{
    const int arrays = depth - 1;
    return R"({"code":"DEPTH","title":"Depth","extra":)" + QByteArray(arrays, '[') + QByteArray(arrays, ']') + '}';
}

QByteArray rawRequest(const QByteArray &method, const QByteArray &path, const QByteArray &headers,
                      const QByteArray &body = {})
{
    QByteArray request = method + ' ' + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + headers;
    if (!body.isEmpty() || method == "POST" || method == "PATCH")
        request += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    return request + "\r\n" + body;
}

} // namespace

class TestHttpErrors : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void protocolErrors_data();
    void protocolErrors();
    void methodNotAllowedListsAllowedMethods_data();
    void methodNotAllowedListsAllowedMethods();
    void jsonContentTypeVariantsAccepted_data();
    void jsonContentTypeVariantsAccepted();
    void missingContentTypeIs415();

    void oversizedBodyIs413();
    void bodyAtTheLimitIsNotRefusedForSize();
    void hugeContentLengthIsRefusedWithoutWaitingForTheBody();
    void oversizedChunkedBodyIs413();
    void oversizedHeadersAre431_data();
    void oversizedHeadersAre431();
    void oversizedHeadersArrivingSlowlyAre431();
    void largeButAllowedHeadersAreServed();

    void jsonDepth_data();
    void jsonDepth();
    void bracketsInStringsAreNotNesting();
    void encodedSlashIsNotAPathSeparator();

private:
    QUrl url(const QString &pathAndQuery) const { return m_server->url(pathAndQuery); }
    // The server answers a plain request after whatever the test did.
    void checkStillServing();

    std::unique_ptr<TestServer> m_server;
    HttpClient m_http;
};

void TestHttpErrors::initTestCase()
{
    m_server = std::make_unique<TestServer>(QStringList{u"--no-request-log"_s});
    QVERIFY2(m_server->start(), m_server->log().constData());
    // A study for the routes that need one.
    const HttpReply created =
        m_http.post(url(u"/api/v1/projects"_s), R"({"code":"HE-1","title":"Errors","status":"active"})");
    QVERIFY2(created.status == 201, describe(created).constData());
}

void TestHttpErrors::cleanupTestCase()
{
    // Whatever the tests sent, the server shuts down cleanly, and no handler failed.
    QVERIFY(m_server);
    QVERIFY2(m_server->stop(), m_server->log().right(2000).constData());
    QCOMPARE(m_server->exitCode(), 0);
    QVERIFY2(!m_server->log().contains("failed:"), m_server->log().right(2000).constData());
}

void TestHttpErrors::checkStillServing()
{
    QVERIFY2(m_server->isRunning(), m_server->log().right(2000).constData());
    HttpClient fresh; // a new connection, not one the server may have closed
    const HttpReply health = fresh.get(url(u"/healthz"_s));
    QVERIFY2(health.status == 200, describe(health).constData());
    QCOMPARE(health.json().value(u"status"_s).toString(), u"ok"_s);
    const HttpReply project = fresh.get(url(u"/api/v1/projects/HE-1"_s));
    QVERIFY2(project.status == 200, describe(project).constData());
    QCOMPARE(project.json().value(u"title"_s).toString(), u"Errors"_s);
}

void TestHttpErrors::protocolErrors_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("code");
    auto row = [](const char *name, const QByteArray &method, const char16_t *path, const QByteArray &body,
                  const QByteArray &contentType, int status, const char16_t *code) {
        QTest::newRow(name) << method << QString::fromUtf16(path) << body << contentType << status
                            << QString::fromUtf16(code);
    };
    const QByteArray json = "application/json";
    const QByteArray valid = R"({"code":"HE-NEW","title":"Should not be stored"})";

    row("unknown route", "GET", u"/api/v1/nothing", {}, {}, 404, u"not_found");
    row("root", "GET", u"/", {}, {}, 404, u"not_found");
    row("unversioned path", "GET", u"/projects", {}, {}, 404, u"not_found");
    row("other API version", "GET", u"/api/v2/projects", {}, {}, 404, u"not_found");
    row("unknown sub-resource", "GET", u"/api/v1/projects/HE-1/unknown", {}, {}, 404, u"not_found");
    row("too many segments", "GET", u"/api/v1/projects/HE-1/subjects/x/y", {}, {}, 404, u"not_found");
    row("POST to an unknown route", "POST", u"/api/v1/nothing", valid, json, 404, u"not_found");
    row("path in another case", "GET", u"/API/V1/PROJECTS", {}, {}, 404, u"not_found");

    row("DELETE a project", "DELETE", u"/api/v1/projects/HE-1", {}, {}, 405, u"method_not_allowed");
    row("PUT a project", "PUT", u"/api/v1/projects/HE-1", valid, json, 405, u"method_not_allowed");
    row("PUT the project list", "PUT", u"/api/v1/projects", valid, json, 405, u"method_not_allowed");
    row("POST healthz", "POST", u"/healthz", "{}", json, 405, u"method_not_allowed");
    row("OPTIONS openapi.json", "OPTIONS", u"/api/v1/openapi.json", {}, {}, 405, u"method_not_allowed");
    row("PATCH a subject list", "PATCH", u"/api/v1/projects/HE-1/subjects", "{}", json, 405, u"method_not_allowed");
    row("DELETE a profile", "DELETE", u"/api/v1/subjects/S-1/profile", {}, {}, 405, u"method_not_allowed");

    row("text/plain POST", "POST", u"/api/v1/projects", valid, "text/plain", 415, u"unsupported_media_type");
    row("form POST", "POST", u"/api/v1/projects", "code=HE-NEW&title=x", "application/x-www-form-urlencoded", 415,
        u"unsupported_media_type");
    row("JSON-like media type", "POST", u"/api/v1/projects", valid, "application/json-patch+json", 415,
        u"unsupported_media_type");
    row("text/json", "POST", u"/api/v1/projects", valid, "text/json", 415, u"unsupported_media_type");
    row("text/plain PATCH", "PATCH", u"/api/v1/projects/HE-1", R"({"title":"Changed"})", "text/plain", 415,
        u"unsupported_media_type");
    row("text/plain enrolment", "POST", u"/api/v1/projects/HE-1/subjects", "{}", "text/plain", 415,
        u"unsupported_media_type");

    row("truncated JSON", "POST", u"/api/v1/projects", R"({"code":"HE-NEW","title":)", json, 400, u"invalid_json");
    row("empty body", "POST", u"/api/v1/projects", {}, json, 400, u"invalid_json");
    row("array body", "POST", u"/api/v1/projects", "[" + valid + "]", json, 400, u"invalid_json");
    row("string body", "POST", u"/api/v1/projects", R"("HE-NEW")", json, 400, u"invalid_json");
    row("null body", "POST", u"/api/v1/projects", "null", json, 400, u"invalid_json");
    row("number body", "POST", u"/api/v1/projects", "42", json, 400, u"invalid_json");
    row("single quotes", "POST", u"/api/v1/projects", "{'code':'HE-NEW','title':'x'}", json, 400, u"invalid_json");
    row("trailing comma", "POST", u"/api/v1/projects", R"({"code":"HE-NEW","title":"x",})", json, 400, u"invalid_json");
    row("trailing garbage", "POST", u"/api/v1/projects", valid + "garbage", json, 400, u"invalid_json");
    row("two objects", "POST", u"/api/v1/projects", valid + valid, json, 400, u"invalid_json");
    row("unterminated string", "POST", u"/api/v1/projects", R"({"code":"HE-NEW,"title":"x"})", json, 400,
        u"invalid_json");
    row("malformed PATCH", "PATCH", u"/api/v1/projects/HE-1", R"({"title")", json, 400, u"invalid_json");
    row("malformed enrolment", "POST", u"/api/v1/projects/HE-1/subjects", "{", json, 400, u"invalid_json");
    row("17 levels", "POST", u"/api/v1/projects", nestedBody(17), json, 400, u"too_deep");
    row("17 levels in a PATCH", "PATCH", u"/api/v1/projects/HE-1",
        R"({"title":"x","extra":)" + QByteArray(16, '[') + QByteArray(16, ']') + '}', json, 400, u"too_deep");
    row("17 levels in an enrolment", "POST", u"/api/v1/projects/HE-1/subjects",
        R"({"name":)" + QByteArray(16, '[') + QByteArray(16, ']') + '}', json, 400, u"too_deep");
    row("deep but not JSON", "POST", u"/api/v1/projects/HE-1/subjects",
        R"({"name":)" + QByteArray(16, '{') + QByteArray(16, '}') + '}', json, 400, u"invalid_json");
}

void TestHttpErrors::protocolErrors()
{
    QFETCH(QByteArray, method);
    QFETCH(QString, path);
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, contentType);
    QFETCH(int, status);
    QFETCH(QString, code);

    const QByteArray projects = m_http.get(url(u"/api/v1/projects?limit=500"_s)).body;
    const QByteArray subjects = m_http.get(url(u"/api/v1/projects/HE-1/subjects?limit=500"_s)).body;
    QVERIFY(projects.contains("HE-1"));
    const HttpReply reply = m_http.send(method, url(path), body, {}, contentType);
    CHECK(checkErrorShape(reply, status, code));
    if (status == 405)
        QVERIFY2(!reply.header("Allow").isEmpty(), describe(reply).constData());
    // Nothing was stored or changed.
    QCOMPARE(m_http.get(url(u"/api/v1/projects?limit=500"_s)).body, projects);
    QCOMPARE(m_http.get(url(u"/api/v1/projects/HE-1/subjects?limit=500"_s)).body, subjects);
    CHECK(checkStillServing());
}

void TestHttpErrors::methodNotAllowedListsAllowedMethods_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QByteArrayList>("allowed");
    QTest::newRow("project") << "DELETE"_ba << u"/api/v1/projects/HE-1"_s << QByteArrayList{"GET", "PATCH"};
    QTest::newRow("project list") << "PUT"_ba << u"/api/v1/projects"_s << QByteArrayList{"GET", "POST"};
    QTest::newRow("subjects of a study") << "DELETE"_ba << u"/api/v1/projects/HE-1/subjects"_s
                                         << QByteArrayList{"GET", "POST"};
    QTest::newRow("profile") << "POST"_ba << u"/api/v1/subjects/S-1/profile"_s << QByteArrayList{"GET"};
    QTest::newRow("healthz") << "DELETE"_ba << u"/healthz"_s << QByteArrayList{"GET"};
    QTest::newRow("openapi.json") << "POST"_ba << u"/api/v1/openapi.json"_s << QByteArrayList{"GET"};
    // "active" is a literal route and also fits /projects/{code}: each method once.
    QTest::newRow("active studies") << "DELETE"_ba << u"/api/v1/projects/active"_s << QByteArrayList{"GET", "PATCH"};
}

void TestHttpErrors::methodNotAllowedListsAllowedMethods()
{
    QFETCH(QByteArray, method);
    QFETCH(QString, path);
    QFETCH(QByteArrayList, allowed);
    const HttpReply reply = m_http.send(method, url(path), "{}", {}, "application/json");
    CHECK(checkErrorShape(reply, 405, u"method_not_allowed"_s));
    QByteArrayList listed;
    for (const QByteArray &name : reply.header("Allow").split(','))
        listed << name.trimmed();
    QByteArrayList sorted = listed;
    std::sort(sorted.begin(), sorted.end());
    QVERIFY2(std::adjacent_find(sorted.begin(), sorted.end()) == sorted.end(),
             QByteArray("Allow lists a method twice: " + reply.header("Allow")).constData());
    std::sort(allowed.begin(), allowed.end());
    QCOMPARE(sorted, allowed);
    // Every method it names is in fact allowed: none of them answers 405.
    for (const QByteArray &name : listed) {
        // A body every write route refuses (unknown field), so the probe stores nothing.
        const bool get = name == "GET";
        const HttpReply other = m_http.send(name, url(path), get ? QByteArray() : R"({"probe":1})"_ba, {},
                                            get ? QByteArray() : "application/json"_ba);
        QVERIFY2(other.status != 405, QByteArray(name + ": " + describe(other)).constData());
    }
    CHECK(checkStillServing());
}

void TestHttpErrors::jsonContentTypeVariantsAccepted_data()
{
    QTest::addColumn<QByteArray>("contentType");
    QTest::newRow("with charset") << "application/json; charset=utf-8"_ba;
    QTest::newRow("upper case") << "Application/JSON"_ba;
    QTest::newRow("charset without space") << "application/json;charset=UTF-8"_ba;
}

void TestHttpErrors::jsonContentTypeVariantsAccepted()
{
    QFETCH(QByteArray, contentType);
    static int counter = 0;
    const QByteArray code = "HE-CT-" + QByteArray::number(++counter);
    const HttpReply reply =
        m_http.post(url(u"/api/v1/projects"_s), R"({"code":")" + code + R"(","title":"Media type"})", {}, contentType);
    QVERIFY2(reply.status == 201, describe(reply).constData());
    QCOMPARE(m_http.get(url(u"/api/v1/projects/"_s + QString::fromLatin1(code))).status, 200);
}

void TestHttpErrors::missingContentTypeIs415()
{
    // A well-behaved client library adds a Content-Type of its own; send none at all.
    const QByteArray body = R"({"code":"HE-NEW","title":"No media type"})";
    const HttpReply reply =
        parseRaw(td::test::rawExchange(m_server->port(), rawRequest("POST", "/api/v1/projects", {}, body)));
    CHECK(checkErrorShape(reply, 415, u"unsupported_media_type"_s));
    QCOMPARE(m_http.get(url(u"/api/v1/projects/HE-NEW"_s)).status, 404);
    CHECK(checkStillServing());
}

void TestHttpErrors::oversizedBodyIs413()
{
    // 100 KiB of otherwise valid JSON through a real client.
    const QByteArray body = R"({"code":"HE-BIG","title":"Big","sponsor":")" + QByteArray(100 * 1024, 'x') + R"("})";
    const HttpReply reply = m_http.post(url(u"/api/v1/projects"_s), body);
    CHECK(checkErrorShape(reply, 413, u"payload_too_large"_s));
    // One byte over the limit is over the limit.
    QByteArray justOver = R"({"code":"HE-BIG","title":"Big","pad":")";
    justOver += QByteArray(64 * 1024 + 1 - justOver.size() - 2, 'x') + "\"}";
    QCOMPARE(justOver.size(), 64 * 1024 + 1);
    CHECK(checkErrorShape(m_http.post(url(u"/api/v1/projects"_s), justOver), 413, u"payload_too_large"_s));
    // Also for a PATCH.
    CHECK(checkErrorShape(m_http.patch(url(u"/api/v1/projects/HE-1"_s), body), 413, u"payload_too_large"_s));
    QCOMPARE(m_http.get(url(u"/api/v1/projects/HE-BIG"_s)).status, 404);
    QCOMPARE(m_http.get(url(u"/api/v1/projects/HE-1"_s)).json().value(u"title"_s).toString(), u"Errors"_s);
    CHECK(checkStillServing());
}

void TestHttpErrors::bodyAtTheLimitIsNotRefusedForSize()
{
    // Exactly 64 KiB: read and validated (the padding is an unknown field), not refused as too large.
    QByteArray body = R"({"code":"HE-LIMIT","title":"Limit","pad":")";
    body += QByteArray(64 * 1024 - body.size() - 2, 'x') + "\"}";
    QCOMPARE(body.size(), 64 * 1024);
    const HttpReply reply = m_http.post(url(u"/api/v1/projects"_s), body);
    QVERIFY2(reply.status == 400, describe(reply).constData());
    QCOMPARE(reply.json().value(u"code"_s).toString(), u"unknown_field"_s);
    QVERIFY(reply.json().value(u"fields"_s).toObject().contains(u"pad"_s));
    CHECK(checkStillServing());
}

void TestHttpErrors::hugeContentLengthIsRefusedWithoutWaitingForTheBody()
{
    // A 1 GiB Content-Length but only a few bytes sent: the answer must come from the
    // header alone, long before the client gives up waiting (10 s).
    const QByteArray request = "POST /api/v1/projects HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                               "Content-Type: application/json\r\nContent-Length: 1073741824\r\n\r\n"
                               R"({"code":"HE-HUGE")";
    QElapsedTimer timer;
    timer.start();
    const QByteArray raw = td::test::rawExchange(m_server->port(), request, 10'000);
    const qint64 elapsed = timer.elapsed();
    const HttpReply reply = parseRaw(raw);
    CHECK(checkErrorShape(reply, 413, u"payload_too_large"_s));
    QVERIFY2(elapsed < 3000, qPrintable(u"answered after %1 ms"_s.arg(elapsed)));
    CHECK(checkStillServing());

    // Same with the headers only, no body byte at all.
    timer.restart();
    const HttpReply headersOnly =
        parseRaw(td::test::rawExchange(m_server->port(),
                                       "PATCH /api/v1/projects/HE-1 HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                       "Content-Type: application/json\r\nContent-Length: 70000\r\n\r\n",
                                       10'000));
    CHECK(checkErrorShape(headersOnly, 413, u"payload_too_large"_s));
    QVERIFY2(timer.elapsed() < 3000, qPrintable(u"answered after %1 ms"_s.arg(timer.elapsed())));
    CHECK(checkStillServing());
}

void TestHttpErrors::oversizedChunkedBodyIs413()
{
    // No Content-Length to go by: the limit applies to what arrives.
    QByteArray body = R"({"code":"HE-CHUNK","title":"Chunked","sponsor":")" + QByteArray(100 * 1024, 'x') + R"("})";
    QByteArray chunked;
    for (qsizetype at = 0; at < body.size(); at += 8192) {
        const QByteArray piece = body.mid(at, 8192);
        chunked += QByteArray::number(piece.size(), 16) + "\r\n" + piece + "\r\n";
    }
    chunked += "0\r\n\r\n";
    const QByteArray request = "POST /api/v1/projects HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                               "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                               + chunked;
    const HttpReply reply = parseRaw(td::test::rawExchange(m_server->port(), request, 10'000));
    CHECK(checkErrorShape(reply, 413, u"payload_too_large"_s));
    QCOMPARE(m_http.get(url(u"/api/v1/projects/HE-CHUNK"_s)).status, 404);
    CHECK(checkStillServing());
}

void TestHttpErrors::oversizedHeadersAre431_data()
{
    QTest::addColumn<QByteArray>("headers");
    QTest::newRow("one 20 KiB header") << "X-Big: " + QByteArray(20 * 1024, 'a') + "\r\n";
    QByteArray many;
    for (int i = 0; i < 400; ++i)
        many += "X-Header-" + QByteArray::number(i) + ": " + QByteArray(40, 'b') + "\r\n";
    QTest::newRow("400 headers, 20 KiB in all") << many;
    QTest::newRow("20 KiB cookie") << "Cookie: session=" + QByteArray(20 * 1024, 'c') + "\r\n";
}

void TestHttpErrors::oversizedHeadersAre431()
{
    QFETCH(QByteArray, headers);
    QVERIFY(headers.size() > 16 * 1024);
    // Sent in one write, as any client does with a request that fits its buffer.
    const HttpReply reply = parseRaw(td::test::rawExchange(m_server->port(), rawRequest("GET", "/healthz", headers)));
    CHECK(checkErrorShape(reply, 431, u"headers_too_large"_s));
    CHECK(checkStillServing());
}

void TestHttpErrors::oversizedHeadersArrivingSlowlyAre431()
{
    // The same 20 KiB header, in 1 KiB pieces with pauses, the end of the headers last.
    QTcpSocket socket;
    socket.connectToHost(u"127.0.0.1"_s, m_server->port());
    QVERIFY(socket.waitForConnected(5000));
    const QByteArray request = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + QByteArray(20 * 1024, 'a');
    for (qsizetype at = 0; at < request.size() && socket.state() == QAbstractSocket::ConnectedState; at += 1024) {
        socket.write(request.mid(at, 1024));
        socket.waitForBytesWritten(1000);
        QTest::qWait(5);
    }
    if (socket.state() == QAbstractSocket::ConnectedState) {
        socket.write("\r\n\r\n");
        socket.waitForBytesWritten(1000);
    }
    QByteArray raw;
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < 5000 && !raw.contains("}")) {
        if (socket.waitForReadyRead(200) || socket.bytesAvailable() > 0)
            raw += socket.readAll();
        if (socket.state() != QAbstractSocket::ConnectedState) {
            raw += socket.readAll();
            break;
        }
    }
    CHECK(checkErrorShape(parseRaw(raw), 431, u"headers_too_large"_s));
    CHECK(checkStillServing());
}

void TestHttpErrors::largeButAllowedHeadersAreServed()
{
    // 12 KiB of headers is within the 16 KiB limit.
    const QByteArray headers = "X-Big: " + QByteArray(12 * 1024, 'a') + "\r\n";
    const HttpReply reply = parseRaw(td::test::rawExchange(m_server->port(), rawRequest("GET", "/healthz", headers)));
    QVERIFY2(reply.status == 200, describe(reply).constData());
    QCOMPARE(reply.json().value(u"status"_s).toString(), u"ok"_s);
    CHECK(checkStillServing());
}

void TestHttpErrors::jsonDepth_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("code"); // the answer's code: too_deep, or what validation says
    QTest::newRow("2 levels") << nestedBody(2) << u"unknown_field"_s;
    QTest::newRow("15 levels") << nestedBody(15) << u"unknown_field"_s;
    QTest::newRow("16 levels") << nestedBody(16) << u"unknown_field"_s;
    QTest::newRow("16 levels of objects")
        << R"({"code":"DEPTH","title":"Depth","extra":)" + QByteArray(15, '{').replace("{", R"({"a":)") + "1"
               + QByteArray(15, '}') + '}'
        << u"unknown_field"_s;
    QTest::newRow("17 levels") << nestedBody(17) << u"too_deep"_s;
    QTest::newRow("17 levels of objects")
        << R"({"code":"DEPTH","title":"Depth","extra":)" + QByteArray(16, '{').replace("{", R"({"a":)") + "1"
               + QByteArray(16, '}') + '}'
        << u"too_deep"_s;
    QTest::newRow("100 levels") << nestedBody(100) << u"too_deep"_s;
    QTest::newRow("10000 levels, unbalanced") << QByteArray("{\"a\":") + QByteArray(10'000, '[') << u"too_deep"_s;
    QTest::newRow("many shallow siblings")
        << R"({"code":"DEPTH","title":"Depth","extra":[)" + QByteArray("[[]],").repeated(2000) + "[]]}"
        << u"unknown_field"_s;
}

void TestHttpErrors::jsonDepth()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, code);
    const HttpReply reply = m_http.post(url(u"/api/v1/projects"_s), body);
    CHECK(checkErrorShape(reply, 400, code));
    if (code == u"unknown_field"_s) // parsed past the depth check down to field validation
        QVERIFY(reply.json().value(u"fields"_s).toObject().contains(u"extra"_s));
    QCOMPARE(m_http.get(url(u"/api/v1/projects/DEPTH"_s)).status, 404);
    CHECK(checkStillServing());
}

void TestHttpErrors::bracketsInStringsAreNotNesting()
{
    const QByteArray body = R"({"code":"HE-BRACKETS","title":"\"[[[[[[[[[[[[[[[[[[[[{{{{{{{{{{{{{{{{{{{{"})";
    const HttpReply created = m_http.post(url(u"/api/v1/projects"_s), body);
    QVERIFY2(created.status == 201, describe(created).constData());
    QCOMPARE(created.json().value(u"title"_s).toString(), u"\"[[[[[[[[[[[[[[[[[[[[{{{{{{{{{{{{{{{{{{{{"_s);
    CHECK(checkStillServing());
}

void TestHttpErrors::encodedSlashIsNotAPathSeparator()
{
    // "%2F" is a character of the segment (RFC 3986), so this names the study
    // "HE-1/subjects", which does not exist; it is not HE-1's subject list.
    const QUrl encoded = url(u"/api/v1/projects/HE-1%2Fsubjects"_s);
    QVERIFY(encoded.toEncoded().contains("HE-1%2Fsubjects"));
    const HttpReply reply = m_http.get(encoded);
    QVERIFY2(reply.status == 404, describe(reply).constData());
    const QString code = reply.json().value(u"code"_s).toString();
    QVERIFY2(code == u"project_not_found"_s || code == u"not_found"_s, describe(reply).constData());
    CHECK(checkStillServing());
}

QTEST_GUILESS_MAIN(TestHttpErrors)
#include "tst_httperrors.moc"

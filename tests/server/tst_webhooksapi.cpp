// The webhook API on a real trialdesk-server (issue #16, docs/webhooks.md): create,
// list, read, change, rotate and delete a study's webhooks (audited, the secret shown
// only on creation and rotation and never in the trail); every refused input with its
// field, the URL rules (https, allowed loopback hosts, no private or link-local
// targets); the per-study limit; the delivery log's paging and parameters; and who
// may reach which webhook (the study's pm; 404 for another study's, 403 for crc).

#include "HttpClient.h"
#include "SecurityTestKit.h"
#include "TestServer.h"
#include "WebhookReceiver.h"

#include <QJsonArray>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace td::test::security;
using td::test::HttpClient;
using td::test::HttpReply;
using td::test::TestServer;
using td::test::WebhookReceiver;

namespace {

const QString kAllowed = u"http://127.0.0.1:9/hook"_s;

} // namespace

class TestWebhooksApi : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void createReadChangeRotateDelete();
    void createValidation_data();
    void createValidation();
    void patchValidation_data();
    void patchValidation();
    void atMostTwentyPerStudy();
    void deliveryLogPages();
    void deliveryParameters_data();
    void deliveryParameters();
    void scope_data();
    void scope();

private:
    HttpReply as(const QString &token, const QByteArray &method, const QString &path, const QJsonObject &body = {})
    {
        return call(m_http, token, method, m_server->url(path), body.isEmpty() ? QByteArray() : jsonBytes(body));
    }
    HttpReply asAdmin(const QByteArray &method, const QString &path, const QJsonObject &body = {})
    {
        return as(m_server->adminToken(), method, path, body);
    }
    qint64 createWebhook(const QString &code, const QString &url = kAllowed);

    std::unique_ptr<TestServer> m_server;
    HttpClient m_http;
    QHash<QString, QString> m_tokens; // "pm-A", "pm-B", "crc-A", "monitor-A", "pm-A-north"
    qint64 m_hookA = 0;
    qint64 m_deliveryA = 0;
};

void TestWebhooksApi::initTestCase()
{
    m_server = std::make_unique<TestServer>(
        QStringList{u"--no-request-log"_s, u"--login-rate"_s, u"0"_s, u"--webhook-allow-hosts"_s, u"127.0.0.1"_s});
    QVERIFY2(m_server->start(), m_server->log().constData());
    const QString admin = m_server->adminToken();
    for (const QString &code : {u"WH-A"_s, u"WH-B"_s, u"WH-VAL"_s, u"WH-LIMIT"_s, u"WH-LOG"_s}) {
        const HttpReply created = asAdmin("POST", u"/api/v1/projects"_s,
                                          {{u"code"_s, code},
                                           {u"title"_s, QString(u"Webhook study "_s + code)},
                                           {u"status"_s, u"active"_s},
                                           {u"sites"_s, QJsonArray{u"North"_s, u"South"_s}}});
        QVERIFY2(created.status == 201, describe(created).constData());
    }
    const struct {
        QString name, role, code;
        QStringList sites;
    } members[] = {{u"pm-A"_s, u"pm"_s, u"WH-A"_s, {}},
                   {u"pm-B"_s, u"pm"_s, u"WH-B"_s, {}},
                   {u"crc-A"_s, u"crc"_s, u"WH-A"_s, {}},
                   {u"monitor-A"_s, u"monitor"_s, u"WH-A"_s, {}},
                   {u"pm-A-north"_s, u"pm"_s, u"WH-A"_s, {u"North"_s}}};
    for (const auto &m : members) {
        const QString username = u"wh-"_s + m.name.toLower();
        // A crc or monitor account may be its study's pm nowhere: the global role is the study role here.
        const QString token = m_server->createStaff(username, m.role);
        QVERIFY2(!token.isEmpty(), qPrintable(username));
        SECURITY_CHECK(grant(m_http, *m_server, username, m.code, m.role, m.sites));
        m_tokens.insert(m.name, token);
    }
    m_hookA = createWebhook(u"WH-A"_s);
    QVERIFY(m_hookA > 0);
}

void TestWebhooksApi::cleanupTestCase()
{
    QVERIFY(m_server);
    QVERIFY2(m_server->stop(), m_server->log().right(2000).constData());
    QCOMPARE(m_server->exitCode(), 0);
    QVERIFY2(!m_server->log().contains("failed:"), m_server->log().right(2000).constData());
}

qint64 TestWebhooksApi::createWebhook(const QString &code, const QString &url)
{
    const HttpReply created = asAdmin("POST", u"/api/v1/projects/%1/webhooks"_s.arg(code), {{u"url"_s, url}});
    if (created.status != 201)
        qWarning("%s", describe(created).constData());
    return created.status == 201 ? created.json().value(u"id"_s).toInteger() : 0;
}

void TestWebhooksApi::createReadChangeRotateDelete()
{
    const HttpReply created = as(m_tokens.value(u"pm-A"_s), "POST", u"/api/v1/projects/WH-A/webhooks"_s,
                                 {{u"url"_s, kAllowed},
                                  {u"eventTypes"_s, QJsonArray{u"submission.stored"_s, u"vitals.stored"_s}},
                                  {u"description"_s, u"SMS gateway"_s}});
    QVERIFY2(created.status == 201, describe(created).constData());
    const QJsonObject hook = created.json();
    const qint64 id = hook.value(u"id"_s).toInteger();
    const QString secret = hook.value(u"secret"_s).toString();
    QVERIFY(secret.startsWith(u"whsec_"_s) && secret.size() >= 40);
    QCOMPARE(hook.value(u"secretHint"_s).toString(), secret.right(4));
    QCOMPARE(hook.value(u"project"_s).toString(), u"WH-A"_s);
    QCOMPARE(hook.value(u"url"_s).toString(), kAllowed);
    QCOMPARE(hook.value(u"eventTypes"_s).toArray(), (QJsonArray{u"submission.stored"_s, u"vitals.stored"_s}));
    QCOMPARE(hook.value(u"description"_s).toString(), u"SMS gateway"_s);
    QCOMPARE(hook.value(u"enabled"_s).toBool(), true);
    QCOMPARE(hook.value(u"createdBy"_s).toString(), u"wh-pm-a"_s);
    QCOMPARE(hook.value(u"counts"_s).toObject(), (QJsonObject{{u"pending"_s, 0}, {u"delivered"_s, 0}, {u"dead"_s, 0}}));

    // Read back: everything but the secret.
    const HttpReply read = asAdmin("GET", u"/api/v1/webhooks/%1"_s.arg(id));
    QCOMPARE(read.status, 200);
    QJsonObject expected = hook;
    expected.remove(u"secret"_s);
    QCOMPARE(read.json(), expected);
    const HttpReply list = asAdmin("GET", u"/api/v1/projects/WH-A/webhooks"_s);
    QCOMPARE(list.status, 200);
    bool listed = false;
    for (const QJsonValue &w : list.json().value(u"webhooks"_s).toArray()) {
        QVERIFY(!w.toObject().contains(u"secret"_s));
        listed = listed || w.toObject() == expected;
    }
    QVERIFY(listed);
    QVERIFY(!list.body.contains(secret.toUtf8()));

    const HttpReply changed =
        asAdmin("PATCH", u"/api/v1/webhooks/%1"_s.arg(id),
                {{u"enabled"_s, false}, {u"eventTypes"_s, QJsonArray()}, {u"description"_s, u""_s}});
    QVERIFY2(changed.status == 200, describe(changed).constData());
    QCOMPARE(changed.json().value(u"enabled"_s).toBool(), false);
    QCOMPARE(changed.json().value(u"eventTypes"_s).toArray(), QJsonArray());
    QCOMPARE(changed.json().value(u"url"_s).toString(), kAllowed); // left out: unchanged

    const HttpReply rotated = asAdmin("POST", u"/api/v1/webhooks/%1/secret"_s.arg(id));
    QCOMPARE(rotated.status, 200);
    const QString newSecret = rotated.json().value(u"secret"_s).toString();
    QVERIFY(newSecret.startsWith(u"whsec_"_s) && newSecret != secret);
    QCOMPARE(asAdmin("GET", u"/api/v1/webhooks/%1"_s.arg(id)).json().value(u"secretHint"_s).toString(),
             newSecret.right(4));

    // Audited, the secret never in the trail.
    QString failure;
    const QJsonArray trail =
        auditEntries(m_http, *m_server, m_server->adminToken(), u"entity=webhook&id=WH-A/%1"_s.arg(id), &failure);
    QVERIFY2(failure.isEmpty(), qPrintable(failure));
    QCOMPARE(withAction(trail, u"create"_s).size(), 1);
    QCOMPARE(withAction(trail, u"update"_s).size(), 1);
    QCOMPARE(withAction(trail, u"rotate_secret"_s).size(), 1);
    QVERIFY(!compactText(trail).contains(secret));
    QVERIFY(!compactText(trail).contains(newSecret));
    QVERIFY(!m_server->log().contains(secret.toUtf8()));

    const HttpReply removed = asAdmin("DELETE", u"/api/v1/webhooks/%1"_s.arg(id));
    QCOMPARE(removed.status, 204);
    SECURITY_CHECK(checkError(asAdmin("GET", u"/api/v1/webhooks/%1"_s.arg(id)), 404, u"webhook_not_found"_s));
    SECURITY_CHECK(
        checkError(asAdmin("GET", u"/api/v1/webhooks/%1/deliveries"_s.arg(id)), 404, u"webhook_not_found"_s));
    QCOMPARE(withAction(auditEntries(m_http, *m_server, m_server->adminToken(), u"entity=webhook&id=WH-A/%1"_s.arg(id)),
                        u"delete"_s)
                 .size(),
             1);
    // The study's pm reads them (also after the deletion); another study's pm does not.
    const QString query = u"entity=webhook&id=WH-A/%1"_s.arg(id);
    QCOMPARE(auditEntries(m_http, *m_server, m_tokens.value(u"pm-A"_s), query).size(), 4);
    QCOMPARE(auditEntries(m_http, *m_server, m_tokens.value(u"pm-B"_s), query).size(), 0);
}

void TestWebhooksApi::createValidation_data()
{
    QTest::addColumn<QJsonObject>("body");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("field");
    const QString tooLong = u"https://example.org/"_s + QString(2100, u'a');
    QTest::newRow("no url") << QJsonObject{{u"description"_s, u"no url"_s}} << u"invalid_webhook"_s << u"url"_s;
    QTest::newRow("url a number") << QJsonObject{{u"url"_s, 5}} << u"invalid_webhook"_s << u"url"_s;
    QTest::newRow("url empty") << QJsonObject{{u"url"_s, u""_s}} << u"invalid_webhook"_s << u"url"_s;
    QTest::newRow("url too long") << QJsonObject{{u"url"_s, tooLong}} << u"invalid_webhook"_s << u"url"_s;
    QTest::newRow("not a url") << QJsonObject{{u"url"_s, u"not a url"_s}} << u"webhook_url_refused"_s << u"url"_s;
    QTest::newRow("ftp") << QJsonObject{{u"url"_s, u"ftp://example.org/x"_s}} << u"webhook_url_refused"_s << u"url"_s;
    QTest::newRow("http to a public host")
        << QJsonObject{{u"url"_s, u"http://example.org/x"_s}} << u"webhook_url_refused"_s << u"url"_s;
    QTest::newRow("http to an unlisted loopback")
        << QJsonObject{{u"url"_s, u"http://127.0.0.2/x"_s}} << u"webhook_url_refused"_s << u"url"_s;
    QTest::newRow("http localhost, not listed")
        << QJsonObject{{u"url"_s, u"http://localhost:9/x"_s}} << u"webhook_url_refused"_s << u"url"_s;
    QTest::newRow("https to 10/8") << QJsonObject{{u"url"_s, u"https://10.1.2.3/x"_s}} << u"webhook_url_refused"_s
                                   << u"url"_s;
    QTest::newRow("https to 172.16/12") << QJsonObject{{u"url"_s, u"https://172.20.0.5/x"_s}}
                                        << u"webhook_url_refused"_s << u"url"_s;
    QTest::newRow("https to 192.168/16") << QJsonObject{{u"url"_s, u"https://192.168.1.10/x"_s}}
                                         << u"webhook_url_refused"_s << u"url"_s;
    QTest::newRow("https to link-local (cloud metadata)")
        << QJsonObject{{u"url"_s, u"https://169.254.169.254/latest"_s}} << u"webhook_url_refused"_s << u"url"_s;
    QTest::newRow("https to IPv6 loopback")
        << QJsonObject{{u"url"_s, u"https://[::1]/x"_s}} << u"webhook_url_refused"_s << u"url"_s;
    QTest::newRow("https to IPv6 unique local")
        << QJsonObject{{u"url"_s, u"https://[fd00::1]/x"_s}} << u"webhook_url_refused"_s << u"url"_s;
    QTest::newRow("https to IPv4-mapped private")
        << QJsonObject{{u"url"_s, u"https://[::ffff:10.0.0.1]/x"_s}} << u"webhook_url_refused"_s << u"url"_s;
    QTest::newRow("https to 0.0.0.0") << QJsonObject{{u"url"_s, u"https://0.0.0.0/x"_s}} << u"webhook_url_refused"_s
                                      << u"url"_s;
    QTest::newRow("host resolving to loopback")
        << QJsonObject{{u"url"_s, u"https://localhost/x"_s}} << u"webhook_url_refused"_s << u"url"_s;
    QTest::newRow("user and password in the url")
        << QJsonObject{{u"url"_s, u"http://user:pw@127.0.0.1:9/x"_s}} << u"webhook_url_refused"_s << u"url"_s;
    QTest::newRow("unknown event type") << QJsonObject{{u"url"_s, kAllowed}, {u"eventTypes"_s, QJsonArray{u"x.y"_s}}}
                                        << u"invalid_webhook"_s << u"eventTypes"_s;
    QTest::newRow("event types not an array")
        << QJsonObject{{u"url"_s, kAllowed}, {u"eventTypes"_s, u"all"_s}} << u"invalid_webhook"_s << u"eventTypes"_s;
    QTest::newRow("event type a number") << QJsonObject{{u"url"_s, kAllowed}, {u"eventTypes"_s, QJsonArray{1}}}
                                         << u"invalid_webhook"_s << u"eventTypes"_s;
    QTest::newRow("description too long") << QJsonObject{{u"url"_s, kAllowed}, {u"description"_s, QString(201, u'd')}}
                                          << u"invalid_webhook"_s << u"description"_s;
    QTest::newRow("description a number")
        << QJsonObject{{u"url"_s, kAllowed}, {u"description"_s, 7}} << u"invalid_webhook"_s << u"description"_s;
    QTest::newRow("enabled a string") << QJsonObject{{u"url"_s, kAllowed}, {u"enabled"_s, u"yes"_s}}
                                      << u"invalid_webhook"_s << u"enabled"_s;
    QTest::newRow("secret chosen by the client")
        << QJsonObject{{u"url"_s, kAllowed}, {u"secret"_s, u"mine"_s}} << u"invalid_webhook"_s << u"secret"_s;
}

void TestWebhooksApi::createValidation()
{
    QFETCH(QJsonObject, body);
    QFETCH(QString, code);
    QFETCH(QString, field);
    const HttpReply reply = asAdmin("POST", u"/api/v1/projects/WH-VAL/webhooks"_s, body);
    SECURITY_CHECK(checkError(reply, 400, code));
    QVERIFY2(reply.json().value(u"fields"_s).toObject().contains(field), describe(reply).constData());
    // Nothing was created.
    QCOMPARE(asAdmin("GET", u"/api/v1/projects/WH-VAL/webhooks"_s).json().value(u"webhooks"_s).toArray().size(), 0);
}

void TestWebhooksApi::patchValidation_data()
{
    QTest::addColumn<QJsonObject>("body");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("field");
    QTest::newRow("private url") << QJsonObject{{u"url"_s, u"https://10.0.0.1/x"_s}} << 400 << u"webhook_url_refused"_s
                                 << u"url"_s;
    QTest::newRow("url null") << QJsonObject{{u"url"_s, QJsonValue()}} << 400 << u"invalid_webhook"_s << u"url"_s;
    QTest::newRow("unknown field") << QJsonObject{{u"id"_s, 5}} << 400 << u"invalid_webhook"_s << u"id"_s;
    QTest::newRow("enabled null") << QJsonObject{{u"enabled"_s, QJsonValue()}} << 400 << u"invalid_webhook"_s
                                  << u"enabled"_s;
    QTest::newRow("allowed url") << QJsonObject{{u"url"_s, u"http://127.0.0.1:10/other"_s}} << 200 << QString()
                                 << QString();
    QTest::newRow("description cleared") << QJsonObject{{u"description"_s, QJsonValue()}} << 200 << QString()
                                         << QString();
}

void TestWebhooksApi::patchValidation()
{
    QFETCH(QJsonObject, body);
    QFETCH(int, status);
    QFETCH(QString, code);
    QFETCH(QString, field);
    const qint64 id = createWebhook(u"WH-VAL"_s);
    QVERIFY(id > 0);
    const HttpReply reply = asAdmin("PATCH", u"/api/v1/webhooks/%1"_s.arg(id), body);
    if (status == 200) {
        QVERIFY2(reply.status == 200, describe(reply).constData());
    } else {
        SECURITY_CHECK(checkError(reply, status, code));
        QVERIFY2(reply.json().value(u"fields"_s).toObject().contains(field), describe(reply).constData());
        QCOMPARE(asAdmin("GET", u"/api/v1/webhooks/%1"_s.arg(id)).json().value(u"url"_s).toString(), kAllowed);
    }
    QCOMPARE(asAdmin("DELETE", u"/api/v1/webhooks/%1"_s.arg(id)).status, 204);
}

void TestWebhooksApi::atMostTwentyPerStudy()
{
    for (int i = 0; i < 20; ++i)
        QVERIFY(createWebhook(u"WH-LIMIT"_s) > 0);
    const HttpReply refused = asAdmin("POST", u"/api/v1/projects/WH-LIMIT/webhooks"_s, {{u"url"_s, kAllowed}});
    SECURITY_CHECK(checkError(refused, 409, u"too_many_webhooks"_s));
    QCOMPARE(asAdmin("GET", u"/api/v1/projects/WH-LIMIT/webhooks"_s).json().value(u"webhooks"_s).toArray().size(), 20);
    SECURITY_CHECK(checkError(asAdmin("GET", u"/api/v1/projects/NO-SUCH/webhooks"_s), 404, u"project_not_found"_s));
}

void TestWebhooksApi::deliveryLogPages()
{
    WebhookReceiver receiver;
    QVERIFY(receiver.listen());
    const qint64 id = createWebhook(u"WH-LOG"_s, receiver.url().toString());
    QVERIFY(id > 0);
    constexpr int kSubjects = 5;
    for (int i = 0; i < kSubjects; ++i) {
        const HttpReply enrolled = enrol(m_http, *m_server, m_server->adminToken(), u"WH-LOG"_s, u"wh-log-%1"_s.arg(i));
        QVERIFY2(enrolled.status == 201, describe(enrolled).constData());
    }
    QTRY_COMPARE_WITH_TIMEOUT(asAdmin("GET", u"/api/v1/webhooks/%1/deliveries?state=delivered"_s.arg(id))
                                  .json()
                                  .value(u"deliveries"_s)
                                  .toArray()
                                  .size(),
                              kSubjects, 10'000);
    // Newest first, two at a time, following next.
    QList<qint64> seen;
    QString before;
    for (int page = 0; page < 10; ++page) {
        const HttpReply reply = asAdmin("GET", u"/api/v1/webhooks/%1/deliveries?limit=2"_s.arg(id)
                                                   + (before.isEmpty() ? QString() : u"&before="_s + before));
        QCOMPARE(reply.status, 200);
        for (const QJsonValue &d : reply.json().value(u"deliveries"_s).toArray()) {
            QCOMPARE(d.toObject().value(u"webhookId"_s).toInteger(), id);
            seen << d.toObject().value(u"id"_s).toInteger();
        }
        if (reply.json().value(u"next"_s).isNull())
            break;
        before = reply.json().value(u"next"_s).toString();
    }
    QCOMPARE(seen.size(), kSubjects);
    for (int i = 1; i < seen.size(); ++i)
        QVERIFY(seen[i] < seen[i - 1]);
    QCOMPARE(asAdmin("GET", u"/api/v1/webhooks/%1/deliveries?state=dead"_s.arg(id))
                 .json()
                 .value(u"deliveries"_s)
                 .toArray()
                 .size(),
             0);
    const QJsonObject detail = asAdmin("GET", u"/api/v1/deliveries/%1"_s.arg(seen.first())).json();
    QCOMPARE(detail.value(u"state"_s).toString(), u"delivered"_s);
    QCOMPARE(detail.value(u"attemptLog"_s).toArray().size(), 1);
    QCOMPARE(detail.value(u"eventType"_s).toString(), u"subject.enrolled"_s);
    QCOMPARE(asAdmin("GET", u"/api/v1/webhooks/%1"_s.arg(id))
                 .json()
                 .value(u"counts"_s)
                 .toObject()
                 .value(u"delivered"_s)
                 .toInt(),
             kSubjects);
    SECURITY_CHECK(checkError(asAdmin("GET", u"/api/v1/deliveries/987654321"_s), 404, u"delivery_not_found"_s));
    SECURITY_CHECK(
        checkError(asAdmin("POST", u"/api/v1/deliveries/%1/retry"_s.arg(seen.first())), 409, u"delivery_not_dead"_s));
}

void TestWebhooksApi::deliveryParameters_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<QString>("field");
    QTest::newRow("unknown state") << u"state=sent"_s << u"state"_s;
    QTest::newRow("limit 0") << u"limit=0"_s << u"limit"_s;
    QTest::newRow("limit 201") << u"limit=201"_s << u"limit"_s;
    QTest::newRow("limit not a number") << u"limit=ten"_s << u"limit"_s;
    QTest::newRow("before not a number") << u"before=abc"_s << u"before"_s;
    QTest::newRow("before negative") << u"before=-3"_s << u"before"_s;
}

void TestWebhooksApi::deliveryParameters()
{
    QFETCH(QString, query);
    QFETCH(QString, field);
    const HttpReply reply = asAdmin("GET", u"/api/v1/webhooks/%1/deliveries?"_s.arg(m_hookA) + query);
    SECURITY_CHECK(checkError(reply, 400, u"invalid_parameter"_s));
    QVERIFY2(reply.json().value(u"fields"_s).toObject().contains(field), describe(reply).constData());
}

void TestWebhooksApi::scope_data()
{
    QTest::addColumn<QString>("who");
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("path");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("code");
    const QString hook = u"/api/v1/webhooks/{A}"_s;
    const struct {
        QString who;
        int status;
        QString code;
    } callers[] = {{u"pm-A"_s, 200, {}},
                   {u"pm-A-north"_s, 200, {}}, // a webhook belongs to the whole study
                   {u"pm-B"_s, 404, u"webhook_not_found"_s},
                   {u"crc-A"_s, 403, u"forbidden"_s},
                   {u"monitor-A"_s, 403, u"forbidden"_s}};
    for (const auto &c : callers) {
        QTest::addRow("%s reads a webhook of WH-A", qPrintable(c.who))
            << c.who << "GET"_ba << hook << c.status << c.code;
        QTest::addRow("%s reads its deliveries", qPrintable(c.who))
            << c.who << "GET"_ba << hook + u"/deliveries"_s << c.status << c.code;
        QTest::addRow("%s changes it", qPrintable(c.who)) << c.who << "PATCH"_ba << hook << c.status << c.code;
        QTest::addRow("%s rotates its secret", qPrintable(c.who))
            << c.who << "POST"_ba << hook + u"/secret"_s << c.status << c.code;
        QTest::addRow("%s reads a delivery", qPrintable(c.who))
            << c.who << "GET"_ba << u"/api/v1/deliveries/{D}"_s << c.status
            << (c.code == u"webhook_not_found"_s ? u"delivery_not_found"_s : c.code);
        const int listStatus = c.who == u"pm-B"_s ? 404 : c.status;
        QTest::addRow("%s lists WH-A's webhooks", qPrintable(c.who))
            << c.who << "GET"_ba << u"/api/v1/projects/WH-A/webhooks"_s << listStatus
            << (c.who == u"pm-B"_s ? u"project_not_found"_s : c.code);
    }
    QTest::newRow("pm-B deletes a webhook of WH-A")
        << u"pm-B"_s << "DELETE"_ba << hook << 404 << u"webhook_not_found"_s;
    QTest::newRow("pm-B retries a delivery of WH-A")
        << u"pm-B"_s << "POST"_ba << u"/api/v1/deliveries/{D}/retry"_s << 404 << u"delivery_not_found"_s;
    QTest::newRow("pm-B creates in WH-A")
        << u"pm-B"_s << "POST"_ba << u"/api/v1/projects/WH-A/webhooks"_s << 404 << u"project_not_found"_s;
    QTest::newRow("crc-A creates in WH-A")
        << u"crc-A"_s << "POST"_ba << u"/api/v1/projects/WH-A/webhooks"_s << 403 << u"forbidden"_s;
}

void TestWebhooksApi::scope()
{
    QFETCH(QString, who);
    QFETCH(QByteArray, method);
    QFETCH(QString, path);
    QFETCH(int, status);
    QFETCH(QString, code);
    if (m_deliveryA == 0) {
        // A delivery of WH-A's webhook: it fails (nothing listens on port 9) and is logged.
        const HttpReply enrolled = enrol(m_http, *m_server, m_server->adminToken(), u"WH-A"_s, u"wh-a-1"_s);
        QVERIFY2(enrolled.status == 201, describe(enrolled).constData());
        QTRY_VERIFY_WITH_TIMEOUT(!asAdmin("GET", u"/api/v1/webhooks/%1/deliveries"_s.arg(m_hookA))
                                      .json()
                                      .value(u"deliveries"_s)
                                      .toArray()
                                      .isEmpty(),
                                 10'000);
        m_deliveryA = asAdmin("GET", u"/api/v1/webhooks/%1/deliveries"_s.arg(m_hookA))
                          .json()
                          .value(u"deliveries"_s)
                          .toArray()
                          .at(0)
                          .toObject()
                          .value(u"id"_s)
                          .toInteger();
    }
    path.replace(u"{A}"_s, QString::number(m_hookA)).replace(u"{D}"_s, QString::number(m_deliveryA));
    QJsonObject body;
    if (method == "PATCH")
        body = QJsonObject{{u"description"_s, QString(u"changed by "_s + who)}};
    else if (method == "POST" && path.endsWith(u"/webhooks"_s))
        body = QJsonObject{{u"url"_s, kAllowed}};
    const HttpReply reply = as(m_tokens.value(who), method, path, body);
    if (status == 200) {
        QVERIFY2(reply.status == 200, describe(reply).constData());
    } else {
        SECURITY_CHECK(checkError(reply, status, code));
    }
}

QTEST_MAIN(TestWebhooksApi)
#include "tst_webhooksapi.moc"

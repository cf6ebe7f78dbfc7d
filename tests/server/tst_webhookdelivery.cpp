// Outgoing webhooks on a real trialdesk-server, sending to a real receiver on a free
// loopback port (issue #16, docs/webhooks.md): the signature verifies with the
// secret (and stops verifying with a rotated one), only subscribed types are sent,
// failures are retried and then delivered, a delivery is dead after the last try and
// the retry endpoint sends it again, a delivery pending when the server is killed is
// delivered after the restart, 10,000 due events reach the receiver within 60 s, and
// (PostgreSQL) two instances on one database deliver each event once.

#include "HttpClient.h"
#include "SecurityTestKit.h"
#include "TestServer.h"
#include "Timestamps.h"
#include "WebhookReceiver.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace td::test::security;
using td::test::HttpClient;
using td::test::HttpReply;
using td::test::TestServer;
using td::test::WebhookReceiver;

namespace {

constexpr int kMaxAttempts = 3;

QStringList serverArguments()
{
    return {u"--no-request-log"_s,
            u"--login-rate"_s,
            u"0"_s,
            u"--submission-rate-per-token"_s,
            u"0"_s,
            u"--webhook-allow-hosts"_s,
            u"127.0.0.1"_s,
            u"--webhook-retry-base"_s,
            u"1"_s,
            u"--webhook-max-attempts"_s,
            QString::number(kMaxAttempts)};
}

// Runs the event loop until `done` or `timeoutMs`.
template<typename Done>
bool waitUntil(Done done, int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    while (!done()) {
        if (deadline.hasExpired())
            return false;
        QTest::qWait(20);
    }
    return true;
}

} // namespace

class TestWebhookDelivery : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void signedAndVerifiable();
    void onlySubscribedTypes();
    void retriesThenDelivered();
    void deadAfterLastTryAndRetried();
    void disabledSendsNothingUntilEnabled();
    void pendingDeliverySurvivesSigkill();
    void tenThousandDueEventsWithinAMinute();
    void twoInstancesDeliverEachEventOnce();

private:
    struct Hook {
        qint64 id = 0;
        QByteArray secret;
    };
    // A new study `code` with a webhook to `receiver`, subscribed to `types` (empty: all).
    Hook createHook(TestServer &server, const QString &code, WebhookReceiver &receiver, const QStringList &types = {});
    QString enrolNext(TestServer &server, const QString &code);
    QJsonObject get(TestServer &server, const QString &path)
    {
        const HttpReply reply = call(m_http, server.adminToken(), "GET", server.url(path));
        return reply.status == 200 ? reply.json() : QJsonObject{{u"status"_s, reply.status}};
    }
    QJsonArray deliveriesOf(TestServer &server, qint64 webhook, const QString &query = {})
    {
        return get(server, u"/api/v1/webhooks/%1/deliveries?limit=200%2"_s.arg(webhook).arg(query))
            .value(u"deliveries"_s)
            .toArray();
    }

    std::unique_ptr<TestServer> m_server;
    HttpClient m_http;
    int m_subjects = 0;
};

void TestWebhookDelivery::initTestCase()
{
    m_server = std::make_unique<TestServer>(serverArguments());
    QVERIFY2(m_server->start(), m_server->log().constData());
}

void TestWebhookDelivery::cleanupTestCase()
{
    QVERIFY(m_server);
    QVERIFY2(m_server->stop(), m_server->log().right(2000).constData());
    QCOMPARE(m_server->exitCode(), 0);
    QVERIFY2(!m_server->log().contains("failed:"), m_server->log().right(2000).constData());
}

TestWebhookDelivery::Hook TestWebhookDelivery::createHook(TestServer &server, const QString &code,
                                                          WebhookReceiver &receiver, const QStringList &types)
{
    const HttpReply project = createProject(m_http, server, server.adminToken(), code);
    if (project.status != 201) {
        qWarning("%s", describe(project).constData());
        return {};
    }
    const HttpReply created =
        call(m_http, server.adminToken(), "POST", server.url(u"/api/v1/projects/%1/webhooks"_s.arg(code)),
             jsonBytes({{u"url"_s, receiver.url().toString()}, {u"eventTypes"_s, QJsonArray::fromStringList(types)}}));
    if (created.status != 201) {
        qWarning("%s", describe(created).constData());
        return {};
    }
    const Hook hook{created.json().value(u"id"_s).toInteger(), created.json().value(u"secret"_s).toString().toUtf8()};
    receiver.setSecret(hook.secret);
    return hook;
}

QString TestWebhookDelivery::enrolNext(TestServer &server, const QString &code)
{
    const QString subjectId = u"wd-%1"_s.arg(++m_subjects);
    const HttpReply enrolled = enrol(m_http, server, server.adminToken(), code, subjectId);
    return enrolled.status == 201 ? subjectId : QString();
}

void TestWebhookDelivery::signedAndVerifiable()
{
    WebhookReceiver receiver;
    QVERIFY(receiver.listen());
    const Hook hook = createHook(*m_server, u"WD-SIGN"_s, receiver);
    QVERIFY(hook.id > 0 && hook.secret.startsWith("whsec_"));
    QSignalSpy received(&receiver, &WebhookReceiver::requestReceived);
    const QString subjectId = enrolNext(*m_server, u"WD-SIGN"_s);
    QVERIFY(!subjectId.isEmpty());
    QVERIFY(received.wait(10'000));

    const WebhookReceiver::Request request = receiver.requests().constFirst();
    QVERIFY2(request.signatureValid, request.headers.value("trialdesk-signature").constData());
    QCOMPARE(request.path, "/hook"_ba);
    QCOMPARE(request.headers.value("content-type"), "application/json"_ba);
    QCOMPARE(request.headers.value("host"), u"127.0.0.1:%1"_s.arg(receiver.port()).toUtf8());
    // The signature's time is now: receivers reject old ones (replay).
    const qint64 t = request.headers.value("trialdesk-signature").split(',').value(0).mid(2).toLongLong();
    QVERIFY(qAbs(QDateTime::currentSecsSinceEpoch() - t) < 60);
    // A changed body or another secret does not verify: the check can fail.
    QVERIFY(!WebhookReceiver::verify(hook.secret, request.headers.value("trialdesk-signature"), request.body + ' '));
    QVERIFY(!WebhookReceiver::verify("whsec_other", request.headers.value("trialdesk-signature"), request.body));

    // The body: the event as GET /events has it, its seq as id and idempotency key.
    const QJsonObject body = QJsonDocument::fromJson(request.body).object();
    const QJsonObject event = body.value(u"event"_s).toObject();
    QCOMPARE(event.value(u"type"_s).toString(), u"subject.enrolled"_s);
    QCOMPARE(event.value(u"entityId"_s).toString(), subjectId);
    QCOMPARE(event.value(u"project"_s).toString(), u"WD-SIGN"_s);
    const qint64 seq = event.value(u"seq"_s).toInteger();
    QCOMPARE(body.value(u"id"_s).toString(), QString::number(seq));
    QCOMPARE(request.headers.value("trialdesk-event-id"), QByteArray::number(seq));
    QCOMPARE(body.value(u"attempt"_s).toInt(), 1);
    const HttpReply events =
        call(m_http, m_server->adminToken(), "GET", m_server->url(u"/api/v1/events?since=%1&limit=1"_s.arg(seq - 1)));
    QCOMPARE(events.json().value(u"items"_s).toArray().at(0).toObject(), event);
    const qint64 deliveryId = body.value(u"deliveryId"_s).toInteger();
    QCOMPARE(request.headers.value("trialdesk-delivery"), QByteArray::number(deliveryId));
    QVERIFY(waitUntil(
        [&] { return get(*m_server, u"/api/v1/deliveries/%1"_s.arg(deliveryId)).value(u"state"_s) == u"delivered"_s; },
        10'000));
    const QJsonObject delivery = get(*m_server, u"/api/v1/deliveries/%1"_s.arg(deliveryId));
    QCOMPARE(delivery.value(u"eventSeq"_s).toInteger(), seq);
    QCOMPARE(delivery.value(u"lastStatus"_s).toInt(), 200);
    QCOMPARE(delivery.value(u"attemptLog"_s).toArray().size(), 1);

    // A rotated secret signs from now on; the old one no longer verifies.
    const HttpReply rotated =
        call(m_http, m_server->adminToken(), "POST", m_server->url(u"/api/v1/webhooks/%1/secret"_s.arg(hook.id)));
    QCOMPARE(rotated.status, 200);
    const QByteArray newSecret = rotated.json().value(u"secret"_s).toString().toUtf8();
    QVERIFY(newSecret != hook.secret);
    QVERIFY(!enrolNext(*m_server, u"WD-SIGN"_s).isEmpty());
    QVERIFY(received.wait(10'000));
    const WebhookReceiver::Request second = receiver.requests().constLast();
    QVERIFY(!second.signatureValid); // the receiver still holds the old secret
    QVERIFY(WebhookReceiver::verify(newSecret, second.headers.value("trialdesk-signature"), second.body));
}

void TestWebhookDelivery::onlySubscribedTypes()
{
    WebhookReceiver receiver;
    QVERIFY(receiver.listen());
    const Hook hook = createHook(*m_server, u"WD-TYPES"_s, receiver, {u"subject.token_reissued"_s});
    QVERIFY(hook.id > 0);
    WebhookReceiver everything;
    QVERIFY(everything.listen());
    const HttpReply all =
        call(m_http, m_server->adminToken(), "POST", m_server->url(u"/api/v1/projects/WD-TYPES/webhooks"_s),
             jsonBytes({{u"url"_s, everything.url().toString()}}));
    QCOMPARE(all.status, 201);
    QSignalSpy received(&receiver, &WebhookReceiver::requestReceived);
    const QString subjectId = enrolNext(*m_server, u"WD-TYPES"_s);
    QVERIFY(!subjectId.isEmpty());
    const HttpReply token =
        call(m_http, m_server->adminToken(), "POST", m_server->url(u"/api/v1/subjects/%1/token"_s.arg(subjectId)));
    QCOMPARE(token.status, 201);
    QVERIFY(received.wait(10'000));
    // The webhook for every type got both (in any order: several are in flight at
    // once); the subscribed one only the reissue.
    QVERIFY(waitUntil([&] { return everything.requestCount() >= 2; }, 10'000));
    QCOMPARE(everything.requestCount(), 2);
    const auto typeOf = [](const WebhookReceiver::Request &r) {
        return QJsonDocument::fromJson(r.body).object().value(u"event"_s).toObject().value(u"type"_s).toString();
    };
    QStringList types{typeOf(everything.requests().at(0)), typeOf(everything.requests().at(1))};
    types.sort();
    QCOMPARE(types, (QStringList{u"subject.enrolled"_s, u"subject.token_reissued"_s}));
    QCOMPARE(receiver.requestCount(), 1);
    QCOMPARE(typeOf(receiver.requests().at(0)), u"subject.token_reissued"_s);
    QCOMPARE(deliveriesOf(*m_server, hook.id).size(), 1);
}

void TestWebhookDelivery::retriesThenDelivered()
{
    WebhookReceiver receiver;
    QVERIFY(receiver.listen());
    receiver.failNext(2, 500);
    const Hook hook = createHook(*m_server, u"WD-RETRY"_s, receiver);
    QVERIFY(hook.id > 0);
    QVERIFY(!enrolNext(*m_server, u"WD-RETRY"_s).isEmpty());
    QVERIFY2(waitUntil([&] { return receiver.distinctAccepted() == 1; }, 30'000),
             qPrintable(QString::number(receiver.requestCount())));
    QCOMPARE(receiver.requestCount(), 3);
    // One event, three attempts of the same delivery: same idempotency key, attempt 1..3.
    for (int i = 0; i < 3; ++i) {
        const WebhookReceiver::Request &r = receiver.requests().at(i);
        QCOMPARE(r.headers.value("trialdesk-event-id"), receiver.requests().at(0).headers.value("trialdesk-event-id"));
        QCOMPARE(QJsonDocument::fromJson(r.body).object().value(u"attempt"_s).toInt(), i + 1);
        QVERIFY(r.signatureValid);
    }
    QJsonArray deliveries;
    QVERIFY(waitUntil(
        [&] {
            deliveries = deliveriesOf(*m_server, hook.id, u"&state=delivered"_s);
            return deliveries.size() == 1;
        },
        10'000));
    const qint64 id = deliveries.at(0).toObject().value(u"id"_s).toInteger();
    const QJsonObject delivery = get(*m_server, u"/api/v1/deliveries/%1"_s.arg(id));
    QCOMPARE(delivery.value(u"attempts"_s).toInt(), 3);
    QCOMPARE(delivery.value(u"lastStatus"_s).toInt(), 200);
    QVERIFY(delivery.value(u"nextAttemptAt"_s).isNull());
    const QJsonArray log = delivery.value(u"attemptLog"_s).toArray();
    QCOMPARE(log.size(), 3);
    QCOMPARE(log.at(0).toObject().value(u"status"_s).toInt(), 500);
    QCOMPARE(log.at(0).toObject().value(u"error"_s).toString(), u"HTTP 500"_s);
    QCOMPARE(log.at(1).toObject().value(u"status"_s).toInt(), 500);
    QCOMPARE(log.at(2).toObject().value(u"status"_s).toInt(), 200);
    QVERIFY(log.at(2).toObject().value(u"error"_s).isNull());
    const QJsonObject webhook = get(*m_server, u"/api/v1/webhooks/%1"_s.arg(hook.id));
    QCOMPARE(webhook.value(u"counts"_s).toObject().value(u"delivered"_s).toInt(), 1);
}

void TestWebhookDelivery::deadAfterLastTryAndRetried()
{
    WebhookReceiver receiver;
    QVERIFY(receiver.listen());
    receiver.failAlways(503);
    const Hook hook = createHook(*m_server, u"WD-DEAD"_s, receiver);
    QVERIFY(hook.id > 0);
    QVERIFY(!enrolNext(*m_server, u"WD-DEAD"_s).isEmpty());
    QJsonArray dead;
    QVERIFY(waitUntil(
        [&] {
            dead = deliveriesOf(*m_server, hook.id, u"&state=dead"_s);
            return dead.size() == 1;
        },
        30'000));
    QCOMPARE(receiver.requestCount(), kMaxAttempts);
    const QJsonObject d = dead.at(0).toObject();
    QCOMPARE(d.value(u"attempts"_s).toInt(), kMaxAttempts);
    QCOMPARE(d.value(u"lastStatus"_s).toInt(), 503);
    QVERIFY(d.value(u"nextAttemptAt"_s).isNull());
    QCOMPARE(
        get(*m_server, u"/api/v1/webhooks/%1"_s.arg(hook.id)).value(u"counts"_s).toObject().value(u"dead"_s).toInt(),
        1);

    // Retried: pending again with its attempts restarted, and delivered now the receiver is back.
    receiver.failAlways(0);
    const qint64 id = d.value(u"id"_s).toInteger();
    const HttpReply retried =
        call(m_http, m_server->adminToken(), "POST", m_server->url(u"/api/v1/deliveries/%1/retry"_s.arg(id)));
    QVERIFY2(retried.status == 202, describe(retried).constData());
    QCOMPARE(retried.json().value(u"state"_s).toString(), u"pending"_s);
    QCOMPARE(retried.json().value(u"attempts"_s).toInt(), 0);
    QVERIFY(waitUntil([&] { return receiver.distinctAccepted() == 1; }, 10'000));
    QVERIFY(waitUntil(
        [&] { return get(*m_server, u"/api/v1/deliveries/%1"_s.arg(id)).value(u"state"_s) == u"delivered"_s; },
        10'000));
    const QJsonObject after = get(*m_server, u"/api/v1/deliveries/%1"_s.arg(id));
    QCOMPARE(after.value(u"attempts"_s).toInt(), 1);
    QCOMPARE(after.value(u"attemptLog"_s).toArray().size(), kMaxAttempts + 1); // the log keeps every attempt
    // Only a dead delivery is retried.
    const HttpReply again =
        call(m_http, m_server->adminToken(), "POST", m_server->url(u"/api/v1/deliveries/%1/retry"_s.arg(id)));
    SECURITY_CHECK(checkError(again, 409, u"delivery_not_dead"_s));
}

void TestWebhookDelivery::disabledSendsNothingUntilEnabled()
{
    WebhookReceiver receiver;
    QVERIFY(receiver.listen());
    const Hook hook = createHook(*m_server, u"WD-OFF"_s, receiver);
    QVERIFY(hook.id > 0);
    const HttpReply off =
        call(m_http, m_server->adminToken(), "PATCH", m_server->url(u"/api/v1/webhooks/%1"_s.arg(hook.id)),
             jsonBytes({{u"enabled"_s, false}}));
    QCOMPARE(off.status, 200);
    QVERIFY(!enrolNext(*m_server, u"WD-OFF"_s).isEmpty());
    const HttpReply on = call(m_http, m_server->adminToken(), "PATCH",
                              m_server->url(u"/api/v1/webhooks/%1"_s.arg(hook.id)), jsonBytes({{u"enabled"_s, true}}));
    QCOMPARE(on.status, 200);
    QSignalSpy received(&receiver, &WebhookReceiver::requestReceived);
    const QString later = enrolNext(*m_server, u"WD-OFF"_s);
    QVERIFY(received.wait(10'000));
    // What happened while it was disabled is not sent: the first request is the later event.
    QCOMPARE(QJsonDocument::fromJson(receiver.requests().at(0).body)
                 .object()
                 .value(u"event"_s)
                 .toObject()
                 .value(u"entityId"_s)
                 .toString(),
             later);
    QCOMPARE(deliveriesOf(*m_server, hook.id).size(), 1);
}

void TestWebhookDelivery::pendingDeliverySurvivesSigkill()
{
    TestServer server(serverArguments());
    QVERIFY2(server.start(), server.log().constData());
    WebhookReceiver receiver;
    QVERIFY(receiver.listen());
    receiver.failAlways(500);
    const Hook hook = createHook(server, u"WD-KILL"_s, receiver);
    QVERIFY(hook.id > 0);
    QSignalSpy received(&receiver, &WebhookReceiver::requestReceived);
    QVERIFY(!enrolNext(server, u"WD-KILL"_s).isEmpty());
    QVERIFY(received.wait(10'000)); // the first try failed: pending, retried later
    server.kill();
    receiver.failAlways(0);
    const int before = receiver.requestCount();
    QVERIFY(before < kMaxAttempts);
    QVERIFY2(server.start(), server.log().constData());
    QVERIFY2(waitUntil([&] { return receiver.distinctAccepted() == 1; }, 60'000), server.log().right(2000).constData());
    // Once per event id, however many tries it took.
    QCOMPARE(receiver.acceptedByEventId().constBegin().value(), 1);
    QVERIFY(server.stop());
}

void TestWebhookDelivery::tenThousandDueEventsWithinAMinute()
{
    constexpr int kEvents = 10'000;
    TestServer server(serverArguments());
    QVERIFY2(server.start(), server.log().constData());
    WebhookReceiver receiver;
    QVERIFY(receiver.listen());
    const Hook hook = createHook(server, u"WD-SCALE"_s, receiver);
    QVERIFY(hook.id > 0);
    // 10,000 events committed while the server is down, as if they all came due at
    // once: at the start every one of them is due.
    QVERIFY(server.stop());
    {
        QString error;
        QSqlDatabase db = td::test::openTestDatabase(u"scale"_s, server.databaseFile(), false, &error);
        QVERIFY2(db.isValid(), qPrintable(error));
        QVERIFY(db.transaction());
        QSqlQuery q(db);
        QVERIFY(q.exec(u"SELECT last_seq FROM event_counter WHERE id = 1"_s) && q.next());
        const qint64 last = q.value(0).toLongLong();
        q.finish();
        QVERIFY(q.prepare(u"INSERT INTO events (seq, project, site, type, entity_id, occurred_at) "
                          "VALUES (?, 'WD-SCALE', NULL, 'subject.enrolled', ?, ?)"_s));
        const QString at = td::formatTimestamp(QDateTime::currentDateTimeUtc());
        for (int i = 1; i <= kEvents; ++i) {
            q.addBindValue(last + i);
            q.addBindValue(u"scale-%1"_s.arg(i));
            q.addBindValue(at);
            QVERIFY2(q.exec(), qPrintable(q.lastError().text()));
        }
        QVERIFY(q.exec(u"UPDATE event_counter SET last_seq = %1 WHERE id = 1"_s.arg(last + kEvents)));
        q.finish();
        q = QSqlQuery();
        QVERIFY(db.commit());
        db.close();
    }
    QSqlDatabase::removeDatabase(u"scale"_s);
    QElapsedTimer timer;
    timer.start();
    QVERIFY2(server.start(), server.log().constData());
    const bool all = waitUntil([&] { return receiver.distinctAccepted() == kEvents; }, 60'000);
    const qint64 ms = timer.elapsed();
    qInfo("webhooks: %d due events delivered to a loopback receiver in %lld ms (%d requests)",
          receiver.distinctAccepted(), ms, receiver.requestCount());
    QVERIFY2(all, qPrintable(u"%1 of %2 delivered in 60 s"_s.arg(receiver.distinctAccepted()).arg(kEvents)));
    QCOMPARE(receiver.requestCount(), kEvents); // none twice
    QVERIFY(server.stop());
}

void TestWebhookDelivery::twoInstancesDeliverEachEventOnce()
{
    if (!TestServer::usesPostgres())
        QSKIP("several instances share a database on PostgreSQL only");
    constexpr int kSubjects = 300;
    TestServer first(serverArguments());
    QVERIFY2(first.start(), first.log().constData());
    TestServer second(first, serverArguments());
    QVERIFY2(second.start(), second.log().constData());
    WebhookReceiver receiver;
    QVERIFY(receiver.listen());
    const Hook hook = createHook(first, u"WD-TWO"_s, receiver);
    QVERIFY(hook.id > 0);
    // Half the changes through each instance: both fan out and send.
    for (int i = 0; i < kSubjects; ++i) {
        TestServer &server = i % 2 ? second : first;
        const HttpReply enrolled = enrol(m_http, server, first.adminToken(), u"WD-TWO"_s, u"two-%1"_s.arg(i));
        QVERIFY2(enrolled.status == 201, describe(enrolled).constData());
    }
    QVERIFY2(waitUntil([&] { return receiver.distinctAccepted() == kSubjects; }, 60'000),
             qPrintable(QString::number(receiver.distinctAccepted())));
    QCOMPARE(receiver.requestCount(), kSubjects); // never twice, never concurrently by both
    QCOMPARE(deliveriesOf(first, hook.id, u"&state=delivered"_s).size(), 200); // the page limit: at least 200
    QVERIFY(second.stop());
    QVERIFY(first.stop());
}

QTEST_MAIN(TestWebhookDelivery)
#include "tst_webhookdelivery.moc"

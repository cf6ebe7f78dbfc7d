// The event outbox and GET /api/v1/events (issue #16), on a real server:
// - every change type appends exactly one event, committed with the change; a
//   refused change and an idempotent replay append none;
// - since/limit paging is gap-free and in seq order; bad parameters answer 400 with
//   the field; a subject token gets 403;
// - scope: a member of one study sees none of another's events, a site-restricted
//   member only its sites' events and the study-wide ones, and lastSeq moves past
//   what it may not see so that paging ends;
// - retention: events older than --event-retention-days are pruned (their age set in
//   the database while the server is stopped, then a restart prunes them), never the
//   newest; a reader whose since lies before what is kept gets 410 events_pruned
//   with the oldest kept seq, on the stream close 4410, and numbering goes on.

#include "HttpClient.h"
#include "SecurityTestKit.h"
#include "TestServer.h"
#include "Timestamps.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>
#include <QUuid>
#include <QWebSocket>
#include <memory>

using namespace Qt::StringLiterals;
using namespace td::test::security;
using td::test::HttpClient;
using td::test::HttpReply;
using td::test::TestServer;

class TestEventsApi : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void eachChangeAppendsOneEvent_data();
    void eachChangeAppendsOneEvent();
    void refusedChangeAppendsNone();
    void idempotentReplayAppendsNone();
    void pagingIsGapFree();
    void badParameters_data();
    void badParameters();
    void subjectTokenIsRefused();
    void scope_data();
    void scope();
    void retention_data();
    void retention();
    void retentionOnTheStream_data();
    void retentionOnTheStream();
    void retentionKeepsTheNewest();

private:
    QUrl url(const QString &path) const { return m_server->url(path); }
    HttpReply as(const QString &token, const QByteArray &method, const QString &path, const QJsonObject &body = {})
    {
        return call(m_http, token, method, url(path), body.isEmpty() ? QByteArray() : jsonBytes(body));
    }
    qint64 head();
    // Every event after `since` visible to `token`, following lastSeq; `pages` counts requests.
    QList<QJsonObject> allEvents(const QString &token, qint64 since = 0, int limit = 200, int *pages = nullptr);

    // The retention server: six enrolments, then seq 1-4 aged past its 30 days, seq 5
    // by 29 days, and restarted so that it prunes 1-4.
    bool startRetained();
    // Sets occurred_at of the events up to `upTo` (and from `from`) `days` back.
    bool age(qint64 from, qint64 upTo, int days);
    HttpReply retainedEvents(qint64 since);

    std::unique_ptr<TestServer> m_server;
    std::unique_ptr<TestServer> m_retained;
    HttpClient m_http;
    QString m_admin;
    QString m_northCrc; // crc of EV-A at North only
    QString m_pmA;      // pm of EV-A, every site
    QString m_memberB;  // monitor of EV-B
    QString m_subjectToken;
    qint64 m_submission = 0; // of ev-north-1
};

qint64 TestEventsApi::head()
{
    qint64 last = 0;
    for (const QJsonObject &e : allEvents(m_admin))
        last = std::max(last, e.value(u"seq"_s).toInteger());
    return last;
}

QList<QJsonObject> TestEventsApi::allEvents(const QString &token, qint64 since, int limit, int *pages)
{
    QList<QJsonObject> events;
    for (int i = 0; i < 10000; ++i) {
        const HttpReply reply = as(token, "GET", u"/api/v1/events?since=%1&limit=%2"_s.arg(since).arg(limit));
        if (pages)
            ++*pages;
        if (reply.status != 200) {
            qWarning("%s", describe(reply).constData());
            return {};
        }
        const QJsonObject body = reply.json();
        for (const QJsonValue &item : body.value(u"items"_s).toArray())
            events.append(item.toObject());
        const qint64 next = body.value(u"lastSeq"_s).toInteger();
        if (next < since) {
            qWarning("lastSeq went back: %lld < %lld", static_cast<long long>(next), static_cast<long long>(since));
            return {};
        }
        since = next;
        if (!body.value(u"more"_s).toBool())
            break;
    }
    return events;
}

void TestEventsApi::initTestCase()
{
    m_server = std::make_unique<TestServer>(
        QStringList{u"--no-request-log"_s, u"--login-rate"_s, u"0"_s, u"--submission-rate-per-token"_s, u"0"_s});
    QVERIFY2(m_server->start(), m_server->log().constData());
    m_admin = m_server->adminToken();
    for (const QString &code : {u"EV-A"_s, u"EV-B"_s}) {
        const HttpReply created = as(m_admin, "POST", u"/api/v1/projects"_s,
                                     {{u"code"_s, code},
                                      {u"title"_s, u"Event study"_s},
                                      {u"status"_s, u"active"_s},
                                      {u"sites"_s, QJsonArray{u"North"_s, u"South"_s}}});
        QVERIFY2(created.status == 201, describe(created).constData());
    }
    const QList<std::tuple<QString, QString, QString>> subjects = {{u"EV-A"_s, u"ev-north-1"_s, u"North"_s},
                                                                   {u"EV-A"_s, u"ev-south-1"_s, u"South"_s},
                                                                   {u"EV-B"_s, u"ev-b-1"_s, u"North"_s}};
    for (const auto &[code, subjectId, site] : subjects) {
        const HttpReply enrolled = as(m_admin, "POST", u"/api/v1/projects/%1/subjects"_s.arg(code),
                                      {{u"subjectId"_s, subjectId}, {u"name"_s, u"Event Person"_s}, {u"site"_s, site}});
        QVERIFY2(enrolled.status == 201, describe(enrolled).constData());
        if (subjectId == u"ev-north-1"_s)
            m_subjectToken = enrolled.json().value(u"subjectToken"_s).toString();
        const HttpReply submitted = submitQuestionnaire(m_http, *m_server, m_admin, subjectId);
        QVERIFY2(submitted.status == 201, describe(submitted).constData());
        if (subjectId == u"ev-north-1"_s)
            m_submission = submitted.json().value(u"id"_s).toInteger();
    }
    m_northCrc = m_server->createStaff(u"ev-crc"_s, u"crc"_s);
    m_pmA = m_server->createStaff(u"ev-pm"_s, u"pm"_s);
    m_memberB = m_server->createStaff(u"ev-monitor"_s, u"monitor"_s);
    QVERIFY(!m_northCrc.isEmpty() && !m_pmA.isEmpty() && !m_memberB.isEmpty() && !m_subjectToken.isEmpty());
    SECURITY_CHECK(grant(m_http, *m_server, u"ev-crc"_s, u"EV-A"_s, u"crc"_s, {u"North"_s}));
    SECURITY_CHECK(grant(m_http, *m_server, u"ev-pm"_s, u"EV-A"_s, u"pm"_s));
    SECURITY_CHECK(grant(m_http, *m_server, u"ev-monitor"_s, u"EV-B"_s, u"monitor"_s));
}

void TestEventsApi::cleanupTestCase()
{
    m_retained.reset();
    m_server.reset();
}

void TestEventsApi::eachChangeAppendsOneEvent_data()
{
    QTest::addColumn<QString>("change");
    QTest::addColumn<QString>("type");
    QTest::addColumn<QString>("site"); // of the event; empty: null
    QTest::newRow("enrolment") << u"enrol"_s << u"subject.enrolled"_s << u"South"_s;
    QTest::newRow("questionnaire") << u"submit"_s << u"submission.stored"_s << u"North"_s;
    QTest::newRow("vital sign") << u"vital"_s << u"vitals.stored"_s << u"North"_s;
    QTest::newRow("review") << u"review"_s << u"submission.reviewed"_s << u"North"_s;
    QTest::newRow("signature") << u"sign"_s << u"signature.recorded"_s << u"North"_s;
    QTest::newRow("token re-issued") << u"token"_s << u"subject.token_reissued"_s << u"South"_s;
    QTest::newRow("subject updated") << u"update"_s << u"subject.updated"_s << u"South"_s;
    QTest::newRow("definition published") << u"publish"_s << u"definition.published"_s << QString();
    QTest::newRow("schedule set") << u"schedule"_s << u"schedule.changed"_s << QString();
    QTest::newRow("schedule removed") << u"unschedule"_s << u"schedule.changed"_s << QString();
}

void TestEventsApi::eachChangeAppendsOneEvent()
{
    QFETCH(QString, change);
    QFETCH(QString, type);
    QFETCH(QString, site);
    const qint64 before = head();
    HttpReply reply;
    QString entityId;
    const QJsonObject signature{{u"password"_s, password()}, {u"meaning"_s, u"Approved"_s}};
    if (change == u"enrol"_s) {
        entityId = u"ev-south-2"_s;
        reply = as(m_admin, "POST", u"/api/v1/projects/EV-A/subjects"_s,
                   {{u"subjectId"_s, entityId}, {u"name"_s, u"Event Person"_s}, {u"site"_s, u"South"_s}});
    } else if (change == u"submit"_s) {
        reply = submitQuestionnaire(m_http, *m_server, m_subjectToken, u"ev-north-1"_s);
        entityId = QString::number(reply.json().value(u"id"_s).toInteger());
    } else if (change == u"vital"_s) {
        reply = submitVital(m_http, *m_server, m_subjectToken, u"ev-north-1"_s);
        entityId = QString::number(reply.json().value(u"id"_s).toInteger());
    } else if (change == u"review"_s) {
        entityId = QString::number(m_submission);
        reply = as(m_admin, "PATCH", u"/api/v1/submissions/"_s + entityId, {{u"reviewStatus"_s, u"reviewed"_s}});
    } else if (change == u"sign"_s) {
        entityId = QString::number(m_submission); // reviewed by the row before
        reply = as(m_admin, "POST", u"/api/v1/submissions/%1/sign"_s.arg(entityId), signature);
    } else if (change == u"token"_s) {
        entityId = u"ev-south-1"_s;
        reply = as(m_admin, "POST", u"/api/v1/subjects/ev-south-1/token"_s);
    } else if (change == u"update"_s) {
        entityId = u"ev-south-1"_s;
        reply = as(m_admin, "PATCH", u"/api/v1/subjects/ev-south-1"_s,
                   {{u"timeZone"_s, u"Asia/Shanghai"_s}, {u"anchorDate"_s, u"2026-11-30"_s}});
    } else if (change == u"publish"_s) {
        const QJsonObject both{{u"en"_s, u"Question 1"_s}, {u"zh_CN"_s, u"问题 1"_s}};
        const HttpReply created =
            as(m_admin, "POST", u"/api/v1/projects/EV-B/questionnaires"_s,
               {{u"key"_s, u"evq"_s},
                {u"title"_s, both},
                {u"items"_s,
                 QJsonArray{QJsonObject{{u"key"_s, u"q1"_s}, {u"type"_s, u"integer"_s}, {u"label"_s, both}}}}});
        QVERIFY2(created.status == 201, describe(created).constData());
        QCOMPARE(head(), before); // a draft is no event
        entityId = u"evq/1"_s;
        reply = as(m_admin, "POST", u"/api/v1/projects/EV-B/questionnaires/evq/versions/1/publish"_s, signature);
    } else if (change == u"schedule"_s || change == u"unschedule"_s) {
        entityId = u"phq9"_s;
        reply = change == u"schedule"_s
                    ? as(m_admin, "PUT", u"/api/v1/projects/EV-B/schedules/phq9"_s,
                         {{u"rule"_s, u"daily"_s}, {u"at"_s, u"08:00"_s}, {u"windowMinutes"_s, 120}})
                    : as(m_admin, "DELETE", u"/api/v1/projects/EV-B/schedules/phq9"_s);
    }
    QVERIFY2(reply.status >= 200 && reply.status < 300, describe(reply).constData());
    // Committed with the change: there when its answer is.
    const QList<QJsonObject> events = allEvents(m_admin, before);
    QCOMPARE(events.size(), 1);
    const QJsonObject e = events.first();
    QCOMPARE(e.value(u"seq"_s).toInteger(), before + 1);
    QCOMPARE(e.value(u"type"_s).toString(), type);
    QCOMPARE(e.value(u"entityId"_s).toString(), entityId);
    QCOMPARE(e.value(u"project"_s).toString(),
             change == u"publish"_s || change.contains(u"schedule"_s) ? u"EV-B"_s : u"EV-A"_s);
    if (site.isEmpty())
        QVERIFY(e.value(u"site"_s).isNull());
    else
        QCOMPARE(e.value(u"site"_s).toString(), site);
    QVERIFY(QDateTime::fromString(e.value(u"at"_s).toString(), Qt::ISODateWithMs).isValid());
    // Ids only: no names or answers.
    QCOMPARE(QStringList(e.keys()),
             (QStringList{u"at"_s, u"entityId"_s, u"project"_s, u"seq"_s, u"site"_s, u"type"_s}));
}

void TestEventsApi::refusedChangeAppendsNone()
{
    const qint64 before = head();
    // Unknown subject, a closed study, a review of nothing, a signature of a signed one.
    QCOMPARE(submitQuestionnaire(m_http, *m_server, m_admin, u"ev-nobody"_s).status, 404);
    const HttpReply closed = as(m_admin, "POST", u"/api/v1/projects"_s,
                                {{u"code"_s, u"EV-C"_s}, {u"title"_s, u"Completed"_s}, {u"status"_s, u"completed"_s}});
    QVERIFY2(closed.status == 201, describe(closed).constData());
    QCOMPARE(as(m_admin, "POST", u"/api/v1/projects/EV-C/subjects"_s, {{u"name"_s, u"Nobody"_s}}).status, 409);
    QCOMPARE(as(m_admin, "PATCH", u"/api/v1/submissions/999999"_s, {{u"reviewStatus"_s, u"reviewed"_s}}).status, 404);
    // A refusal after the job changed something (the batch runs again with savepoints).
    const HttpReply bad =
        as(m_admin, "PATCH", u"/api/v1/submissions/%1"_s.arg(m_submission), {{u"reviewStatus"_s, u"queried"_s}});
    QVERIFY2(bad.status >= 400, describe(bad).constData());
    // A subject patch that changes nothing, and one refused.
    const HttpReply same =
        as(m_admin, "PATCH", u"/api/v1/subjects/ev-north-1"_s, {{u"timeZone"_s, u"Asia/Shanghai"_s}});
    QVERIFY2(same.status == 200, describe(same).constData());
    const qint64 afterFirstPatch = head();
    QCOMPARE(as(m_admin, "PATCH", u"/api/v1/subjects/ev-north-1"_s, {{u"timeZone"_s, u"Asia/Shanghai"_s}}).status, 200);
    QCOMPARE(as(m_admin, "PATCH", u"/api/v1/subjects/ev-north-1"_s, {{u"timeZone"_s, u"Mars/Olympus"_s}}).status, 400);
    QCOMPARE(head(), afterFirstPatch);
    QVERIFY(afterFirstPatch <= before + 1); // the first one may have changed the zone
}

void TestEventsApi::idempotentReplayAppendsNone()
{
    const QByteArray body = jsonBytes({{u"subjectId"_s, u"ev-north-1"_s},
                                       {u"questionnaire"_s, u"phq9"_s},
                                       {u"answers"_s, QJsonObject{{u"q1"_s, 2}}}});
    const td::test::Headers key{{"Idempotency-Key", "ev-replay-1"}};
    m_http.setToken(m_subjectToken);
    const HttpReply first = m_http.post(url(u"/api/v1/subjects/ev-north-1/questionnaires"_s), body, key);
    QVERIFY2(first.status == 201, describe(first).constData());
    const qint64 afterFirst = head();
    const HttpReply replay = m_http.post(url(u"/api/v1/subjects/ev-north-1/questionnaires"_s), body, key);
    QVERIFY2(replay.status == 200 || replay.status == 201, describe(replay).constData());
    QCOMPARE(replay.json().value(u"id"_s), first.json().value(u"id"_s));
    QCOMPARE(head(), afterFirst);
    const QList<QJsonObject> mine = allEvents(m_admin, afterFirst - 1);
    QCOMPARE(mine.size(), 1);
    QCOMPARE(mine.first().value(u"entityId"_s).toString(), QString::number(first.json().value(u"id"_s).toInteger()));
}

void TestEventsApi::pagingIsGapFree()
{
    for (int i = 0; i < 7; ++i)
        QCOMPARE(submitVital(m_http, *m_server, m_admin, u"ev-b-1"_s, 60 + i).status, 201);
    int pages = 0;
    const QList<QJsonObject> all = allEvents(m_admin, 0, 3, &pages);
    QVERIFY(all.size() >= 10);
    QVERIFY(pages >= all.size() / 3);
    for (int i = 0; i < all.size(); ++i)
        QCOMPARE(all.at(i).value(u"seq"_s).toInteger(), qint64(i + 1)); // from 1, no gap, no repeat
    const HttpReply last = as(m_admin, "GET", u"/api/v1/events?since=%1"_s.arg(all.size()));
    QCOMPARE(last.status, 200);
    QCOMPARE(last.json().value(u"items"_s).toArray().size(), 0);
    QCOMPARE(last.json().value(u"lastSeq"_s).toInteger(), qint64(all.size()));
    QCOMPARE(last.json().value(u"more"_s).toBool(), false);
    const HttpReply two = as(m_admin, "GET", u"/api/v1/events?since=2&limit=2"_s);
    QCOMPARE(two.json().value(u"lastSeq"_s).toInteger(), 4);
    QCOMPARE(two.json().value(u"more"_s).toBool(), true);
    // Beyond the head: nothing, and lastSeq stays where the client is.
    const HttpReply ahead = as(m_admin, "GET", u"/api/v1/events?since=1000000"_s);
    QCOMPARE(ahead.json().value(u"lastSeq"_s).toInteger(), 1000000);
}

void TestEventsApi::badParameters_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<QString>("field");
    QTest::newRow("negative since") << u"since=-1"_s << u"since"_s;
    QTest::newRow("text since") << u"since=abc"_s << u"since"_s;
    QTest::newRow("huge since") << u"since=99999999999999999999999"_s << u"since"_s;
    QTest::newRow("zero limit") << u"limit=0"_s << u"limit"_s;
    QTest::newRow("limit over 1000") << u"limit=1001"_s << u"limit"_s;
    QTest::newRow("fractional limit") << u"limit=2.5"_s << u"limit"_s;
    QTest::newRow("empty limit") << u"limit="_s << u"limit"_s;
}

void TestEventsApi::badParameters()
{
    QFETCH(QString, query);
    QFETCH(QString, field);
    const HttpReply reply = as(m_admin, "GET", u"/api/v1/events?"_s + query);
    SECURITY_CHECK(checkError(reply, 400, u"invalid_parameter"_s));
    QVERIFY2(reply.json().value(u"fields"_s).toObject().contains(field), describe(reply).constData());
}

void TestEventsApi::subjectTokenIsRefused()
{
    SECURITY_CHECK(checkError(as(m_subjectToken, "GET", u"/api/v1/events"_s), 403, u"forbidden"_s));
    SECURITY_CHECK(checkUnauthorized(as(QString(), "GET", u"/api/v1/events"_s)));
}

void TestEventsApi::scope_data()
{
    QTest::addColumn<QString>("who");
    QTest::addColumn<QString>("project");   // the only one it sees
    QTest::addColumn<QStringList>("sites"); // the sites it sees besides study-wide events; empty: all
    QTest::newRow("site-restricted crc of A") << u"crc"_s << u"EV-A"_s << QStringList{u"North"_s};
    QTest::newRow("pm of A") << u"pm"_s << u"EV-A"_s << QStringList();
    QTest::newRow("monitor of B") << u"monitor"_s << u"EV-B"_s << QStringList();
}

void TestEventsApi::scope()
{
    QFETCH(QString, who);
    QFETCH(QString, project);
    QFETCH(QStringList, sites);
    const QString token = who == u"crc"_s ? m_northCrc : who == u"pm"_s ? m_pmA : m_memberB;
    const QList<QJsonObject> everything = allEvents(m_admin);
    QList<qint64> expected;
    for (const QJsonObject &e : everything) {
        const QString site = e.value(u"site"_s).toString();
        if (e.value(u"project"_s).toString() == project && (sites.isEmpty() || site.isEmpty() || sites.contains(site)))
            expected.append(e.value(u"seq"_s).toInteger());
    }
    QVERIFY(!expected.isEmpty());
    QVERIFY(expected.size() < everything.size());
    // Small pages: lastSeq must carry the reader past the events it may not see.
    for (int limit : {1, 2, 1000}) {
        QList<qint64> seen;
        for (const QJsonObject &e : allEvents(token, 0, limit))
            seen.append(e.value(u"seq"_s).toInteger());
        QCOMPARE(seen, expected);
    }
}

bool TestEventsApi::age(qint64 from, qint64 upTo, int days)
{
    const QString name = u"age-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces);
    bool ok = false;
    {
        QString error;
        QSqlDatabase db = td::test::openTestDatabase(name, m_retained->databaseFile(), false, &error);
        if (!db.isValid()) {
            qWarning("%s", qPrintable(error));
        } else {
            {
                QSqlQuery q(db);
                q.prepare(u"UPDATE events SET occurred_at = ? WHERE seq >= ? AND seq <= ?"_s);
                q.addBindValue(td::formatTimestamp(QDateTime::currentDateTimeUtc().addDays(-days)));
                q.addBindValue(from);
                q.addBindValue(upTo);
                ok = q.exec() && q.numRowsAffected() == upTo - from + 1;
                if (!ok)
                    qWarning("aging events %lld-%lld: %s (%d rows)", static_cast<long long>(from),
                             static_cast<long long>(upTo), qPrintable(q.lastError().text()), q.numRowsAffected());
            }
            db.close();
        }
    }
    QSqlDatabase::removeDatabase(name);
    return ok;
}

HttpReply TestEventsApi::retainedEvents(qint64 since)
{
    return call(m_http, m_retained->adminToken(), "GET", m_retained->url(u"/api/v1/events?since=%1"_s.arg(since)));
}

bool TestEventsApi::startRetained()
{
    if (m_retained)
        return m_retained->isRunning();
    m_retained = std::make_unique<TestServer>(
        QStringList{u"--no-request-log"_s, u"--login-rate"_s, u"0"_s, u"--event-retention-days"_s, u"30"_s});
    if (!m_retained->start()) {
        qWarning("%s", m_retained->log().constData());
        return false;
    }
    const QString admin = m_retained->adminToken();
    const HttpReply created = call(m_http, admin, "POST", m_retained->url(u"/api/v1/projects"_s),
                                   jsonBytes({{u"code"_s, u"RT-A"_s},
                                              {u"title"_s, u"Retention study"_s},
                                              {u"status"_s, u"active"_s},
                                              {u"sites"_s, QJsonArray{u"North"_s}}}));
    if (created.status != 201) {
        qWarning("%s", describe(created).constData());
        return false;
    }
    for (int i = 1; i <= 6; ++i) {
        const HttpReply enrolled = call(
            m_http, admin, "POST", m_retained->url(u"/api/v1/projects/RT-A/subjects"_s),
            jsonBytes({{u"subjectId"_s, u"rt-%1"_s.arg(i)}, {u"name"_s, u"Old Person"_s}, {u"site"_s, u"North"_s}}));
        if (enrolled.status != 201) {
            qWarning("%s", describe(enrolled).constData());
            return false;
        }
    }
    if (retainedEvents(5).json().value(u"lastSeq"_s).toInteger() != 6) {
        qWarning("expected the six enrolments as seq 1-6");
        return false;
    }
    // Aged while the server is stopped; its start prunes.
    if (!m_retained->stop() || !age(1, 4, 31) || !age(5, 5, 29) || !m_retained->start()) {
        qWarning("%s", m_retained->log().constData());
        return false;
    }
    QElapsedTimer waited;
    waited.start();
    while (retainedEvents(0).status != 410 && waited.elapsed() < 10'000)
        QTest::qWait(20);
    return retainedEvents(0).status == 410;
}

void TestEventsApi::retention_data()
{
    QTest::addColumn<qint64>("since");
    QTest::addColumn<int>("status");
    QTest::addColumn<QList<qint64>>("seqs"); // 410: the oldest seq kept
    QTest::newRow("since 0: the whole outbox, 1-4 gone") << qint64(0) << 410 << QList<qint64>{5};
    QTest::newRow("since 3: seq 4 gone") << qint64(3) << 410 << QList<qint64>{5};
    QTest::newRow("since 4: nothing missed") << qint64(4) << 200 << QList<qint64>{5, 6};
    QTest::newRow("since 5: 29 days old is kept") << qint64(5) << 200 << QList<qint64>{6};
    QTest::newRow("since the head") << qint64(6) << 200 << QList<qint64>{};
}

void TestEventsApi::retention()
{
    QFETCH(qint64, since);
    QFETCH(int, status);
    QFETCH(QList<qint64>, seqs);
    QVERIFY(startRetained());
    const HttpReply reply = retainedEvents(since);
    QVERIFY2(reply.status == status, describe(reply).constData());
    const QJsonObject body = reply.json();
    if (status == 410) {
        QCOMPARE(body.value(u"code"_s).toString(), u"events_pruned"_s);
        QVERIFY(!body.value(u"error"_s).toString().isEmpty());
        QCOMPARE(body.value(u"oldestSeq"_s).toInteger(), seqs.first());
        QVERIFY(!body.contains(u"items"_s));
        return;
    }
    QList<qint64> got;
    for (const QJsonValue &item : body.value(u"items"_s).toArray())
        got.append(item.toObject().value(u"seq"_s).toInteger());
    QCOMPARE(got, seqs);
    QCOMPARE(body.value(u"lastSeq"_s).toInteger(), 6);
}

void TestEventsApi::retentionOnTheStream_data()
{
    QTest::addColumn<qint64>("since");
    QTest::addColumn<int>("closeCode"); // 0: stays open
    QTest::addColumn<QList<qint64>>("seqs");
    QTest::newRow("since 0: gone") << qint64(0) << 4410 << QList<qint64>{};
    QTest::newRow("since 2: gone") << qint64(2) << 4410 << QList<qint64>{};
    QTest::newRow("since 4: caught up") << qint64(4) << 0 << QList<qint64>{5, 6};
}

void TestEventsApi::retentionOnTheStream()
{
    QFETCH(qint64, since);
    QFETCH(int, closeCode);
    QFETCH(QList<qint64>, seqs);
    QVERIFY(startRetained());
    QWebSocket socket;
    QList<QJsonObject> messages;
    bool closed = false;
    connect(&socket, &QWebSocket::textMessageReceived, this,
            [&messages](const QString &text) { messages.append(QJsonDocument::fromJson(text.toUtf8()).object()); });
    connect(&socket, &QWebSocket::disconnected, this, [&closed] { closed = true; });
    socket.open(QUrl(u"ws://127.0.0.1:%1/api/v1/events/stream"_s.arg(m_retained->port())));
    QTRY_COMPARE_WITH_TIMEOUT(socket.state(), QAbstractSocket::ConnectedState, 5000);
    const QJsonObject hello{{u"type"_s, u"hello"_s}, {u"token"_s, m_retained->adminToken()}, {u"since"_s, since}};
    socket.sendTextMessage(QString::fromUtf8(QJsonDocument(hello).toJson(QJsonDocument::Compact)));
    const auto seqsReceived = [&messages] {
        QList<qint64> list;
        for (const QJsonObject &m : messages) {
            if (m.value(u"type"_s).toString() == u"event"_s)
                list.append(m.value(u"seq"_s).toInteger());
        }
        return list;
    };
    if (closeCode != 0) {
        QTRY_VERIFY_WITH_TIMEOUT(closed, 5000);
        QCOMPARE(int(socket.closeCode()), closeCode);
        QCOMPARE(messages.first().value(u"type"_s).toString(), u"welcome"_s);
        QCOMPARE(messages.constLast().value(u"type"_s).toString(), u"error"_s);
        QCOMPARE(messages.constLast().value(u"code"_s).toString(), u"events_pruned"_s);
        QVERIFY(seqsReceived().isEmpty());
    } else {
        QTRY_COMPARE_WITH_TIMEOUT(seqsReceived(), seqs, 5000);
        QVERIFY(!closed);
        socket.close();
    }
}

void TestEventsApi::retentionKeepsTheNewest()
{
    QVERIFY(startRetained());
    // Everything is old now, the newest too: it is kept (the table never empties, and
    // the reader that saw seq 5 learns that 6 is all there is).
    QVERIFY(m_retained->stop());
    QVERIFY(age(5, 6, 400));
    QVERIFY2(m_retained->start(), m_retained->log().constData());
    QTRY_COMPARE_WITH_TIMEOUT(retainedEvents(4).status, 410, 10000);
    QCOMPARE(retainedEvents(4).json().value(u"oldestSeq"_s).toInteger(), 6);
    HttpReply kept = retainedEvents(5);
    QVERIFY2(kept.status == 200, describe(kept).constData());
    QCOMPARE(kept.json().value(u"items"_s).toArray().size(), 1);
    QCOMPARE(kept.json().value(u"items"_s).toArray().first().toObject().value(u"seq"_s).toInteger(), 6);
    QVERIFY(m_retained->log().contains("pruned 1 event(s) older than 30 days"));
    // Numbering goes on after the pruned ones.
    const HttpReply enrolled =
        call(m_http, m_retained->adminToken(), "POST", m_retained->url(u"/api/v1/projects/RT-A/subjects"_s),
             jsonBytes({{u"subjectId"_s, u"rt-7"_s}, {u"name"_s, u"New Person"_s}, {u"site"_s, u"North"_s}}));
    QVERIFY2(enrolled.status == 201, describe(enrolled).constData());
    kept = retainedEvents(6);
    QCOMPARE(kept.json().value(u"items"_s).toArray().first().toObject().value(u"seq"_s).toInteger(), 7);
    QCOMPARE(retainedEvents(5).status, 200);
}

QTEST_GUILESS_MAIN(TestEventsApi)
#include "tst_eventsapi.moc"

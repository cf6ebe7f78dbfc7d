// Access scoped to studies and sites (issue #14), on a real server:
// - the scope walk: a CRC limited to one site of one study calls every list and count
//   route of the route table and finds no row of another site or study; out-of-scope
//   ids answer byte for byte what ids that do not exist answer;
// - the membership API: create 201, change 200, remove 204, a pm's own membership
//   403, sites outside the study 400, unknown account 404, admins never members,
//   every change audited and effective on the next request;
// - /auth/me lists the caller's memberships; enrolment only at one's own sites;
//   the creator of a study becomes its pm member.

#include "HttpClient.h"
#include "RouteTableFixture.h"
#include "SecurityTestKit.h"
#include "TestServer.h"
#include "http/RouteTable.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTest>
#include <memory>

using namespace Qt::StringLiterals;
using namespace td::test::security;
using td::test::HttpClient;
using td::test::HttpReply;
using td::test::TestServer;

class TestScope : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void scopeWalk_data();
    void scopeWalk();
    void outOfScopeAnswersLikeMissing_data();
    void outOfScopeAnswersLikeMissing();
    void meListsMemberships();
    void enrolOnlyAtOwnSites();
    void creatorBecomesPm();
    void changeAnswerCountsOwnSites();

    void membershipLifecycle();
    void membershipRules_data();
    void membershipRules();
    void pmManagesOnlyOwnStudy();
    void changesApplyOnTheNextRequest();

private:
    QUrl url(const QString &path) const { return m_server->url(path); }
    HttpReply put(const QString &token, const QString &path, const QJsonObject &body)
    {
        return call(m_http, token, "PUT", url(path), jsonBytes(body));
    }

    // THE route table, in-process (as tst_rolematrix builds it), to walk every route.
    std::unique_ptr<td::test::RouteTableFixture> m_routes;

    std::unique_ptr<TestServer> m_server;
    HttpClient m_http;
    QString m_admin;
    QString m_siteCrc;     // crc of WALK-A at North only
    QString m_siteMonitor; // monitor of WALK-A at North only (reads the audit trail)
    QString m_pm;          // pm of WALK-A
    // What the restricted members must never see: subjects elsewhere, the other study.
    const QStringList m_foreign = {u"walk-south-1"_s, u"walk-b-1"_s, u"WALK-B"_s};
    QHash<QString, qint64> m_submissions; // subject -> one of its submissions
    QHash<QString, qint64> m_vitals;      // subject -> one of its vital signs
    qint64 m_webhook = 0;                 // of WALK-A
    qint64 m_delivery = 0;                // of m_webhook
};

void TestScope::initTestCase()
{
    // The route table exactly as ServerApp builds it (over a throw-away database).
    m_routes = std::make_unique<td::test::RouteTableFixture>();
    QVERIFY(m_routes->isValid());

    m_server = std::make_unique<TestServer>(QStringList{u"--no-request-log"_s, u"--login-rate"_s, u"0"_s,
                                                        u"--submission-rate-per-token"_s, u"0"_s,
                                                        u"--webhook-allow-hosts"_s, u"127.0.0.1"_s});
    QVERIFY2(m_server->start(), m_server->log().constData());
    m_admin = m_server->adminToken();
    for (const QString &code : {u"WALK-A"_s, u"WALK-B"_s}) {
        const HttpReply created = call(m_http, m_admin, "POST", url(u"/api/v1/projects"_s),
                                       jsonBytes({{u"code"_s, code},
                                                  {u"title"_s, u"Walk study"_s},
                                                  {u"status"_s, u"active"_s},
                                                  {u"sites"_s, QJsonArray{u"North"_s, u"South"_s}}}));
        QVERIFY2(created.status == 201, describe(created).constData());
    }
    const HttpReply hook = call(m_http, m_admin, "POST", url(u"/api/v1/projects/WALK-A/webhooks"_s),
                                jsonBytes({{u"url"_s, u"http://127.0.0.1:9/walk"_s}}));
    QVERIFY2(hook.status == 201, describe(hook).constData());
    m_webhook = hook.json().value(u"id"_s).toInteger();
    const QList<std::tuple<QString, QString, QString>> subjects = {{u"WALK-A"_s, u"walk-north-1"_s, u"North"_s},
                                                                   {u"WALK-A"_s, u"walk-north-2"_s, u"North"_s},
                                                                   {u"WALK-A"_s, u"walk-south-1"_s, u"South"_s},
                                                                   {u"WALK-B"_s, u"walk-b-1"_s, u"North"_s}};
    for (const auto &[code, subjectId, site] : subjects) {
        const HttpReply enrolled =
            call(m_http, m_admin, "POST", url(u"/api/v1/projects/%1/subjects"_s.arg(code)),
                 jsonBytes({{u"subjectId"_s, subjectId}, {u"name"_s, u"Walk Person"_s}, {u"site"_s, site}}));
        QVERIFY2(enrolled.status == 201, describe(enrolled).constData());
        const HttpReply submitted = submitQuestionnaire(m_http, *m_server, m_admin, subjectId);
        QVERIFY2(submitted.status == 201, describe(submitted).constData());
        m_submissions.insert(subjectId, submitted.json().value(u"id"_s).toInteger());
        const HttpReply measured = submitVital(m_http, *m_server, m_admin, subjectId);
        QVERIFY2(measured.status == 201, describe(measured).constData());
        m_vitals.insert(subjectId, measured.json().value(u"id"_s).toInteger());
    }
    // The webhook made before the enrolments has deliveries now (failing: nothing
    // listens on port 9), for the walk over the delivery routes.
    const QString deliveries = u"/api/v1/webhooks/%1/deliveries"_s.arg(m_webhook);
    QTRY_VERIFY_WITH_TIMEOUT(
        !call(m_http, m_admin, "GET", url(deliveries)).json().value(u"deliveries"_s).toArray().isEmpty(), 10'000);
    m_delivery = call(m_http, m_admin, "GET", url(deliveries))
                     .json()
                     .value(u"deliveries"_s)
                     .toArray()
                     .at(0)
                     .toObject()
                     .value(u"id"_s)
                     .toInteger();
    m_siteCrc = m_server->createStaff(u"walk-crc"_s, u"crc"_s);
    m_siteMonitor = m_server->createStaff(u"walk-monitor"_s, u"monitor"_s);
    m_pm = m_server->createStaff(u"walk-pm"_s, u"pm"_s);
    QVERIFY(!m_siteCrc.isEmpty() && !m_siteMonitor.isEmpty() && !m_pm.isEmpty());
    SECURITY_CHECK(grant(m_http, *m_server, u"walk-crc"_s, u"WALK-A"_s, u"crc"_s, {u"North"_s}));
    SECURITY_CHECK(grant(m_http, *m_server, u"walk-monitor"_s, u"WALK-A"_s, u"monitor"_s, {u"North"_s}));
    SECURITY_CHECK(grant(m_http, *m_server, u"walk-pm"_s, u"WALK-A"_s, u"pm"_s));
    QVERIFY(!m_server->createStaff(u"walk-target"_s, u"monitor"_s).isEmpty());
    // A published questionnaire definition (issue #15) for the walk over its routes,
    // fitting the answers SecurityTestKit submits.
    const QJsonObject both{{u"en"_s, u"Question 1"_s}, {u"zh_CN"_s, u"问题 1"_s}};
    const QJsonObject phq9{
        {u"key"_s, u"phq9"_s},
        {u"title"_s, both},
        {u"items"_s, QJsonArray{QJsonObject{{u"key"_s, u"q1"_s}, {u"type"_s, u"integer"_s}, {u"label"_s, both}}}}};
    const HttpReply defined =
        call(m_http, m_admin, "POST", url(u"/api/v1/projects/WALK-A/questionnaires"_s), jsonBytes(phq9));
    QVERIFY2(defined.status == 201, describe(defined).constData());
    const HttpReply published =
        call(m_http, m_admin, "POST", url(u"/api/v1/projects/WALK-A/questionnaires/phq9/versions/1/publish"_s),
             jsonBytes({{u"password"_s, password()}, {u"meaning"_s, u"Approved"_s}}));
    QVERIFY2(published.status == 200, describe(published).constData());
}

void TestScope::cleanupTestCase()
{
    m_server.reset();
    m_routes.reset();
}

void TestScope::scopeWalk_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("who");
    QTest::addColumn<bool>("allowed"); // by the member's study role
    int rows = 0;
    for (const td::Route &route : m_routes->routes()) {
        // Every read of staff data: the lists, the counts, and the objects in scope.
        if (route.method != QHttpServerRequest::Method::Get || !route.permission
            || route.path.startsWith(u"/api/v1/users"_s))
            continue;
        QString path = route.path;
        path.replace(u"{code}"_s, u"WALK-A"_s).replace(u"{subjectId}"_s, u"walk-north-1"_s);
        path.replace(u"{key}"_s, u"phq9"_s).replace(u"{version}"_s, u"1"_s);
        const qint64 id = route.scope == td::ScopeTarget::Vital      ? m_vitals.value(u"walk-north-1"_s)
                          : route.scope == td::ScopeTarget::Webhook  ? m_webhook
                          : route.scope == td::ScopeTarget::Delivery ? m_delivery
                                                                     : m_submissions.value(u"walk-north-1"_s);
        path.replace(u"{id}"_s, QString::number(id));
        for (const QString &who : {u"crc"_s, u"monitor"_s}) {
            QTest::newRow(qPrintable(path + u" as site-restricted "_s + who))
                << path << who << isAllowed(*td::roleFromName(who), *route.permission);
            ++rows;
        }
    }
    QVERIFY(rows >= 2 * 14);
}

void TestScope::scopeWalk()
{
    QFETCH(QString, path);
    QFETCH(QString, who);
    QFETCH(bool, allowed);
    const HttpReply reply = call(m_http, who == u"crc"_s ? m_siteCrc : m_siteMonitor, "GET", url(path));
    // The member's study role decides as before (a crc does not read the audit trail).
    if (!allowed) {
        QVERIFY2(reply.status == 403, describe(reply).constData());
        return;
    }
    QVERIFY2(reply.status == 200, describe(reply).constData());
    for (const QString &foreign : m_foreign)
        QVERIFY2(!reply.body.contains(foreign.toUtf8()),
                 qPrintable(foreign + u" in "_s + QString::fromUtf8(reply.body)));
    const QJsonObject body = reply.json();
    // Counts are of the member's site: two subjects at North.
    if (path == u"/api/v1/projects/WALK-A"_s)
        QCOMPARE(body.value(u"enrolledCount"_s).toInt(), 2);
    if (path == u"/api/v1/projects"_s) {
        const QJsonArray items = body.value(u"items"_s).toArray();
        QCOMPARE(items.size(), 1);
        QCOMPARE(items.first().toObject().value(u"enrolledCount"_s).toInt(), 2);
    }
    if (path == u"/api/v1/projects/active"_s) {
        const QJsonArray items = reply.jsonArray();
        QCOMPARE(items.size(), 1);
        QCOMPARE(items.first().toObject().value(u"code"_s).toString(), u"WALK-A"_s);
        QCOMPARE(items.first().toObject().value(u"enrolledCount"_s).toInt(), 2);
    }
    if (path.startsWith(u"/api/v1/projects/WALK-A/stats"_s))
        QCOMPARE(body.value(u"enrolled"_s).toInt(), 2);
    if (path.startsWith(u"/api/v1/projects/WALK-A/subjects"_s))
        QCOMPARE(body.value(u"items"_s).toArray().size(), 2);
    if (path.startsWith(u"/api/v1/projects/WALK-A/submissions"_s))
        QCOMPARE(body.value(u"items"_s).toArray().size(), 2);
    if (path == u"/api/v1/audit"_s) {
        // The trail of the member's subjects and what they sent (created by the admin), no more.
        const QJsonArray items = body.value(u"items"_s).toArray();
        QVERIFY(!items.isEmpty());
        for (const QJsonValue &entry : items) {
            const QString type = entry.toObject().value(u"entityType"_s).toString();
            QVERIFY2(type != u"user"_s && type != u"membership"_s, qPrintable(type));
        }
    }
}

void TestScope::outOfScopeAnswersLikeMissing_data()
{
    QTest::addColumn<QString>("outOfScope");
    QTest::addColumn<QString>("missing");
    const qint64 southSubmission = m_submissions.value(u"walk-south-1"_s);
    const qint64 otherStudyVital = m_vitals.value(u"walk-b-1"_s);
    QTest::newRow("study") << u"/api/v1/projects/WALK-B"_s << u"/api/v1/projects/WALK-Z"_s;
    QTest::newRow("study's subjects") << u"/api/v1/projects/WALK-B/subjects"_s << u"/api/v1/projects/WALK-Z/subjects"_s;
    QTest::newRow("study's stats") << u"/api/v1/projects/WALK-B/stats"_s << u"/api/v1/projects/WALK-Z/stats"_s;
    QTest::newRow("study's questionnaires")
        << u"/api/v1/projects/WALK-B/questionnaires"_s << u"/api/v1/projects/WALK-Z/questionnaires"_s;
    QTest::newRow("study's questionnaire version") << u"/api/v1/projects/WALK-B/questionnaires/phq9/versions/1"_s
                                                   << u"/api/v1/projects/WALK-Z/questionnaires/phq9/versions/1"_s;
    QTest::newRow("subject at another site")
        << u"/api/v1/subjects/walk-south-1"_s << u"/api/v1/subjects/walk-sout-h1"_s;
    QTest::newRow("subject in another study") << u"/api/v1/subjects/walk-b-1"_s << u"/api/v1/subjects/walk-z-1"_s;
    QTest::newRow("vitals of another site")
        << u"/api/v1/subjects/walk-south-1/vitals"_s << u"/api/v1/subjects/walk-sout-h1/vitals"_s;
    // Ids of the same length, so the messages are the same length too.
    const QString missingSubmission =
        QString::number(southSubmission + 900000).right(QString::number(southSubmission).size());
    QTest::newRow("submission at another site")
        << u"/api/v1/submissions/%1"_s.arg(southSubmission) << u"/api/v1/submissions/%1"_s.arg(987654321);
    QTest::newRow("vital sign in another study")
        << u"/api/v1/vitals/%1"_s.arg(otherStudyVital) << u"/api/v1/vitals/%1"_s.arg(987654321);
    Q_UNUSED(missingSubmission);
}

void TestScope::outOfScopeAnswersLikeMissing()
{
    QFETCH(QString, outOfScope);
    QFETCH(QString, missing);
    const HttpReply hidden = call(m_http, m_siteCrc, "GET", url(outOfScope));
    const HttpReply absent = call(m_http, m_siteCrc, "GET", url(missing));
    QVERIFY2(hidden.status == 404, describe(hidden).constData());
    QCOMPARE(absent.status, 404);
    QCOMPARE(hidden.header("Content-Type"), absent.header("Content-Type"));
    QCOMPARE(hidden.header("Content-Length").isEmpty(), absent.header("Content-Length").isEmpty());
    // Byte for byte, once the identifier asked for is put back in its place.
    const auto idOf = [](const QString &path) { return path.split(u'/', Qt::SkipEmptyParts).at(3); };
    QByteArray normalised = absent.body;
    normalised.replace(idOf(missing).toUtf8(), idOf(outOfScope).toUtf8());
    QCOMPARE(hidden.body, normalised);
    // Writes too: the same 404, never 403, and nothing happens.
    if (outOfScope.startsWith(u"/api/v1/submissions/"_s)) {
        const HttpReply patched = call(m_http, m_siteCrc, "PATCH", url(outOfScope),
                                       jsonBytes({{u"reviewStatus"_s, u"queried"_s}, {u"comment"_s, u"peek"_s}}));
        QCOMPARE(patched.status, 404);
        QCOMPARE(patched.body, hidden.body);
    }
}

void TestScope::meListsMemberships()
{
    const HttpReply me = call(m_http, m_siteCrc, "GET", url(u"/api/v1/auth/me"_s));
    QVERIFY2(me.status == 200, describe(me).constData());
    const QJsonArray memberships = me.json().value(u"memberships"_s).toArray();
    QCOMPARE(memberships.size(), 1);
    const QJsonObject m = memberships.first().toObject();
    QCOMPARE(m.value(u"projectCode"_s).toString(), u"WALK-A"_s);
    QCOMPARE(m.value(u"studyRole"_s).toString(), u"crc"_s);
    QCOMPARE(m.value(u"sites"_s).toArray(), QJsonArray{u"North"_s});
    QCOMPARE(me.json().value(u"role"_s).toString(), u"crc"_s);
    // The admin: global, an empty list.
    const HttpReply admin = call(m_http, m_admin, "GET", url(u"/api/v1/auth/me"_s));
    QVERIFY(admin.json().value(u"memberships"_s).isArray());
    QVERIFY(admin.json().value(u"memberships"_s).toArray().isEmpty());
}

void TestScope::enrolOnlyAtOwnSites()
{
    const HttpReply south =
        call(m_http, m_siteCrc, "POST", url(u"/api/v1/projects/WALK-A/subjects"_s),
             jsonBytes({{u"subjectId"_s, u"walk-try-south"_s}, {u"name"_s, u"Try"_s}, {u"site"_s, u"South"_s}}));
    SECURITY_CHECK(checkError(south, 400, u"site_not_allowed"_s));
    QVERIFY(south.json().value(u"fields"_s).toObject().contains(u"site"_s));
    const HttpReply none = call(m_http, m_siteCrc, "POST", url(u"/api/v1/projects/WALK-A/subjects"_s),
                                jsonBytes({{u"subjectId"_s, u"walk-try-none"_s}, {u"name"_s, u"Try"_s}}));
    SECURITY_CHECK(checkError(none, 400, u"site_not_allowed"_s));
    const HttpReply north =
        call(m_http, m_siteCrc, "POST", url(u"/api/v1/projects/WALK-A/subjects"_s),
             jsonBytes({{u"subjectId"_s, u"walk-north-3"_s}, {u"name"_s, u"Try"_s}, {u"site"_s, u"North"_s}}));
    QVERIFY2(north.status == 201, describe(north).constData());
    SqlFile db(m_server->databaseFile());
    QCOMPARE(db.scalar(u"SELECT COUNT(*) FROM subjects WHERE subject_id LIKE 'walk-try-%'"_s).toInt(), 0);
}

void TestScope::creatorBecomesPm()
{
    const QString creator = m_server->createStaff(u"walk-creator"_s, u"pm"_s);
    QVERIFY(!creator.isEmpty());
    const HttpReply created = createProject(m_http, *m_server, creator, u"WALK-NEW"_s);
    QVERIFY2(created.status == 201, describe(created).constData());
    const HttpReply mine = call(m_http, creator, "GET", url(u"/api/v1/projects"_s));
    QCOMPARE(mine.json().value(u"items"_s).toArray().size(), 1);
    const HttpReply members = call(m_http, m_admin, "GET", url(u"/api/v1/projects/WALK-NEW/members"_s));
    const QJsonArray items = members.json().value(u"items"_s).toArray();
    QCOMPARE(items.size(), 1);
    QCOMPARE(items.first().toObject().value(u"username"_s).toString(), u"walk-creator"_s);
    QCOMPARE(items.first().toObject().value(u"studyRole"_s).toString(), u"pm"_s);
}

void TestScope::changeAnswerCountsOwnSites()
{
    const QString pm = m_server->createStaff(u"walk-site-pm"_s, u"pm"_s);
    QVERIFY(!pm.isEmpty());
    SECURITY_CHECK(grant(m_http, *m_server, u"walk-site-pm"_s, u"WALK-A"_s, u"pm"_s, {u"North"_s}));
    const HttpReply read = call(m_http, pm, "GET", url(u"/api/v1/projects/WALK-A"_s));
    const HttpReply changed = call(m_http, pm, "PATCH", url(u"/api/v1/projects/WALK-A"_s),
                                   jsonBytes({{u"title"_s, u"Walk study, renamed"_s}}));
    QVERIFY2(changed.status == 200, describe(changed).constData());
    const int north = read.json().value(u"enrolledCount"_s).toInt();
    QCOMPARE(changed.json().value(u"enrolledCount"_s).toInt(), north);
    const HttpReply all = call(m_http, m_admin, "GET", url(u"/api/v1/projects/WALK-A"_s));
    QCOMPARE(all.json().value(u"enrolledCount"_s).toInt(), north + 1); // walk-south-1
}

void TestScope::membershipLifecycle()
{
    const QString path = u"/api/v1/projects/WALK-A/members/walk-target"_s;
    const HttpReply created = put(m_admin, path, {{u"studyRole"_s, u"crc"_s}, {u"sites"_s, QJsonArray{u"South"_s}}});
    QVERIFY2(created.status == 201, describe(created).constData());
    const QJsonObject m = created.json();
    QCOMPARE(m.value(u"projectCode"_s).toString(), u"WALK-A"_s);
    QCOMPARE(m.value(u"username"_s).toString(), u"walk-target"_s);
    QCOMPARE(m.value(u"displayName"_s).toString(), u"walk-target"_s);
    QCOMPARE(m.value(u"studyRole"_s).toString(), u"crc"_s);
    QCOMPARE(m.value(u"sites"_s).toArray(), QJsonArray{u"South"_s});
    QCOMPARE(m.value(u"createdBy"_s).toString(), u"admin"_s);
    QVERIFY(!m.value(u"createdAt"_s).toString().isEmpty());

    const HttpReply changed = put(m_admin, path, {{u"studyRole"_s, u"monitor"_s}});
    QVERIFY2(changed.status == 200, describe(changed).constData());
    QCOMPARE(changed.json().value(u"studyRole"_s).toString(), u"monitor"_s);
    QCOMPARE(changed.json().value(u"sites"_s).toArray(), QJsonArray());
    QCOMPARE(changed.json().value(u"createdAt"_s), m.value(u"createdAt"_s));

    // Both routes show the same membership.
    const HttpReply byUser = call(m_http, m_admin, "GET", url(u"/api/v1/users/walk-target/memberships"_s));
    QCOMPARE(byUser.json().value(u"items"_s).toArray(), QJsonArray{changed.json()});
    const HttpReply byStudy = call(m_http, m_pm, "GET", url(u"/api/v1/projects/WALK-A/members"_s));
    QVERIFY(byStudy.json().value(u"items"_s).toArray().contains(changed.json()));

    const HttpReply removed = call(m_http, m_admin, "DELETE", url(u"/api/v1/users/walk-target/memberships/WALK-A"_s));
    QVERIFY2(removed.status == 204, describe(removed).constData());
    QVERIFY(removed.body.isEmpty());
    const HttpReply again = call(m_http, m_admin, "DELETE", url(path));
    SECURITY_CHECK(checkError(again, 404, u"membership_not_found"_s));

    // Audited, each change with its values before and after.
    const QJsonArray trail = auditEntries(m_http, *m_server, m_admin, u"entity=membership&id=WALK-A/walk-target"_s);
    QCOMPARE(withAction(trail, u"create"_s).size(), 1);
    QCOMPARE(withAction(trail, u"update"_s).size(), 1);
    QCOMPARE(withAction(trail, u"delete"_s).size(), 1);
    const QJsonObject update = withAction(trail, u"update"_s).first();
    QCOMPARE(update.value(u"before"_s).toObject().value(u"studyRole"_s).toString(), u"crc"_s);
    QCOMPARE(update.value(u"after"_s).toObject().value(u"studyRole"_s).toString(), u"monitor"_s);
    QCOMPARE(update.value(u"actor"_s).toString(), u"admin"_s);
}

void TestScope::membershipRules_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("field");
    const QByteArray crc = R"({"studyRole":"crc"})";
    QTest::newRow("site not in the study")
        << u"/api/v1/projects/WALK-A/members/walk-target"_s << QByteArray(R"({"studyRole":"crc","sites":["East"]})")
        << 400 << u"unknown_site"_s << u"sites"_s;
    QTest::newRow("unknown account") << u"/api/v1/projects/WALK-A/members/nobody-here"_s << crc << 404
                                     << u"user_not_found"_s << QString();
    QTest::newRow("unknown study") << u"/api/v1/users/walk-target/memberships/WALK-Z"_s << crc << 404
                                   << u"project_not_found"_s << QString();
    QTest::newRow("admin account") << u"/api/v1/projects/WALK-A/members/admin"_s << crc << 400 << u"admin_not_member"_s
                                   << u"username"_s;
    QTest::newRow("role admin") << u"/api/v1/projects/WALK-A/members/walk-target"_s
                                << QByteArray(R"({"studyRole":"admin"})") << 400 << u"invalid_value"_s
                                << u"studyRole"_s;
    QTest::newRow("role missing") << u"/api/v1/users/walk-target/memberships/WALK-A"_s << QByteArray(R"({"sites":[]})")
                                  << 400 << u"missing_field"_s << u"studyRole"_s;
}

void TestScope::membershipRules()
{
    QFETCH(QString, path);
    QFETCH(QByteArray, body);
    QFETCH(int, status);
    QFETCH(QString, code);
    QFETCH(QString, field);
    SqlFile db(m_server->databaseFile());
    const int before = db.scalar(u"SELECT COUNT(*) FROM study_members"_s).toInt();
    const HttpReply reply = call(m_http, m_admin, "PUT", url(path), body);
    SECURITY_CHECK(checkError(reply, status, code));
    if (!field.isEmpty())
        QVERIFY2(reply.json().value(u"fields"_s).toObject().contains(field), describe(reply).constData());
    QCOMPARE(db.scalar(u"SELECT COUNT(*) FROM study_members"_s).toInt(), before);
}

void TestScope::pmManagesOnlyOwnStudy()
{
    // Another account's membership of the pm's study: allowed.
    const HttpReply other =
        put(m_pm, u"/api/v1/projects/WALK-A/members/walk-target"_s, {{u"studyRole"_s, u"monitor"_s}});
    QVERIFY2(other.status == 201 || other.status == 200, describe(other).constData());
    QCOMPARE(other.json().value(u"createdBy"_s).toString(), u"walk-pm"_s);
    // Their own: 403 own_membership, changed or removed.
    const HttpReply own = put(m_pm, u"/api/v1/projects/WALK-A/members/walk-pm"_s, {{u"studyRole"_s, u"crc"_s}});
    SECURITY_CHECK(checkError(own, 403, u"own_membership"_s));
    const HttpReply leave = call(m_http, m_pm, "DELETE", url(u"/api/v1/projects/WALK-A/members/walk-pm"_s));
    SECURITY_CHECK(checkError(leave, 403, u"own_membership"_s));
    // A study the pm is not a member of does not exist for them.
    const HttpReply elsewhere =
        put(m_pm, u"/api/v1/projects/WALK-B/members/walk-target"_s, {{u"studyRole"_s, u"monitor"_s}});
    QCOMPARE(elsewhere.status, 404);
    QCOMPARE(elsewhere.body, call(m_http, m_pm, "GET", url(u"/api/v1/projects/WALK-B"_s)).body);
    // Accounts are the admin's: the users routes refuse a pm.
    QCOMPARE(call(m_http, m_pm, "GET", url(u"/api/v1/users/walk-target/memberships"_s)).status, 403);
    // A crc of the study may not manage its members.
    const HttpReply crc = put(m_siteCrc, u"/api/v1/projects/WALK-A/members/walk-target"_s, {{u"studyRole"_s, u"pm"_s}});
    SECURITY_CHECK(checkError(crc, 403, u"forbidden"_s));
    SqlFile db(m_server->databaseFile());
    QCOMPARE(db.scalar(u"SELECT study_role FROM study_members m JOIN projects p ON p.id = m.project_id "
                       "WHERE p.code = 'WALK-A' AND m.username = 'walk-pm'"_s)
                 .toString(),
             u"pm"_s);
}

void TestScope::changesApplyOnTheNextRequest()
{
    const QString token = m_server->createStaff(u"walk-late"_s, u"monitor"_s);
    QVERIFY(!token.isEmpty());
    const QString subject = u"/api/v1/subjects/walk-b-1"_s;
    QCOMPARE(call(m_http, token, "GET", url(subject)).status, 404);
    QCOMPARE(call(m_http, token, "GET", url(u"/api/v1/projects/active"_s)).jsonArray().size(), 0);
    SECURITY_CHECK(grant(m_http, *m_server, u"walk-late"_s, u"WALK-B"_s, u"monitor"_s));
    const HttpReply visible = call(m_http, token, "GET", url(subject));
    QVERIFY2(visible.status == 200, describe(visible).constData());
    QCOMPARE(call(m_http, token, "GET", url(u"/api/v1/projects/active"_s)).jsonArray().size(), 1);
    // The study role decides: a monitor may not submit; made crc, it may.
    const QByteArray vital = jsonBytes({{u"type"_s, u"heart_rate"_s}, {u"value"_s, 70}});
    QCOMPARE(call(m_http, token, "POST", url(subject + u"/vitals"_s), vital).status, 403);
    SECURITY_CHECK(grant(m_http, *m_server, u"walk-late"_s, u"WALK-B"_s, u"crc"_s));
    QCOMPARE(call(m_http, token, "POST", url(subject + u"/vitals"_s), vital).status, 201);
    // Limited to a site the subject is not at: gone again.
    SECURITY_CHECK(grant(m_http, *m_server, u"walk-late"_s, u"WALK-B"_s, u"crc"_s, {u"South"_s}));
    QCOMPARE(call(m_http, token, "GET", url(subject)).status, 404);
    const HttpReply removed = call(m_http, m_admin, "DELETE", url(u"/api/v1/users/walk-late/memberships/WALK-B"_s));
    QCOMPARE(removed.status, 204);
    QCOMPARE(call(m_http, token, "GET", url(u"/api/v1/projects/WALK-B"_s)).status, 404);
}

QTEST_GUILESS_MAIN(TestScope)
#include "tst_scope.moc"

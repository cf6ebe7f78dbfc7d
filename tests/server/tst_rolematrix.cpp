// The route x role matrix (docs/security.md, "Route x role matrix"): THE route table
// is built in-process exactly as ServerApp builds it, then every route is called on a
// real server as admin, pm, crc, monitor, a subject token, a bad token and no token.
// Public routes never answer 401/403; protected routes answer 401 without a (valid)
// token, 403 to a role they do not allow and something else (here: 2xx, the requests
// are valid) to a role they allow. A subject token reaching another subject's path
// gets 403. Finally the matrix table in docs/security.md must equal the route table.
//
// The scope dimension (issue #14): every route that names a study object is called
// again by members of one study limited to one of its sites, in each study role, on
// an object in scope, in another study, at another site, and by accounts of the same
// role that are members of nothing. Out of scope answers 404 with exactly the body a
// missing object gets (no existence oracle), never 403; in scope the study role
// decides as the permission says.

#include "HttpClient.h"
#include "RouteTableFixture.h"
#include "SecurityTestKit.h"
#include "TestServer.h"
#include "auth/NotFound.h"
#include "http/RouteTable.h"

#include <QFile>
#include <QHash>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>
#include <memory>

using namespace Qt::StringLiterals;
using namespace td::test::security;
using td::test::HttpClient;
using td::test::HttpReply;
using td::test::TestServer;

namespace {

// The columns of the matrix, then the pseudo-roles without a usable token.
const QStringList kRoles = {u"admin"_s, u"pm"_s, u"crc"_s, u"monitor"_s, u"subject"_s};
const QString kNoToken = u"no token"_s;
const QString kBadToken = u"bad token"_s;

unsigned roleBit(const QString &role)
{
    return unsigned(*td::roleFromName(role));
}

QString routeKey(const td::Route &route)
{
    return QString::fromLatin1(td::methodName(route.method)) + u' ' + route.path;
}

// What the doc's table must say for `route` and `role`.
// A questionnaire definition with both languages (publishable), one integer item `q1`:
// what SecurityTestKit's submitQuestionnaire answers as "phq9".
QJsonObject definition(const QString &key)
{
    const QJsonObject label{{u"en"_s, u"Question 1"_s}, {u"zh_CN"_s, u"问题 1"_s}};
    return {{u"key"_s, key},
            {u"title"_s, QJsonObject{{u"en"_s, u"Matrix"_s}, {u"zh_CN"_s, u"矩阵"_s}}},
            {u"items"_s, QJsonArray{QJsonObject{
                             {u"key"_s, u"q1"_s}, {u"type"_s, u"integer"_s}, {u"min"_s, 0}, {u"label"_s, label}}}}};
}

bool isQuestionnaireRoute(const td::Route &route)
{
    return route.path.contains(u"/questionnaires"_s) && route.path.startsWith(u"/api/v1/projects/"_s);
}

QString expectedCell(const td::Route &route, const QString &role)
{
    if (route.roles == td::kPublic)
        return u"public"_s;
    return (route.roles & roleBit(role)) ? u"yes"_s : u"no"_s;
}

} // namespace

class TestRoleMatrix : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void routeTableCoversTheApi();
    void routeAsRole_data();
    void routeAsRole();
    void subjectTokenOnAnotherSubject_data();
    void subjectTokenOnAnotherSubject();
    void routeInScope_data();
    void routeInScope();
    void docMatrixCell_data();
    void docMatrixCell();
    void docMatrixHasNoOtherRows();

private:
    void addRouteRoleRows(const QStringList &roles);
    void setUpScope();
    // A reviewed, unsigned submission of `subjectId`, made by the admin.
    qint64 reviewedSubmission(const QString &subjectId);
    // The schedule of "matrix-diary" in `code`, set by the admin (for the DELETE rows).
    void putSchedule(const QString &code);
    // Webhook and delivery routes: a fresh webhook of study `code` (the previous one
    // deleted, so the per-study limit is never reached) and, for delivery routes, a dead
    // delivery of it (made in the database: the retry route takes only dead ones).
    void prepareWebhook(const td::Route &route, const QString &code);
    // The path of a scoped route with its object in `study` for `subjectId`.
    QString scopedPath(const td::Route &route, const QString &code, const QString &subjectId, qint64 submission,
                       qint64 vital);
    QString tokenFor(const td::Route &route, const QString &role);
    // Questionnaire routes: a fresh questionnaire of study `code` in the state the
    // route needs (a draft, or published), named in m_key; a new key for creation.
    void prepareQuestionnaire(const td::Route &route, const QString &code);
    // Creates and publishes a definition of `key` in study `code` as the admin.
    void publishDefinition(const QString &code, const QString &key);
    QString pathFor(const td::Route &route, const QString &role, const QString &subjectId) const;
    QByteArray bodyFor(const td::Route &route, const QString &subjectId);
    HttpReply send(const td::Route &route, const QString &token, const QString &path, const QByteArray &body);
    // The matrix rows of docs/security.md: "METHOD path" -> the five cells.
    QHash<QString, QStringList> docMatrix(QString *problem) const;

    // THE route table, in-process.
    std::unique_ptr<td::test::RouteTableFixture> m_routes;

    // The real server and what exists on it.
    std::unique_ptr<TestServer> m_server;
    HttpClient m_http;
    QHash<QString, QString> m_tokens;    // role -> token
    QHash<QString, QString> m_usernames; // staff role -> account
    const QString m_code = u"MATRIX-1"_s;
    const QString m_subjectId = u"mx-own"_s;
    const QString m_otherSubjectId = u"mx-other"_s;
    const QString m_targetUser = u"mx-target"_s;
    qint64 m_readSubmission = 0;
    qint64 m_reviewSubmission = 0;
    QHash<QString, qint64> m_signSubmission; // role -> a reviewed, unsigned submission
    qint64 m_vital = 0;
    int m_counter = 0;
    QString m_key;                     // {key} of the questionnaire route being called
    QHash<QString, qint64> m_webhooks; // study code -> its current webhook
    qint64 m_delivery = 0;             // {id} of the delivery route being called

    // The scope dimension: SCOPE-A (sites North, South) and SCOPE-B; a subject (with a
    // submission and a vital sign) at each place; members of SCOPE-A at North only.
    struct Place {
        QString code;
        QString subjectId;
        qint64 submission = 0;
        qint64 vital = 0;
    };
    Place m_inScope{u"SCOPE-A"_s, u"sa-north"_s};
    Place m_otherSite{u"SCOPE-A"_s, u"sa-south"_s};
    Place m_otherStudy{u"SCOPE-B"_s, u"sb-north"_s};
    QHash<QString, QString> m_scopedTokens; // study role -> member of SCOPE-A at North
    QHash<QString, QString> m_outsiders;    // role -> account that is a member of nothing
};

void TestRoleMatrix::initTestCase()
{
    // The route table exactly as ServerApp builds it (over a throw-away database).
    m_routes = std::make_unique<td::test::RouteTableFixture>();
    QVERIFY(m_routes->isValid());

    // The real server: many sign-ins and submissions in a burst, so no rate limits.
    m_server = std::make_unique<TestServer>(QStringList{u"--no-request-log"_s, u"--login-rate"_s, u"0"_s,
                                                        u"--submission-rate-per-token"_s, u"0"_s,
                                                        u"--webhook-allow-hosts"_s, u"127.0.0.1"_s});
    QVERIFY2(m_server->start(), m_server->log().constData());
    m_tokens.insert(u"admin"_s, m_server->adminToken());
    m_usernames.insert(u"admin"_s, u"admin"_s);
    for (const QString &role : {u"pm"_s, u"crc"_s, u"monitor"_s}) {
        const QString username = u"mx-"_s + role;
        const QString token = m_server->createStaff(username, role);
        QVERIFY2(!token.isEmpty(), qPrintable(username));
        m_tokens.insert(role, token);
        m_usernames.insert(role, username);
    }
    QVERIFY(!m_server->createStaff(m_targetUser, u"monitor"_s).isEmpty());

    const QString admin = m_server->adminToken();
    const HttpReply project = createProject(m_http, *m_server, admin, m_code);
    QVERIFY2(project.status == 201, describe(project).constData());
    // In scope: each staff account is a member of the study with its global role.
    for (const QString &role : {u"pm"_s, u"crc"_s, u"monitor"_s})
        SECURITY_CHECK(grant(m_http, *m_server, m_usernames.value(role), m_code, role));
    SECURITY_CHECK(grant(m_http, *m_server, m_targetUser, m_code, u"monitor"_s));
    const HttpReply own = enrol(m_http, *m_server, admin, m_code, m_subjectId);
    QVERIFY2(own.status == 201, describe(own).constData());
    m_tokens.insert(u"subject"_s, own.json().value(u"subjectToken"_s).toString());
    QVERIFY(!m_tokens.value(u"subject"_s).isEmpty());
    const HttpReply other = enrol(m_http, *m_server, admin, m_code, m_otherSubjectId);
    QVERIFY2(other.status == 201, describe(other).constData());
    // Submissions are validated against it (issue #15).
    SECURITY_CHECK(publishDefinition(m_code, u"phq9"_s));

    auto newSubmission = [&]() -> qint64 {
        const HttpReply reply = submitQuestionnaire(m_http, *m_server, admin, m_subjectId);
        return reply.status == 201 ? reply.json().value(u"id"_s).toInteger() : 0;
    };
    m_readSubmission = newSubmission();
    m_reviewSubmission = newSubmission();
    QVERIFY(m_readSubmission > 0 && m_reviewSubmission > 0);
    for (const QString &role : kRoles) {
        const qint64 id = newSubmission();
        QVERIFY(id > 0);
        const HttpReply reviewed = call(m_http, admin, "PATCH", m_server->url(u"/api/v1/submissions/%1"_s.arg(id)),
                                        jsonBytes({{u"reviewStatus"_s, u"reviewed"_s}}));
        QVERIFY2(reviewed.status == 200, describe(reviewed).constData());
        m_signSubmission.insert(role, id);
    }
    const HttpReply vital = submitVital(m_http, *m_server, admin, m_subjectId);
    QVERIFY2(vital.status == 201, describe(vital).constData());
    m_vital = vital.json().value(u"id"_s).toInteger();
    SECURITY_CHECK(setUpScope());
}

void TestRoleMatrix::setUpScope()
{
    const QString admin = m_server->adminToken();
    for (const QString &code : {u"SCOPE-A"_s, u"SCOPE-B"_s}) {
        const HttpReply created = call(m_http, admin, "POST", m_server->url(u"/api/v1/projects"_s),
                                       jsonBytes({{u"code"_s, code},
                                                  {u"title"_s, QString(u"Scope study "_s + code)},
                                                  {u"status"_s, u"active"_s},
                                                  {u"sites"_s, QJsonArray{u"North"_s, u"South"_s}}}));
        QVERIFY2(created.status == 201, describe(created).constData());
        SECURITY_CHECK(publishDefinition(code, u"phq9"_s));
    }
    for (Place *place : {&m_inScope, &m_otherSite, &m_otherStudy}) {
        const QString site = place == &m_otherSite ? u"South"_s : u"North"_s;
        const HttpReply enrolled =
            call(m_http, admin, "POST", m_server->url(u"/api/v1/projects/%1/subjects"_s.arg(place->code)),
                 jsonBytes({{u"subjectId"_s, place->subjectId}, {u"name"_s, u"Scope Person"_s}, {u"site"_s, site}}));
        QVERIFY2(enrolled.status == 201, describe(enrolled).constData());
        const HttpReply submitted = submitQuestionnaire(m_http, *m_server, admin, place->subjectId);
        QVERIFY2(submitted.status == 201, describe(submitted).constData());
        place->submission = submitted.json().value(u"id"_s).toInteger();
        const HttpReply measured = submitVital(m_http, *m_server, admin, place->subjectId);
        QVERIFY2(measured.status == 201, describe(measured).constData());
        place->vital = measured.json().value(u"id"_s).toInteger();
    }
    for (const QString &role : {u"pm"_s, u"crc"_s, u"monitor"_s}) {
        const QString member = u"sx-"_s + role;
        const QString token = m_server->createStaff(member, role);
        QVERIFY2(!token.isEmpty(), qPrintable(member));
        SECURITY_CHECK(grant(m_http, *m_server, member, m_inScope.code, role, {u"North"_s}));
        m_scopedTokens.insert(role, token);
        const QString outsider = m_server->createStaff(u"nx-"_s + role, role);
        QVERIFY2(!outsider.isEmpty(), qPrintable(role));
        m_outsiders.insert(role, outsider);
    }
}

void TestRoleMatrix::publishDefinition(const QString &code, const QString &key)
{
    const QString admin = m_server->adminToken();
    const QString base = u"/api/v1/projects/%1/questionnaires"_s.arg(code);
    const HttpReply created = call(m_http, admin, "POST", m_server->url(base), jsonBytes(definition(key)));
    QVERIFY2(created.status == 201, describe(created).constData());
    const HttpReply published = call(m_http, admin, "POST", m_server->url(base + u"/%1/versions/1/publish"_s.arg(key)),
                                     jsonBytes({{u"password"_s, password()}, {u"meaning"_s, u"Approved"_s}}));
    QVERIFY2(published.status == 200, describe(published).constData());
}

void TestRoleMatrix::prepareWebhook(const td::Route &route, const QString &code)
{
    if (route.scope != td::ScopeTarget::Webhook && route.scope != td::ScopeTarget::Delivery)
        return;
    const QString admin = m_server->adminToken();
    if (const qint64 old = m_webhooks.value(code))
        call(m_http, admin, "DELETE", m_server->url(u"/api/v1/webhooks/%1"_s.arg(old))); // may be gone already
    const HttpReply created = call(m_http, admin, "POST", m_server->url(u"/api/v1/projects/%1/webhooks"_s.arg(code)),
                                   jsonBytes({{u"url"_s, u"http://127.0.0.1:9/matrix"_s}, {u"enabled"_s, false}}));
    QVERIFY2(created.status == 201, describe(created).constData());
    const qint64 webhook = created.json().value(u"id"_s).toInteger();
    m_webhooks.insert(code, webhook);
    if (route.scope != td::ScopeTarget::Delivery)
        return;
    QString error;
    QSqlDatabase db = td::test::openTestDatabase(u"matrix-deliveries"_s, m_server->databaseFile(), false, &error);
    QVERIFY2(db.isValid(), qPrintable(error));
    {
        QSqlQuery q(db);
        QVERIFY(q.prepare(u"INSERT INTO webhook_deliveries (webhook_id, event_seq, event_type, state, attempts, "
                          "created_at) VALUES (?, 1, 'subject.enrolled', 'dead', 8, '2026-01-01T00:00:00.000Z')"_s));
        q.addBindValue(webhook);
        QVERIFY2(q.exec(), qPrintable(q.lastError().text()));
        QVERIFY(q.exec(u"SELECT MAX(id) FROM webhook_deliveries"_s) && q.next());
        m_delivery = q.value(0).toLongLong();
    }
    db.close();
}

void TestRoleMatrix::prepareQuestionnaire(const td::Route &route, const QString &code)
{
    if (!isQuestionnaireRoute(route))
        return;
    m_key = u"mx-q-%1"_s.arg(++m_counter);
    if (!route.path.contains(u"{key}"_s))
        return; // listing, or creating m_key
    // The newest published version, and a new version, need a published one.
    if (route.path.endsWith(u"{key}"_s) || route.path.endsWith(u"/versions"_s)) {
        SECURITY_CHECK(publishDefinition(code, m_key));
        return;
    }
    const HttpReply created =
        call(m_http, m_server->adminToken(), "POST", m_server->url(u"/api/v1/projects/%1/questionnaires"_s.arg(code)),
             jsonBytes(definition(m_key)));
    QVERIFY2(created.status == 201, describe(created).constData());
}

qint64 TestRoleMatrix::reviewedSubmission(const QString &subjectId)
{
    const QString admin = m_server->adminToken();
    const HttpReply submitted = submitQuestionnaire(m_http, *m_server, admin, subjectId);
    const qint64 id = submitted.json().value(u"id"_s).toInteger();
    const HttpReply reviewed = call(m_http, admin, "PATCH", m_server->url(u"/api/v1/submissions/%1"_s.arg(id)),
                                    jsonBytes({{u"reviewStatus"_s, u"reviewed"_s}}));
    return submitted.status == 201 && reviewed.status == 200 ? id : 0;
}

void TestRoleMatrix::putSchedule(const QString &code)
{
    const HttpReply put = call(m_http, m_server->adminToken(), "PUT",
                               m_server->url(u"/api/v1/projects/%1/schedules/matrix-diary"_s.arg(code)),
                               jsonBytes({{u"rule"_s, u"daily"_s}, {u"at"_s, u"08:00"_s}, {u"windowMinutes"_s, 120}}));
    QVERIFY2(put.status == 200 || put.status == 201, describe(put).constData());
}

QString TestRoleMatrix::scopedPath(const td::Route &route, const QString &code, const QString &subjectId,
                                   qint64 submission, qint64 vital)
{
    QString path = route.path;
    path.replace(u"{code}"_s, code);
    path.replace(u"{subjectId}"_s, subjectId);
    path.replace(u"{username}"_s, m_targetUser);
    path.replace(u"{key}"_s, m_key).replace(u"{version}"_s, u"1"_s).replace(u"{questionnaire}"_s, u"matrix-diary"_s);
    if (route.scope == td::ScopeTarget::Vital)
        path.replace(u"{id}"_s, QString::number(vital));
    else if (route.scope == td::ScopeTarget::Webhook)
        path.replace(u"{id}"_s, QString::number(m_webhooks.value(code)));
    else if (route.scope == td::ScopeTarget::Delivery)
        path.replace(u"{id}"_s, QString::number(m_delivery));
    else if (path.endsWith(u"/sign"_s))
        path.replace(u"{id}"_s, QString::number(reviewedSubmission(subjectId)));
    else
        path.replace(u"{id}"_s, QString::number(submission));
    return path;
}

void TestRoleMatrix::routeInScope_data()
{
    QTest::addColumn<int>("index");
    QTest::addColumn<QString>("role");
    QTest::addColumn<QString>("where");
    const QStringList places = {u"in scope"_s, u"other study"_s, u"other site"_s, u"no membership"_s, kNoToken};
    const auto &routes = m_routes->routes();
    int rows = 0;
    for (size_t i = 0; i < routes.size(); ++i) {
        if (routes[i].scope == td::ScopeTarget::None || !routes[i].permission)
            continue;
        for (const QString &role : {u"pm"_s, u"crc"_s, u"monitor"_s}) {
            for (const QString &where : places) {
                const QByteArray name = (routeKey(routes[i]) + u" as "_s + role + u", "_s + where).toUtf8();
                QTest::newRow(name.constData()) << int(i) << role << where;
                ++rows;
            }
        }
    }
    QVERIFY(rows >= 15 * 3 * 5);
}

void TestRoleMatrix::routeInScope()
{
    QFETCH(int, index);
    QFETCH(QString, role);
    QFETCH(QString, where);
    const td::Route &route = m_routes->routes().at(size_t(index));
    const Place &place = where == u"other study"_s ? m_otherStudy : where == u"other site"_s ? m_otherSite : m_inScope;
    const QString token = where == kNoToken             ? QString()
                          : where == u"no membership"_s ? m_outsiders.value(role)
                                                        : m_scopedTokens.value(role);
    // Ending a membership needs one to end (the target account, never the caller).
    if (route.method == QHttpServerRequest::Method::Delete && route.path.contains(u"/member"_s))
        SECURITY_CHECK(grant(m_http, *m_server, m_targetUser, place.code, u"monitor"_s));
    SECURITY_CHECK(prepareQuestionnaire(route, place.code));
    SECURITY_CHECK(prepareWebhook(route, place.code));
    // Removing a schedule needs one to remove.
    if (route.method == QHttpServerRequest::Method::Delete && route.path.contains(u"/schedules/"_s))
        SECURITY_CHECK(putSchedule(place.code));
    const QString path = scopedPath(route, place.code, place.subjectId, place.submission, place.vital);
    QByteArray body = bodyFor(route, place.subjectId);
    if (routeKey(route) == u"POST /api/v1/projects/{code}/subjects"_s)
        body = jsonBytes({{u"name"_s, u"Scoped subject %1"_s.arg(++m_counter)}, {u"site"_s, u"North"_s}});
    const HttpReply reply = send(route, token, path, body);
    const QByteArray what = td::methodName(route.method) + ' ' + path.toUtf8() + " as " + role.toUtf8() + ", "
                            + where.toUtf8() + " -> " + describe(reply);

    // A study itself is in scope at any of its sites; its subjects only at the member's.
    const bool studyLevel = td::isStudyLevel(route.scope);
    const bool reached = where == u"in scope"_s || (where == u"other site"_s && studyLevel);
    if (where == kNoToken) {
        QVERIFY2(reply.status == 401, what.constData());
    } else if (!reached) {
        // Exactly what a missing object answers: same status, same bytes.
        const QString argument = path.split(u'/', Qt::SkipEmptyParts).at(3); // /api/v1/<kind>/<argument>
        const td::HttpResponse missing = td::HttpResponse::error(td::notFoundFor(route.scope, argument));
        QVERIFY2(reply.status == 404, what.constData());
        QCOMPARE(reply.body, missing.body);
        // And a missing object really answers that, to this caller.
        QString absent = route.path;
        absent.replace(u"{code}"_s, u"NO-SUCH-STUDY"_s)
            .replace(u"{subjectId}"_s, u"no-such-subject"_s)
            .replace(u"{username}"_s, m_targetUser)
            .replace(u"{id}"_s, u"987654321"_s)
            .replace(u"{key}"_s, m_key)
            .replace(u"{version}"_s, u"1"_s)
            .replace(u"{questionnaire}"_s, u"matrix-diary"_s);
        const HttpReply none = send(route, token, absent, body);
        const QString absentArgument = absent.split(u'/', Qt::SkipEmptyParts).at(3);
        QCOMPARE(none.status, 404);
        QCOMPARE(none.body, td::HttpResponse::error(td::notFoundFor(route.scope, absentArgument)).body);
    } else if (!isAllowed(*td::roleFromName(role), *route.permission)) {
        QVERIFY2(reply.status == 403, what.constData());
        QCOMPARE(reply.json().value(u"code"_s).toString(), u"forbidden"_s);
    } else {
        QVERIFY2(reply.status >= 200 && reply.status < 300, what.constData());
    }
}

void TestRoleMatrix::cleanupTestCase()
{
    m_routes.reset();
}

QString TestRoleMatrix::tokenFor(const td::Route &route, const QString &role)
{
    if (role == kNoToken)
        return {};
    if (role == kBadToken)
        return u"td_thisTokenWasNeverIssuedByTheServerAtAll000000"_s;
    // Signing out would end the shared session: sign out a fresh one instead.
    if (route.path == u"/api/v1/auth/logout"_s && m_usernames.contains(role))
        return tokenOf(login(m_http, *m_server, m_usernames.value(role)));
    return m_tokens.value(role);
}

QString TestRoleMatrix::pathFor(const td::Route &route, const QString &role, const QString &subjectId) const
{
    QString path = route.path;
    path.replace(u"{code}"_s, m_code);
    path.replace(u"{subjectId}"_s, subjectId);
    path.replace(u"{username}"_s, m_targetUser);
    path.replace(u"{key}"_s, m_key).replace(u"{version}"_s, u"1"_s).replace(u"{questionnaire}"_s, u"matrix-diary"_s);
    if (path.contains(u"{id}"_s)) {
        qint64 id = m_readSubmission;
        if (path.startsWith(u"/api/v1/vitals/"_s))
            id = m_vital;
        else if (route.scope == td::ScopeTarget::Webhook)
            id = m_webhooks.value(m_code);
        else if (route.scope == td::ScopeTarget::Delivery)
            id = m_delivery;
        else if (path.endsWith(u"/sign"_s))
            id = m_signSubmission.value(role, m_readSubmission);
        else if (route.method == QHttpServerRequest::Method::Patch)
            id = m_reviewSubmission;
        path.replace(u"{id}"_s, QString::number(id));
    }
    return path;
}

QByteArray TestRoleMatrix::bodyFor(const td::Route &route, const QString &subjectId)
{
    if (!route.hasBody())
        return {};
    const int n = ++m_counter;
    const QString key = routeKey(route);
    if (key == u"POST /api/v1/auth/login"_s)
        return jsonBytes({{u"username"_s, u"admin"_s}, {u"password"_s, password()}});
    if (key == u"POST /api/v1/users"_s)
        return jsonBytes(
            {{u"username"_s, u"mx-new-%1"_s.arg(n)}, {u"role"_s, u"monitor"_s}, {u"password"_s, password()}});
    if (key == u"PATCH /api/v1/users/{username}"_s)
        return jsonBytes({{u"displayName"_s, u"Matrix target %1"_s.arg(n)}});
    if (key == u"POST /api/v1/projects"_s)
        return jsonBytes({{u"code"_s, u"MX-NEW-%1"_s.arg(n)}, {u"title"_s, u"Matrix study"_s}});
    if (key == u"PATCH /api/v1/subjects/{subjectId}"_s)
        return R"({"anchorDate":"2026-05-04"})"_ba;
    if (key == u"PATCH /api/v1/projects/{code}"_s)
        return jsonBytes({{u"title"_s, u"Matrix study, revision %1"_s.arg(n)}});
    if (key == u"POST /api/v1/projects/{code}/subjects"_s)
        return jsonBytes({{u"name"_s, u"Matrix subject %1"_s.arg(n)}, {u"phone"_s, u"18800001111"_s}});
    if (route.method == QHttpServerRequest::Method::Put && route.path.contains(u"/member"_s))
        return jsonBytes({{u"studyRole"_s, u"monitor"_s}, {u"sites"_s, QJsonArray()}});
    if (key == u"PUT /api/v1/projects/{code}/schedules/{questionnaire}"_s)
        return jsonBytes({{u"rule"_s, u"daily"_s}, {u"at"_s, u"08:00"_s}, {u"windowMinutes"_s, 60 + n % 60}});
    if (key == u"POST /api/v1/subjects/{subjectId}/questionnaires"_s)
        return jsonBytes(
            {{u"subjectId"_s, subjectId}, {u"questionnaire"_s, u"phq9"_s}, {u"answers"_s, QJsonObject{{u"q1"_s, n}}}});
    if (key == u"POST /api/v1/projects/{code}/questionnaires"_s
        || key == u"PUT /api/v1/projects/{code}/questionnaires/{key}/versions/{version}"_s)
        return jsonBytes(definition(m_key));
    if (key == u"POST /api/v1/projects/{code}/questionnaires/{key}/versions/{version}/publish"_s)
        return jsonBytes({{u"password"_s, password()}, {u"meaning"_s, u"Approved"_s}});
    if (key == u"POST /api/v1/subjects/{subjectId}/vitals"_s)
        return jsonBytes({{u"type"_s, u"heart_rate"_s}, {u"value"_s, 70}});
    if (key == u"PATCH /api/v1/submissions/{id}"_s)
        return jsonBytes({{u"reviewStatus"_s, u"queried"_s}, {u"comment"_s, u"Matrix check %1"_s.arg(n)}});
    if (key == u"POST /api/v1/submissions/{id}/sign"_s)
        return jsonBytes({{u"password"_s, password()}, {u"meaning"_s, u"Reviewed and approved"_s}});
    if (key == u"POST /api/v1/projects/{code}/webhooks"_s)
        return jsonBytes({{u"url"_s, u"http://127.0.0.1:9/matrix-%1"_s.arg(n)}, {u"enabled"_s, false}});
    if (key == u"PATCH /api/v1/webhooks/{id}"_s)
        return jsonBytes({{u"description"_s, u"Matrix check %1"_s.arg(n)}});
    // A route this suite does not know yet: an empty object still reaches authorisation.
    return "{}";
}

HttpReply TestRoleMatrix::send(const td::Route &route, const QString &token, const QString &path,
                               const QByteArray &body)
{
    m_http.setToken(token);
    return m_http.send(td::methodName(route.method), m_server->url(path), body, {},
                       route.hasBody() ? QByteArray("application/json") : QByteArray());
}

void TestRoleMatrix::routeTableCoversTheApi()
{
    const auto &routes = m_routes->routes();
    QVERIFY(routes.size() >= 20);
    QSet<QString> keys;
    for (const td::Route &route : routes) {
        QVERIFY2(!keys.contains(routeKey(route)), qPrintable(routeKey(route)));
        keys.insert(routeKey(route));
        // Only known role bits.
        QVERIFY2((route.roles & ~31u) == 0, qPrintable(routeKey(route)));
    }
    // Account management is the admin's alone; sign-in and health are public.
    for (const td::Route &route : routes) {
        if (route.path.startsWith(u"/api/v1/users"_s))
            QCOMPARE(route.roles, unsigned(td::Role::Admin));
    }
    QVERIFY(keys.contains(u"POST /api/v1/auth/login"_s));
    QVERIFY(keys.contains(u"GET /healthz"_s));
}

void TestRoleMatrix::addRouteRoleRows(const QStringList &roles)
{
    QTest::addColumn<int>("index");
    QTest::addColumn<QString>("role");
    const auto &routes = m_routes->routes();
    for (size_t i = 0; i < routes.size(); ++i) {
        for (const QString &role : roles) {
            const QByteArray name = (routeKey(routes[i]) + u" as "_s + role).toUtf8();
            QTest::newRow(name.constData()) << int(i) << role;
        }
    }
}

void TestRoleMatrix::routeAsRole_data()
{
    addRouteRoleRows(kRoles + QStringList{kBadToken, kNoToken});
}

void TestRoleMatrix::routeAsRole()
{
    QFETCH(int, index);
    QFETCH(QString, role);
    const td::Route &route = m_routes->routes().at(size_t(index));
    const QString token = tokenFor(route, role);
    QVERIFY2(role == kNoToken || !token.isEmpty(), qPrintable(role));
    SECURITY_CHECK(prepareQuestionnaire(route, m_code));
    SECURITY_CHECK(prepareWebhook(route, m_code));
    const QString path = pathFor(route, role, m_subjectId);
    // Ending a membership needs one to end: an earlier row may have ended it.
    if (route.method == QHttpServerRequest::Method::Delete && route.path.contains(u"/member"_s))
        SECURITY_CHECK(grant(m_http, *m_server, m_targetUser, m_code, u"monitor"_s));
    if (route.method == QHttpServerRequest::Method::Delete && route.path.contains(u"/schedules/"_s))
        SECURITY_CHECK(putSchedule(m_code));
    const HttpReply reply = send(route, token, path, bodyFor(route, m_subjectId));
    const QByteArray what =
        td::methodName(route.method) + ' ' + path.toUtf8() + " as " + role.toUtf8() + " -> " + describe(reply);

    if (route.roles == td::kPublic) {
        QVERIFY2(reply.status != 401 && reply.status != 403, what.constData());
        QVERIFY2(reply.status >= 200 && reply.status < 300, what.constData());
    } else if (role == kNoToken || role == kBadToken) {
        QVERIFY2(reply.status == 401, what.constData());
        QVERIFY2(reply.header("WWW-Authenticate").startsWith("Bearer"), what.constData());
        QCOMPARE(reply.json().value(u"code"_s).toString(), u"unauthorized"_s);
    } else if ((route.roles & roleBit(role)) == 0) {
        QVERIFY2(reply.status == 403, what.constData());
        QCOMPARE(reply.json().value(u"code"_s).toString(), u"forbidden"_s);
    } else {
        QVERIFY2(reply.status != 401 && reply.status != 403, what.constData());
        QVERIFY2(reply.status >= 200 && reply.status < 300, what.constData());
    }

    // Issuing a subject token revokes the subject's earlier one: keep the current one.
    if (route.path == u"/api/v1/subjects/{subjectId}/token"_s && reply.status == 201) {
        m_tokens.insert(u"subject"_s, reply.json().value(u"subjectToken"_s).toString());
        QVERIFY(!m_tokens.value(u"subject"_s).isEmpty());
    }
}

void TestRoleMatrix::subjectTokenOnAnotherSubject_data()
{
    QTest::addColumn<int>("index");
    const auto &routes = m_routes->routes();
    int rows = 0;
    for (size_t i = 0; i < routes.size(); ++i) {
        if (routes[i].path.contains(u"{subjectId}"_s) && (routes[i].roles & unsigned(td::Role::Subject))) {
            QTest::newRow(routeKey(routes[i]).toUtf8().constData()) << int(i);
            ++rows;
        }
    }
    QVERIFY(rows >= 5);
}

void TestRoleMatrix::subjectTokenOnAnotherSubject()
{
    QFETCH(int, index);
    const td::Route &route = m_routes->routes().at(size_t(index));
    const QString token = m_tokens.value(u"subject"_s);
    // Another subject's path, with a body that names that subject consistently.
    const QString path = pathFor(route, u"subject"_s, m_otherSubjectId);
    const HttpReply reply = send(route, token, path, bodyFor(route, m_otherSubjectId));
    const QByteArray what = path.toUtf8() + " -> " + describe(reply);
    QVERIFY2(reply.status == 403, what.constData());
    QCOMPARE(reply.json().value(u"code"_s).toString(), u"forbidden"_s);
    // The same token on its own subject is allowed (so the 403 above is about ownership).
    const HttpReply own = send(route, token, pathFor(route, u"subject"_s, m_subjectId), bodyFor(route, m_subjectId));
    QVERIFY2(own.status >= 200 && own.status < 300, describe(own).constData());
    // Nothing was stored for the other subject by the refused request.
    if (route.method == QHttpServerRequest::Method::Post) {
        SqlFile db(m_server->databaseFile());
        const QString table = route.path.endsWith(u"/vitals"_s) ? u"vital_signs"_s : u"questionnaire_submissions"_s;
        QCOMPARE(
            db.scalar(u"SELECT COUNT(*) FROM "_s + table + u" WHERE subject_id = ?"_s, {m_otherSubjectId}).toLongLong(),
            qint64(0));
    }
}

QHash<QString, QStringList> TestRoleMatrix::docMatrix(QString *problem) const
{
    QHash<QString, QStringList> rows;
    const QString file = QFINDTESTDATA("../../docs/security.md");
    QFile doc(file);
    if (file.isEmpty() || !doc.open(QIODevice::ReadOnly | QIODevice::Text)) {
        *problem = u"cannot read docs/security.md"_s;
        return rows;
    }
    const QString text = QString::fromUtf8(doc.readAll());
    const qsizetype start = text.indexOf(u"| Method | Path | admin | pm | crc | monitor | subject |"_s);
    if (start < 0) {
        *problem = u"the matrix header row is missing or its columns changed"_s;
        return rows;
    }
    // Rows: | METHOD | `path` | cell | cell | cell | cell | cell |
    static const QRegularExpression row(u"^\\|\\s*([A-Z]+)\\s*\\|\\s*`([^`]+)`\\s*\\|(.*)\\|\\s*$"_s);
    const QStringList lines = text.mid(start).split(u'\n');
    for (qsizetype i = 2; i < lines.size(); ++i) { // after the header and the |---| line
        const QString line = lines.at(i).trimmed();
        if (!line.startsWith(u'|'))
            break; // end of the table
        const auto match = row.match(line);
        if (!match.hasMatch()) {
            *problem = u"unreadable matrix row: "_s + line;
            return rows;
        }
        const QString key = match.captured(1) + u' ' + match.captured(2);
        if (rows.contains(key)) {
            *problem = u"row listed twice: "_s + key;
            return rows;
        }
        QStringList cells = match.captured(3).split(u'|');
        for (QString &cell : cells)
            cell = cell.trimmed();
        rows.insert(key, cells);
    }
    return rows;
}

void TestRoleMatrix::docMatrixCell_data()
{
    addRouteRoleRows(kRoles);
}

void TestRoleMatrix::docMatrixCell()
{
    QFETCH(int, index);
    QFETCH(QString, role);
    QString problem;
    const QHash<QString, QStringList> doc = docMatrix(&problem);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    const td::Route &route = m_routes->routes().at(size_t(index));
    QVERIFY2(doc.contains(routeKey(route)), qPrintable(u"docs/security.md has no row for "_s + routeKey(route)));
    const QStringList cells = doc.value(routeKey(route));
    QVERIFY2(cells.size() == kRoles.size(), qPrintable(routeKey(route) + u": "_s + cells.join(u'|')));
    QCOMPARE(cells.at(kRoles.indexOf(role)), expectedCell(route, role));
}

void TestRoleMatrix::docMatrixHasNoOtherRows()
{
    QString problem;
    const QHash<QString, QStringList> doc = docMatrix(&problem);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    QSet<QString> routes;
    for (const td::Route &route : m_routes->routes())
        routes.insert(routeKey(route));
    QStringList extra;
    for (auto it = doc.cbegin(); it != doc.cend(); ++it) {
        if (!routes.contains(it.key()))
            extra << it.key();
    }
    QVERIFY2(extra.isEmpty(), qPrintable(u"in docs/security.md but not served: "_s + extra.join(u", "_s)));
    QCOMPARE(doc.size(), qsizetype(m_routes->routes().size()));
    // Every cell is one of the three words.
    for (auto it = doc.cbegin(); it != doc.cend(); ++it) {
        for (const QString &cell : it.value())
            QVERIFY2(cell == u"yes"_s || cell == u"no"_s || cell == u"public"_s, qPrintable(it.key() + u": "_s + cell));
    }
}

QTEST_GUILESS_MAIN(TestRoleMatrix)
#include "tst_rolematrix.moc"

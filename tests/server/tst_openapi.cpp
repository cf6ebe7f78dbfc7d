// The OpenAPI document and THE route table: (a) built in-process from the real route
// table, it describes every route, with its path parameters; (b) the running server
// serves that same document, and it is well-formed OpenAPI 3 whose every $ref
// resolves; (c) every route in the table is actually dispatched by the server.

#include "HttpClient.h"
#include "RouteTableFixture.h"
#include "TestServer.h"
#include "api/OpenApiDocument.h"
#include "http/RouteTable.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>
#include <QTest>
#include <memory>

using namespace Qt::StringLiterals;
using td::test::HttpClient;
using td::test::HttpReply;
using td::test::TestServer;

namespace {

QByteArray describe(const HttpReply &reply)
{
    return "HTTP " + QByteArray::number(reply.status) + ": " + reply.body.left(800);
}

QString lowerMethod(const td::Route &route)
{
    return QString::fromLatin1(td::methodName(route.method).toLower());
}

QStringList placeholders(const QString &path)
{
    static const QRegularExpression placeholder(uR"(\{([^}/]+)\})"_s);
    QStringList names;
    for (auto it = placeholder.globalMatch(path); it.hasNext();)
        names << it.next().captured(1);
    return names;
}

// A value for a path parameter that names nothing stored.
QString dummyArgument(const QString &name)
{
    if (name == u"id"_s)
        return u"999999"_s;
    if (name == u"code"_s)
        return u"NO-SUCH-STUDY"_s;
    if (name == u"subjectId"_s)
        return u"NO-SUCH-SUBJECT"_s;
    return u"no-such-"_s + name;
}

// Every "$ref" anywhere below `value`, with the JSON path where it was found.
void collectRefs(const QJsonValue &value, const QString &where, QList<std::pair<QString, QString>> &refs)
{
    if (value.isObject()) {
        const QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it) {
            if (it.key() == u"$ref"_s)
                refs.append({where, it.value().toString()});
            else
                collectRefs(it.value(), where + u'/' + it.key(), refs);
        }
    } else if (value.isArray()) {
        const QJsonArray array = value.toArray();
        for (qsizetype i = 0; i < array.size(); ++i)
            collectRefs(array.at(i), where + u'/' + QString::number(i), refs);
    }
}

QSet<QString> operationsOf(const QJsonObject &document)
{
    static const QSet<QString> methods = {u"get"_s,   u"put"_s,     u"post"_s, u"delete"_s,
                                          u"patch"_s, u"options"_s, u"head"_s, u"trace"_s};
    QSet<QString> operations;
    const QJsonObject paths = document.value(u"paths"_s).toObject();
    for (auto path = paths.begin(); path != paths.end(); ++path) {
        const QJsonObject item = path.value().toObject();
        for (auto op = item.begin(); op != item.end(); ++op) {
            if (methods.contains(op.key()))
                operations.insert(op.key() + u' ' + path.key());
        }
    }
    return operations;
}

} // namespace

class TestOpenApi : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    // (a) in-process
    void routeTableIsNotTrivial();
    void documentDescribesRoute_data();
    void documentDescribesRoute();
    void documentDescribesNothingElse();
    void operationIdsAreUnique();
    void operationIdsAreStable_data();
    void operationIdsAreStable();

    // (b) served
    void servedDocumentIsTheRouteTableDocument();
    void servedDocumentLooksLikeOpenApi3();
    void everyRefResolves();

    // (c) dispatch
    void everyRouteIsDispatched_data();
    void everyRouteIsDispatched();

private:
    void addRouteRows();

    std::unique_ptr<td::test::RouteTableFixture> m_routes;
    QJsonObject m_document;

    std::unique_ptr<TestServer> m_server;
    HttpClient m_http;
    QJsonObject m_served;
};

void TestOpenApi::initTestCase()
{
    // The route table exactly as ServerApp builds it (over a throw-away database).
    m_routes = std::make_unique<td::test::RouteTableFixture>();
    QVERIFY(m_routes->isValid());
    m_document = td::openApiDocument(m_routes->table());

    // Sign-in is not rate limited here: every dispatched route gets a session of its own.
    m_server = std::make_unique<TestServer>(QStringList{u"--no-request-log"_s, u"--login-rate"_s, u"0"_s});
    QVERIFY2(m_server->start(), m_server->log().constData());
    const HttpReply reply = m_http.get(m_server->url(u"/api/v1/openapi.json"_s));
    QVERIFY2(reply.status == 200, describe(reply).constData());
    QVERIFY(reply.header("Content-Type").startsWith("application/json"));
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(reply.body, &error);
    QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
    QVERIFY(doc.isObject());
    m_served = doc.object();
}

void TestOpenApi::cleanupTestCase()
{
    m_routes.reset();
}

void TestOpenApi::addRouteRows()
{
    QTest::addColumn<int>("index");
    const auto &routes = m_routes->routes();
    for (size_t i = 0; i < routes.size(); ++i) {
        const QByteArray name = td::methodName(routes[i].method) + ' ' + routes[i].path.toUtf8();
        QTest::newRow(name.constData()) << int(i);
    }
}

void TestOpenApi::routeTableIsNotTrivial()
{
    const auto &routes = m_routes->routes();
    QVERIFY(routes.size() >= 10);
    QSet<QString> keys;
    for (const td::Route &route : routes) {
        QVERIFY2(route.path.startsWith(u'/'), qPrintable(route.path));
        QVERIFY2(route.handler != nullptr, qPrintable(route.path));
        QVERIFY2(!route.summary.isEmpty(), qPrintable(route.path));
        // Only a 204 has no body.
        QCOMPARE(route.responseSchema.isEmpty(), route.successStatus == 204);
        // Client generators turn operationIds into method names.
        QVERIFY2(QRegularExpression(u"^[a-z][A-Za-z0-9]*$"_s).match(route.operationId).hasMatch(),
                 qPrintable(route.path + u": operationId \""_s + route.operationId + u"\" is not camelCase"_s));
        const QString key = lowerMethod(route) + u' ' + route.path;
        QVERIFY2(!keys.contains(key), qPrintable(u"route declared twice: "_s + key));
        keys.insert(key);
    }
    // The routes the API promises are all there.
    for (const char16_t *expected :
         {u"get /healthz", u"get /api/v1/openapi.json", u"get /api/v1/projects", u"get /api/v1/projects/active",
          u"post /api/v1/projects", u"get /api/v1/projects/{code}", u"patch /api/v1/projects/{code}",
          u"post /api/v1/projects/{code}/subjects", u"get /api/v1/projects/{code}/subjects",
          u"get /api/v1/subjects/{subjectId}/profile"}) {
        QVERIFY2(keys.contains(QString::fromUtf16(expected)), qPrintable(QString::fromUtf16(expected)));
    }
}

void TestOpenApi::operationIdsAreStable_data()
{
    QTest::addColumn<QString>("route");
    QTest::addColumn<QString>("operationId");
    // Generated clients call these names: changing one is a breaking API change.
    QTest::newRow("health") << u"get /healthz"_s << u"getHealth"_s;
    QTest::newRow("login") << u"post /api/v1/auth/login"_s << u"login"_s;
    QTest::newRow("logout") << u"post /api/v1/auth/logout"_s << u"logout"_s;
    QTest::newRow("active") << u"get /api/v1/projects/active"_s << u"listActiveProjects"_s;
    QTest::newRow("list") << u"get /api/v1/projects"_s << u"listProjects"_s;
    QTest::newRow("create") << u"post /api/v1/projects"_s << u"createProject"_s;
    QTest::newRow("get") << u"get /api/v1/projects/{code}"_s << u"getProject"_s;
    QTest::newRow("update") << u"patch /api/v1/projects/{code}"_s << u"updateProject"_s;
    QTest::newRow("enrol") << u"post /api/v1/projects/{code}/subjects"_s << u"enrolSubject"_s;
    QTest::newRow("questionnaire") << u"post /api/v1/subjects/{subjectId}/questionnaires"_s << u"submitQuestionnaire"_s;
    QTest::newRow("vital") << u"post /api/v1/subjects/{subjectId}/vitals"_s << u"submitVitalSign"_s;
    QTest::newRow("review") << u"patch /api/v1/submissions/{id}"_s << u"reviewSubmission"_s;
    QTest::newRow("sign") << u"post /api/v1/submissions/{id}/sign"_s << u"signSubmission"_s;
}

void TestOpenApi::operationIdsAreStable()
{
    QFETCH(QString, route);
    QFETCH(QString, operationId);
    for (const td::Route &r : m_routes->routes()) {
        if (lowerMethod(r) + u' ' + r.path == route) {
            QCOMPARE(r.operationId, operationId);
            return;
        }
    }
    QFAIL(qPrintable(u"no route "_s + route));
}

void TestOpenApi::documentDescribesRoute_data()
{
    addRouteRows();
}

void TestOpenApi::documentDescribesRoute()
{
    QFETCH(int, index);
    const td::Route &route = m_routes->routes().at(size_t(index));
    const QJsonObject item = m_document.value(u"paths"_s).toObject().value(route.path).toObject();
    QVERIFY2(!item.isEmpty(), qPrintable(u"no path item for "_s + route.path));
    QVERIFY2(item.contains(lowerMethod(route)), qPrintable(u"no operation "_s + lowerMethod(route)));
    const QJsonObject op = item.value(lowerMethod(route)).toObject();
    QCOMPARE(op.value(u"summary"_s).toString(), route.summary);
    QCOMPARE(op.value(u"tags"_s).toArray(), QJsonArray{route.tag});
    QCOMPARE(op.value(u"operationId"_s).toString(), route.operationId);

    // Path parameters: each placeholder declared once, in: path, required; nothing else in: path.
    const QJsonArray parameters = op.value(u"parameters"_s).toArray();
    QStringList declaredPath;
    QStringList declaredQuery;
    QSet<QString> seen;
    for (const QJsonValue &value : parameters) {
        const QJsonObject p = value.toObject();
        const QString name = p.value(u"name"_s).toString();
        const QString in = p.value(u"in"_s).toString();
        QVERIFY2(!name.isEmpty(), "parameter without a name");
        QVERIFY2(!seen.contains(in + u':' + name), qPrintable(u"parameter declared twice: "_s + name));
        seen.insert(in + u':' + name);
        QVERIFY2(p.value(u"schema"_s).isObject(), qPrintable(name));
        if (in == u"path"_s) {
            QVERIFY2(p.value(u"required"_s).toBool(), qPrintable(name + u" must be required"_s));
            declaredPath << name;
        } else {
            QCOMPARE(in, u"query"_s);
            declaredQuery << name;
        }
    }
    QCOMPARE(declaredPath, placeholders(route.path));
    QCOMPARE(declaredQuery, route.queryParameters);

    // Bodies and answers.
    QCOMPARE(op.contains(u"requestBody"_s), route.hasBody());
    if (route.hasBody()) {
        const QJsonObject requestBody = op.value(u"requestBody"_s).toObject();
        QVERIFY(requestBody.value(u"required"_s).toBool());
        QCOMPARE(requestBody.value(u"content"_s)[u"application/json"_s][u"schema"_s][u"$ref"_s].toString(),
                 u"#/components/schemas/"_s + route.requestSchema);
    }
    const QJsonObject responses = op.value(u"responses"_s).toObject();
    const QString success = QString::number(route.successStatus);
    QVERIFY2(responses.contains(success), qPrintable(success));
    if (route.responseSchema.isEmpty()) {
        // 204: a validating proxy would flag any documented body.
        QVERIFY2(!responses.value(success).toObject().contains(u"content"_s), qPrintable(success));
    } else {
        // JSON, except GET /metrics (Prometheus text).
        const QString mediaType =
            route.responseSchema == u"PrometheusText"_s ? u"text/plain; version=0.0.4"_s : u"application/json"_s;
        QCOMPARE(responses.value(success)[u"content"_s][mediaType][u"schema"_s][u"$ref"_s].toString(),
                 u"#/components/schemas/"_s + route.responseSchema);
    }
    QVERIFY(responses.contains(u"default"_s));
    for (auto it = responses.begin(); it != responses.end(); ++it) {
        QVERIFY2(QRegularExpression(u"^([1-5][0-9][0-9]|default)$"_s).match(it.key()).hasMatch(), qPrintable(it.key()));
        QVERIFY2(!it.value()[u"description"_s].toString().isEmpty(), qPrintable(it.key()));
        if (it.key().startsWith(u'4') || it.key().startsWith(u'5') || it.key() == u"default"_s) {
            // The one refusal with a member of its own: 410 events_pruned (oldestSeq).
            const bool pruned = route.operationId == u"listEvents"_s && it.key() == u"410"_s;
            QCOMPARE(it.value()[u"content"_s][u"application/json"_s][u"schema"_s][u"$ref"_s].toString(),
                     pruned ? u"#/components/schemas/EventsPruned"_s : u"#/components/schemas/Error"_s);
        }
    }
    // Every operation says how to authenticate: routes that need a role name a
    // token scheme, public ones an empty list (linters and clients then know that
    // no token is needed); /metrics takes an optional token.
    QVERIFY(op.value(u"security"_s).isArray());
    const QJsonArray security = op.value(u"security"_s).toArray();
    if (route.roles != td::kPublic) {
        QVERIFY(!security.isEmpty());
        for (const QJsonValue &requirement : security)
            QVERIFY2(!requirement.toObject().isEmpty(), "an empty requirement would make the token optional");
        const bool subjectsMay = route.roles & unsigned(td::Role::Subject);
        QCOMPARE(security.contains(QJsonObject{{u"subjectToken"_s, QJsonArray()}}), subjectsMay);
    } else if (route.responseSchema == u"PrometheusText"_s) {
        QVERIFY(security.contains(QJsonObject()));
    } else {
        QVERIFY2(security.isEmpty(), qPrintable(route.path));
    }
    if (route.hasBody()) {
        for (const char16_t *status : {u"413", u"415"})
            QVERIFY2(responses.contains(QString::fromUtf16(status)), qPrintable(QString::fromUtf16(status)));
    }
}

void TestOpenApi::documentDescribesNothingElse()
{
    QSet<QString> expected;
    for (const td::Route &route : m_routes->routes())
        expected.insert(lowerMethod(route) + u' ' + route.path);
    QCOMPARE(operationsOf(m_document), expected);
    QCOMPARE(qsizetype(m_routes->routes().size()), operationsOf(m_document).size());
}

void TestOpenApi::operationIdsAreUnique()
{
    QSet<QString> ids;
    const QJsonObject paths = m_document.value(u"paths"_s).toObject();
    for (auto path = paths.begin(); path != paths.end(); ++path) {
        const QJsonObject item = path.value().toObject();
        for (auto op = item.begin(); op != item.end(); ++op) {
            const QString id = op.value()[u"operationId"_s].toString();
            QVERIFY2(!id.isEmpty(), qPrintable(op.key() + u' ' + path.key()));
            QVERIFY2(QRegularExpression(u"^[a-z][A-Za-z0-9]*$"_s).match(id).hasMatch(), qPrintable(id));
            QVERIFY2(!ids.contains(id), qPrintable(u"duplicate operationId "_s + id));
            ids.insert(id);
        }
    }
}

void TestOpenApi::servedDocumentIsTheRouteTableDocument()
{
    QSet<QString> fromTable;
    for (const td::Route &route : m_routes->routes())
        fromTable.insert(lowerMethod(route) + u' ' + route.path);
    QCOMPARE(operationsOf(m_served), fromTable);
    QStringList servedPaths = m_served.value(u"paths"_s).toObject().keys();
    QStringList tablePaths = m_document.value(u"paths"_s).toObject().keys();
    QCOMPARE(servedPaths, tablePaths);
    // Not only the same operations: the very same document.
    QCOMPARE(m_served, m_document);
}

void TestOpenApi::servedDocumentLooksLikeOpenApi3()
{
    QVERIFY(m_served.value(u"openapi"_s).isString());
    QVERIFY2(m_served.value(u"openapi"_s).toString().startsWith(u"3."_s),
             qPrintable(m_served.value(u"openapi"_s).toString()));
    const QJsonObject info = m_served.value(u"info"_s).toObject();
    QVERIFY(!info.value(u"title"_s).toString().isEmpty());
    QVERIFY(!info.value(u"version"_s).toString().isEmpty());
    // Where to send requests: relative to the document, so the same server.
    QCOMPARE(m_served.value(u"servers"_s)[0][u"url"_s].toString(), u"/"_s);
    // The version the server reports on /healthz.
    const HttpReply health = m_http.get(m_server->url(u"/healthz"_s));
    QCOMPARE(info.value(u"version"_s).toString(), health.json().value(u"version"_s).toString());

    const QJsonObject paths = m_served.value(u"paths"_s).toObject();
    QVERIFY(!paths.isEmpty());
    for (auto path = paths.begin(); path != paths.end(); ++path) {
        QVERIFY2(path.key().startsWith(u'/'), qPrintable(path.key()));
        QVERIFY2(path.value().isObject() && !path.value().toObject().isEmpty(), qPrintable(path.key()));
        const QJsonObject item = path.value().toObject();
        for (auto op = item.begin(); op != item.end(); ++op) {
            QVERIFY2(!op.value()[u"responses"_s].toObject().isEmpty(), qPrintable(op.key() + u' ' + path.key()));
            QVERIFY2(op.value()[u"parameters"_s].isArray(), qPrintable(op.key() + u' ' + path.key()));
        }
    }
    // Every security requirement names a declared scheme.
    const QJsonObject schemes = m_served.value(u"components"_s)[u"securitySchemes"_s].toObject();
    for (auto path = paths.begin(); path != paths.end(); ++path) {
        const QJsonObject item = path.value().toObject();
        for (auto op = item.begin(); op != item.end(); ++op) {
            for (const QJsonValue &requirement : op.value()[u"security"_s].toArray()) {
                for (const QString &scheme : requirement.toObject().keys())
                    QVERIFY2(schemes.contains(scheme), qPrintable(op.key() + u' ' + path.key() + u": "_s + scheme));
            }
        }
    }
    const QJsonObject schemas = m_served.value(u"components"_s)[u"schemas"_s].toObject();
    QVERIFY2(!schemas.isEmpty(), "components/schemas is empty");
    QVERIFY(schemas.contains(u"Error"_s));
    QVERIFY(schemas.value(u"Error"_s)[u"required"_s].toArray().contains(u"code"_s));
    for (auto it = schemas.begin(); it != schemas.end(); ++it) {
        QVERIFY2(it.value().isObject(), qPrintable(it.key()));
        const QString type = it.value()[u"type"_s].toString();
        QVERIFY2(type == u"object"_s || type == u"array"_s || (type == u"string"_s && it.key() == u"PrometheusText"_s)
                     || it.value()[u"allOf"_s].isArray(),
                 qPrintable(it.key() + u": "_s + type));
    }
}

void TestOpenApi::everyRefResolves()
{
    QList<std::pair<QString, QString>> refs;
    collectRefs(m_served, QString(), refs);
    QVERIFY(size_t(refs.size()) >= m_routes->routes().size());
    const QJsonObject schemas = m_served.value(u"components"_s)[u"schemas"_s].toObject();
    const QString prefix = u"#/components/schemas/"_s;
    QSet<QString> used;
    for (const auto &[where, ref] : refs) {
        QVERIFY2(ref.startsWith(prefix), qPrintable(where + u": "_s + ref));
        const QString name = ref.mid(prefix.size());
        QVERIFY2(schemas.contains(name), qPrintable(where + u": "_s + ref + u" names no schema"_s));
        used.insert(name);
    }
    // Every schema a route names exists (also those only named by the table).
    for (const td::Route &route : m_routes->routes()) {
        if (!route.responseSchema.isEmpty())
            QVERIFY2(schemas.contains(route.responseSchema), qPrintable(route.responseSchema));
        if (route.hasBody())
            QVERIFY2(schemas.contains(route.requestSchema), qPrintable(route.requestSchema));
    }
}

void TestOpenApi::everyRouteIsDispatched_data()
{
    addRouteRows();
}

void TestOpenApi::everyRouteIsDispatched()
{
    QFETCH(int, index);
    const td::Route &route = m_routes->routes().at(size_t(index));
    QString path = route.path;
    for (const QString &name : placeholders(route.path))
        path.replace(u'{' + name + u'}', dummyArgument(name));

    // A fresh admin session per route (admins may call every staff route), so a
    // route that ends its own session (sign-out) cannot disturb the others.
    HttpClient http;
    if (route.roles != td::kPublic) {
        const QJsonObject login{{u"username"_s, QString::fromUtf16(td::test::kAdminUser)},
                                {u"password"_s, QString::fromUtf16(td::test::kTestPassword)}};
        HttpClient anonymous;
        anonymous.setToken(QString());
        const HttpReply session = anonymous.post(m_server->url(u"/api/v1/auth/login"_s), QJsonDocument(login).toJson());
        QVERIFY2(session.status == 200, describe(session).constData());
        const QString token = session.json().value(u"token"_s).toString();
        QVERIFY(!token.isEmpty());
        http.setToken(token);
    }
    const QByteArray method = td::methodName(route.method);
    const HttpReply reply = route.hasBody() ? http.send(method, m_server->url(path), "{}", {}, "application/json")
                                            : http.send(method, m_server->url(path));
    QVERIFY2(reply.status != 0, "no HTTP answer");
    QVERIFY2(reply.status != 405, describe(reply).constData());
    QVERIFY2(reply.status < 500, describe(reply).constData());
    const QJsonObject body = reply.json();
    QVERIFY2(!(reply.status == 404 && body.value(u"code"_s).toString() == u"not_found"_s), describe(reply).constData());
    // Signed in as admin: a 401/403 can only be the handler's own answer on a public
    // route (a failed sign-in), never the role check.
    if (reply.status == 401 || reply.status == 403)
        QVERIFY2(route.roles == td::kPublic, describe(reply).constData());
    if (reply.status >= 400) {
        // A refusal from the handler itself: the common error shape, with a specific code.
        QVERIFY2(body.value(u"error"_s).isString(), describe(reply).constData());
        QVERIFY2(!body.value(u"code"_s).toString().isEmpty(), describe(reply).constData());
        QVERIFY2(body.value(u"code"_s).toString() != u"method_not_allowed"_s, describe(reply).constData());
        return;
    }
    // A success: the documented status, shaped like the documented schema.
    QCOMPARE(reply.status, route.successStatus);
    if (reply.status == 204) {
        QVERIFY2(reply.body.isEmpty(), describe(reply).constData());
        return;
    }
    if (route.responseSchema == u"PrometheusText"_s) {
        QVERIFY2(reply.header("Content-Type").startsWith("text/plain; version=0.0.4"), describe(reply).constData());
        QVERIFY2(reply.body.startsWith("# HELP "), describe(reply).constData());
        return;
    }
    const QJsonDocument doc = QJsonDocument::fromJson(reply.body);
    const QString type = m_served.value(u"components"_s)[u"schemas"_s][route.responseSchema][u"type"_s].toString();
    if (type == u"array"_s)
        QVERIFY2(doc.isArray(), describe(reply).constData());
    else
        QVERIFY2(doc.isObject(), describe(reply).constData());
    const QJsonObject properties =
        m_served.value(u"components"_s)[u"schemas"_s][route.responseSchema][u"properties"_s].toObject();
    for (auto it = properties.begin(); it != properties.end(); ++it) {
        if (route.responseSchema != u"OpenApi"_s)
            QVERIFY2(doc.object().contains(it.key()), qPrintable(route.responseSchema + u'.' + it.key()));
    }
}

QTEST_GUILESS_MAIN(TestOpenApi)
#include "tst_openapi.moc"

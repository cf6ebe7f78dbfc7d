// Questionnaire definitions over HTTP against a real trialdesk-server (issue #15):
// creating, editing, publishing with an e-signature, new versions and discarding
// drafts, every error code of those routes, the per-route body limit, and the
// validation of submitted answers against the newest published version for every
// item type (a refused submission stores nothing: no row, no idempotency key, no
// audit entry, and its Idempotency-Key can be used again).

#include "IntakeTestKit.h"
#include "QuestionnaireDefinition.h"

#include <QJsonArray>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace td::test;
using namespace td::test::intake;

namespace {

const QString kStudy = u"DEF-MAIN"_s;
const QString kLegacyStudy = u"DEF-LEGACY"_s; // never gets a published definition
const QString kSubject = u"DEF-S1"_s;
const QString kLegacySubject = u"DEF-L1"_s;
const QString kAllTypes = u"all-types"_s;   // published in initTestCase: one item of each type
const QString kDraftOnly = u"draft-only"_s; // a draft lacking Chinese texts, never published

QString password()
{
    return QString::fromUtf16(kTestPassword);
}

QByteArray describe(const HttpReply &reply)
{
    return "HTTP " + QByteArray::number(reply.status) + ": " + reply.body.left(800);
}

QJsonObject text(const QString &en, const QString &zh = {})
{
    QJsonObject t{{u"en"_s, en}};
    if (!zh.isEmpty())
        t.insert(u"zh_CN"_s, zh);
    return t;
}

QJsonObject item(const QString &key, const QString &type, bool required, QJsonObject extra = {})
{
    extra.insert(u"key"_s, key);
    extra.insert(u"type"_s, type);
    extra.insert(u"required"_s, required);
    extra.insert(u"label"_s, text(u"Label of "_s + key, u"标签 "_s + key));
    return extra;
}

QJsonArray choices(const QStringList &codes)
{
    QJsonArray list;
    for (const QString &code : codes)
        list.append(QJsonObject{{u"code"_s, code}, {u"label"_s, text(u"Choice "_s + code, u"选项 "_s + code)}});
    return list;
}

QJsonObject simpleDefinition(const QString &key, bool bothLanguages = true)
{
    return {{u"key"_s, key},
            {u"title"_s, bothLanguages ? text(u"Simple"_s, u"简单"_s) : text(u"Simple"_s)},
            {u"items"_s, QJsonArray{item(u"pain"_s, u"ratingScale"_s, true)}}};
}

// One item of each of the ten types, and a conditional one.
QJsonObject allTypesDefinition()
{
    return {{u"key"_s, kAllTypes},
            {u"title"_s, text(u"Every item type"_s, u"所有题型"_s)},
            {u"items"_s,
             QJsonArray{
                 item(u"count"_s, u"integer"_s, true, {{u"min"_s, 0}, {u"max"_s, 20}}),
                 item(u"weight"_s, u"decimal"_s, false, {{u"min"_s, 30.5}, {u"max"_s, 250}, {u"unit"_s, u"kg"_s}}),
                 item(u"note"_s, u"text"_s, false, {{u"maxLength"_s, 10}}),
                 item(u"tookMedication"_s, u"boolean"_s, true),
                 item(u"since"_s, u"date"_s, false),
                 item(u"wokeAt"_s, u"time"_s, false),
                 item(u"mood"_s, u"singleChoice"_s, false, {{u"choices"_s, choices({u"good"_s, u"poor"_s})}}),
                 item(u"sideEffects"_s, u"multipleChoice"_s, false,
                      {{u"choices"_s, choices({u"headache"_s, u"nausea"_s, u"other"_s})}}),
                 item(u"pain"_s, u"ratingScale"_s, true),
                 item(u"wellbeing"_s, u"visualAnalogueScale"_s, false),
                 // Asked only when a side effect "other" was ticked, and then required.
                 item(u"otherEffect"_s, u"text"_s, true,
                      {{u"showWhen"_s, QJsonObject{{u"item"_s, u"sideEffects"_s}, {u"equals"_s, u"other"_s}}}}),
             }}};
}

QJsonObject signature(const QString &pass = password())
{
    return {{u"password"_s, pass}, {u"meaning"_s, u"Approved for use in the study"_s}};
}

QString questionnairesPath(const QString &study = kStudy)
{
    return u"/api/v1/projects/%1/questionnaires"_s.arg(study);
}

QString versionPath(const QString &key, int version, const QString &study = kStudy)
{
    return questionnairesPath(study) + u"/%1/versions/%2"_s.arg(key).arg(version);
}

QString hashOf(const QJsonObject &definition)
{
    const auto d = td::QuestionnaireDefinition::fromJson(definition, nullptr);
    return d ? d->contentHash() : QString();
}

} // namespace

class TestDefinitionsApi : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void createEditPublish();
    void newVersionAndDiscard();
    void refusals_data();
    void refusals();
    void wrongPasswordAnswersAsWhenSigning();
    void monitorReadsButCannotEdit();
    void bodyLimitIsPerRoute();

    void validatesAnswers_data();
    void validatesAnswers();
    void refusedSubmissionStoresNothing();
    void requiresAPublishedQuestionnaire_data();
    void requiresAPublishedQuestionnaire();
    void legacyStudyAcceptsAnyAnswers();
    void newVersionAppliesAtOnce();

private:
    HttpReply send(const QByteArray &method, const QString &path, const QJsonObject &body = {});
    HttpReply submit(const QJsonObject &answers, const QString &questionnaire = kAllTypes,
                     const QString &subjectId = kSubject, const QByteArray &idempotencyKey = {});
    qint64 count(const QString &table) const;
    // Creates `definition` and publishes its version 1; empty when that worked.
    QString createPublished(const QJsonObject &definition, const QString &study = kStudy);

    TestServer m_server{burstServerArguments()};
    HttpClient m_http;
    int m_counter = 0;
};

HttpReply TestDefinitionsApi::send(const QByteArray &method, const QString &path, const QJsonObject &body)
{
    const bool hasBody = method == "POST" || method == "PUT";
    return m_http.send(method, m_server.url(path), hasBody ? jsonBytes(body) : QByteArray(), {},
                       hasBody ? QByteArray("application/json") : QByteArray());
}

HttpReply TestDefinitionsApi::submit(const QJsonObject &answers, const QString &questionnaire, const QString &subjectId,
                                     const QByteArray &idempotencyKey)
{
    QJsonObject body{{u"subjectId"_s, subjectId}, {u"answers"_s, answers}};
    if (!questionnaire.isEmpty())
        body.insert(u"questionnaire"_s, questionnaire);
    Headers headers;
    if (!idempotencyKey.isEmpty())
        headers.append({"Idempotency-Key", idempotencyKey});
    return m_http.post(questionnairesUrl(m_server, subjectId), jsonBytes(body), headers);
}

qint64 TestDefinitionsApi::count(const QString &table) const
{
    return DatabasePeek(m_server.databaseFile()).count(table);
}

QString TestDefinitionsApi::createPublished(const QJsonObject &definition, const QString &study)
{
    const HttpReply created = send("POST", questionnairesPath(study), definition);
    if (created.status != 201)
        return QString::fromUtf8(describe(created));
    const QString key = definition.value(u"key"_s).toString();
    const HttpReply published = send("POST", versionPath(key, 1, study) + u"/publish"_s, signature());
    if (published.status != 200)
        return QString::fromUtf8(describe(published));
    return {};
}

void TestDefinitionsApi::initTestCase()
{
    QVERIFY2(m_server.start(), m_server.log().constData());
    for (const QString &code : {kStudy, kLegacyStudy})
        QCOMPARE(createStudy(m_http, m_server, code).status, 201);
    QCOMPARE(enrol(m_http, m_server, kStudy, kSubject).status, 201);
    QCOMPARE(enrol(m_http, m_server, kLegacyStudy, kLegacySubject).status, 201);
    const QString problem = createPublished(allTypesDefinition());
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    const HttpReply draft = send("POST", questionnairesPath(), simpleDefinition(kDraftOnly, false));
    QVERIFY2(draft.status == 201, describe(draft).constData());
}

void TestDefinitionsApi::cleanupTestCase()
{
    QVERIFY(m_server.stop());
}

void TestDefinitionsApi::createEditPublish()
{
    const QString key = u"flow"_s;
    const qint64 auditBefore = count(u"audit_log"_s);

    // Created: version 1, a draft, with the definition as normalised by the server.
    QJsonObject definition = simpleDefinition(key, false);
    const HttpReply created = send("POST", questionnairesPath(), definition);
    QVERIFY2(created.status == 201, describe(created).constData());
    QCOMPARE(created.header("Location"), versionPath(key, 1).toUtf8());
    QJsonObject v = created.json();
    QCOMPARE(v.value(u"projectCode"_s).toString(), kStudy);
    QCOMPARE(v.value(u"key"_s).toString(), key);
    QCOMPARE(v.value(u"version"_s).toInt(), 1);
    QCOMPARE(v.value(u"status"_s).toString(), u"draft"_s);
    QCOMPARE(v.value(u"createdBy"_s).toString(), u"admin"_s);
    QVERIFY(v.value(u"publishedAt"_s).isNull());
    QCOMPARE(v.value(u"contentHash"_s).toString(), hashOf(definition));
    QCOMPARE(v.value(u"definition"_s).toObject().value(u"items"_s).toArray().size(), 1);

    // Not published yet: nothing for intake, nothing at the questionnaire's own path.
    QVERIFY(
        errorMismatch(send("GET", questionnairesPath() + u"/"_s + key), 404, u"questionnaire_not_found"_s).isEmpty());
    // Publishing needs the Chinese title.
    const HttpReply refused = send("POST", versionPath(key, 1) + u"/publish"_s, signature());
    QVERIFY2(errorMismatch(refused, 400, u"not_publishable"_s, u"title.zh_CN"_s).isEmpty(),
             describe(refused).constData());

    // Edited: the draft changes in place, with who and when.
    definition.insert(u"title"_s, text(u"Simple"_s, u"简单"_s));
    const HttpReply edited = send("PUT", versionPath(key, 1), definition);
    QVERIFY2(edited.status == 200, describe(edited).constData());
    v = edited.json();
    QCOMPARE(v.value(u"status"_s).toString(), u"draft"_s);
    QCOMPARE(v.value(u"updatedBy"_s).toString(), u"admin"_s);
    QVERIFY(!v.value(u"updatedAt"_s).isNull());
    QCOMPARE(v.value(u"definition"_s).toObject().value(u"title"_s).toObject(), text(u"Simple"_s, u"简单"_s));
    QCOMPARE(v.value(u"contentHash"_s).toString(), hashOf(definition));

    // Published: frozen, signed, hash recorded.
    const HttpReply published = send("POST", versionPath(key, 1) + u"/publish"_s, signature());
    QVERIFY2(published.status == 200, describe(published).constData());
    v = published.json();
    QCOMPARE(v.value(u"status"_s).toString(), u"published"_s);
    QCOMPARE(v.value(u"publishedBy"_s).toString(), u"admin"_s);
    QVERIFY(parseInstant(v.value(u"publishedAt"_s)).isValid());
    QCOMPARE(v.value(u"signatureMeaning"_s).toString(), u"Approved for use in the study"_s);
    QCOMPARE(v.value(u"contentHash"_s).toString(), hashOf(definition));

    const HttpReply current = send("GET", questionnairesPath() + u"/"_s + key);
    QVERIFY2(current.status == 200, describe(current).constData());
    QCOMPARE(current.json(), v);
    QCOMPARE(send("GET", versionPath(key, 1)).json(), v);

    // Listed without the definition, in key then version order.
    const HttpReply listed = send("GET", questionnairesPath());
    QCOMPARE(listed.status, 200);
    QStringList order;
    for (const QJsonValue &entry : listed.json().value(u"items"_s).toArray()) {
        QVERIFY(!entry.toObject().contains(u"definition"_s));
        order << entry[u"key"_s].toString() + u'/' + QString::number(entry[u"version"_s].toInt());
        if (entry[u"key"_s].toString() == key)
            QCOMPARE(entry.toObject(), [&] {
                QJsonObject brief = v;
                brief.remove(u"definition"_s);
                return brief;
            }());
    }
    QStringList sorted = order;
    sorted.sort();
    QCOMPARE(order, sorted);
    QVERIFY(order.contains(key + u"/1"_s));

    // Audited: create, update (before and after), publish (hash and meaning).
    const HttpReply audit =
        m_http.get(m_server.url(u"/api/v1/audit?entity=questionnaire&id=%1/%2/1"_s.arg(kStudy, key)));
    QCOMPARE(audit.status, 200);
    QStringList actions;
    QJsonObject publication;
    for (const QJsonValue &entry : audit.json().value(u"items"_s).toArray()) {
        actions << entry[u"action"_s].toString();
        QCOMPARE(entry[u"actor"_s].toString(), u"admin"_s);
        if (entry[u"action"_s].toString() == u"update"_s) {
            QCOMPARE(entry[u"before"_s][u"definition"_s][u"title"_s].toObject(), text(u"Simple"_s));
            QCOMPARE(entry[u"after"_s][u"definition"_s][u"title"_s].toObject(), text(u"Simple"_s, u"简单"_s));
        }
        if (entry[u"action"_s].toString() == u"publish"_s)
            publication = entry[u"after"_s].toObject();
    }
    QCOMPARE(actions, (QStringList{u"create"_s, u"update"_s, u"publish"_s}));
    QCOMPARE(publication.value(u"contentHash"_s).toString(), hashOf(definition));
    QCOMPARE(publication.value(u"meaning"_s).toString(), u"Approved for use in the study"_s);
    QCOMPARE(count(u"audit_log"_s), auditBefore + 3);
}

void TestDefinitionsApi::newVersionAndDiscard()
{
    const QString key = u"versions"_s;
    const QString problem = createPublished(simpleDefinition(key));
    QVERIFY2(problem.isEmpty(), qPrintable(problem));

    // A new draft copies the newest version.
    const HttpReply second = send("POST", questionnairesPath() + u"/%1/versions"_s.arg(key), {});
    QVERIFY2(second.status == 201, describe(second).constData());
    QCOMPARE(second.header("Location"), versionPath(key, 2).toUtf8());
    QCOMPARE(second.json().value(u"version"_s).toInt(), 2);
    QCOMPARE(second.json().value(u"status"_s).toString(), u"draft"_s);
    QCOMPARE(second.json().value(u"definition"_s).toObject(),
             send("GET", versionPath(key, 1)).json().value(u"definition"_s).toObject());
    // One draft at a time.
    QVERIFY(errorMismatch(send("POST", questionnairesPath() + u"/%1/versions"_s.arg(key), {}), 409, u"draft_exists"_s)
                .isEmpty());

    // Discarded: gone, audited, and the number is free again.
    const qint64 auditBefore = count(u"audit_log"_s);
    const HttpReply discarded = send("DELETE", versionPath(key, 2));
    QCOMPARE(discarded.status, 204);
    QVERIFY(discarded.body.isEmpty());
    QVERIFY(errorMismatch(send("GET", versionPath(key, 2)), 404, u"version_not_found"_s).isEmpty());
    QCOMPARE(count(u"audit_log"_s), auditBefore + 1);
    const HttpReply again = send("POST", questionnairesPath() + u"/%1/versions"_s.arg(key), {});
    QCOMPARE(again.status, 201);
    QCOMPARE(again.json().value(u"version"_s).toInt(), 2);

    // Published, version 2 is what the questionnaire's path answers.
    QJsonObject changed = simpleDefinition(key);
    changed.insert(u"items"_s, QJsonArray{item(u"pain"_s, u"ratingScale"_s, true, {{u"max"_s, 5}})});
    QCOMPARE(send("PUT", versionPath(key, 2), changed).status, 200);
    QCOMPARE(send("POST", versionPath(key, 2) + u"/publish"_s, signature()).status, 200);
    const HttpReply current = send("GET", questionnairesPath() + u"/"_s + key);
    QCOMPARE(current.json().value(u"version"_s).toInt(), 2);
    QCOMPARE(current.json().value(u"contentHash"_s).toString(), hashOf(changed));
    // Version 1 stays as it was published.
    QCOMPARE(send("GET", versionPath(key, 1)).json().value(u"contentHash"_s).toString(), hashOf(simpleDefinition(key)));
}

void TestDefinitionsApi::refusals_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QJsonObject>("body");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("field");

    QJsonObject badType = simpleDefinition(u"bad-type"_s);
    badType.insert(u"items"_s, QJsonArray{item(u"pain"_s, u"slider"_s, true)});
    QJsonObject otherKey = simpleDefinition(u"another-key"_s);
    const QString published = versionPath(kAllTypes, 1);
    const QString draft = versionPath(kDraftOnly, 1);

    QTest::newRow("create: key exists") << QByteArray("POST") << questionnairesPath() << simpleDefinition(kAllTypes)
                                        << 409 << u"questionnaire_exists"_s << u"key"_s;
    QTest::newRow("create: invalid definition") << QByteArray("POST") << questionnairesPath() << badType << 400
                                                << u"invalid_definition"_s << u"items[0].type"_s;
    QTest::newRow("create: unknown member")
        << QByteArray("POST") << questionnairesPath() << QJsonObject{{u"key"_s, u"x"_s}, {u"colour"_s, u"red"_s}} << 400
        << u"invalid_definition"_s << u"colour"_s;
    QTest::newRow("create: unknown study") << QByteArray("POST") << questionnairesPath(u"NO-SUCH"_s)
                                           << simpleDefinition(u"x"_s) << 404 << u"project_not_found"_s << QString();
    QTest::newRow("list: unknown study") << QByteArray("GET") << questionnairesPath(u"NO-SUCH"_s) << QJsonObject()
                                         << 404 << u"project_not_found"_s << QString();
    QTest::newRow("published: only a draft") << QByteArray("GET") << questionnairesPath() + u"/"_s + kDraftOnly
                                             << QJsonObject() << 404 << u"questionnaire_not_found"_s << QString();
    QTest::newRow("published: unknown key") << QByteArray("GET") << questionnairesPath() + u"/nothing"_s
                                            << QJsonObject() << 404 << u"questionnaire_not_found"_s << QString();
    QTest::newRow("version: unknown") << QByteArray("GET") << versionPath(kAllTypes, 9) << QJsonObject() << 404
                                      << u"version_not_found"_s << QString();
    QTest::newRow("version: not a number") << QByteArray("GET") << versionPath(kAllTypes, 1).replace(u"/1"_s, u"/x"_s)
                                           << QJsonObject() << 404 << u"version_not_found"_s << QString();
    QTest::newRow("version: unknown key") << QByteArray("GET") << versionPath(u"nothing"_s, 1) << QJsonObject() << 404
                                          << u"questionnaire_not_found"_s << QString();
    QTest::newRow("new version: unknown key") << QByteArray("POST") << questionnairesPath() + u"/nothing/versions"_s
                                              << QJsonObject() << 404 << u"questionnaire_not_found"_s << QString();
    QTest::newRow("new version: a member")
        << QByteArray("POST") << questionnairesPath() + u"/%1/versions"_s.arg(kAllTypes) << QJsonObject{{u"from"_s, 1}}
        << 400 << u"unknown_field"_s << u"from"_s;
    QTest::newRow("new version: draft exists")
        << QByteArray("POST") << questionnairesPath() + u"/%1/versions"_s.arg(kDraftOnly) << QJsonObject() << 409
        << u"draft_exists"_s << QString();
    QTest::newRow("update: other key") << QByteArray("PUT") << draft << otherKey << 400 << u"key_mismatch"_s
                                       << u"key"_s;
    QTest::newRow("update: invalid definition")
        << QByteArray("PUT") << draft << badType << 400 << u"invalid_definition"_s << u"items[0].type"_s;
    QTest::newRow("update: published") << QByteArray("PUT") << published << allTypesDefinition() << 409
                                       << u"version_published"_s << QString();
    QTest::newRow("update: unknown version")
        << QByteArray("PUT") << versionPath(kDraftOnly, 5) << simpleDefinition(kDraftOnly) << 404
        << u"version_not_found"_s << QString();
    QTest::newRow("delete: published") << QByteArray("DELETE") << published << QJsonObject() << 409
                                       << u"version_published"_s << QString();
    QTest::newRow("delete: unknown version") << QByteArray("DELETE") << versionPath(kDraftOnly, 5) << QJsonObject()
                                             << 404 << u"version_not_found"_s << QString();
    QTest::newRow("publish: published") << QByteArray("POST") << published + u"/publish"_s << signature() << 409
                                        << u"version_published"_s << QString();
    QTest::newRow("publish: texts missing") << QByteArray("POST") << draft + u"/publish"_s << signature() << 400
                                            << u"not_publishable"_s << u"title.zh_CN"_s;
    QTest::newRow("publish: no meaning") << QByteArray("POST") << draft + u"/publish"_s
                                         << QJsonObject{{u"password"_s, password()}} << 400 << u"missing_field"_s
                                         << u"meaning"_s;
    QTest::newRow("publish: wrong password")
        << QByteArray("POST") << draft + u"/publish"_s << signature(u"not-the-password"_s) << 403
        << u"invalid_password"_s << u"password"_s;
}

void TestDefinitionsApi::refusals()
{
    QFETCH(QByteArray, method);
    QFETCH(QString, path);
    QFETCH(QJsonObject, body);
    QFETCH(int, status);
    QFETCH(QString, code);
    QFETCH(QString, field);
    const qint64 versions = count(u"questionnaire_versions"_s);
    const qint64 changes = DatabasePeek(m_server.databaseFile())
                               .scalar(u"SELECT COUNT(*) FROM audit_log WHERE entity_type = 'questionnaire'"_s);
    const HttpReply reply = send(method, path, body);
    const QString mismatch = errorMismatch(reply, status, code, field);
    QVERIFY2(mismatch.isEmpty(), qPrintable(mismatch));
    // Nothing changed.
    QCOMPARE(count(u"questionnaire_versions"_s), versions);
    QCOMPARE(DatabasePeek(m_server.databaseFile())
                 .scalar(u"SELECT COUNT(*) FROM audit_log WHERE entity_type = 'questionnaire'"_s),
             changes);
    const DatabasePeek db(m_server.databaseFile());
    const auto rows = db.rows(u"SELECT v.status FROM questionnaire_versions v JOIN projects p ON p.id = v.project_id "
                              "WHERE p.code = ? AND v.questionnaire_key = ?"_s,
                              {kStudy, kDraftOnly});
    QVERIFY2(rows.size() == 1, qPrintable(db.lastError()));
    QCOMPARE(rows.first().first().toString(), u"draft"_s);
}

void TestDefinitionsApi::wrongPasswordAnswersAsWhenSigning()
{
    // A reviewed submission to sign with the same wrong password.
    const HttpReply submitted = submit({{u"count"_s, 1}, {u"tookMedication"_s, true}, {u"pain"_s, 0}});
    QVERIFY2(submitted.status == 201, describe(submitted).constData());
    const QString submission = u"/api/v1/submissions/%1"_s.arg(submitted.json().value(u"id"_s).toInteger());
    QCOMPARE(m_http.patch(m_server.url(submission), jsonBytes({{u"reviewStatus"_s, u"reviewed"_s}})).status, 200);

    const qint64 failuresBefore = DatabasePeek(m_server.databaseFile())
                                      .scalar(u"SELECT COUNT(*) FROM audit_log WHERE action = 'signature_failed'"_s);
    const HttpReply sign = send("POST", submission + u"/sign"_s, signature(u"wrong-password-1"_s));
    const HttpReply publish =
        send("POST", versionPath(kDraftOnly, 1) + u"/publish"_s, signature(u"wrong-password-1"_s));
    QCOMPARE(publish.status, sign.status);
    QCOMPARE(publish.body, sign.body);
    // Both failures are on the trail, as signature failures of the signer.
    const auto failures = DatabasePeek(m_server.databaseFile())
                              .rows(u"SELECT actor, entity_type, entity_id, after_value FROM audit_log "
                                    "WHERE action = 'signature_failed' ORDER BY id"_s);
    QCOMPARE(failures.size(), failuresBefore + 2);
    QCOMPARE(failures.last().at(0).toString(), u"admin"_s);
    QVERIFY2(failures.last().at(3).toString().contains(u"publish questionnaire"_s),
             qPrintable(failures.last().at(3).toString()));
}

void TestDefinitionsApi::monitorReadsButCannotEdit()
{
    const QString monitor = m_server.createStaff(u"def-monitor"_s, u"monitor"_s);
    QVERIFY(!monitor.isEmpty());
    QVERIFY(m_server.grantMembership(u"def-monitor"_s, kStudy, u"monitor"_s));
    HttpClient client;
    client.setToken(monitor);
    QCOMPARE(client.get(m_server.url(questionnairesPath())).status, 200);
    QCOMPARE(client.get(m_server.url(questionnairesPath() + u"/"_s + kAllTypes)).status, 200);
    const HttpReply refused = client.post(m_server.url(questionnairesPath()), jsonBytes(simpleDefinition(u"m"_s)));
    QVERIFY(errorMismatch(refused, 403, u"forbidden"_s).isEmpty());
    // Another study: as if it did not exist.
    const HttpReply other = client.get(m_server.url(questionnairesPath(kLegacyStudy)));
    QVERIFY(errorMismatch(other, 404, u"project_not_found"_s).isEmpty());
}

void TestDefinitionsApi::bodyLimitIsPerRoute()
{
    // 120 text items with long labels in both languages: about 300 KiB.
    QJsonObject big = simpleDefinition(u"big"_s);
    QJsonArray items;
    for (int i = 0; i < 120; ++i) {
        QJsonObject entry = item(u"q%1"_s.arg(i), u"text"_s, false);
        entry.insert(u"label"_s, text(QString(490, u'L'), QString(490, QChar(0x95ee))));
        entry.insert(u"help"_s, text(QString(1000, u'h'), QString(300, QChar(0x5e2e))));
        items.append(entry);
    }
    big.insert(u"items"_s, items);
    const QByteArray bytes = jsonBytes(big);
    QVERIFY2(bytes.size() > 256 * 1024 && bytes.size() < 512 * 1024, QByteArray::number(bytes.size()).constData());
    const HttpReply created = m_http.post(m_server.url(questionnairesPath()), bytes);
    QVERIFY2(created.status == 201, describe(created).constData());
    const HttpReply edited = m_http.send("PUT", m_server.url(versionPath(u"big"_s, 1)), bytes, {}, "application/json");
    QVERIFY2(edited.status == 200, describe(edited).constData());

    // Other routes keep their 64 KiB.
    const HttpReply patch = m_http.patch(m_server.url(u"/api/v1/projects/"_s + kStudy), bytes);
    QCOMPARE(patch.status, 413);
    // And definitions their 512 KiB.
    QJsonObject huge = big;
    huge.insert(u"key"_s, u"huge"_s);
    QJsonArray more = items;
    for (int i = 120; i < 240; ++i) {
        QJsonObject entry = items.at(0).toObject();
        entry.insert(u"key"_s, u"q%1"_s.arg(i));
        more.append(entry);
    }
    huge.insert(u"items"_s, more);
    const QByteArray hugeBytes = jsonBytes(huge);
    QVERIFY(hugeBytes.size() > 512 * 1024);
    QCOMPARE(m_http.post(m_server.url(questionnairesPath()), hugeBytes).status, 413);
    QVERIFY(errorMismatch(send("GET", versionPath(u"huge"_s, 1)), 404, u"questionnaire_not_found"_s).isEmpty());

    // The same limits for chunked bodies, counted as their chunks arrive.
    auto chunked = [&](const QByteArray &method, const QString &path, const QByteArray &body) {
        QByteArray request = method + ' ' + path.toUtf8()
                             + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                               "Transfer-Encoding: chunked\r\nAuthorization: Bearer "
                             + m_server.adminToken().toUtf8() + "\r\n\r\n";
        for (qsizetype at = 0; at < body.size(); at += 16384) {
            const QByteArray chunk = body.mid(at, 16384);
            request += QByteArray::number(chunk.size(), 16) + "\r\n" + chunk + "\r\n";
        }
        request += "0\r\n\r\n";
        const QByteArray answer = rawExchange(m_server.port(), request, 10'000);
        return answer.left(answer.indexOf("\r\n"));
    };
    QJsonObject third = big;
    third.insert(u"key"_s, u"big-chunked"_s);
    QCOMPARE(chunked("POST", questionnairesPath(), jsonBytes(third)), QByteArray("HTTP/1.1 201 Created"));
    QVERIFY(chunked("PATCH", u"/api/v1/projects/"_s + kStudy, bytes).startsWith("HTTP/1.1 413"));
    QVERIFY(chunked("POST", questionnairesPath(), hugeBytes).startsWith("HTTP/1.1 413"));
}

void TestDefinitionsApi::validatesAnswers_data()
{
    QTest::addColumn<QJsonObject>("answers");
    QTest::addColumn<QStringList>("fields"); // empty: accepted

    const QJsonObject minimal{{u"count"_s, 3}, {u"tookMedication"_s, true}, {u"pain"_s, 4}};
    auto with = [&](const QJsonObject &more) {
        QJsonObject answers = minimal;
        for (auto it = more.begin(); it != more.end(); ++it)
            answers.insert(it.key(), it.value());
        return answers;
    };
    auto without = [&](const QString &key) {
        QJsonObject answers = minimal;
        answers.remove(key);
        return answers;
    };

    QTest::newRow("required only") << minimal << QStringList();
    QTest::newRow("every item") << with({{u"weight"_s, 72.5},
                                         {u"note"_s, u"好一点"_s},
                                         {u"since"_s, u"2026-02-28"_s},
                                         {u"wokeAt"_s, u"06:45"_s},
                                         {u"mood"_s, u"good"_s},
                                         {u"sideEffects"_s, QJsonArray{u"headache"_s, u"other"_s}},
                                         {u"otherEffect"_s, u"dizzy"_s},
                                         {u"wellbeing"_s, 63.5}})
                                << QStringList();
    QTest::newRow("null is unanswered") << with({{u"weight"_s, QJsonValue()}}) << QStringList();
    QTest::newRow("bounds are inclusive")
        << with({{u"count"_s, 20}, {u"weight"_s, 30.5}, {u"pain"_s, 10}}) << QStringList();

    QTest::newRow("integer: missing") << without(u"count"_s) << QStringList{u"answers.count"_s};
    QTest::newRow("integer: fraction") << with({{u"count"_s, 2.5}}) << QStringList{u"answers.count"_s};
    QTest::newRow("integer: string") << with({{u"count"_s, u"3"_s}}) << QStringList{u"answers.count"_s};
    QTest::newRow("integer: above max") << with({{u"count"_s, 21}}) << QStringList{u"answers.count"_s};
    QTest::newRow("integer: below min") << with({{u"count"_s, -1}}) << QStringList{u"answers.count"_s};
    QTest::newRow("decimal: below min") << with({{u"weight"_s, 30.4}}) << QStringList{u"answers.weight"_s};
    QTest::newRow("decimal: string") << with({{u"weight"_s, u"70"_s}}) << QStringList{u"answers.weight"_s};
    QTest::newRow("text: too long") << with({{u"note"_s, u"eleven char"_s}}) << QStringList{u"answers.note"_s};
    QTest::newRow("text: number") << with({{u"note"_s, 5}}) << QStringList{u"answers.note"_s};
    QTest::newRow("boolean: missing") << without(u"tookMedication"_s) << QStringList{u"answers.tookMedication"_s};
    QTest::newRow("boolean: string") << with({{u"tookMedication"_s, u"yes"_s}})
                                     << QStringList{u"answers.tookMedication"_s};
    QTest::newRow("date: invalid day") << with({{u"since"_s, u"2026-02-30"_s}}) << QStringList{u"answers.since"_s};
    QTest::newRow("date: timestamp") << with({{u"since"_s, u"2026-02-01T00:00:00Z"_s}})
                                     << QStringList{u"answers.since"_s};
    QTest::newRow("time: 24:00") << with({{u"wokeAt"_s, u"24:00"_s}}) << QStringList{u"answers.wokeAt"_s};
    QTest::newRow("time: seconds") << with({{u"wokeAt"_s, u"06:45:00"_s}}) << QStringList{u"answers.wokeAt"_s};
    QTest::newRow("single choice: unknown code") << with({{u"mood"_s, u"great"_s}}) << QStringList{u"answers.mood"_s};
    QTest::newRow("single choice: array")
        << with({{u"mood"_s, QJsonArray{u"good"_s}}}) << QStringList{u"answers.mood"_s};
    QTest::newRow("multiple choice: unknown code")
        << with({{u"sideEffects"_s, QJsonArray{u"rash"_s}}}) << QStringList{u"answers.sideEffects"_s};
    QTest::newRow("multiple choice: repeated")
        << with({{u"sideEffects"_s, QJsonArray{u"nausea"_s, u"nausea"_s}}}) << QStringList{u"answers.sideEffects"_s};
    QTest::newRow("multiple choice: string")
        << with({{u"sideEffects"_s, u"nausea"_s}}) << QStringList{u"answers.sideEffects"_s};
    QTest::newRow("rating scale: above 10") << with({{u"pain"_s, 11}}) << QStringList{u"answers.pain"_s};
    QTest::newRow("rating scale: fraction") << with({{u"pain"_s, 2.5}}) << QStringList{u"answers.pain"_s};
    QTest::newRow("visual analogue: above 100")
        << with({{u"wellbeing"_s, 100.5}}) << QStringList{u"answers.wellbeing"_s};
    QTest::newRow("visual analogue: negative") << with({{u"wellbeing"_s, -1}}) << QStringList{u"answers.wellbeing"_s};
    QTest::newRow("condition: required when shown")
        << with({{u"sideEffects"_s, QJsonArray{u"other"_s}}}) << QStringList{u"answers.otherEffect"_s};
    QTest::newRow("condition: answered when hidden")
        << with({{u"otherEffect"_s, u"dizzy"_s}}) << QStringList{u"answers.otherEffect"_s};
    QTest::newRow("unknown item") << with({{u"temperature"_s, 37}}) << QStringList{u"answers.temperature"_s};
    QTest::newRow("every problem at once")
        << QJsonObject{{u"count"_s, 99}, {u"pain"_s, u"x"_s}, {u"mood"_s, u"?"_s}, {u"extra"_s, 1}}
        << QStringList{u"answers.count"_s, u"answers.extra"_s, u"answers.mood"_s, u"answers.pain"_s,
                       u"answers.tookMedication"_s};
}

void TestDefinitionsApi::validatesAnswers()
{
    QFETCH(QJsonObject, answers);
    QFETCH(QStringList, fields);
    const qint64 before = count(u"questionnaire_submissions"_s);
    const HttpReply reply = submit(answers);
    if (fields.isEmpty()) {
        QVERIFY2(reply.status == 201, describe(reply).constData());
        QCOMPARE(reply.json().value(u"definitionVersion"_s).toInt(), 1);
        QCOMPARE(reply.json().value(u"answers"_s).toObject(), answers);
        QCOMPARE(count(u"questionnaire_submissions"_s), before + 1);
        return;
    }
    QVERIFY2(reply.status == 400, describe(reply).constData());
    QCOMPARE(reply.json().value(u"code"_s).toString(), u"invalid_answers"_s);
    QStringList named = reply.json().value(u"fields"_s).toObject().keys();
    named.sort();
    QCOMPARE(named, fields);
    QCOMPARE(count(u"questionnaire_submissions"_s), before);
}

void TestDefinitionsApi::refusedSubmissionStoresNothing()
{
    const QStringList tables = {u"questionnaire_submissions"_s, u"idempotency_keys"_s, u"audit_log"_s};
    QList<qint64> before;
    for (const QString &table : tables)
        before << count(table);
    const QByteArray key = "def-retry-" + QByteArray::number(++m_counter);
    const HttpReply refused =
        submit({{u"count"_s, 100}, {u"tookMedication"_s, true}, {u"pain"_s, 1}}, kAllTypes, kSubject, key);
    QVERIFY2(errorMismatch(refused, 400, u"invalid_answers"_s, u"answers.count"_s).isEmpty(),
             describe(refused).constData());
    for (qsizetype i = 0; i < tables.size(); ++i)
        QCOMPARE(count(tables.at(i)), before.at(i));
    // The same request again: refused again, not replayed.
    QCOMPARE(submit({{u"count"_s, 100}, {u"tookMedication"_s, true}, {u"pain"_s, 1}}, kAllTypes, kSubject, key).status,
             400);
    // The key was not used up: the corrected request takes it.
    const HttpReply corrected =
        submit({{u"count"_s, 10}, {u"tookMedication"_s, true}, {u"pain"_s, 1}}, kAllTypes, kSubject, key);
    QVERIFY2(corrected.status == 201, describe(corrected).constData());
    QVERIFY(corrected.header("Idempotent-Replayed").isEmpty());
    const HttpReply replayed =
        submit({{u"count"_s, 10}, {u"tookMedication"_s, true}, {u"pain"_s, 1}}, kAllTypes, kSubject, key);
    QCOMPARE(replayed.status, 201);
    QCOMPARE(replayed.header("Idempotent-Replayed"), QByteArray("true"));
    QCOMPARE(count(u"questionnaire_submissions"_s), before.at(0) + 1);
    const auto stored = DatabasePeek(m_server.databaseFile())
                            .rows(u"SELECT definition_version FROM questionnaire_submissions WHERE id = ?"_s,
                                  {corrected.json().value(u"id"_s).toInteger()});
    QCOMPARE(stored.size(), 1);
    QCOMPARE(stored.first().first().toInt(), 1);
}

void TestDefinitionsApi::requiresAPublishedQuestionnaire_data()
{
    QTest::addColumn<QString>("questionnaire");
    QTest::newRow("none named") << QString();
    QTest::newRow("unknown key") << u"evening"_s;
    QTest::newRow("a draft only") << kDraftOnly;
}

void TestDefinitionsApi::requiresAPublishedQuestionnaire()
{
    QFETCH(QString, questionnaire);
    const qint64 before = count(u"questionnaire_submissions"_s);
    const HttpReply reply = submit({{u"pain"_s, 1}}, questionnaire);
    const QString mismatch = errorMismatch(reply, 400, u"unknown_questionnaire"_s, u"questionnaire"_s);
    QVERIFY2(mismatch.isEmpty(), qPrintable(mismatch));
    QVERIFY2(reply.json().value(u"error"_s).toString().contains(kAllTypes), describe(reply).constData());
    QCOMPARE(count(u"questionnaire_submissions"_s), before);
    // The seed's rule stays: the subject in the body must be the path's.
    QJsonObject body{{u"subjectId"_s, u"someone-else"_s},
                     {u"questionnaire"_s, kAllTypes},
                     {u"answers"_s, QJsonObject{{u"pain"_s, 1}}}};
    const HttpReply mismatched = m_http.post(questionnairesUrl(m_server, kSubject), jsonBytes(body));
    QCOMPARE(mismatched.status, 400);
    QCOMPARE(mismatched.json().value(u"fields"_s).toObject().keys(), QStringList{u"subjectId"_s});
}

void TestDefinitionsApi::legacyStudyAcceptsAnyAnswers()
{
    const HttpReply reply = submit({{u"anything"_s, QJsonObject{{u"nested"_s, true}}}}, u"free-form"_s, kLegacySubject);
    QVERIFY2(reply.status == 201, describe(reply).constData());
    QVERIFY(reply.json().value(u"definitionVersion"_s).isNull());
    const HttpReply unnamed = submit({{u"pain"_s, 99}}, QString(), kLegacySubject);
    QCOMPARE(unnamed.status, 201);
    QVERIFY(unnamed.json().value(u"definitionVersion"_s).isNull());
    // GET answers what the POST did.
    const HttpReply stored =
        m_http.get(m_server.url(u"/api/v1/submissions/%1"_s.arg(reply.json().value(u"id"_s).toInteger())));
    QCOMPARE(stored.json(), reply.json());
}

void TestDefinitionsApi::newVersionAppliesAtOnce()
{
    const QString key = u"tightened"_s;
    const QString problem = createPublished(simpleDefinition(key));
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    QCOMPARE(submit({{u"pain"_s, 8}}, key).status, 201);

    // Version 2 allows 0-5 only: from its publication's answer on, 8 is refused.
    QCOMPARE(send("POST", questionnairesPath() + u"/%1/versions"_s.arg(key), {}).status, 201);
    QJsonObject tighter = simpleDefinition(key);
    tighter.insert(u"items"_s, QJsonArray{item(u"pain"_s, u"ratingScale"_s, true, {{u"max"_s, 5}})});
    QCOMPARE(send("PUT", versionPath(key, 2), tighter).status, 200);
    // A draft changes nothing for intake.
    QCOMPARE(submit({{u"pain"_s, 8}}, key).json().value(u"definitionVersion"_s).toInt(), 1);
    QCOMPARE(send("POST", versionPath(key, 2) + u"/publish"_s, signature()).status, 200);
    const HttpReply refused = submit({{u"pain"_s, 8}}, key);
    QVERIFY2(errorMismatch(refused, 400, u"invalid_answers"_s, u"answers.pain"_s).isEmpty(),
             describe(refused).constData());
    const HttpReply accepted = submit({{u"pain"_s, 5}}, key);
    QCOMPARE(accepted.status, 201);
    QCOMPARE(accepted.json().value(u"definitionVersion"_s).toInt(), 2);
    // And the listing shows which version each submission was validated against.
    const HttpReply listed = m_http.get(questionnairesUrl(m_server, kSubject, u"?questionnaire="_s + key));
    QCOMPARE(listed.status, 200);
    QList<int> versions;
    for (const QJsonValue &s : listed.json().value(u"items"_s).toArray())
        versions << s[u"definitionVersion"_s].toInt();
    QCOMPARE(versions, (QList<int>{2, 1, 1}));
}

QTEST_GUILESS_MAIN(TestDefinitionsApi)
#include "tst_definitionsapi.moc"

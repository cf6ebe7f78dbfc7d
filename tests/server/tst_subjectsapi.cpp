// Enrolment and subject reads against a real trialdesk-server process:
// POST/GET /api/v1/projects/{code}/subjects and GET /api/v1/subjects/{id}/profile.
// Every refused enrolment is followed by reads proving nothing was stored.

#include "HttpClient.h"
#include "TestServer.h"
#include "Timestamps.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>
#include <QTest>
#include <QTimeZone>
#include <QUrlQuery>
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

QByteArray compact(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QByteArray describe(const HttpReply &reply)
{
    return "HTTP " + QByteArray::number(reply.status) + ": " + reply.body.left(800);
}

QStringList idsOf(const QJsonArray &items)
{
    QStringList ids;
    for (const QJsonValue &item : items)
        ids << item.toObject().value(u"subjectId"_s).toString();
    return ids;
}

// Status, a non-empty "error", the machine code (skipped when empty) and exactly
// the one offending field (none when `field` is empty).
void checkError(const HttpReply &reply, int status, const QString &code, const QString &field)
{
    QVERIFY2(reply.status == status, describe(reply).constData());
    QVERIFY2(reply.header("Content-Type").startsWith("application/json"), describe(reply).constData());
    const QJsonObject body = reply.json();
    QVERIFY2(body.value(u"error"_s).isString() && !body.value(u"error"_s).toString().isEmpty(),
             describe(reply).constData());
    QVERIFY2(body.value(u"code"_s).isString(), describe(reply).constData());
    if (!code.isEmpty())
        QCOMPARE(body.value(u"code"_s).toString(), code);
    const QJsonObject fields = body.value(u"fields"_s).toObject();
    if (field.isEmpty()) {
        QVERIFY2(fields.isEmpty(), describe(reply).constData());
        return;
    }
    QVERIFY2(fields.size() == 1 && fields.contains(field), describe(reply).constData());
    QVERIFY2(!fields.value(field).toString().isEmpty(), describe(reply).constData());
}

const QStringList kSubjectFields = {u"subjectId"_s, u"projectCode"_s, u"name"_s,
                                    u"phone"_s,     u"site"_s,        u"sex"_s,
                                    u"birthYear"_s, u"enrolledAt"_s,  u"lastSubmissionAt"_s,
                                    u"timeZone"_s,  u"anchorDate"_s,  u"effectiveTimeZone"_s};

} // namespace

class TestSubjectsApi : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void enrolWithSubjectId();
    void enrolWithoutSubjectIdGeneratesOne();
    void generatedIdsAreValidAndFree();
    void duplicateSubjectIdIs409_data();
    void duplicateSubjectIdIs409();
    void enrolIntoInactiveStudyIs409_data();
    void enrolIntoInactiveStudyIs409();
    void enrolmentFollowsStudyStatus();
    void unknownStudyIs404();
    void siteMustBelongToStudy_data();
    void siteMustBelongToStudy();
    void enrolValidation_data();
    void enrolValidation();
    void enrolBoundaryValuesAccepted_data();
    void enrolBoundaryValuesAccepted();

    void listIsPaginatedInEnrolmentOrder();
    void invalidListParameters_data();
    void invalidListParameters();

    void profileMasksPhone_data();
    void profileMasksPhone();
    void unknownSubjectIs404_data();
    void unknownSubjectIs404();

    void enrolWithScheduleSettings();
    void patchScheduleSettings();
    void patchValidation_data();
    void patchValidation();
    void patchUnknownSubjectIs404();

private:
    QUrl url(const QString &pathAndQuery) const { return m_server->url(pathAndQuery); }
    HttpReply createProject(const QJsonObject &body) { return m_http.post(url(u"/api/v1/projects"_s), compact(body)); }
    HttpReply enrol(const QString &project, const QByteArray &body)
    {
        return m_http.post(url(u"/api/v1/projects/%1/subjects"_s.arg(project)), body);
    }
    HttpReply enrol(const QString &project, const QJsonObject &body) { return enrol(project, compact(body)); }
    HttpReply profile(const QString &subjectId)
    {
        return m_http.get(url(u"/api/v1/subjects/%1/profile"_s.arg(subjectId)));
    }
    HttpReply patchSubject(const QString &subjectId, const QByteArray &body)
    {
        return m_http.patch(url(u"/api/v1/subjects/"_s + subjectId), body);
    }
    // Every subject of a study (one page of up to 500).
    QJsonArray subjectsOf(const QString &project);
    int enrolledCount(const QString &project);

    std::unique_ptr<TestServer> m_server;
    HttpClient m_http;
};

void TestSubjectsApi::initTestCase()
{
    m_server = std::make_unique<TestServer>(QStringList{u"--no-request-log"_s});
    QVERIFY2(m_server->start(), m_server->log().constData());
    const QJsonObject fixtures[] = {
        {{u"code"_s, u"SB-ACTIVE"_s},
         {u"title"_s, u"Sites"_s},
         {u"status"_s, u"active"_s},
         {u"sites"_s, QJsonArray{u"Beijing"_s, u"Shanghai"_s}}},
        {{u"code"_s, u"SB-OPEN"_s}, {u"title"_s, u"No sites"_s}, {u"status"_s, u"active"_s}},
        {{u"code"_s, u"SB-OTHER"_s}, {u"title"_s, u"Second active"_s}, {u"status"_s, u"active"_s}},
        {{u"code"_s, u"SB-PLAN"_s}, {u"title"_s, u"Planning"_s}, {u"status"_s, u"planning"_s}},
        {{u"code"_s, u"SB-SUSP"_s}, {u"title"_s, u"Suspended"_s}, {u"status"_s, u"suspended"_s}},
        {{u"code"_s, u"SB-DONE"_s}, {u"title"_s, u"Completed"_s}, {u"status"_s, u"completed"_s}},
    };
    for (const QJsonObject &fixture : fixtures) {
        const HttpReply reply = createProject(fixture);
        QVERIFY2(reply.status == 201, describe(reply).constData());
    }
}

void TestSubjectsApi::cleanupTestCase()
{
    // Whatever the tests sent, the server shuts down cleanly, and no handler failed.
    QVERIFY(m_server);
    QVERIFY2(m_server->stop(), m_server->log().right(2000).constData());
    QCOMPARE(m_server->exitCode(), 0);
    QVERIFY2(!m_server->log().contains("failed:"), m_server->log().right(2000).constData());
}

QJsonArray TestSubjectsApi::subjectsOf(const QString &project)
{
    const HttpReply reply = m_http.get(url(u"/api/v1/projects/%1/subjects?limit=500"_s.arg(project)));
    if (reply.status != 200)
        qWarning("listing subjects failed: %s", describe(reply).constData());
    return reply.json().value(u"items"_s).toArray();
}

int TestSubjectsApi::enrolledCount(const QString &project)
{
    return m_http.get(url(u"/api/v1/projects/"_s + project)).json().value(u"enrolledCount"_s).toInt(-1);
}

void TestSubjectsApi::enrolWithSubjectId()
{
    const int countBefore = enrolledCount(u"SB-ACTIVE"_s);
    const QJsonObject sent{{u"subjectId"_s, u"SUB-EXPLICIT_1"_s},
                           {u"name"_s, u"李四"_s},
                           {u"phone"_s, u"139-1234 5678"_s},
                           {u"site"_s, u"Beijing"_s},
                           {u"sex"_s, u"male"_s},
                           {u"birthYear"_s, 1970},
                           {u"enrolledAt"_s, u"2024-03-01T08:00:00+08:00"_s}};
    const HttpReply reply = enrol(u"SB-ACTIVE"_s, sent);
    QVERIFY2(reply.status == 201, describe(reply).constData());
    QVERIFY2(reply.header("Location").startsWith("/api/v1/subjects/SUB-EXPLICIT_1"),
             reply.header("Location").constData());

    QJsonObject created = reply.json();
    // Besides the subject, the answer may carry the patient app's token (only here).
    if (created.contains(u"subjectToken"_s)) {
        QVERIFY(!created.value(u"subjectToken"_s).toString().isEmpty());
        created.remove(u"subjectToken"_s);
    }
    QStringList keys = created.keys();
    keys.sort();
    QStringList expectedKeys = kSubjectFields;
    expectedKeys.sort();
    QCOMPARE(keys, expectedKeys);
    QCOMPARE(created.value(u"subjectId"_s).toString(), u"SUB-EXPLICIT_1"_s);
    QCOMPARE(created.value(u"projectCode"_s).toString(), u"SB-ACTIVE"_s);
    QCOMPARE(created.value(u"name"_s).toString(), u"李四"_s);
    QCOMPARE(created.value(u"phone"_s).toString(), u"13912345678"_s); // separators dropped
    QCOMPARE(created.value(u"site"_s).toString(), u"Beijing"_s);
    QCOMPARE(created.value(u"sex"_s).toString(), u"male"_s);
    QCOMPARE(created.value(u"birthYear"_s), QJsonValue(1970));
    const auto enrolledAt = td::parseTimestamp(created.value(u"enrolledAt"_s).toString());
    QVERIFY(enrolledAt);
    QCOMPARE(*enrolledAt, QDateTime(QDate(2024, 3, 1), QTime(0, 0), QTimeZone::utc()));
    QVERIFY(created.value(u"lastSubmissionAt"_s).isNull());
    // No zone of its own: the study's (the default one) applies.
    QVERIFY(created.value(u"timeZone"_s).isNull());
    QVERIFY(created.value(u"anchorDate"_s).isNull());
    QCOMPARE(created.value(u"effectiveTimeZone"_s).toString(), u"Asia/Shanghai"_s);

    // Stored: listed under its study, counted, and its Location answers.
    const QJsonArray listed = subjectsOf(u"SB-ACTIVE"_s);
    QVERIFY(idsOf(listed).contains(u"SUB-EXPLICIT_1"_s));
    for (const QJsonValue &item : listed) {
        if (item.toObject().value(u"subjectId"_s).toString() == u"SUB-EXPLICIT_1"_s)
            QCOMPARE(item.toObject(), created);
    }
    QCOMPARE(enrolledCount(u"SB-ACTIVE"_s), countBefore + 1);
    const HttpReply locatedReply = m_http.get(url(QString::fromLatin1(reply.header("Location"))));
    QVERIFY2(locatedReply.status == 200, describe(locatedReply).constData());
    const QJsonObject located = locatedReply.json();
    QCOMPARE(located.value(u"subjectId"_s).toString(), u"SUB-EXPLICIT_1"_s);
    QCOMPARE(located.value(u"projectCode"_s).toString(located.value(u"trialCode"_s).toString()), u"SB-ACTIVE"_s);
}

void TestSubjectsApi::enrolWithoutSubjectIdGeneratesOne()
{
    QCOMPARE(createProject({{u"code"_s, u"GEN-1"_s}, {u"title"_s, u"Generated"_s}, {u"status"_s, u"active"_s}}).status,
             201);
    const QDateTime before = QDateTime::currentDateTimeUtc().addSecs(-1);
    QStringList generated;
    for (int i = 0; i < 3; ++i) {
        const HttpReply reply = enrol(u"GEN-1"_s, QJsonObject{{u"name"_s, u"Subject %1"_s.arg(i)}});
        QVERIFY2(reply.status == 201, describe(reply).constData());
        const QJsonObject created = reply.json();
        generated << created.value(u"subjectId"_s).toString();
        QVERIFY2(reply.header("Location").startsWith(QByteArray("/api/v1/subjects/" + generated.last().toUtf8())),
                 reply.header("Location").constData());
        // enrolledAt defaults to the time of enrolment.
        const auto at = td::parseTimestamp(created.value(u"enrolledAt"_s).toString());
        QVERIFY(at);
        QVERIFY(*at >= before);
        QVERIFY(*at <= QDateTime::currentDateTimeUtc().addSecs(1));
        QVERIFY(created.value(u"sex"_s).isNull());
        QVERIFY(created.value(u"birthYear"_s).isNull());
    }
    QCOMPARE(generated, (QStringList{u"GEN-1-0001"_s, u"GEN-1-0002"_s, u"GEN-1-0003"_s}));
    QCOMPARE(idsOf(subjectsOf(u"GEN-1"_s)), generated);
    QCOMPARE(enrolledCount(u"GEN-1"_s), 3);

    // An empty body is a valid enrolment too.
    const HttpReply empty = enrol(u"GEN-1"_s, QByteArray("{}"));
    QVERIFY2(empty.status == 201, describe(empty).constData());
    QCOMPARE(empty.json().value(u"subjectId"_s).toString(), u"GEN-1-0004"_s);
}

void TestSubjectsApi::generatedIdsAreValidAndFree()
{
    static const QRegularExpression validId(u"^[A-Za-z0-9_-]{1,64}$"_s);

    // A study code with '.' (allowed in codes, not in subject ids) still yields a valid id.
    QCOMPARE(createProject({{u"code"_s, u"DOT.V2"_s}, {u"title"_s, u"Dotted"_s}, {u"status"_s, u"active"_s}}).status,
             201);
    const HttpReply dotted = enrol(u"DOT.V2"_s, QByteArray("{}"));
    QVERIFY2(dotted.status == 201, describe(dotted).constData());
    const QString dottedId = dotted.json().value(u"subjectId"_s).toString();
    QVERIFY2(validId.match(dottedId).hasMatch(), qPrintable(dottedId));
    QVERIFY2(QRegularExpression(u"^DOT.V2-0001$"_s).match(dottedId).hasMatch(), qPrintable(dottedId));
    QCOMPARE(profile(dottedId).status, 200);

    // The longest code still fits the 64-character id.
    const QString longCode(32, u'L');
    QCOMPARE(createProject({{u"code"_s, longCode}, {u"title"_s, u"Long"_s}, {u"status"_s, u"active"_s}}).status, 201);
    const HttpReply longReply = enrol(longCode, QByteArray("{}"));
    QVERIFY2(longReply.status == 201, describe(longReply).constData());
    const QString longId = longReply.json().value(u"subjectId"_s).toString();
    QCOMPARE(longId, longCode + u"-0001"_s);
    QCOMPARE(profile(longId).status, 200);

    // An id already taken (here by a subject of another study) is skipped, not reused.
    QCOMPARE(createProject({{u"code"_s, u"GSKIP"_s}, {u"title"_s, u"Skip"_s}, {u"status"_s, u"active"_s}}).status, 201);
    QCOMPARE(enrol(u"SB-OTHER"_s, QJsonObject{{u"subjectId"_s, u"GSKIP-0001"_s}}).status, 201);
    const HttpReply skipped = enrol(u"GSKIP"_s, QByteArray("{}"));
    QVERIFY2(skipped.status == 201, describe(skipped).constData());
    const QString skippedId = skipped.json().value(u"subjectId"_s).toString();
    QVERIFY2(QRegularExpression(u"^GSKIP-\\d{4}$"_s).match(skippedId).hasMatch(), qPrintable(skippedId));
    QVERIFY(skippedId != u"GSKIP-0001"_s);
    QCOMPARE(profile(u"GSKIP-0001"_s).json().value(u"trialCode"_s).toString(), u"SB-OTHER"_s);
    QCOMPARE(profile(skippedId).json().value(u"trialCode"_s).toString(), u"GSKIP"_s);

    // A later explicit enrolment cannot take a generated id.
    CHECK(checkError(enrol(u"SB-OPEN"_s, QJsonObject{{u"subjectId"_s, skippedId}}), 409, u"duplicate_subject_id"_s,
                     u"subjectId"_s));
}

void TestSubjectsApi::duplicateSubjectIdIs409_data()
{
    QTest::addColumn<QString>("secondStudy");
    QTest::newRow("same study") << u"SB-OPEN"_s;
    QTest::newRow("another study") << u"SB-OTHER"_s;
    QTest::newRow("another study with sites") << u"SB-ACTIVE"_s;
}

void TestSubjectsApi::duplicateSubjectIdIs409()
{
    QFETCH(QString, secondStudy);
    static bool enrolled = false;
    if (!enrolled) {
        const HttpReply first =
            enrol(u"SB-OPEN"_s,
                  QJsonObject{{u"subjectId"_s, u"DUP-S1"_s}, {u"name"_s, u"First"_s}, {u"phone"_s, u"18812348888"_s}});
        QVERIFY2(first.status == 201, describe(first).constData());
        enrolled = true;
    }
    const QJsonObject storedProfile = profile(u"DUP-S1"_s).json();
    const QJsonArray secondBefore = subjectsOf(secondStudy);
    const int countBefore = enrolledCount(secondStudy);

    const QJsonObject again{{u"subjectId"_s, u"DUP-S1"_s},
                            {u"name"_s, u"Second"_s},
                            {u"phone"_s, u"13900000000"_s},
                            {u"site"_s, u"Shanghai"_s}};
    CHECK(checkError(enrol(secondStudy, again), 409, u"duplicate_subject_id"_s, u"subjectId"_s));

    QCOMPARE(profile(u"DUP-S1"_s).json(), storedProfile);
    QCOMPARE(storedProfile.value(u"trialCode"_s).toString(), u"SB-OPEN"_s);
    QCOMPARE(storedProfile.value(u"name"_s).toString(), u"First"_s);
    QCOMPARE(subjectsOf(secondStudy), secondBefore);
    QCOMPARE(enrolledCount(secondStudy), countBefore);
}

void TestSubjectsApi::enrolIntoInactiveStudyIs409_data()
{
    QTest::addColumn<QString>("project");
    QTest::newRow("planning") << u"SB-PLAN"_s;
    QTest::newRow("suspended") << u"SB-SUSP"_s;
    QTest::newRow("completed") << u"SB-DONE"_s;
}

void TestSubjectsApi::enrolIntoInactiveStudyIs409()
{
    QFETCH(QString, project);
    const QString subjectId = u"INACTIVE-"_s + project;
    CHECK(checkError(enrol(project, QJsonObject{{u"subjectId"_s, subjectId}, {u"name"_s, u"Nobody"_s}}), 409,
                     u"project_not_active"_s, {}));
    CHECK(checkError(enrol(project, QByteArray("{}")), 409, u"project_not_active"_s, {}));
    QCOMPARE(subjectsOf(project), QJsonArray());
    QCOMPARE(enrolledCount(project), 0);
    QCOMPARE(profile(subjectId).status, 404);
}

void TestSubjectsApi::enrolmentFollowsStudyStatus()
{
    QCOMPARE(createProject({{u"code"_s, u"SB-FLIP"_s}, {u"title"_s, u"Flip"_s}}).status, 201);
    CHECK(checkError(enrol(u"SB-FLIP"_s, QByteArray("{}")), 409, u"project_not_active"_s, {}));
    QCOMPARE(m_http.patch(url(u"/api/v1/projects/SB-FLIP"_s), R"({"status":"active"})").status, 200);
    const HttpReply enrolled = enrol(u"SB-FLIP"_s, QByteArray("{}"));
    QVERIFY2(enrolled.status == 201, describe(enrolled).constData());
    QCOMPARE(m_http.patch(url(u"/api/v1/projects/SB-FLIP"_s), R"({"status":"suspended"})").status, 200);
    CHECK(checkError(enrol(u"SB-FLIP"_s, QByteArray("{}")), 409, u"project_not_active"_s, {}));
    // Subjects enrolled before stay enrolled and readable.
    QCOMPARE(idsOf(subjectsOf(u"SB-FLIP"_s)), QStringList{enrolled.json().value(u"subjectId"_s).toString()});
    QCOMPARE(enrolledCount(u"SB-FLIP"_s), 1);
}

void TestSubjectsApi::unknownStudyIs404()
{
    CHECK(checkError(enrol(u"NO-SUCH-STUDY"_s, QJsonObject{{u"subjectId"_s, u"GHOST-1"_s}}), 404,
                     u"project_not_found"_s, {}));
    QCOMPARE(profile(u"GHOST-1"_s).status, 404);
    CHECK(checkError(enrol(u"NO-SUCH-STUDY"_s, QByteArray("{}")), 404, u"project_not_found"_s, {}));
    CHECK(checkError(m_http.get(url(u"/api/v1/projects/NO-SUCH-STUDY/subjects"_s)), 404, u"project_not_found"_s, {}));
    // The code of an existing study in another case is not that study.
    CHECK(checkError(enrol(u"sb-open"_s, QByteArray("{}")), 404, u"project_not_found"_s, {}));
}

void TestSubjectsApi::siteMustBelongToStudy_data()
{
    QTest::addColumn<QString>("project");
    QTest::addColumn<QJsonValue>("site");
    QTest::addColumn<bool>("accepted");
    QTest::newRow("one of the sites") << u"SB-ACTIVE"_s << QJsonValue(u"Shanghai"_s) << true;
    QTest::newRow("no site given") << u"SB-ACTIVE"_s << QJsonValue(QJsonValue::Undefined) << true;
    QTest::newRow("site null") << u"SB-ACTIVE"_s << QJsonValue() << true;
    QTest::newRow("unknown site") << u"SB-ACTIVE"_s << QJsonValue(u"Guangzhou"_s) << false;
    QTest::newRow("site in another case") << u"SB-ACTIVE"_s << QJsonValue(u"beijing"_s) << false;
    QTest::newRow("site with trailing space") << u"SB-ACTIVE"_s << QJsonValue(u"Beijing "_s) << false;
    QTest::newRow("any site when the study lists none") << u"SB-OPEN"_s << QJsonValue(u"Guangzhou"_s) << true;
}

void TestSubjectsApi::siteMustBelongToStudy()
{
    QFETCH(QString, project);
    QFETCH(QJsonValue, site);
    QFETCH(bool, accepted);
    const QJsonArray before = subjectsOf(project);
    QJsonObject body{{u"name"_s, u"Site check"_s}};
    if (!site.isUndefined())
        body.insert(u"site"_s, site);
    const HttpReply reply = enrol(project, body);
    if (accepted) {
        QVERIFY2(reply.status == 201, describe(reply).constData());
        QCOMPARE(reply.json().value(u"site"_s), site.isUndefined() ? QJsonValue() : site);
        QCOMPARE(subjectsOf(project).size(), before.size() + 1);
    } else {
        CHECK(checkError(reply, 400, u"unknown_site"_s, u"site"_s));
        QCOMPARE(subjectsOf(project), before);
    }
}

void TestSubjectsApi::enrolValidation_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("field");
    auto row = [](const char *name, const QByteArray &body, const char16_t *code, const char16_t *field) {
        QTest::newRow(name) << body << QString::fromUtf16(code) << QString::fromUtf16(field);
    };
    auto with = [](const QByteArray &extra) -> QByteArray { return R"({"name":"Valid Name",)" + extra + '}'; };
    const int thisYear = QDate::currentDate().year();
    const QByteArray tomorrow = QDateTime::currentDateTimeUtc().addDays(1).toString(Qt::ISODate).toLatin1();
    const QByteArray inAnHour = QDateTime::currentDateTimeUtc().addSecs(3600).toString(Qt::ISODate).toLatin1();

    row("phone with letters", with(R"("phone":"call me")"), u"invalid_value", u"phone");
    row("phone too short", with(R"("phone":"1234")"), u"invalid_value", u"phone");
    row("phone with a plus inside", with(R"("phone":"139+12345678")"), u"invalid_value", u"phone");
    row("phone with brackets", with(R"("phone":"(010) 12345678")"), u"invalid_value", u"phone");
    row("phone empty", with(R"("phone":"")"), u"invalid_value", u"phone");
    row("phone of 33 characters", with(R"("phone":")" + QByteArray(33, '1') + '"'), u"too_long", u"phone");
    row("phone is a number", with(R"("phone":13912345678)"), u"invalid_type", u"phone");
    // Long enough only thanks to separators: one digit is no phone number.
    row("phone of one digit and dashes", with(R"("phone":"1----")"), u"invalid_value", u"phone");
    row("phone of one digit and spaces", with(R"("phone":"1    ")"), u"invalid_value", u"phone");

    row("birthYear 1899", with(R"("birthYear":1899)"), u"invalid_value", u"birthYear");
    row("birthYear next year", with(R"("birthYear":)" + QByteArray::number(thisYear + 1)), u"invalid_value",
        u"birthYear");
    row("birthYear negative", with(R"("birthYear":-1970)"), u"invalid_value", u"birthYear");
    row("birthYear is a string", with(R"("birthYear":"1970")"), u"invalid_type", u"birthYear");
    row("birthYear fractional", with(R"("birthYear":1970.5)"), u"invalid_type", u"birthYear");

    row("sex abbreviated", with(R"("sex":"f")"), u"invalid_value", u"sex");
    row("sex capitalised", with(R"("sex":"Male")"), u"invalid_value", u"sex");
    row("sex empty", with(R"("sex":"")"), u"invalid_value", u"sex");
    row("sex is a number", with(R"("sex":1)"), u"invalid_value", u"sex");

    row("enrolledAt in an hour", with(R"("enrolledAt":")" + inAnHour + '"'), u"implausible_value", u"enrolledAt");
    row("enrolledAt tomorrow", with(R"("enrolledAt":")" + tomorrow + '"'), u"implausible_value", u"enrolledAt");
    row("enrolledAt far in the future", with(R"("enrolledAt":"2999-01-01T00:00:00Z")"), u"implausible_value",
        u"enrolledAt");
    row("enrolledAt not a timestamp", with(R"("enrolledAt":"yesterday")"), u"invalid_type", u"enrolledAt");
    row("enrolledAt without a zone", with(R"("enrolledAt":"2024-01-01T08:00:00")"), u"invalid_type", u"enrolledAt");
    row("enrolledAt date only", with(R"("enrolledAt":"2024-01-01")"), u"invalid_type", u"enrolledAt");
    row("enrolledAt impossible date", with(R"("enrolledAt":"2024-02-30T08:00:00Z")"), u"invalid_type", u"enrolledAt");
    row("enrolledAt is a number", with(R"("enrolledAt":1704067200)"), u"invalid_type", u"enrolledAt");

    row("subjectId with a space", with(R"("subjectId":"S 1")"), u"invalid_value", u"subjectId");
    row("subjectId with a dot", with(R"("subjectId":"S.1")"), u"invalid_value", u"subjectId");
    row("subjectId with a slash", with(R"("subjectId":"S/1")"), u"invalid_value", u"subjectId");
    row("subjectId non-ASCII", with(R"("subjectId":"受试者1")"), u"invalid_value", u"subjectId");
    row("subjectId empty", with(R"("subjectId":"")"), u"invalid_value", u"subjectId");
    row("subjectId of 65 characters", with(R"("subjectId":")" + QByteArray(65, 'S') + '"'), u"too_long", u"subjectId");
    row("subjectId is a number", with(R"("subjectId":17)"), u"invalid_type", u"subjectId");

    row("name of 101 characters", R"({"name":")" + QByteArray(101, 'n') + R"("})", u"too_long", u"name");
    row("name is a number", R"({"name":42})", u"invalid_type", u"name");
    row("name with a control character", R"({"name":"Bad\u0000name"})", u"invalid_value", u"name");
    row("site of 101 characters", with(R"("site":")" + QByteArray(101, 's') + '"'), u"too_long", u"site");
    row("site is an array", with(R"("site":["Beijing"])"), u"invalid_type", u"site");

    row("timeZone unknown", with(R"("timeZone":"Europe/Atlantis")"), u"invalid_value", u"timeZone");
    row("timeZone empty", with(R"("timeZone":"")"), u"invalid_value", u"timeZone");
    row("timeZone of 65 characters", with(R"("timeZone":")" + QByteArray(65, 'Z') + '"'), u"too_long", u"timeZone");
    row("timeZone is a number", with(R"("timeZone":-5)"), u"invalid_type", u"timeZone");
    row("anchorDate impossible", with(R"("anchorDate":"2026-02-30")"), u"invalid_type", u"anchorDate");
    row("anchorDate a timestamp", with(R"("anchorDate":"2026-05-01T00:00:00Z")"), u"invalid_type", u"anchorDate");
    row("anchorDate not ISO", with(R"("anchorDate":"01/05/2026")"), u"invalid_type", u"anchorDate");
    row("anchorDate year 26", with(R"("anchorDate":"0026-05-01")"), u"implausible_value", u"anchorDate");
    row("anchorDate is a number", with(R"("anchorDate":20260501)"), u"invalid_type", u"anchorDate");
    row("unknown field", with(R"("email":"a@b.c")"), u"unknown_field", u"email");
    row("misspelt field", with(R"("birthyear":1970)"), u"unknown_field", u"birthyear");
    row("malformed JSON", R"({"name":)", u"invalid_json", u"");
    row("array body", R"([{"name":"x"}])", u"invalid_json", u"");
    QTest::newRow("projectCode (read-only)") << with(R"("projectCode":"SB-ACTIVE")") << QString() << u"projectCode"_s;
    QTest::newRow("lastSubmissionAt (read-only)")
        << with(R"("lastSubmissionAt":"2024-01-01T00:00:00Z")") << QString() << u"lastSubmissionAt"_s;
    QTest::newRow("effectiveTimeZone (read-only)")
        << with(R"("effectiveTimeZone":"Asia/Tokyo")") << QString() << u"effectiveTimeZone"_s;
}

void TestSubjectsApi::enrolValidation()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, code);
    QFETCH(QString, field);
    const QJsonArray before = subjectsOf(u"SB-OPEN"_s);
    const int countBefore = enrolledCount(u"SB-OPEN"_s);

    // With a subjectId (one per row, so rows stay independent) that a wrongly stored
    // subject could be looked up by afterwards.
    static int row = 0;
    const QByteArray subjectId = "VAL-" + QByteArray::number(++row);
    QByteArray withId = body;
    if (!body.contains("\"subjectId\"") && body.startsWith("{\""))
        withId.insert(1, R"("subjectId":")" + subjectId + "\",");
    const HttpReply first = enrol(u"SB-OPEN"_s, withId);
    const HttpReply second = enrol(u"SB-OPEN"_s, body);
    CHECK(checkError(first, 400, code, field));
    CHECK(checkError(second, 400, code, field));

    QCOMPARE(subjectsOf(u"SB-OPEN"_s), before);
    QCOMPARE(enrolledCount(u"SB-OPEN"_s), countBefore);
    QCOMPARE(profile(QString::fromLatin1(subjectId)).status, 404);
}

void TestSubjectsApi::enrolBoundaryValuesAccepted_data()
{
    QTest::addColumn<QJsonObject>("body");
    QTest::addColumn<QJsonObject>("expected"); // fields of the answer to check
    const int thisYear = QDate::currentDate().year();
    const QString minuteAgo = QDateTime::currentDateTimeUtc().addSecs(-60).toString(Qt::ISODateWithMs);
    const QString minuteAgoStored = td::formatTimestamp(QDateTime::fromString(minuteAgo, Qt::ISODateWithMs));
    auto same = [](const QJsonObject &o) { return o; };

    QJsonObject b;
    b = {{u"birthYear"_s, 1900}};
    QTest::newRow("birthYear 1900") << b << same(b);
    b = {{u"birthYear"_s, thisYear}};
    QTest::newRow("birthYear this year") << b << same(b);
    b = {{u"birthYear"_s, 1970.0}};
    QTest::newRow("birthYear written as a double") << b << QJsonObject{{u"birthYear"_s, 1970}};
    QTest::newRow("enrolledAt a minute ago")
        << QJsonObject{{u"enrolledAt"_s, minuteAgo}} << QJsonObject{{u"enrolledAt"_s, minuteAgoStored}};
    QTest::newRow("enrolledAt with an offset") << QJsonObject{{u"enrolledAt"_s, u"2024-06-01T23:30:00-05:00"_s}}
                                               << QJsonObject{{u"enrolledAt"_s, u"2024-06-02T04:30:00.000Z"_s}};
    QTest::newRow("phone with country code and separators")
        << QJsonObject{{u"phone"_s, u"+86 139-1234-5678"_s}} << QJsonObject{{u"phone"_s, u"+8613912345678"_s}};
    b = {{u"phone"_s, u"12345"_s}};
    QTest::newRow("phone of 5 digits") << b << same(b);
    b = {{u"name"_s, QString(100, u'n')}};
    QTest::newRow("name of 100 characters") << b << same(b);
    QTest::newRow("name is trimmed") << QJsonObject{{u"name"_s, u"  Wang Wu  "_s}}
                                     << QJsonObject{{u"name"_s, u"Wang Wu"_s}};
    b = {{u"subjectId"_s, QString(64, u'S')}};
    QTest::newRow("subjectId of 64 characters") << b << same(b);
    b = {{u"subjectId"_s, u"a_B-9"_s}};
    QTest::newRow("subjectId with _ and -") << b << same(b);
    for (const QString &sex : {u"female"_s, u"male"_s, u"other"_s, u"unknown"_s}) {
        b = {{u"sex"_s, sex}};
        QTest::newRow(qPrintable(u"sex "_s + sex)) << b << same(b);
    }
    b = {{u"name"_s, QJsonValue()},
         {u"phone"_s, QJsonValue()},
         {u"sex"_s, QJsonValue()},
         {u"birthYear"_s, QJsonValue()}};
    QTest::newRow("explicit nulls") << b << same(b);
}

void TestSubjectsApi::enrolBoundaryValuesAccepted()
{
    QFETCH(QJsonObject, body);
    QFETCH(QJsonObject, expected);
    const HttpReply reply = enrol(u"SB-OPEN"_s, body);
    QVERIFY2(reply.status == 201, describe(reply).constData());
    const QJsonObject created = reply.json();
    for (auto it = expected.begin(); it != expected.end(); ++it)
        QVERIFY2(created.value(it.key()) == it.value(), qPrintable(it.key() + u": "_s + QString::fromUtf8(reply.body)));
    const QString id = created.value(u"subjectId"_s).toString();
    QVERIFY(idsOf(subjectsOf(u"SB-OPEN"_s)).contains(id));
}

void TestSubjectsApi::listIsPaginatedInEnrolmentOrder()
{
    QCOMPARE(createProject({{u"code"_s, u"SB-PAGE"_s}, {u"title"_s, u"Paging"_s}, {u"status"_s, u"active"_s}}).status,
             201);
    // Enrolment order differs from id order: the list follows enrolment.
    const QStringList order = {u"PG-E"_s, u"PG-A"_s, u"PG-D"_s, u"PG-B"_s, u"PG-C"_s};
    for (const QString &id : order)
        QCOMPARE(enrol(u"SB-PAGE"_s, QJsonObject{{u"subjectId"_s, id}}).status, 201);
    // Someone else's subject never shows up here.
    QCOMPARE(enrol(u"SB-OTHER"_s, QJsonObject{{u"subjectId"_s, u"PG-OTHER"_s}}).status, 201);

    QList<QStringList> pages;
    QString cursor;
    for (int guard = 0; guard < 10; ++guard) {
        QUrl u = url(u"/api/v1/projects/SB-PAGE/subjects"_s);
        QUrlQuery query{{u"limit"_s, u"2"_s}};
        if (!cursor.isEmpty())
            query.addQueryItem(u"cursor"_s, cursor);
        u.setQuery(query);
        const HttpReply reply = m_http.get(u);
        QVERIFY2(reply.status == 200, describe(reply).constData());
        const QJsonObject page = reply.json();
        const QJsonArray items = page.value(u"items"_s).toArray();
        for (const QJsonValue &item : items)
            QCOMPARE(item.toObject().value(u"projectCode"_s).toString(), u"SB-PAGE"_s);
        pages << idsOf(items);
        if (page.value(u"nextCursor"_s).isNull())
            break;
        QVERIFY(page.value(u"nextCursor"_s).isString());
        cursor = page.value(u"nextCursor"_s).toString();
        QVERIFY(!cursor.isEmpty());
    }
    QCOMPARE(pages, (QList<QStringList>{{u"PG-E"_s, u"PG-A"_s}, {u"PG-D"_s, u"PG-B"_s}, {u"PG-C"_s}}));

    // Exactly one full page: no cursor to an empty page.
    const HttpReply full = m_http.get(url(u"/api/v1/projects/SB-PAGE/subjects?limit=5"_s));
    QCOMPARE(idsOf(full.json().value(u"items"_s).toArray()), order);
    QVERIFY(full.json().value(u"nextCursor"_s).isNull());
    // Default limit.
    const HttpReply all = m_http.get(url(u"/api/v1/projects/SB-PAGE/subjects"_s));
    QCOMPARE(idsOf(all.json().value(u"items"_s).toArray()), order);
    QVERIFY(all.json().value(u"nextCursor"_s).isNull());
    // A study without subjects: an empty page.
    const HttpReply none = m_http.get(url(u"/api/v1/projects/SB-PLAN/subjects"_s));
    QVERIFY2(none.status == 200, describe(none).constData());
    QCOMPARE(none.json().value(u"items"_s).toArray(), QJsonArray());
    QVERIFY(none.json().value(u"nextCursor"_s).isNull());
}

void TestSubjectsApi::invalidListParameters_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("field");
    QTest::newRow("limit=0") << u"limit=0"_s << u"invalid_parameter"_s << u"limit"_s;
    QTest::newRow("limit=501") << u"limit=501"_s << u"invalid_parameter"_s << u"limit"_s;
    QTest::newRow("limit=ten") << u"limit=ten"_s << u"invalid_parameter"_s << u"limit"_s;
    QTest::newRow("cursor garbage") << u"cursor=%25%25%25"_s << u"invalid_cursor"_s << u"cursor"_s;
    QTest::newRow("cursor base64 of something else") << u"cursor=aGVsbG8"_s << u"invalid_cursor"_s << u"cursor"_s;
}

void TestSubjectsApi::invalidListParameters()
{
    QFETCH(QString, query);
    QFETCH(QString, code);
    QFETCH(QString, field);
    CHECK(checkError(m_http.get(url(u"/api/v1/projects/SB-OPEN/subjects?"_s + query)), 400, code, field));
}

void TestSubjectsApi::profileMasksPhone_data()
{
    QTest::addColumn<QString>("phone");
    QTest::addColumn<QString>("masked");
    QTest::newRow("11 digits") << u"18812348888"_s << u"188****8888"_s;
    QTest::newRow("with dashes") << u"188-1234-8888"_s << u"188****8888"_s;
    QTest::newRow("with spaces") << u"188 1234 8888"_s << u"188****8888"_s;
    QTest::newRow("with country code") << u"+8613912345678"_s << u"+86*******5678"_s;
}

void TestSubjectsApi::profileMasksPhone()
{
    QFETCH(QString, phone);
    QFETCH(QString, masked);
    const HttpReply created =
        enrol(u"SB-ACTIVE"_s, QJsonObject{{u"name"_s, u"张三"_s}, {u"phone"_s, phone}, {u"site"_s, u"Beijing"_s}});
    QVERIFY2(created.status == 201, describe(created).constData());
    const QString id = created.json().value(u"subjectId"_s).toString();
    const QString stored = created.json().value(u"phone"_s).toString();

    const HttpReply reply = profile(id);
    QVERIFY2(reply.status == 200, describe(reply).constData());
    const QJsonObject expected{
        {u"subjectId"_s, id}, {u"name"_s, u"张三"_s}, {u"phone"_s, masked}, {u"trialCode"_s, u"SB-ACTIVE"_s}};
    QCOMPARE(reply.json(), expected);
    // The number itself appears nowhere in the answer.
    QVERIFY(!reply.body.contains(stored.toUtf8()));
    QVERIFY(!reply.body.contains(stored.mid(3, 4).toUtf8()));
}

void TestSubjectsApi::unknownSubjectIs404_data()
{
    QTest::addColumn<QString>("subjectId");
    QTest::newRow("never enrolled") << u"NOPE-0001"_s;
    QTest::newRow("id in another case") << u"dup-s1"_s;
    QTest::newRow("id no subject could have") << u"has%20space"_s;
}

void TestSubjectsApi::unknownSubjectIs404()
{
    QFETCH(QString, subjectId);
    CHECK(checkError(profile(subjectId), 404, u"subject_not_found"_s, {}));
}

void TestSubjectsApi::enrolWithScheduleSettings()
{
    HttpReply reply = createProject({{u"code"_s, u"SB-BERLIN"_s},
                                     {u"title"_s, u"Zoned"_s},
                                     {u"status"_s, u"active"_s},
                                     {u"timeZone"_s, u"Europe/Berlin"_s}});
    QVERIFY2(reply.status == 201, describe(reply).constData());

    reply = enrol(u"SB-BERLIN"_s, QJsonObject{{u"subjectId"_s, u"TZ-OWN"_s},
                                              {u"timeZone"_s, u"America/New_York"_s},
                                              {u"anchorDate"_s, u"2026-05-04"_s}});
    QVERIFY2(reply.status == 201, describe(reply).constData());
    QCOMPARE(reply.json().value(u"timeZone"_s).toString(), u"America/New_York"_s);
    QCOMPARE(reply.json().value(u"effectiveTimeZone"_s).toString(), u"America/New_York"_s);
    QCOMPARE(reply.json().value(u"anchorDate"_s).toString(), u"2026-05-04"_s);
    const QJsonObject stored = m_http.get(url(u"/api/v1/subjects/TZ-OWN"_s)).json();
    QCOMPARE(stored.value(u"timeZone"_s).toString(), u"America/New_York"_s);
    QCOMPARE(stored.value(u"anchorDate"_s).toString(), u"2026-05-04"_s);

    // Null is absent: the study's zone applies.
    reply = enrol(u"SB-BERLIN"_s, R"({"subjectId":"TZ-STUDY","timeZone":null,"anchorDate":null})"_ba);
    QVERIFY2(reply.status == 201, describe(reply).constData());
    QVERIFY(reply.json().value(u"timeZone"_s).isNull());
    QVERIFY(reply.json().value(u"anchorDate"_s).isNull());
    QCOMPARE(reply.json().value(u"effectiveTimeZone"_s).toString(), u"Europe/Berlin"_s);
}

void TestSubjectsApi::patchScheduleSettings()
{
    HttpReply reply = enrol(u"SB-OPEN"_s, QJsonObject{{u"subjectId"_s, u"TZ-PATCH"_s}, {u"name"_s, u"王五"_s}});
    QVERIFY2(reply.status == 201, describe(reply).constData());
    const QJsonObject enrolled = reply.json();

    reply = patchSubject(u"TZ-PATCH"_s, R"({"timeZone":"Europe/London","anchorDate":"2026-06-01"})");
    QVERIFY2(reply.status == 200, describe(reply).constData());
    QJsonObject changed = reply.json();
    QCOMPARE(changed.value(u"timeZone"_s).toString(), u"Europe/London"_s);
    QCOMPARE(changed.value(u"effectiveTimeZone"_s).toString(), u"Europe/London"_s);
    QCOMPARE(changed.value(u"anchorDate"_s).toString(), u"2026-06-01"_s);
    // Nothing else changed.
    for (const QString &key : {u"name"_s, u"phone"_s, u"site"_s, u"enrolledAt"_s, u"projectCode"_s})
        QCOMPARE(changed.value(key), enrolled.value(key));
    QCOMPARE(m_http.get(url(u"/api/v1/subjects/TZ-PATCH"_s)).json(), changed);

    // Only the anchor date: the zone stays; null clears the zone: the study's again.
    reply = patchSubject(u"TZ-PATCH"_s, R"({"anchorDate":"2026-06-02"})");
    QCOMPARE(reply.json().value(u"timeZone"_s).toString(), u"Europe/London"_s);
    QCOMPARE(reply.json().value(u"anchorDate"_s).toString(), u"2026-06-02"_s);
    reply = patchSubject(u"TZ-PATCH"_s, R"({"timeZone":null})");
    QVERIFY2(reply.status == 200, describe(reply).constData());
    QVERIFY(reply.json().value(u"timeZone"_s).isNull());
    QCOMPARE(reply.json().value(u"effectiveTimeZone"_s).toString(), u"Asia/Shanghai"_s);
    QCOMPARE(reply.json().value(u"anchorDate"_s).toString(), u"2026-06-02"_s);
    // The same values again change nothing, and are not audited again.
    QCOMPARE(patchSubject(u"TZ-PATCH"_s, R"({"timeZone":null})").status, 200);

    const HttpReply audit = m_http.get(url(u"/api/v1/audit?entity=subject&id=TZ-PATCH&limit=100"_s));
    QVERIFY2(audit.status == 200, describe(audit).constData());
    QList<QJsonObject> updates;
    for (const QJsonValue &v : audit.json().value(u"items"_s).toArray()) {
        if (v.toObject().value(u"action"_s).toString() == u"update"_s)
            updates << v.toObject();
    }
    QCOMPARE(updates.size(), 3);
    QVERIFY(updates.at(0).value(u"before"_s).toObject().value(u"timeZone"_s).isNull());
    QCOMPARE(updates.at(0).value(u"after"_s).toObject().value(u"timeZone"_s).toString(), u"Europe/London"_s);
    QCOMPARE(updates.at(0).value(u"after"_s).toObject().value(u"anchorDate"_s).toString(), u"2026-06-01"_s);
    QCOMPARE(updates.at(2).value(u"before"_s).toObject().value(u"timeZone"_s).toString(), u"Europe/London"_s);
    QVERIFY(updates.at(2).value(u"after"_s).toObject().value(u"timeZone"_s).isNull());
}

void TestSubjectsApi::patchValidation_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("field");
    auto row = [](const char *name, const QByteArray &body, const char16_t *code, const char16_t *field) {
        QTest::newRow(name) << body << QString::fromUtf16(code) << QString::fromUtf16(field);
    };
    row("timeZone unknown", R"({"timeZone":"Asia/Beijing"})", u"invalid_value", u"timeZone");
    row("timeZone of 65 characters", R"({"timeZone":")" + QByteArray(65, 'Z') + R"("})", u"too_long", u"timeZone");
    row("timeZone is an object", R"({"timeZone":{"id":"Asia/Shanghai"}})", u"invalid_type", u"timeZone");
    row("anchorDate impossible", R"({"anchorDate":"2026-13-01"})", u"invalid_type", u"anchorDate");
    row("anchorDate year 2200", R"({"anchorDate":"2200-01-01"})", u"implausible_value", u"anchorDate");
    row("valid zone with an invalid date", R"({"timeZone":"Asia/Tokyo","anchorDate":"tomorrow"})", u"invalid_type",
        u"anchorDate");
    row("name (not changeable here)", R"({"name":"Other"})", u"unknown_field", u"name");
    row("subjectId", R"({"subjectId":"TZ-OTHER"})", u"unknown_field", u"subjectId");
    row("empty object", R"({})", u"missing_field", u"timeZone");
    row("malformed JSON", R"({"timeZone":)", u"invalid_json", u"");
    row("array body", R"([{"timeZone":"Asia/Tokyo"}])", u"invalid_json", u"");
}

void TestSubjectsApi::patchValidation()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, code);
    QFETCH(QString, field);
    static bool enrolled = false;
    if (!enrolled) {
        const HttpReply reply = enrol(u"SB-OPEN"_s, QJsonObject{{u"subjectId"_s, u"TZ-VALID"_s},
                                                                {u"timeZone"_s, u"Asia/Kolkata"_s},
                                                                {u"anchorDate"_s, u"2026-01-10"_s}});
        QVERIFY2(reply.status == 201, describe(reply).constData());
        enrolled = true;
    }
    const QJsonObject before = m_http.get(url(u"/api/v1/subjects/TZ-VALID"_s)).json();
    CHECK(checkError(patchSubject(u"TZ-VALID"_s, body), 400, code, field));
    QCOMPARE(m_http.get(url(u"/api/v1/subjects/TZ-VALID"_s)).json(), before);
}

void TestSubjectsApi::patchUnknownSubjectIs404()
{
    CHECK(checkError(patchSubject(u"NOPE-0001"_s, R"({"timeZone":"Asia/Tokyo"})"), 404, u"subject_not_found"_s, {}));
}

QTEST_GUILESS_MAIN(TestSubjectsApi)
#include "tst_subjectsapi.moc"

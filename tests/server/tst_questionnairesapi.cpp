// Questionnaire submissions over HTTP against a real trialdesk-server: what a
// 201 carries, every way a body can be refused (and that a refusal stores
// nothing), the study-status rule, and the two listings with their filters and
// keyset pagination.

#include "IntakeTestKit.h"

#include <QJsonArray>
#include <QTest>
#include <algorithm>

using namespace Qt::StringLiterals;
using namespace td::test;
using namespace td::test::intake;

namespace {

const QString kMainStudy = u"QN-MAIN"_s;
const QString kListStudy = u"QN-LIST"_s;
const QString kSubject = u"QN-A"_s;      // success paths
const QString kOther = u"QN-B"_s;        // the other subject of the main study
const QString kValidation = u"QN-VAL"_s; // target of the refused bodies
const QString kListed1 = u"QN-L1"_s;
const QString kListed2 = u"QN-L2"_s;

struct Posted {
    qint64 id = 0;
    QString subjectId;
    QString questionnaire;
    QDateTime submitAt;
};

QByteArray submission(const QString &subjectId, const QJsonObject &answers, const QString &questionnaire = {},
                      const QString &submitAt = {})
{
    QJsonObject body{{u"subjectId"_s, subjectId}, {u"answers"_s, answers}};
    if (!questionnaire.isEmpty())
        body.insert(u"questionnaire"_s, questionnaire);
    if (!submitAt.isEmpty())
        body.insert(u"submitAt"_s, submitAt);
    return jsonBytes(body);
}

QString percent(const QString &value)
{
    return QString::fromLatin1(QUrl::toPercentEncoding(value));
}

// The same instant written with a +08:00 offset (China time), as apps there send it.
QString inChinaTime(const QDateTime &instant)
{
    return instant.toUTC().addSecs(8 * 3600).toString(u"yyyy-MM-dd'T'HH:mm:ss.zzz"_s) + u"+08:00"_s;
}

} // namespace

class TestQuestionnairesApi : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void submitReturnsStoredRecord();
    void submitDefaultsOptionalFields();
    void acceptsEdgeBodies_data();
    void acceptsEdgeBodies();
    void rejectsInvalidBodies_data();
    void rejectsInvalidBodies();
    void rejectsMismatchedSubject();
    void rejectsUnknownSubject();
    void rejectsInactiveStudy_data();
    void rejectsInactiveStudy();
    void paginatesNewestFirst_data();
    void paginatesNewestFirst();
    void filters_data();
    void filters();
    void rejectsBadListParameters_data();
    void rejectsBadListParameters();
    void listingsOfUnknownSubjectOrStudy();
    void unknownSubmission();
    void backdatedSubmissionsListInSubmitAtOrder();
    void paginatesThroughEqualSubmitAt();

private:
    qint64 storedSubmissions(const QString &subjectId = {}) const;
    qint64 listedCount(const QString &pathAndQuery);

    TestServer m_server{burstServerArguments()};
    HttpClient m_http;
    QList<Posted> m_listed; // what initTestCase posted into kListStudy, in posting order
    QDateTime m_base;       // submitAt of m_listed[0]
    int m_nextStudy = 0;
};

qint64 TestQuestionnairesApi::storedSubmissions(const QString &subjectId) const
{
    return DatabasePeek(m_server.databaseFile()).count(u"questionnaire_submissions"_s, subjectId);
}

qint64 TestQuestionnairesApi::listedCount(const QString &pathAndQuery)
{
    int pages = 0;
    QString failure;
    const QJsonArray items = collectPages(m_http, m_server, pathAndQuery, &pages, &failure);
    if (!failure.isEmpty()) {
        qWarning("%s", qPrintable(failure));
        return -1;
    }
    return items.size();
}

void TestQuestionnairesApi::initTestCase()
{
    QVERIFY2(m_server.start(), m_server.log().constData());
    for (const QString &code : {kMainStudy, kListStudy})
        QCOMPARE(createStudy(m_http, m_server, code).status, 201);
    for (const QString &id : {kSubject, kOther, kValidation})
        QCOMPARE(enrol(m_http, m_server, kMainStudy, id).status, 201);
    for (const QString &id : {kListed1, kListed2})
        QCOMPARE(enrol(m_http, m_server, kListStudy, id).status, 201);

    // 30 submissions ten minutes apart over a few days ago: every fourth by the
    // second subject, every third an "evening" questionnaire.
    const QDateTime now = QDateTime::currentDateTimeUtc();
    m_base = QDateTime(now.date().addDays(-3), QTime(6, 0), Qt::UTC);
    for (int i = 0; i < 30; ++i) {
        Posted p;
        p.subjectId = i % 4 == 3 ? kListed2 : kListed1;
        p.questionnaire = i % 3 == 0 ? u"evening"_s : u"morning"_s;
        p.submitAt = m_base.addSecs(600 * i);
        const HttpReply reply =
            m_http.post(questionnairesUrl(m_server, p.subjectId),
                        submission(p.subjectId, {{u"i"_s, i}}, p.questionnaire, rfc3339(p.submitAt)));
        QVERIFY2(reply.status == 201, reply.body.constData());
        p.id = reply.json().value(u"id"_s).toInteger();
        QVERIFY(p.id > 0);
        m_listed << p;
    }
}

void TestQuestionnairesApi::cleanupTestCase()
{
    QVERIFY(m_server.stop());
}

void TestQuestionnairesApi::submitReturnsStoredRecord()
{
    const qint64 before = storedSubmissions(kSubject);
    const QJsonObject answers{{u"pain"_s, 2},
                              {u"mood"_s, u"good"_s},
                              {u"sideEffects"_s, QJsonArray{u"headache"_s, u"nausea"_s}},
                              {u"vitals"_s, QJsonObject{{u"tookMedication"_s, true}, {u"note"_s, u"头疼\n好一点"_s}}},
                              {u"sleepHours"_s, 6.5}};
    // Two hours ago in China time: stored as the same instant in UTC.
    const QDateTime submitAt = QDateTime::currentDateTimeUtc().addSecs(-7200);
    const QDateTime sent = QDateTime::currentDateTimeUtc();
    const HttpReply reply = m_http.post(questionnairesUrl(m_server, kSubject),
                                        submission(kSubject, answers, u"daily-symptoms"_s, inChinaTime(submitAt)));
    const QDateTime answered = QDateTime::currentDateTimeUtc();
    QVERIFY2(reply.status == 201, reply.body.constData());

    const QJsonObject record = reply.json();
    const qint64 id = record.value(u"id"_s).toInteger();
    QVERIFY(id > 0);
    QCOMPARE(record.value(u"subjectId"_s).toString(), kSubject);
    QCOMPARE(record.value(u"projectCode"_s).toString(), kMainStudy);
    QCOMPARE(record.value(u"questionnaire"_s).toString(), u"daily-symptoms"_s);
    QCOMPARE(record.value(u"answers"_s).toObject(), answers);
    QCOMPARE(record.value(u"submitAt"_s).toString(), rfc3339(submitAt));
    const QDateTime receivedAt = parseInstant(record.value(u"receivedAt"_s));
    QVERIFY2(receivedAt.isValid(), qPrintable(record.value(u"receivedAt"_s).toString()));
    QVERIFY(receivedAt >= sent.addSecs(-1) && receivedAt <= answered.addSecs(1));
    for (const QString &key :
         {u"id"_s, u"subjectId"_s, u"projectCode"_s, u"questionnaire"_s, u"answers"_s, u"submitAt"_s, u"receivedAt"_s})
        QVERIFY2(record.contains(key), qPrintable(key));

    const QByteArray location = reply.header("Location");
    QCOMPARE(location, QByteArray("/api/v1/submissions/" + QByteArray::number(id)));
    const HttpReply stored = m_http.get(m_server.url(QString::fromLatin1(location)));
    QCOMPARE(stored.status, 200);
    QCOMPARE(stored.json(), record);

    QCOMPARE(storedSubmissions(kSubject), before + 1);
    const auto rows =
        DatabasePeek(m_server.databaseFile())
            .rows(u"SELECT subject_id, questionnaire FROM questionnaire_submissions WHERE id = ?"_s, {id});
    QCOMPARE(rows.size(), 1);
    QCOMPARE(rows.first().at(0).toString(), kSubject);
    QCOMPARE(rows.first().at(1).toString(), u"daily-symptoms"_s);
}

void TestQuestionnairesApi::submitDefaultsOptionalFields()
{
    const QDateTime sent = QDateTime::currentDateTimeUtc();
    const HttpReply reply = m_http.post(questionnairesUrl(m_server, kSubject), submission(kSubject, {{u"pain"_s, 0}}));
    const QDateTime answered = QDateTime::currentDateTimeUtc();
    QVERIFY2(reply.status == 201, reply.body.constData());
    const QJsonObject record = reply.json();
    QVERIFY(record.contains(u"questionnaire"_s));
    QVERIFY(record.value(u"questionnaire"_s).isNull());
    // Without submitAt the submission counts as submitted when it arrived.
    const QDateTime submitAt = parseInstant(record.value(u"submitAt"_s));
    QVERIFY2(submitAt >= sent.addSecs(-1) && submitAt <= answered.addSecs(1),
             qPrintable(record.value(u"submitAt"_s).toString()));
    const HttpReply stored = m_http.get(m_server.url(QString::fromLatin1(reply.header("Location"))));
    QCOMPARE(stored.status, 200);
    QCOMPARE(stored.json(), record);
}

void TestQuestionnairesApi::acceptsEdgeBodies_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("expectedSubmitAt"); // empty: not checked

    const QDateTime now = QDateTime::currentDateTimeUtc();
    const QDateTime fourMinutesAhead = now.addSecs(240);
    QTest::newRow("submitAt 4 minutes ahead (clock skew)")
        << submission(kSubject, {{u"a"_s, 1}}, {}, rfc3339(fourMinutesAhead)) << rfc3339(fourMinutesAhead);
    const QDateTime lastYear = now.addDays(-365);
    QTest::newRow("submitAt a year ago") << submission(kSubject, {{u"a"_s, 1}}, {}, rfc3339(lastYear))
                                         << rfc3339(lastYear);
    QTest::newRow("submitAt with negative offset")
        << submission(kSubject, {{u"a"_s, 1}}, {}, u"2024-02-29T23:30:00-05:00"_s) << u"2024-03-01T04:30:00.000Z"_s;
    QTest::newRow("submitAt with nanoseconds")
        << submission(kSubject, {{u"a"_s, 1}}, {}, u"2024-05-01T08:00:00.123456789Z"_s)
        << u"2024-05-01T08:00:00.123Z"_s;
    QTest::newRow("questionnaire code of 64 characters")
        << submission(kSubject, {{u"a"_s, 1}}, QString(64, u'q')) << QString();
    QTest::newRow("questionnaire code with . _ -") << submission(kSubject, {{u"a"_s, 1}}, u"PHQ-9_v2.1"_s) << QString();
    QJsonObject many;
    for (int i = 0; i < 500; ++i)
        many.insert(u"q%1"_s.arg(i), i);
    QTest::newRow("500 answers") << submission(kSubject, many) << QString();
    QTest::newRow("answer text of 4000 characters")
        << submission(kSubject, {{u"note"_s, QString(4000, u'x')}}) << QString();
    QTest::newRow("answers of every JSON type") << submission(kSubject, {{u"n"_s, 1.5},
                                                                         {u"b"_s, false},
                                                                         {u"s"_s, u"text"_s},
                                                                         {u"z"_s, QJsonValue()},
                                                                         {u"a"_s, QJsonArray{1, u"two"_s}},
                                                                         {u"o"_s, QJsonObject{{u"k"_s, u"v"_s}}}})
                                                << QString();
    QTest::newRow("explicit null questionnaire and submitAt")
        << QByteArray(R"({"subjectId":"QN-A","answers":{"a":1},"questionnaire":null,"submitAt":null})") << QString();
}

void TestQuestionnairesApi::acceptsEdgeBodies()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, expectedSubmitAt);

    const qint64 before = storedSubmissions(kSubject);
    const HttpReply reply = m_http.post(questionnairesUrl(m_server, kSubject), body);
    QVERIFY2(reply.status == 201, reply.body.constData());
    const QJsonObject record = reply.json();
    const QJsonObject sent = QJsonDocument::fromJson(body).object();
    QCOMPARE(record.value(u"answers"_s).toObject(), sent.value(u"answers"_s).toObject());
    if (sent.value(u"questionnaire"_s).isString())
        QCOMPARE(record.value(u"questionnaire"_s), sent.value(u"questionnaire"_s));
    if (!expectedSubmitAt.isEmpty())
        QCOMPARE(record.value(u"submitAt"_s).toString(), expectedSubmitAt);
    QCOMPARE(storedSubmissions(kSubject), before + 1);
    const HttpReply stored = m_http.get(m_server.url(QString::fromLatin1(reply.header("Location"))));
    QCOMPARE(stored.status, 200);
    QCOMPARE(stored.json(), record);
}

void TestQuestionnairesApi::rejectsInvalidBodies_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("field"); // empty: the error names no field

    const QJsonObject answers{{u"pain"_s, 3}};
    const QDateTime now = QDateTime::currentDateTimeUtc();
    // A valid body with `changes` applied and the `without` keys left out.
    auto body = [&](const QJsonObject &changes, const QStringList &without = {}) {
        QJsonObject b{{u"subjectId"_s, kValidation}, {u"answers"_s, answers}};
        for (auto it = changes.begin(); it != changes.end(); ++it)
            b.insert(it.key(), it.value());
        for (const QString &key : without)
            b.remove(key);
        return jsonBytes(b);
    };

    QTest::newRow("malformed JSON") << QByteArray(R"({"subjectId": "QN-VAL", "answers": {)") << 400 << u"invalid_json"_s
                                    << QString();
    QTest::newRow("empty body") << QByteArray() << 400 << u"invalid_json"_s << QString();
    QTest::newRow("JSON array") << QByteArray(R"([{"subjectId":"QN-VAL","answers":{"a":1}}])") << 400
                                << u"invalid_json"_s << QString();
    QTest::newRow("JSON string") << QByteArray(R"("hello")") << 400 << u"invalid_json"_s << QString();
    QTest::newRow("nested deeper than 16 levels")
        << QByteArray(R"({"subjectId":"QN-VAL","answers":{"a":)" + QByteArray(20, '[') + QByteArray(20, ']') + "}}")
        << 400 << u"too_deep"_s << QString();

    QTest::newRow("subjectId missing") << body({}, {u"subjectId"_s}) << 400 << u"missing_field"_s << u"subjectId"_s;
    QTest::newRow("subjectId null") << body({{u"subjectId"_s, QJsonValue()}}) << 400 << u"missing_field"_s
                                    << u"subjectId"_s;
    QTest::newRow("subjectId a number") << body({{u"subjectId"_s, 42}}) << 400 << u"invalid_type"_s << u"subjectId"_s;
    QTest::newRow("subjectId blank") << body({{u"subjectId"_s, u"   "_s}}) << 400 << u"invalid_value"_s
                                     << u"subjectId"_s;
    QTest::newRow("subjectId of another subject")
        << body({{u"subjectId"_s, kOther}}) << 400 << u"subject_id_mismatch"_s << u"subjectId"_s;

    QTest::newRow("answers missing") << body({}, {u"answers"_s}) << 400 << u"missing_field"_s << u"answers"_s;
    QTest::newRow("answers null") << body({{u"answers"_s, QJsonValue()}}) << 400 << u"missing_field"_s << u"answers"_s;
    QTest::newRow("answers empty object")
        << body({{u"answers"_s, QJsonObject()}}) << 400 << u"invalid_value"_s << u"answers"_s;
    QTest::newRow("answers an array") << body({{u"answers"_s, QJsonArray{1, 2}}}) << 400 << u"invalid_type"_s
                                      << u"answers"_s;
    QTest::newRow("answers a string") << body({{u"answers"_s, u"pain=3"_s}}) << 400 << u"invalid_type"_s
                                      << u"answers"_s;
    QJsonObject tooMany;
    for (int i = 0; i < 501; ++i)
        tooMany.insert(u"q%1"_s.arg(i), i);
    QTest::newRow("501 answers") << body({{u"answers"_s, tooMany}}) << 400 << u"too_long"_s << u"answers"_s;
    QTest::newRow("answer text with a control character")
        << body({{u"answers"_s, QJsonObject{{u"note"_s, u"bad\u0007bell"_s}}}}) << 400 << u"invalid_value"_s
        << u"answers"_s;
    QTest::newRow("answer text of 4001 characters")
        << body({{u"answers"_s, QJsonObject{{u"note"_s, QString(4001, u'x')}}}}) << 400 << u"invalid_value"_s
        << u"answers"_s;
    QTest::newRow("answer key of 65 characters")
        << body({{u"answers"_s, QJsonObject{{u"k"_s, QJsonObject{{QString(65, u'k'), 1}}}}}}) << 400
        << u"invalid_value"_s << u"answers"_s;

    QTest::newRow("questionnaire with spaces")
        << body({{u"questionnaire"_s, u"daily symptoms"_s}}) << 400 << u"invalid_value"_s << u"questionnaire"_s;
    QTest::newRow("questionnaire of 65 characters")
        << body({{u"questionnaire"_s, QString(65, u'q')}}) << 400 << u"too_long"_s << u"questionnaire"_s;
    QTest::newRow("questionnaire a number")
        << body({{u"questionnaire"_s, 9}}) << 400 << u"invalid_type"_s << u"questionnaire"_s;
    QTest::newRow("questionnaire empty") << body({{u"questionnaire"_s, QString()}}) << 400 << u"invalid_value"_s
                                         << u"questionnaire"_s;

    QTest::newRow("submitAt not a timestamp")
        << body({{u"submitAt"_s, u"yesterday"_s}}) << 400 << u"invalid_type"_s << u"submitAt"_s;
    QTest::newRow("submitAt without a zone")
        << body({{u"submitAt"_s, u"2024-05-01T08:00:00"_s}}) << 400 << u"invalid_type"_s << u"submitAt"_s;
    QTest::newRow("submitAt a date only")
        << body({{u"submitAt"_s, u"2024-05-01"_s}}) << 400 << u"invalid_type"_s << u"submitAt"_s;
    QTest::newRow("submitAt impossible date")
        << body({{u"submitAt"_s, u"2023-02-29T08:00:00Z"_s}}) << 400 << u"invalid_type"_s << u"submitAt"_s;
    QTest::newRow("submitAt a number") << body({{u"submitAt"_s, 1714550400}}) << 400 << u"invalid_type"_s
                                       << u"submitAt"_s;
    QTest::newRow("submitAt 6 minutes ahead")
        << body({{u"submitAt"_s, rfc3339(now.addSecs(360))}}) << 400 << u"implausible_value"_s << u"submitAt"_s;
    QTest::newRow("submitAt a day ahead")
        << body({{u"submitAt"_s, inChinaTime(now.addDays(1))}}) << 400 << u"implausible_value"_s << u"submitAt"_s;

    QTest::newRow("unknown field") << body({{u"score"_s, 7}}) << 400 << u"unknown_field"_s << u"score"_s;
    QTest::newRow("misspelt answers") << body({{u"answer"_s, answers}}, {u"answers"_s}) << 400 << u"unknown_field"_s
                                      << u"answer"_s;
}

void TestQuestionnairesApi::rejectsInvalidBodies()
{
    QFETCH(QByteArray, body);
    QFETCH(int, status);
    QFETCH(QString, code);
    QFETCH(QString, field);

    const qint64 before = storedSubmissions();
    QVERIFY(before >= 0);
    const HttpReply reply = m_http.post(questionnairesUrl(m_server, kValidation), body);
    const QString mismatch = errorMismatch(reply, status, code, field);
    QVERIFY2(mismatch.isEmpty(), qPrintable(mismatch));
    QVERIFY(reply.header("Location").isEmpty());
    QCOMPARE(storedSubmissions(), before);
    QCOMPARE(listedCount(u"/api/v1/subjects/%1/questionnaires"_s.arg(kValidation)), 0);
}

void TestQuestionnairesApi::rejectsMismatchedSubject()
{
    const qint64 before = storedSubmissions();
    // A valid body for QN-B posted to QN-A's collection: neither subject gets it.
    const HttpReply reply =
        m_http.post(questionnairesUrl(m_server, kSubject), submission(kOther, {{u"pain"_s, 1}}, u"daily"_s));
    const QString mismatch = errorMismatch(reply, 400, u"subject_id_mismatch"_s, u"subjectId"_s);
    QVERIFY2(mismatch.isEmpty(), qPrintable(mismatch));
    QCOMPARE(storedSubmissions(), before);
    QCOMPARE(listedCount(u"/api/v1/subjects/%1/questionnaires"_s.arg(kOther)), 0);

    // Also when the body's subject does not exist at all.
    const HttpReply ghost =
        m_http.post(questionnairesUrl(m_server, kSubject), submission(u"QN-GHOST"_s, {{u"pain"_s, 1}}));
    const QString ghostMismatch = errorMismatch(ghost, 400, u"subject_id_mismatch"_s, u"subjectId"_s);
    QVERIFY2(ghostMismatch.isEmpty(), qPrintable(ghostMismatch));
    QCOMPARE(storedSubmissions(), before);
}

void TestQuestionnairesApi::rejectsUnknownSubject()
{
    const qint64 before = storedSubmissions();
    const HttpReply reply =
        m_http.post(questionnairesUrl(m_server, u"QN-NOBODY"_s), submission(u"QN-NOBODY"_s, {{u"pain"_s, 1}}));
    const QString mismatch = errorMismatch(reply, 404, u"subject_not_found"_s);
    QVERIFY2(mismatch.isEmpty(), qPrintable(mismatch));
    QCOMPARE(storedSubmissions(), before);
    QCOMPARE(storedSubmissions(u"QN-NOBODY"_s), 0);
}

void TestQuestionnairesApi::rejectsInactiveStudy_data()
{
    QTest::addColumn<QString>("status");
    QTest::newRow("suspended") << u"suspended"_s;
    QTest::newRow("completed") << u"completed"_s;
    QTest::newRow("back in planning") << u"planning"_s;
}

void TestQuestionnairesApi::rejectsInactiveStudy()
{
    QFETCH(QString, status);

    const QString code = u"QN-INACTIVE-%1"_s.arg(++m_nextStudy);
    const QString subject = u"QN-IN-%1"_s.arg(m_nextStudy);
    QCOMPARE(createStudy(m_http, m_server, code).status, 201);
    QCOMPARE(enrol(m_http, m_server, code, subject).status, 201);
    const HttpReply accepted = m_http.post(questionnairesUrl(m_server, subject), submission(subject, {{u"a"_s, 1}}));
    QVERIFY2(accepted.status == 201, accepted.body.constData());

    const HttpReply patched = setStudyStatus(m_http, m_server, code, status);
    QVERIFY2(patched.status == 200, patched.body.constData());
    QCOMPARE(patched.json().value(u"status"_s).toString(), status);

    const qint64 before = storedSubmissions();
    const HttpReply refused = m_http.post(questionnairesUrl(m_server, subject), submission(subject, {{u"a"_s, 2}}));
    const QString mismatch = errorMismatch(refused, 409, u"project_not_active"_s);
    QVERIFY2(mismatch.isEmpty(), qPrintable(mismatch));
    QCOMPARE(storedSubmissions(), before);
    QCOMPARE(storedSubmissions(subject), 1);
    // The earlier submission is still readable; nothing else was added.
    const QString list = u"/api/v1/subjects/%1/questionnaires"_s.arg(subject);
    QCOMPARE(listedCount(list), 1);
    QCOMPARE(listedCount(u"/api/v1/projects/%1/submissions"_s.arg(code)), 1);

    // Back to active: accepted again.
    QCOMPARE(setStudyStatus(m_http, m_server, code, u"active"_s).status, 200);
    QCOMPARE(m_http.post(questionnairesUrl(m_server, subject), submission(subject, {{u"a"_s, 3}})).status, 201);
    QCOMPARE(listedCount(list), 2);
}

void TestQuestionnairesApi::paginatesNewestFirst_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<int>("limit");         // 0: the default
    QTest::addColumn<QString>("subjectId"); // empty: the whole study

    const QString subjectPath = u"/api/v1/subjects/%1/questionnaires"_s.arg(kListed1);
    const QString projectPath = u"/api/v1/projects/%1/submissions"_s.arg(kListStudy);
    QTest::newRow("subject, 1 per page") << subjectPath << 1 << kListed1;
    QTest::newRow("subject, 5 per page") << subjectPath << 5 << kListed1;
    QTest::newRow("subject, page size = item count") << subjectPath << 23 << kListed1;
    QTest::newRow("subject, page size = item count - 1") << subjectPath << 22 << kListed1;
    QTest::newRow("subject, default page size") << subjectPath << 0 << kListed1;
    QTest::newRow("other subject, 2 per page")
        << u"/api/v1/subjects/%1/questionnaires"_s.arg(kListed2) << 2 << kListed2;
    QTest::newRow("study, 4 per page") << projectPath << 4 << QString();
    QTest::newRow("study, 7 per page") << projectPath << 7 << QString();
    QTest::newRow("study, page size = item count") << projectPath << 30 << QString();
    QTest::newRow("study, maximum page size") << projectPath << 500 << QString();
}

void TestQuestionnairesApi::paginatesNewestFirst()
{
    QFETCH(QString, path);
    QFETCH(int, limit);
    QFETCH(QString, subjectId);

    QList<Posted> expected;
    for (const Posted &p : std::as_const(m_listed)) {
        if (subjectId.isEmpty() || p.subjectId == subjectId)
            expected << p;
    }
    std::reverse(expected.begin(), expected.end()); // newest first

    int pages = 0;
    QString failure;
    const QJsonArray items =
        collectPages(m_http, m_server, limit > 0 ? path + u"?limit=%1"_s.arg(limit) : path, &pages, &failure);
    QVERIFY2(failure.isEmpty(), qPrintable(failure));
    const int pageSize = limit > 0 ? limit : 50;
    QCOMPARE(pages, int((expected.size() + pageSize - 1) / pageSize));

    QCOMPARE(items.size(), expected.size());
    QSet<qint64> seen;
    for (qsizetype i = 0; i < items.size(); ++i) {
        const QJsonObject item = items.at(i).toObject();
        const qint64 id = item.value(u"id"_s).toInteger();
        QVERIFY2(!seen.contains(id), qPrintable(u"id %1 seen twice"_s.arg(id)));
        seen.insert(id);
        QCOMPARE(id, expected.at(i).id);
        QCOMPARE(item.value(u"subjectId"_s).toString(), expected.at(i).subjectId);
        QCOMPARE(item.value(u"projectCode"_s).toString(), kListStudy);
        QCOMPARE(item.value(u"submitAt"_s).toString(), rfc3339(expected.at(i).submitAt));
        QCOMPARE(item.value(u"questionnaire"_s).toString(), expected.at(i).questionnaire);
        if (i > 0)
            QVERIFY(parseInstant(item.value(u"submitAt"_s))
                    < parseInstant(items.at(i - 1).toObject().value(u"submitAt"_s)));
    }
}

void TestQuestionnairesApi::filters_data()
{
    QTest::addColumn<QString>("subjectId"); // empty: the study listing
    QTest::addColumn<QString>("since");
    QTest::addColumn<QString>("until");
    QTest::addColumn<QString>("questionnaire");
    QTest::addColumn<int>("limit");
    QTest::addColumn<int>("expectedCount");

    auto at = [this](int i) { return rfc3339(m_base.addSecs(600 * i)); };
    const QString none;
    QTest::newRow("subject: since is inclusive") << kListed1 << at(10) << none << none << 4 << 15;
    QTest::newRow("subject: until is exclusive") << kListed1 << none << at(10) << none << 3 << 8;
    QTest::newRow("study: since is inclusive") << none << at(10) << none << none << 50 << 20;
    QTest::newRow("study: until is exclusive") << none << none << at(10) << none << 50 << 10;
    QTest::newRow("study: window") << none << at(5) << at(15) << none << 3 << 10;
    QTest::newRow("study: window in +08:00 notation")
        << none << inChinaTime(m_base.addSecs(3000)) << inChinaTime(m_base.addSecs(9000)) << none << 50 << 10;
    QTest::newRow("study: window between two submissions")
        << none << rfc3339(m_base.addSecs(6001)) << rfc3339(m_base.addSecs(7199)) << none << 50 << 1;
    QTest::newRow("subject: questionnaire") << kListed1 << none << none << u"evening"_s << 2 << 7;
    QTest::newRow("study: questionnaire") << none << none << none << u"evening"_s << 50 << 10;
    QTest::newRow("study: questionnaire and window, paged") << none << at(6) << at(25) << u"evening"_s << 2 << 7;
    QTest::newRow("subject: other subject's window") << kListed2 << at(0) << at(12) << none << 1 << 3;
    QTest::newRow("unknown questionnaire") << none << none << none << u"weekly"_s << 50 << 0;
    QTest::newRow("since after until") << none << at(20) << at(10) << none << 50 << 0;
    QTest::newRow("since equals until") << none << at(10) << at(10) << none << 50 << 0;
    QTest::newRow("since after the last submission") << kListed1 << at(30) << none << none << 50 << 0;
    QTest::newRow("until before the first submission") << none << none << at(0) << none << 50 << 0;
}

void TestQuestionnairesApi::filters()
{
    QFETCH(QString, subjectId);
    QFETCH(QString, since);
    QFETCH(QString, until);
    QFETCH(QString, questionnaire);
    QFETCH(int, limit);
    QFETCH(int, expectedCount);

    const std::optional<QDateTime> sinceAt =
        since.isEmpty() ? std::nullopt : std::optional(QDateTime::fromString(since, Qt::ISODateWithMs).toUTC());
    const std::optional<QDateTime> untilAt =
        until.isEmpty() ? std::nullopt : std::optional(QDateTime::fromString(until, Qt::ISODateWithMs).toUTC());
    QList<qint64> expected;
    for (const Posted &p : std::as_const(m_listed)) {
        if ((subjectId.isEmpty() || p.subjectId == subjectId) && (!sinceAt || p.submitAt >= *sinceAt)
            && (!untilAt || p.submitAt < *untilAt) && (questionnaire.isEmpty() || p.questionnaire == questionnaire))
            expected.prepend(p.id);
    }
    QCOMPARE(expected.size(), expectedCount); // the oracle agrees with the row

    QString path = subjectId.isEmpty() ? u"/api/v1/projects/%1/submissions"_s.arg(kListStudy)
                                       : u"/api/v1/subjects/%1/questionnaires"_s.arg(subjectId);
    path += u"?limit=%1"_s.arg(limit);
    if (!since.isEmpty())
        path += u"&since="_s + percent(since);
    if (!until.isEmpty())
        path += u"&until="_s + percent(until);
    if (!questionnaire.isEmpty())
        path += u"&questionnaire="_s + percent(questionnaire);
    int pages = 0;
    QString failure;
    const QJsonArray items = collectPages(m_http, m_server, path, &pages, &failure);
    QVERIFY2(failure.isEmpty(), qPrintable(failure));
    QCOMPARE(idsOf(items), expected);
    QCOMPARE(pages, std::max(1, int((expected.size() + limit - 1) / limit)));
}

void TestQuestionnairesApi::rejectsBadListParameters_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("field");

    QTest::newRow("since not a timestamp") << u"since=yesterday"_s << u"invalid_parameter"_s << u"since"_s;
    QTest::newRow("since without a zone") << u"since=2024-05-01T00:00:00"_s << u"invalid_parameter"_s << u"since"_s;
    QTest::newRow("since a date only") << u"since=2024-05-01"_s << u"invalid_parameter"_s << u"since"_s;
    QTest::newRow("since month 13") << u"since=2024-13-01T00:00:00Z"_s << u"invalid_parameter"_s << u"since"_s;
    QTest::newRow("until not a timestamp") << u"until=soon"_s << u"invalid_parameter"_s << u"until"_s;
    QTest::newRow("questionnaire with spaces")
        << u"questionnaire=a%20b"_s << u"invalid_parameter"_s << u"questionnaire"_s;
    QTest::newRow("limit 0") << u"limit=0"_s << u"invalid_parameter"_s << u"limit"_s;
    QTest::newRow("limit 501") << u"limit=501"_s << u"invalid_parameter"_s << u"limit"_s;
    QTest::newRow("limit negative") << u"limit=-5"_s << u"invalid_parameter"_s << u"limit"_s;
    QTest::newRow("limit not a number") << u"limit=ten"_s << u"invalid_parameter"_s << u"limit"_s;
    QTest::newRow("cursor garbage") << u"cursor=not-a-cursor"_s << u"invalid_cursor"_s << u"cursor"_s;
}

void TestQuestionnairesApi::rejectsBadListParameters()
{
    QFETCH(QString, query);
    QFETCH(QString, code);
    QFETCH(QString, field);

    for (const QString &path : {u"/api/v1/subjects/%1/questionnaires"_s.arg(kListed1),
                                u"/api/v1/projects/%1/submissions"_s.arg(kListStudy)}) {
        const HttpReply reply = m_http.get(m_server.url(path + u'?' + query));
        const QString mismatch = errorMismatch(reply, 400, code, field);
        QVERIFY2(mismatch.isEmpty(), qPrintable(path + u": "_s + mismatch));
    }
}

void TestQuestionnairesApi::listingsOfUnknownSubjectOrStudy()
{
    const HttpReply subject = m_http.get(m_server.url(u"/api/v1/subjects/QN-NOBODY/questionnaires"_s));
    QString mismatch = errorMismatch(subject, 404, u"subject_not_found"_s);
    QVERIFY2(mismatch.isEmpty(), qPrintable(mismatch));
    const HttpReply project = m_http.get(m_server.url(u"/api/v1/projects/QN-NOSTUDY/submissions"_s));
    mismatch = errorMismatch(project, 404, u"project_not_found"_s);
    QVERIFY2(mismatch.isEmpty(), qPrintable(mismatch));
}

void TestQuestionnairesApi::unknownSubmission()
{
    for (const QString &id : {u"999999999"_s, u"0"_s, u"-1"_s, u"abc"_s}) {
        const HttpReply reply = m_http.get(m_server.url(u"/api/v1/submissions/"_s + id));
        const QString mismatch = errorMismatch(reply, 404, u"submission_not_found"_s);
        QVERIFY2(mismatch.isEmpty(), qPrintable(id + u": "_s + mismatch));
    }
}

void TestQuestionnairesApi::backdatedSubmissionsListInSubmitAtOrder()
{
    // A patient app that was offline sends yesterday's questionnaire after
    // today's. "Newest first" is about when the questionnaire was filled in
    // (submitAt, which since/until also filter on), not arrival order.
    const QString code = u"QN-BACKDATED"_s;
    const QString subject = u"QN-BD"_s;
    QCOMPARE(createStudy(m_http, m_server, code).status, 201);
    QCOMPARE(enrol(m_http, m_server, code, subject).status, 201);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const QList<QDateTime> submitAts = {now.addSecs(-3600), now.addDays(-3), now.addSecs(-7200), now.addDays(-1)};
    QList<QPair<QDateTime, qint64>> posted;
    for (const QDateTime &at : submitAts) {
        const HttpReply reply =
            m_http.post(questionnairesUrl(m_server, subject), submission(subject, {{u"a"_s, 1}}, {}, rfc3339(at)));
        QVERIFY2(reply.status == 201, reply.body.constData());
        posted.append({at, reply.json().value(u"id"_s).toInteger()});
    }
    std::sort(posted.begin(), posted.end(), [](const auto &a, const auto &b) { return a.first > b.first; });
    QList<qint64> expected;
    for (const auto &p : posted)
        expected << p.second;

    for (const QString &path : {u"/api/v1/subjects/%1/questionnaires?limit=1"_s.arg(subject),
                                u"/api/v1/projects/%1/submissions"_s.arg(code)}) {
        int pages = 0;
        QString failure;
        const QJsonArray items = collectPages(m_http, m_server, path, &pages, &failure);
        QVERIFY2(failure.isEmpty(), qPrintable(failure));
        QCOMPARE(idsOf(items), expected);
    }
}

void TestQuestionnairesApi::paginatesThroughEqualSubmitAt()
{
    // A batch an app uploads at once can share one submitAt: pages that split
    // such a run must still show each submission exactly once.
    const QString code = u"QN-TIES"_s;
    const QString subject = u"QN-TIE"_s;
    QCOMPARE(createStudy(m_http, m_server, code).status, 201);
    QCOMPARE(enrol(m_http, m_server, code, subject).status, 201);
    const QDateTime shared = QDateTime::currentDateTimeUtc().addSecs(-600);
    QSet<qint64> posted;
    for (int i = 0; i < 9; ++i) {
        const QDateTime at = i == 0 ? shared.addSecs(-60) : i == 8 ? shared.addSecs(60) : shared;
        const HttpReply reply =
            m_http.post(questionnairesUrl(m_server, subject), submission(subject, {{u"i"_s, i}}, {}, rfc3339(at)));
        QVERIFY2(reply.status == 201, reply.body.constData());
        posted.insert(reply.json().value(u"id"_s).toInteger());
    }
    for (int limit : {1, 2, 3, 4}) {
        for (const QString &path : {u"/api/v1/subjects/%1/questionnaires?limit=%2"_s.arg(subject).arg(limit),
                                    u"/api/v1/projects/%1/submissions?limit=%2"_s.arg(code).arg(limit)}) {
            int pages = 0;
            QString failure;
            const QJsonArray items = collectPages(m_http, m_server, path, &pages, &failure);
            QVERIFY2(failure.isEmpty(), qPrintable(failure));
            const QList<qint64> ids = idsOf(items);
            QCOMPARE(QSet<qint64>(ids.begin(), ids.end()), posted);
            QCOMPARE(ids.size(), posted.size());
            QCOMPARE(pages, int((posted.size() + limit - 1) / limit));
            QCOMPARE(items.first().toObject().value(u"submitAt"_s).toString(), rfc3339(shared.addSecs(60)));
            QCOMPARE(items.last().toObject().value(u"submitAt"_s).toString(), rfc3339(shared.addSecs(-60)));
            for (qsizetype i = 1; i < items.size(); ++i)
                QVERIFY(parseInstant(items.at(i).toObject().value(u"submitAt"_s))
                        <= parseInstant(items.at(i - 1).toObject().value(u"submitAt"_s)));
        }
    }
}

QTEST_GUILESS_MAIN(TestQuestionnairesApi)
#include "tst_questionnairesapi.moc"

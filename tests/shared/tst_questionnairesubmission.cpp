#include "JsonText.h"
#include "Page.h"
#include "QuestionnaireSubmission.h"
#include "TestSupport.h"
#include "Timestamps.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace Qt::StringLiterals;
using tdtest::row;

namespace {

const QString kPathSubject = u"S-001"_s;

// {"subjectId":"S-001","answers":<answers>,<extra>}
QByteArray submission(const QByteArray &answers, const QByteArray &extra = {})
{
    QByteArray body = R"({"subjectId":"S-001","answers":)"_ba + answers;
    if (!extra.isEmpty())
        body += ',' + extra;
    body += '}';
    return body;
}

// {"q0":0,"q1":1,...}
QByteArray manyAnswers(int count)
{
    QByteArray answers = "{"_ba;
    for (int i = 0; i < count; ++i)
        answers += (i ? ",\"q"_ba : "\"q"_ba) + QByteArray::number(i) + "\":" + QByteArray::number(i);
    answers += '}';
    return answers;
}

// {"q1":"<count x>"}
QByteArray longAnswer(int count)
{
    return QByteArray("{\"q1\":\"" + QByteArray(count, 'x') + "\"}");
}

// An answer nested so that the whole body is `depth` levels deep.
QByteArray deepAnswers(int depth)
{
    // body {  answers {  q [ ... ] } }: the body and answers objects are two levels.
    return QByteArray(R"({"q":)" + QByteArray(depth - 2, '[') + QByteArray(depth - 2, ']') + '}');
}

QByteArray submitAt(qint64 secondsFromNow)
{
    return QByteArray("\"submitAt\":\"" + td::formatTimestamp(tdtest::fixedNow().addSecs(secondsFromNow)).toLatin1()
                      + '"');
}

} // namespace

class TestQuestionnaireSubmission : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void submitRequest_data();
    void submitRequest();
    void submitRequestStoresValues();
    void submitRequestDefaults();
    void subjectIdMismatchComesLast();
    void jsonRoundTrip();
    void jsonTextIsWhatQtWrites_data();
    void jsonTextIsWhatQtWrites();
    void pageTextIsWhatQtWrites();
};

namespace {

td::QuestionnaireSubmission sample()
{
    td::QuestionnaireSubmission s;
    s.id = 9007199254740000;
    s.subjectId = u"S-001"_s;
    s.projectCode = u"ABC-01"_s;
    s.questionnaire = u"PHQ-9"_s;
    s.answers = QJsonDocument::fromJson(R"({"q1":3,"q2":"x","q3":[true,null],"q4":{"b":1.5,"a":-2e-7}})"_ba).object();
    s.submitAt = QDateTime(QDate(2025, 6, 15), QTime(8, 0, 0, 123), QTimeZone::utc());
    s.receivedAt = QDateTime(QDate(2025, 6, 15), QTime(8, 0, 1), QTimeZone::utc());
    return s;
}

} // namespace

void TestQuestionnaireSubmission::submitRequest_data()
{
    tdtest::addColumns();

    row("minimal", submission(R"({"q1":3})"_ba));
    row("every field", submission(R"({"q1":3})"_ba, R"("questionnaire":"PHQ-9","submitAt":"2025-06-15T08:00:00Z")"_ba));
    row("optional fields null", submission(R"({"q1":3})"_ba, R"("questionnaire":null,"submitAt":null)"_ba));

    // answers: a non-empty object of free-form JSON with clean, bounded strings
    row("answers: every JSON type",
        submission(R"({"n":1.5,"s":"text","b":true,"z":null,"a":[1,"two",[3]],"o":{"k":"v","l":[false]}})"_ba));
    row("answers: multi-line text", submission(R"({"q1":"line 1\nline 2\r\nline 3\ttabbed"})"_ba));
    row("answers: cjk and emoji", submission("{\"q1\":\"\xe5\xa4\xb4\xe7\x97\x9b \xf0\x9f\x98\x80\"}"_ba));
    row("answers: 4000-character text", submission(longAnswer(4000)));
    row("answers: 64-character key", submission(QByteArray("{\"" + QByteArray(64, 'k') + "\":1}")));
    row("answers: empty key", submission(R"({"":1})"_ba));
    row("answers: 500 answers", submission(manyAnswers(500)));
    row("answers: body 16 levels deep", submission(deepAnswers(16)));
    row("answers: missing", R"({"subjectId":"S-001"})"_ba, u"missing_field"_s, u"answers"_s);
    row("answers: null", submission("null"_ba), u"missing_field"_s, u"answers"_s);
    row("answers: empty object", submission("{}"_ba), u"invalid_value"_s, u"answers"_s);
    row("answers: array", submission(R"([{"q1":3}])"_ba), u"invalid_type"_s, u"answers"_s);
    row("answers: string", submission(R"("q1=3")"_ba), u"invalid_type"_s, u"answers"_s);
    row("answers: number", submission("3"_ba), u"invalid_type"_s, u"answers"_s);
    row("answers: 501 answers", submission(manyAnswers(501)), u"too_long"_s, u"answers"_s);
    row("answers: 4001-character text", submission(longAnswer(4001)), u"invalid_value"_s, u"answers"_s);
    row("answers: 65-character key", submission(QByteArray("{\"" + QByteArray(65, 'k') + "\":1}")), u"invalid_value"_s,
        u"answers"_s);
    row("answers: 65-character nested key", submission(QByteArray("{\"q1\":{\"" + QByteArray(65, 'k') + "\":1}}")),
        u"invalid_value"_s, u"answers"_s);
    row("answers: control character", submission(R"({"q1":"a\u0001b"})"_ba), u"invalid_value"_s, u"answers"_s);
    row("answers: NUL", submission(R"({"q1":"a\u0000"})"_ba), u"invalid_value"_s, u"answers"_s);
    row("answers: DEL", submission(R"({"q1":"a\u007f"})"_ba), u"invalid_value"_s, u"answers"_s);
    row("answers: escape in an array", submission(R"({"q1":["ok","a\u001b"]})"_ba), u"invalid_value"_s, u"answers"_s);
    row("answers: bell in a nested object", submission(R"({"q1":{"x":{"y":"a\u0007"}}})"_ba), u"invalid_value"_s,
        u"answers"_s);
    row("answers: long text in an array", submission(QByteArray("{\"q1\":[\"" + QByteArray(4001, 'x') + "\"]}")),
        u"invalid_value"_s, u"answers"_s);
    row("answers: lone surrogate", submission(R"({"q1":"\ud800"})"_ba), u"invalid_value"_s, u"answers"_s);
    row("answers: body 17 levels deep", submission(deepAnswers(17)), u"too_deep"_s);
    // Bug: answer keys are only length-checked, never checked for control characters.
    row("answers: control character in a key (bug)", submission(R"({"q\u0001":1})"_ba), u"invalid_value"_s,
        u"answers"_s);
    row("answers: control character in a nested key (bug)", submission(R"({"q1":{"a\u0000":1}})"_ba),
        u"invalid_value"_s, u"answers"_s);

    // subjectId: required, and equal to the subject in the path
    row("subjectId: missing", R"({"answers":{"q1":3}})"_ba, u"missing_field"_s, u"subjectId"_s);
    row("subjectId: null", R"({"subjectId":null,"answers":{"q1":3}})"_ba, u"missing_field"_s, u"subjectId"_s);
    row("subjectId: empty", R"({"subjectId":"","answers":{"q1":3}})"_ba, u"invalid_value"_s, u"subjectId"_s);
    row("subjectId: number", R"({"subjectId":1,"answers":{"q1":3}})"_ba, u"invalid_type"_s, u"subjectId"_s);
    row("subjectId: 65 characters",
        QByteArray("{\"subjectId\":\"" + QByteArray(65, 'S') + "\",\"answers\":{\"q1\":3}}"), u"too_long"_s,
        u"subjectId"_s);
    row("subjectId: another subject", R"({"subjectId":"S-002","answers":{"q1":3}})"_ba, u"subject_id_mismatch"_s,
        u"subjectId"_s);
    row("subjectId: differs in case", R"({"subjectId":"s-001","answers":{"q1":3}})"_ba, u"subject_id_mismatch"_s,
        u"subjectId"_s);
    row("subjectId: trailing space", R"({"subjectId":"S-001 ","answers":{"q1":3}})"_ba, u"subject_id_mismatch"_s,
        u"subjectId"_s);

    // questionnaire: optional code of 1-64 letters, digits and ._-
    row("questionnaire: dotted", submission(R"({"q1":3})"_ba, R"("questionnaire":"phq.9_v2-1")"_ba));
    row("questionnaire: 64 characters",
        submission(R"({"q1":3})"_ba, QByteArray("\"questionnaire\":\"" + QByteArray(64, 'Q') + '"')));
    row("questionnaire: 65 characters",
        submission(R"({"q1":3})"_ba, QByteArray("\"questionnaire\":\"" + QByteArray(65, 'Q') + '"')), u"too_long"_s,
        u"questionnaire"_s);
    row("questionnaire: space", submission(R"({"q1":3})"_ba, R"("questionnaire":"PHQ 9")"_ba), u"invalid_value"_s,
        u"questionnaire"_s);
    row("questionnaire: empty", submission(R"({"q1":3})"_ba, R"("questionnaire":"")"_ba), u"invalid_value"_s,
        u"questionnaire"_s);
    row("questionnaire: number", submission(R"({"q1":3})"_ba, R"("questionnaire":9)"_ba), u"invalid_type"_s,
        u"questionnaire"_s);

    // submitAt: at most 5 minutes ahead of now
    row("submitAt: past", submission(R"({"q1":3})"_ba, R"("submitAt":"2024-01-01T00:00:00Z")"_ba));
    row("submitAt: now + 4 min", submission(R"({"q1":3})"_ba, submitAt(4 * 60)));
    row("submitAt: now + 5 min", submission(R"({"q1":3})"_ba, submitAt(5 * 60)));
    row("submitAt: now + 5 min 1 s", submission(R"({"q1":3})"_ba, submitAt(5 * 60 + 1)), u"implausible_value"_s,
        u"submitAt"_s);
    row("submitAt: now + 10 min", submission(R"({"q1":3})"_ba, submitAt(10 * 60)), u"implausible_value"_s,
        u"submitAt"_s);
    row("submitAt: now + 10 min as -05:00",
        submission(R"({"q1":3})"_ba, R"("submitAt":"2025-06-15T07:10:00-05:00")"_ba), u"implausible_value"_s,
        u"submitAt"_s);
    row("submitAt: no zone", submission(R"({"q1":3})"_ba, R"("submitAt":"2025-06-15T08:00:00")"_ba), u"invalid_type"_s,
        u"submitAt"_s);
    row("submitAt: words", submission(R"({"q1":3})"_ba, R"("submitAt":"yesterday")"_ba), u"invalid_type"_s,
        u"submitAt"_s);
    row("submitAt: number", submission(R"({"q1":3})"_ba, R"("submitAt":1718438400)"_ba), u"invalid_type"_s,
        u"submitAt"_s);

    // unknown fields
    row("unknown: projectCode", submission(R"({"q1":3})"_ba, R"("projectCode":"ABC-01")"_ba), u"unknown_field"_s,
        u"projectCode"_s);
    row("unknown: receivedAt", submission(R"({"q1":3})"_ba, R"("receivedAt":"2025-06-15T08:00:00Z")"_ba),
        u"unknown_field"_s, u"receivedAt"_s);
    row("unknown: singular answer", R"({"subjectId":"S-001","answer":{"q1":3}})"_ba, u"unknown_field"_s, u"answer"_s);

    // not JSON objects
    row("json: malformed", R"({"subjectId":"S-001","answers":{"q1":3})"_ba, u"invalid_json"_s);
    row("json: array", R"([{"subjectId":"S-001","answers":{"q1":3}}])"_ba, u"invalid_json"_s);
    row("json: invalid utf-8", submission("{\"q1\":\"\xc3\x28\"}"_ba), u"invalid_json"_s);
    row("json: huge number", submission(R"({"q1":1e400})"_ba), u"invalid_json"_s);
}

void TestQuestionnaireSubmission::submitRequest()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, code);
    QFETCH(QString, field);

    td::ApiError error;
    std::optional<td::QuestionnaireSubmission> submission;
    if (const auto json = tdtest::parse(body, &error))
        submission = td::QuestionnaireSubmission::fromSubmitRequest(*json, kPathSubject, tdtest::fixedNow(), &error);
    TD_VERIFY_OUTCOME(submission.has_value(), error, code, field);
}

void TestQuestionnaireSubmission::submitRequestStoresValues()
{
    td::ApiError error;
    const auto json =
        tdtest::parse(submission(R"({"q1":3,"q2":"line 1\nline 2","q3":[1,2]})"_ba,
                                 R"("questionnaire":"PHQ-9","submitAt":"2025-06-15T16:30:00.5+08:00")"_ba),
                      &error);
    QVERIFY(json);
    const auto s = td::QuestionnaireSubmission::fromSubmitRequest(*json, kPathSubject, tdtest::fixedNow(), &error);
    QVERIFY2(s, qPrintable(error.message));
    QCOMPARE(s->subjectId, kPathSubject);
    QCOMPARE(s->questionnaire, u"PHQ-9"_s);
    QCOMPARE(s->answers, json->value(u"answers"_s).toObject());
    QCOMPARE(s->answers.value(u"q2"_s).toString(), u"line 1\nline 2"_s);
    QCOMPARE(s->submitAt, QDateTime(QDate(2025, 6, 15), QTime(8, 30, 0, 500), QTimeZone::utc()));
    QCOMPARE(s->receivedAt, tdtest::fixedNow());
    QCOMPARE(s->id, qint64(0));
}

void TestQuestionnaireSubmission::submitRequestDefaults()
{
    td::ApiError error;
    const auto json = tdtest::parse(submission(R"({"q1":3})"_ba), &error);
    QVERIFY(json);
    const auto s = td::QuestionnaireSubmission::fromSubmitRequest(*json, kPathSubject, tdtest::fixedNow(), &error);
    QVERIFY2(s, qPrintable(error.message));
    QVERIFY(s->questionnaire.isEmpty());
    QCOMPARE(s->submitAt, tdtest::fixedNow());
    QCOMPARE(s->receivedAt, tdtest::fixedNow());
}

// A body that is both invalid and about another subject reports the validation
// problem: the mismatch is only decided for an otherwise valid body.
void TestQuestionnaireSubmission::subjectIdMismatchComesLast()
{
    td::ApiError error;
    const auto json = tdtest::parse(R"({"subjectId":"S-002","answers":{}})"_ba, &error);
    QVERIFY(json);
    QVERIFY(!td::QuestionnaireSubmission::fromSubmitRequest(*json, kPathSubject, tdtest::fixedNow(), &error));
    QCOMPARE(error.code, u"invalid_value"_s);
    QCOMPARE(error.fields.keys(), QStringList{u"answers"_s});
}

void TestQuestionnaireSubmission::jsonRoundTrip()
{
    td::QuestionnaireSubmission s;
    s.id = 9007199254740000; // beyond 32 bits
    s.subjectId = u"S-001"_s;
    s.projectCode = u"ABC-01"_s;
    s.questionnaire = u"PHQ-9"_s;
    s.answers = QJsonDocument::fromJson(R"({"q1":3,"q2":"x","q3":[true,null]})"_ba).object();
    s.submitAt = QDateTime(QDate(2025, 6, 15), QTime(8, 0, 0, 123), QTimeZone::utc());
    s.receivedAt = QDateTime(QDate(2025, 6, 15), QTime(8, 0, 1), QTimeZone::utc());

    const QJsonObject json = s.toJson();
    QCOMPARE(json.value(u"submitAt"_s).toString(), u"2025-06-15T08:00:00.123Z"_s);
    QCOMPARE(json.value(u"receivedAt"_s).toString(), u"2025-06-15T08:00:01.000Z"_s);

    const auto back =
        td::QuestionnaireSubmission::fromJson(QJsonDocument::fromJson(QJsonDocument(json).toJson()).object());
    QCOMPARE(back.id, s.id);
    QCOMPARE(back.subjectId, s.subjectId);
    QCOMPARE(back.projectCode, s.projectCode);
    QCOMPARE(back.questionnaire, s.questionnaire);
    QCOMPARE(back.answers, s.answers);
    QCOMPARE(back.submitAt, s.submitAt);
    QCOMPARE(back.receivedAt, s.receivedAt);

    td::QuestionnaireSubmission anonymous = s;
    anonymous.questionnaire.clear();
    QVERIFY(anonymous.toJson().value(u"questionnaire"_s).isNull());
    QVERIFY(td::QuestionnaireSubmission::fromJson(anonymous.toJson()).questionnaire.isEmpty());

    // Without a schedule both entry fields are null, and read back as none.
    QVERIFY(json.value(u"entryDay"_s).isNull());
    QVERIFY(json.value(u"entryState"_s).isNull());
    QVERIFY(!back.entryDay);
    QVERIFY(back.entryState.isEmpty());
    td::QuestionnaireSubmission duplicate = s;
    duplicate.entryDay = 7;
    duplicate.entryState = u"duplicate"_s;
    const auto matched = td::QuestionnaireSubmission::fromJson(duplicate.toJson());
    QCOMPARE(matched.entryDay, std::optional<int>(7));
    QCOMPARE(matched.entryState, u"duplicate"_s);
}

void TestQuestionnaireSubmission::jsonTextIsWhatQtWrites_data()
{
    QTest::addColumn<td::QuestionnaireSubmission>("submission");

    QTest::newRow("as stored, pending") << sample();
    td::QuestionnaireSubmission anonymous = sample();
    anonymous.questionnaire.clear();
    QTest::newRow("no questionnaire") << anonymous;
    td::QuestionnaireSubmission validated = sample();
    validated.definitionVersion = 12;
    QTest::newRow("validated against a definition") << validated;
    td::QuestionnaireSubmission late = sample();
    late.entryDay = 4;
    late.entryState = u"late"_s;
    QTest::newRow("matched to a scheduled entry") << late;
    td::QuestionnaireSubmission unscheduled = sample();
    unscheduled.entryState = u"unscheduled"_s;
    QTest::newRow("unscheduled: a state without a day") << unscheduled;
    td::QuestionnaireSubmission signedOff = sample();
    signedOff.review = {u"reviewed"_s,
                        u"checked \"q2\"\nagainst source"_s,
                        u"closed"_s,
                        u"crc1"_s,
                        signedOff.receivedAt.addDays(1),
                        u"\u5f20\u533b\u751f"_s,
                        signedOff.receivedAt.addDays(2),
                        u"approval"_s};
    QTest::newRow("reviewed, queried and signed") << signedOff;
    td::QuestionnaireSubmission odd = sample();
    odd.id = 1;
    odd.subjectId = u"S\\1/\t"_s;
    odd.answers = QJsonObject{{u"\u0001"_s, QString(QChar(0xd800))}, {u"emoji"_s, u"\U0001F600"_s}};
    QTest::newRow("escapes and a lone surrogate") << odd;
}

// Pages of submissions are encoded by toJsonText(); it must give the same bytes as
// the QJsonObject form, so that a list and a single GET agree exactly.
void TestQuestionnaireSubmission::jsonTextIsWhatQtWrites()
{
    QFETCH(td::QuestionnaireSubmission, submission);
    const QByteArray qt = QJsonDocument(submission.toJson()).toJson(QJsonDocument::Compact);
    QCOMPARE(submission.toJsonText(), qt);
    // With the answers encoded beforehand (as intake does, off the database writer).
    QCOMPARE(submission.toJsonText(td::JsonText::compact(submission.answers)), qt);
}

void TestQuestionnaireSubmission::pageTextIsWhatQtWrites()
{
    td::Page<td::QuestionnaireSubmission> page;
    const auto same = [&page] {
        return page.toJsonText() == QJsonDocument(page.toJson()).toJson(QJsonDocument::Compact);
    };
    QVERIFY(same()); // empty, last page
    page.items << sample();
    QVERIFY(same());
    page.items << sample() << sample();
    page.items[1].id = 2;
    page.nextCursor = u"eyJhIjoiYiJ9"_s;
    QVERIFY(same());
}

QTEST_GUILESS_MAIN(TestQuestionnaireSubmission)
#include "tst_questionnairesubmission.moc"

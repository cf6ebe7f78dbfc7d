#include "Subject.h"
#include "TestSupport.h"
#include "Timestamps.h"

#include <QJsonDocument>
#include <QTest>

using namespace Qt::StringLiterals;
using tdtest::row;

namespace {

QByteArray field(const char *key, const QByteArray &value)
{
    return QByteArray("{\"" + QByteArray(key) + "\":" + value + '}');
}

QByteArray quoted(const QByteArray &text)
{
    return QByteArray('"' + text + '"');
}

QByteArray timestampAt(qint64 secondsFromNow)
{
    return quoted(td::formatTimestamp(tdtest::fixedNow().addSecs(secondsFromNow)).toLatin1());
}

} // namespace

class TestSubject : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void isValidSubjectId_data();
    void isValidSubjectId();
    void sexes();
    void maskPhone_data();
    void maskPhone();
    void enrolRequest_data();
    void enrolRequest();
    void enrolRequestNamesEveryField();
    void enrolRequestStoresValues();
    void enrolRequestDefaults();
    void enrolRequestRoundTrip_data();
    void enrolRequestRoundTrip();
    void profileJson();
    void jsonRoundTrip();
    void fromJsonAcceptsTrialCode();
};

void TestSubject::isValidSubjectId_data()
{
    QTest::addColumn<QString>("id");
    QTest::addColumn<bool>("valid");

    QTest::newRow("letters digits dash") << u"S-001"_s << true;
    QTest::newRow("underscore lowercase") << u"s_01"_s << true;
    QTest::newRow("one character") << u"7"_s << true;
    QTest::newRow("64 characters") << QString(64, u'a') << true;
    QTest::newRow("65 characters") << QString(65, u'a') << false;
    QTest::newRow("empty") << QString() << false;
    QTest::newRow("dot") << u"S.001"_s << false;
    QTest::newRow("space") << u"S 001"_s << false;
    QTest::newRow("slash") << u"S/001"_s << false;
    QTest::newRow("percent") << u"S%20"_s << false;
    QTest::newRow("non-ascii") << u"\u00e9"_s << false;
    // Bug: QRegularExpression's `$` also matches before a final newline.
    QTest::newRow("trailing newline (bug)") << u"S1\n"_s << false;
}

void TestSubject::isValidSubjectId()
{
    QFETCH(QString, id);
    QFETCH(bool, valid);
    QCOMPARE(td::Subject::isValidSubjectId(id), valid);
}

void TestSubject::sexes()
{
    QCOMPARE(td::Subject::sexes(), (QStringList{u"female"_s, u"male"_s, u"other"_s, u"unknown"_s}));
}

void TestSubject::maskPhone_data()
{
    QTest::addColumn<QString>("phone");
    QTest::addColumn<QString>("masked");

    QTest::newRow("11-digit mobile") << u"18812348888"_s << u"188****8888"_s;
    QTest::newRow("international") << u"+8618812348888"_s << u"+86*******8888"_s;
    QTest::newRow("8 characters") << u"12345678"_s << u"******78"_s;
    QTest::newRow("10 characters") << u"1234567890"_s << u"********90"_s;
    QTest::newRow("7 characters") << u"1234567"_s << u"*****67"_s;
    QTest::newRow("5 characters") << u"12345"_s << u"***45"_s;
    QTest::newRow("3 characters") << u"123"_s << u"*23"_s;
    QTest::newRow("2 characters") << u"12"_s << u"**"_s;
    QTest::newRow("1 character") << u"1"_s << u"*"_s;
    QTest::newRow("empty") << QString() << QString();
}

void TestSubject::maskPhone()
{
    QFETCH(QString, phone);
    QFETCH(QString, masked);

    const QString result = td::Subject::maskPhone(phone);
    QCOMPARE(result, masked);
    QCOMPARE(result.size(), phone.size());
    if (!phone.isEmpty())
        QVERIFY(result.contains(u'*'));
}

void TestSubject::enrolRequest_data()
{
    tdtest::addColumns();

    row("empty body", "{}"_ba);
    row("every field", R"({"subjectId":"S-001","name":"Wang Fang","phone":"18812348888","site":"Beijing",)"
                       R"("sex":"female","birthYear":1980,"enrolledAt":"2025-06-01T09:30:00+08:00"})"_ba);
    row("every field null", R"({"subjectId":null,"name":null,"phone":null,"site":null,)"
                            R"("sex":null,"birthYear":null,"enrolledAt":null})"_ba);

    // subjectId: 1-64 of letters, digits, _ and -
    row("subjectId: dash and underscore", field("subjectId", R"("s_0-1")"_ba));
    row("subjectId: 64 characters", field("subjectId", quoted(QByteArray(64, 'a'))));
    row("subjectId: 65 characters", field("subjectId", quoted(QByteArray(65, 'a'))), u"too_long"_s, u"subjectId"_s);
    row("subjectId: space", field("subjectId", R"("S 001")"_ba), u"invalid_value"_s, u"subjectId"_s);
    row("subjectId: dot", field("subjectId", R"("S.001")"_ba), u"invalid_value"_s, u"subjectId"_s);
    row("subjectId: slash", field("subjectId", R"("S/001")"_ba), u"invalid_value"_s, u"subjectId"_s);
    row("subjectId: empty", field("subjectId", R"("")"_ba), u"invalid_value"_s, u"subjectId"_s);
    row("subjectId: newline", field("subjectId", R"("S1\n")"_ba), u"invalid_value"_s, u"subjectId"_s);
    row("subjectId: number", field("subjectId", "7"_ba), u"invalid_type"_s, u"subjectId"_s);

    // name
    row("name: 100 characters", field("name", quoted(QByteArray(100, 'n'))));
    row("name: cjk", field("name", "\"\xe7\x8e\x8b\xe8\x8a\xb3\""_ba));
    row("name: 101 characters", field("name", quoted(QByteArray(101, 'n'))), u"too_long"_s, u"name"_s);
    row("name: bell", field("name", R"("Wang\u0007")"_ba), u"invalid_value"_s, u"name"_s);
    row("name: newline", field("name", R"("Wang\nFang")"_ba), u"invalid_value"_s, u"name"_s);
    row("name: number", field("name", "5"_ba), u"invalid_type"_s, u"name"_s);

    // phone: optional +, a digit, then 4-30 digits, spaces or dashes
    row("phone: mobile", field("phone", R"("18812348888")"_ba));
    row("phone: formatted international", field("phone", R"("+86 188-1234-8888")"_ba));
    row("phone: 5 digits", field("phone", R"("12345")"_ba));
    row("phone: 20 digits", field("phone", quoted("+" + QByteArray(20, '1'))));
    row("phone: 21 digits", field("phone", quoted("+" + QByteArray(21, '1'))), u"invalid_value"_s, u"phone"_s);
    row("phone: one digit and dashes", field("phone", R"("1----")"_ba), u"invalid_value"_s, u"phone"_s);
    row("phone: 4 digits", field("phone", R"("1234")"_ba), u"invalid_value"_s, u"phone"_s);
    row("phone: letters", field("phone", R"("call me")"_ba), u"invalid_value"_s, u"phone"_s);
    row("phone: starts with dash", field("phone", R"("-12345")"_ba), u"invalid_value"_s, u"phone"_s);
    row("phone: plus then dash", field("phone", R"("+-12345")"_ba), u"invalid_value"_s, u"phone"_s);
    row("phone: parentheses", field("phone", R"("(010) 1234 5678")"_ba), u"invalid_value"_s, u"phone"_s);
    row("phone: 33 characters", field("phone", quoted(QByteArray(33, '1'))), u"too_long"_s, u"phone"_s);
    row("phone: number", field("phone", "18812348888"_ba), u"invalid_type"_s, u"phone"_s);

    // site
    row("site: 100 characters", field("site", quoted(QByteArray(100, 's'))));
    row("site: 101 characters", field("site", quoted(QByteArray(101, 's'))), u"too_long"_s, u"site"_s);

    // sex
    for (const char *sex : {"female", "male", "other", "unknown"})
        QTest::addRow("sex: %s", sex) << field("sex", quoted(sex)) << QString() << QString();
    row("sex: abbreviation", field("sex", R"("F")"_ba), u"invalid_value"_s, u"sex"_s);
    row("sex: capitalised", field("sex", R"("Female")"_ba), u"invalid_value"_s, u"sex"_s);
    row("sex: empty", field("sex", R"("")"_ba), u"invalid_value"_s, u"sex"_s);
    row("sex: number", field("sex", "1"_ba), u"invalid_value"_s, u"sex"_s);

    // birthYear: an integer from 1900 to the current year
    row("birthYear: 1900", field("birthYear", "1900"_ba));
    row("birthYear: current year", field("birthYear", "2025"_ba));
    row("birthYear: 1899", field("birthYear", "1899"_ba), u"invalid_value"_s, u"birthYear"_s);
    row("birthYear: next year", field("birthYear", "2026"_ba), u"invalid_value"_s, u"birthYear"_s);
    row("birthYear: negative", field("birthYear", "-1980"_ba), u"invalid_value"_s, u"birthYear"_s);
    row("birthYear: fraction", field("birthYear", "1980.5"_ba), u"invalid_type"_s, u"birthYear"_s);
    row("birthYear: string", field("birthYear", R"("1980")"_ba), u"invalid_type"_s, u"birthYear"_s);

    // enrolledAt: a timestamp at most 5 minutes ahead of now
    row("enrolledAt: past", field("enrolledAt", R"("2020-01-01T00:00:00Z")"_ba));
    row("enrolledAt: now", field("enrolledAt", timestampAt(0)));
    row("enrolledAt: now + 4 min", field("enrolledAt", timestampAt(4 * 60)));
    row("enrolledAt: now + 5 min", field("enrolledAt", timestampAt(5 * 60)));
    row("enrolledAt: now + 5 min 1 s", field("enrolledAt", timestampAt(5 * 60 + 1)), u"implausible_value"_s,
        u"enrolledAt"_s);
    row("enrolledAt: now + 10 min", field("enrolledAt", timestampAt(10 * 60)), u"implausible_value"_s, u"enrolledAt"_s);
    row("enrolledAt: now + 10 min as +08:00", field("enrolledAt", R"("2025-06-15T20:10:00+08:00")"_ba),
        u"implausible_value"_s, u"enrolledAt"_s);
    row("enrolledAt: no zone", field("enrolledAt", R"("2025-06-01T09:30:00")"_ba), u"invalid_type"_s, u"enrolledAt"_s);
    row("enrolledAt: date only", field("enrolledAt", R"("2025-06-01")"_ba), u"invalid_type"_s, u"enrolledAt"_s);
    row("enrolledAt: number", field("enrolledAt", "1748741400"_ba), u"invalid_type"_s, u"enrolledAt"_s);

    // unknown fields
    row("unknown: projectCode", field("projectCode", R"("ABC-01")"_ba), u"unknown_field"_s, u"projectCode"_s);
    row("unknown: lastSubmissionAt", field("lastSubmissionAt", R"("2025-01-01T00:00:00Z")"_ba), u"unknown_field"_s,
        u"lastSubmissionAt"_s);
    row("unknown: email", field("email", R"("a@b.c")"_ba), u"unknown_field"_s, u"email"_s);
    row("unknown: wrong case", field("subjectID", R"("S-001")"_ba), u"unknown_field"_s, u"subjectID"_s);

    // not JSON objects
    // timeZone: an IANA id QTimeZone knows, at most 64 characters; anchorDate: a plausible ISO date
    row("timeZone: IANA id", field("timeZone", R"("America/New_York")"_ba));
    row("timeZone: unknown", field("timeZone", R"("Asia/Beijing")"_ba), u"invalid_value"_s, u"timeZone"_s);
    row("timeZone: 65 characters", field("timeZone", quoted(QByteArray(65, 'z'))), u"too_long"_s, u"timeZone"_s);
    row("timeZone: number", field("timeZone", "8"_ba), u"invalid_type"_s, u"timeZone"_s);
    row("anchorDate: valid", field("anchorDate", R"("2026-05-04")"_ba));
    row("anchorDate: 1900-01-01", field("anchorDate", R"("1900-01-01")"_ba));
    row("anchorDate: 1899-12-31", field("anchorDate", R"("1899-12-31")"_ba), u"implausible_value"_s, u"anchorDate"_s);
    row("anchorDate: impossible", field("anchorDate", R"("2026-02-29")"_ba), u"invalid_type"_s, u"anchorDate"_s);
    row("anchorDate: timestamp", field("anchorDate", R"("2026-05-04T00:00:00Z")"_ba), u"invalid_type"_s,
        u"anchorDate"_s);
    row("json: malformed", R"({"name":)"_ba, u"invalid_json"_s);
    row("json: invalid utf-8", "{\"name\":\"\xff\"}"_ba, u"invalid_json"_s);
}

void TestSubject::enrolRequest()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, code);
    QFETCH(QString, field);

    td::ApiError error;
    std::optional<td::Subject> subject;
    if (const auto json = tdtest::parse(body, &error))
        subject = td::Subject::fromEnrolRequest(*json, tdtest::fixedNow(), &error);
    TD_VERIFY_OUTCOME(subject.has_value(), error, code, field);
}

void TestSubject::enrolRequestNamesEveryField()
{
    td::ApiError error;
    const auto json = tdtest::parse(R"({"subjectId":"S 1","phone":"1","sex":"x",)"
                                    R"("birthYear":1800,"enrolledAt":"2030-01-01T00:00:00Z"})"_ba,
                                    &error);
    QVERIFY(json);
    QVERIFY(!td::Subject::fromEnrolRequest(*json, tdtest::fixedNow(), &error));
    QCOMPARE(error.code, u"invalid_value"_s);
    QCOMPARE(error.fields.keys(), (QStringList{u"birthYear"_s, u"enrolledAt"_s, u"phone"_s, u"sex"_s, u"subjectId"_s}));
}

void TestSubject::enrolRequestStoresValues()
{
    td::ApiError error;
    const auto json =
        tdtest::parse(R"({"subjectId":"S-001","name":"  Wang Fang  ","phone":"+86 188-1234-8888","site":"Beijing",)"
                      R"("sex":"female","birthYear":1980,"enrolledAt":"2025-06-01T09:30:00+08:00"})"_ba,
                      &error);
    QVERIFY(json);
    const auto s = td::Subject::fromEnrolRequest(*json, tdtest::fixedNow(), &error);
    QVERIFY2(s, qPrintable(error.message));
    QCOMPARE(s->subjectId, u"S-001"_s);
    QCOMPARE(s->name, u"Wang Fang"_s);       // trimmed
    QCOMPARE(s->phone, u"+8618812348888"_s); // spaces and dashes removed
    QCOMPARE(s->site, u"Beijing"_s);
    QCOMPARE(s->sex, u"female"_s);
    QCOMPARE(s->birthYear, std::optional<int>(1980));
    QCOMPARE(s->enrolledAt, QDateTime(QDate(2025, 6, 1), QTime(1, 30), QTimeZone::utc()));
    QCOMPARE(s->enrolledAt.offsetFromUtc(), 0);
    QVERIFY(!s->lastSubmissionAt);
}

void TestSubject::enrolRequestDefaults()
{
    td::ApiError error;
    const auto s = td::Subject::fromEnrolRequest({}, tdtest::fixedNow(), &error);
    QVERIFY2(s, qPrintable(error.message));
    QVERIFY(s->subjectId.isEmpty()); // the server generates one
    QVERIFY(s->name.isEmpty());
    QVERIFY(s->phone.isEmpty());
    QVERIFY(s->sex.isEmpty());
    QVERIFY(!s->birthYear);
    QCOMPARE(s->enrolledAt, tdtest::fixedNow());
}

void TestSubject::profileJson()
{
    td::Subject s;
    s.subjectId = u"S-001"_s;
    s.projectCode = u"ABC-01"_s;
    s.name = u"Wang Fang"_s;
    s.phone = u"18812348888"_s;
    s.site = u"Beijing"_s;
    s.birthYear = 1980;
    s.enrolledAt = tdtest::fixedNow();

    const QJsonObject profile = s.toProfileJson();
    QCOMPARE(profile.keys(), (QStringList{u"name"_s, u"phone"_s, u"subjectId"_s, u"trialCode"_s}));
    QCOMPARE(profile.value(u"subjectId"_s).toString(), u"S-001"_s);
    QCOMPARE(profile.value(u"name"_s).toString(), u"Wang Fang"_s);
    QCOMPARE(profile.value(u"phone"_s).toString(), u"188****8888"_s);
    QCOMPARE(profile.value(u"trialCode"_s).toString(), u"ABC-01"_s);
    QVERIFY(!QJsonDocument(profile).toJson().contains("12348888"));

    // The full record, for study staff, keeps the phone number.
    QCOMPARE(s.toJson().value(u"phone"_s).toString(), u"18812348888"_s);
}

void TestSubject::jsonRoundTrip()
{
    td::Subject s;
    s.subjectId = u"S-001"_s;
    s.projectCode = u"ABC-01"_s;
    s.name = u"\u738b\u82b3"_s;
    s.phone = u"+8618812348888"_s;
    s.site = u"Beijing"_s;
    s.sex = u"female"_s;
    s.birthYear = 1980;
    s.enrolledAt = QDateTime(QDate(2025, 6, 1), QTime(1, 30, 0, 5), QTimeZone::utc());
    s.lastSubmissionAt = QDateTime(QDate(2025, 6, 10), QTime(7, 0), QTimeZone::utc());
    s.timeZone = u"America/New_York"_s;
    s.effectiveTimeZone = u"America/New_York"_s;
    s.anchorDate = QDate(2025, 6, 3);

    const QJsonObject json = s.toJson();
    QCOMPARE(json.value(u"anchorDate"_s).toString(), u"2025-06-03"_s);
    QCOMPARE(json.value(u"enrolledAt"_s).toString(), u"2025-06-01T01:30:00.005Z"_s);
    QCOMPARE(json.value(u"lastSubmissionAt"_s).toString(), u"2025-06-10T07:00:00.000Z"_s);

    const td::Subject back = td::Subject::fromJson(QJsonDocument::fromJson(QJsonDocument(json).toJson()).object());
    QCOMPARE(back.subjectId, s.subjectId);
    QCOMPARE(back.projectCode, s.projectCode);
    QCOMPARE(back.name, s.name);
    QCOMPARE(back.phone, s.phone);
    QCOMPARE(back.site, s.site);
    QCOMPARE(back.sex, s.sex);
    QCOMPARE(back.birthYear, s.birthYear);
    QCOMPARE(back.enrolledAt, s.enrolledAt);
    QCOMPARE(back.lastSubmissionAt, s.lastSubmissionAt);
    QCOMPARE(back.timeZone, s.timeZone);
    QCOMPARE(back.effectiveTimeZone, s.effectiveTimeZone);
    QCOMPARE(back.anchorDate, s.anchorDate);

    // Empty optional fields travel as null and come back empty.
    td::Subject bare;
    bare.subjectId = u"S-002"_s;
    bare.enrolledAt = tdtest::fixedNow();
    const QJsonObject bareJson = bare.toJson();
    for (const char *key : {"name", "phone", "site", "sex", "birthYear", "lastSubmissionAt", "timeZone", "anchorDate"})
        QVERIFY2(bareJson.value(QLatin1StringView(key)).isNull(), key);
    const td::Subject bareBack = td::Subject::fromJson(bareJson);
    QVERIFY(!bareBack.birthYear);
    QVERIFY(!bareBack.lastSubmissionAt);
    QVERIFY(!bareBack.timeZone);
    QVERIFY(!bareBack.anchorDate);
    QVERIFY(bareBack.name.isEmpty());
    QCOMPARE(bareBack.enrolledAt, bare.enrolledAt);
}

void TestSubject::fromJsonAcceptsTrialCode()
{
    const td::Subject fromProfile = td::Subject::fromJson(
        QJsonDocument::fromJson(R"({"subjectId":"S-001","trialCode":"ABC-01","phone":"188****8888"})"_ba).object());
    QCOMPARE(fromProfile.projectCode, u"ABC-01"_s);
    QCOMPARE(fromProfile.phone, u"188****8888"_s);

    const td::Subject both =
        td::Subject::fromJson(QJsonDocument::fromJson(R"({"projectCode":"P","trialCode":"T"})"_ba).object());
    QCOMPARE(both.projectCode, u"P"_s);
}

void TestSubject::enrolRequestRoundTrip_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::newRow("nothing (the server picks the id)") << "{}"_ba;
    QTest::newRow("name only") << R"({"name":"Wang Fang"})"_ba;
    QTest::newRow("every field")
        << R"({"subjectId":"S-001","name":"Wang Fang","phone":"+8618812348888","site":"Beijing",)"
           R"("sex":"female","birthYear":1980,"enrolledAt":"2025-06-01T01:30:00.000Z",)"
           R"("timeZone":"Europe/Berlin","anchorDate":"2025-06-03"})"_ba;
}

// What the desktop sends is what the server reads back, field for field.
void TestSubject::enrolRequestRoundTrip()
{
    QFETCH(QByteArray, body);
    td::ApiError error;
    const auto json = tdtest::parse(body, &error);
    QVERIFY(json);
    const auto subject = td::Subject::fromEnrolRequest(*json, tdtest::fixedNow(), &error);
    QVERIFY2(subject, qPrintable(error.message));
    QJsonObject expected = *json;
    if (!expected.contains(u"enrolledAt"_s)) // the server's "now" goes with it on the way back
        expected.insert(u"enrolledAt"_s, td::formatTimestamp(tdtest::fixedNow()));
    QCOMPARE(subject->toEnrolRequest(), expected);
    const auto again = td::Subject::fromEnrolRequest(subject->toEnrolRequest(), tdtest::fixedNow(), &error);
    QVERIFY2(again, qPrintable(error.message));
    QCOMPARE(again->toJson(), subject->toJson());
}

QTEST_GUILESS_MAIN(TestSubject)
#include "tst_subject.moc"

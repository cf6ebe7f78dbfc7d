#include "QuestionnaireSchedule.h"
#include "TestSupport.h"

#include <QJsonDocument>
#include <QTest>

using namespace Qt::StringLiterals;
using Rule = td::QuestionnaireSchedule::Rule;
using Anchor = td::QuestionnaireSchedule::Anchor;

namespace {

// A valid daily schedule with `fields` (a JSON object's members) merged over it.
QByteArray daily(const QByteArray &fields = {})
{
    QJsonObject base =
        QJsonDocument::fromJson(R"({"questionnaire":"daily-symptoms","rule":"daily","at":"08:00","windowMinutes":120})")
            .object();
    const QJsonObject extra = QJsonDocument::fromJson('{' + fields + '}').object();
    for (auto it = extra.begin(); it != extra.end(); ++it)
        base.insert(it.key(), it.value());
    return QJsonDocument(base).toJson(QJsonDocument::Compact);
}

QByteArray withRule(const char *rule, const QByteArray &fields)
{
    return daily("\"rule\":\"" + QByteArray(rule) + "\"," + fields);
}

std::optional<td::QuestionnaireSchedule> decode(const QJsonObject &json, td::ApiError *error)
{
    return td::QuestionnaireSchedule::fromJson(json, error);
}

} // namespace

class TestQuestionnaireSchedule : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void fromJson_data();
    void fromJson();
    void reportsEveryProblemAtOnce();
    void decodedValues();
    void roundTrip_data();
    void roundTrip();
    void names();
    void days_data();
    void days();
};

void TestQuestionnaireSchedule::fromJson_data()
{
    tdtest::addColumns();
    using tdtest::row;
    const QString bad = u"invalid_schedule"_s;

    // questionnaire key
    row("daily: minimal", daily());
    row("key: dots, digits, underscores", daily(R"("questionnaire":"EQ-5D_5L.v2")"));
    row("key: 64 characters", daily("\"questionnaire\":\"" + QByteArray(64, 'a') + '"'));
    row("key: 65 characters", daily("\"questionnaire\":\"" + QByteArray(65, 'a') + '"'), bad, u"questionnaire"_s);
    row("key: missing", R"({"rule":"daily","at":"08:00","windowMinutes":120})", bad, u"questionnaire"_s);
    row("key: empty", daily(R"("questionnaire":"")"), bad, u"questionnaire"_s);
    row("key: space", daily(R"("questionnaire":"daily symptoms")"), bad, u"questionnaire"_s);
    row("key: slash", daily(R"("questionnaire":"a/b")"), bad, u"questionnaire"_s);
    row("key: Chinese", daily(R"("questionnaire":"症状")"), bad, u"questionnaire"_s);
    row("key: number", daily(R"("questionnaire":12)"), bad, u"questionnaire"_s);

    // rule
    row("rule: missing", R"({"questionnaire":"q","at":"08:00","windowMinutes":60})", bad, u"rule"_s);
    row("rule: unknown", daily(R"("rule":"monthly")"), bad, u"rule"_s);
    row("rule: wrong case", daily(R"("rule":"Daily")"), bad, u"rule"_s);

    // at
    row("at: midnight", daily(R"("at":"00:00")"));
    row("at: 23:59", daily(R"("at":"23:59")"));
    row("at: 24:00", daily(R"("at":"24:00")"), bad, u"at"_s);
    row("at: 08:60", daily(R"("at":"08:60")"), bad, u"at"_s);
    row("at: single-digit hour", daily(R"("at":"8:00")"), bad, u"at"_s);
    row("at: seconds", daily(R"("at":"08:00:00")"), bad, u"at"_s);
    row("at: missing", R"({"questionnaire":"q","rule":"daily","windowMinutes":60})", bad, u"at"_s);
    row("at: number", daily(R"("at":800)"), bad, u"at"_s);

    // windowMinutes
    row("window: 1 minute", daily(R"("windowMinutes":1)"));
    row("window: daily 1440", daily(R"("windowMinutes":1440)"));
    row("window: daily 1441", daily(R"("windowMinutes":1441)"), bad, u"windowMinutes"_s);
    row("window: weekly 10080", withRule("weekly", R"("weekdays":[1],"windowMinutes":10080)"));
    row("window: weekly 10081", withRule("weekly", R"("weekdays":[1],"windowMinutes":10081)"), bad, u"windowMinutes"_s);
    row("window: once 10080", withRule("once", R"("windowMinutes":10080)"));
    row("window: dayOffsets 10081", withRule("dayOffsets", R"("dayOffsets":[0],"windowMinutes":10081)"), bad,
        u"windowMinutes"_s);
    row("window: 0", daily(R"("windowMinutes":0)"), bad, u"windowMinutes"_s);
    row("window: negative", daily(R"("windowMinutes":-5)"), bad, u"windowMinutes"_s);
    row("window: fraction", daily(R"("windowMinutes":1.5)"), bad, u"windowMinutes"_s);
    row("window: string", daily(R"("windowMinutes":"120")"), bad, u"windowMinutes"_s);
    row("window: missing", R"({"questionnaire":"q","rule":"daily","at":"08:00"})", bad, u"windowMinutes"_s);

    // weekly + weekdays
    row("weekly: Monday", withRule("weekly", R"("weekdays":[1])"));
    row("weekly: every day", withRule("weekly", R"("weekdays":[1,2,3,4,5,6,7])"));
    row("weekly: missing weekdays", withRule("weekly", R"("at":"08:00")"), bad, u"weekdays"_s);
    row("weekly: empty weekdays", withRule("weekly", R"("weekdays":[])"), bad, u"weekdays"_s);
    row("weekly: day 0", withRule("weekly", R"("weekdays":[0])"), bad, u"weekdays"_s);
    row("weekly: day 8", withRule("weekly", R"("weekdays":[1,8])"), bad, u"weekdays"_s);
    row("weekly: repeated day", withRule("weekly", R"("weekdays":[1,1])"), bad, u"weekdays"_s);
    row("weekly: descending", withRule("weekly", R"("weekdays":[3,1])"), bad, u"weekdays"_s);
    row("weekly: string day", withRule("weekly", R"("weekdays":["mon"])"), bad, u"weekdays"_s);
    row("weekly: not an array", withRule("weekly", R"("weekdays":1)"), bad, u"weekdays"_s);
    row("daily: weekdays given", daily(R"("weekdays":[1])"), bad, u"weekdays"_s);

    // dayOffsets
    row("dayOffsets: 0/7/14/28", withRule("dayOffsets", R"("dayOffsets":[0,7,14,28])"));
    row("dayOffsets: 3650", withRule("dayOffsets", R"("dayOffsets":[3650])"));
    row("dayOffsets: 3651", withRule("dayOffsets", R"("dayOffsets":[3651])"), bad, u"dayOffsets"_s);
    row("dayOffsets: negative", withRule("dayOffsets", R"("dayOffsets":[-1,7])"), bad, u"dayOffsets"_s);
    row("dayOffsets: missing", withRule("dayOffsets", R"("at":"08:00")"), bad, u"dayOffsets"_s);
    row("dayOffsets: empty", withRule("dayOffsets", R"("dayOffsets":[])"), bad, u"dayOffsets"_s);
    row("dayOffsets: repeated", withRule("dayOffsets", R"("dayOffsets":[0,7,7])"), bad, u"dayOffsets"_s);
    row("dayOffsets: not ascending", withRule("dayOffsets", R"("dayOffsets":[7,0])"), bad, u"dayOffsets"_s);
    row("dayOffsets: fraction", withRule("dayOffsets", R"("dayOffsets":[0.5])"), bad, u"dayOffsets"_s);
    QByteArray many = "0";
    for (int i = 1; i < 366; ++i)
        many += ',' + QByteArray::number(i);
    row("dayOffsets: 366 entries", withRule("dayOffsets", "\"dayOffsets\":[" + many + ']'));
    row("dayOffsets: 367 entries", withRule("dayOffsets", "\"dayOffsets\":[" + many + ",366]"), bad, u"dayOffsets"_s);
    row("weekly: dayOffsets given", withRule("weekly", R"("weekdays":[1],"dayOffsets":[0])"), bad, u"dayOffsets"_s);

    // anchor, startDay, endDay
    row("anchor: enrolment", daily(R"("anchor":"enrolment")"));
    row("anchor: subjectDate", daily(R"("anchor":"subjectDate")"));
    row("anchor: unknown", daily(R"("anchor":"surgery")"), bad, u"anchor"_s);
    row("startDay: 3650", daily(R"("startDay":3650)"));
    row("startDay: negative", daily(R"("startDay":-1)"), bad, u"startDay"_s);
    row("startDay: 3651", daily(R"("startDay":3651)"), bad, u"startDay"_s);
    row("endDay: equal to startDay", daily(R"("startDay":5,"endDay":5)"));
    row("endDay: before startDay", daily(R"("startDay":5,"endDay":4)"), bad, u"endDay"_s);
    row("endDay: 3651", daily(R"("endDay":3651)"), bad, u"endDay"_s);
    row("endDay: null is absent", daily(R"("endDay":null)"));
    row("once: day 30", withRule("once", R"("startDay":30)"));
    row("once: endDay given", withRule("once", R"("startDay":30,"endDay":40)"), bad, u"endDay"_s);

    // reminders (issue #16)
    row("reminders: empty object", daily(R"("reminders":{})"));
    row("reminders: all set",
        daily(R"("reminders":{"enabled":false,"followUpAfterMinutes":0,"alertAfterMissed":100})"));
    row("reminders: follow-up 10080", daily(R"("reminders":{"followUpAfterMinutes":10080})"));
    row("reminders: follow-up 10081", daily(R"("reminders":{"followUpAfterMinutes":10081})"), bad,
        u"reminders.followUpAfterMinutes"_s);
    row("reminders: alert -1", daily(R"("reminders":{"alertAfterMissed":-1})"), bad, u"reminders.alertAfterMissed"_s);
    row("reminders: enabled 1", daily(R"("reminders":{"enabled":1})"), bad, u"reminders.enabled"_s);
    row("reminders: unknown member", daily(R"("reminders":{"channel":"sms"})"), bad, u"reminders.channel"_s);
    row("reminders: an array", daily(R"("reminders":[])"), bad, u"reminders"_s);

    // unknown fields
    row("unknown field", daily(R"("windowMinute":120)"), bad, u"windowMinute"_s);
    row("unknown field: timeZone", daily(R"("timeZone":"Asia/Shanghai")"), bad, u"timeZone"_s);
}

void TestQuestionnaireSchedule::fromJson()
{
    tdtest::verifyDecoding(decode);
}

void TestQuestionnaireSchedule::reportsEveryProblemAtOnce()
{
    td::ApiError error;
    const auto json = tdtest::parse(
        R"({"questionnaire":"a b","rule":"weekly","at":"25:00","weekdays":[9],"windowMinutes":0,"anchor":"x","startDay":-1,"extra":1})",
        &error);
    QVERIFY(json);
    QVERIFY(!td::QuestionnaireSchedule::fromJson(*json, &error));
    QCOMPARE(error.code, u"invalid_schedule"_s);
    const QStringList expected = {u"anchor"_s,   u"at"_s,       u"extra"_s,        u"questionnaire"_s,
                                  u"startDay"_s, u"weekdays"_s, u"windowMinutes"_s};
    QCOMPARE(error.fields.keys(), expected);
}

void TestQuestionnaireSchedule::decodedValues()
{
    td::ApiError error;
    const auto json = tdtest::parse(
        R"({"questionnaire":"weekly-qol","rule":"weekly","at":"19:45","weekdays":[1,4],"windowMinutes":4320,"anchor":"subjectDate","startDay":7,"endDay":90})",
        &error);
    const auto s = td::QuestionnaireSchedule::fromJson(*json, &error);
    QVERIFY(s);
    QCOMPARE(s->questionnaire, u"weekly-qol"_s);
    QVERIFY(s->rule == Rule::Weekly);
    QCOMPARE(s->at, QTime(19, 45));
    QCOMPARE(s->weekdays, QList<int>({1, 4}));
    QCOMPARE(s->windowMinutes, 4320);
    QVERIFY(s->anchor == Anchor::SubjectDate);
    QCOMPARE(s->startDay, 7);
    QCOMPARE(s->endDay, std::optional<int>(90));

    // Defaults: anchor enrolment, startDay 0, no endDay.
    const auto d = td::QuestionnaireSchedule::fromJson(*tdtest::parse(daily(), &error), &error);
    QVERIFY(d);
    QVERIFY(d->anchor == Anchor::Enrolment);
    QCOMPARE(d->startDay, 0);
    QVERIFY(!d->endDay);
    // Absent reminders: on, a follow-up after two hours, an alert after three misses.
    QVERIFY(d->reminders.enabled);
    QCOMPARE(d->reminders.followUpAfterMinutes, 120);
    QCOMPARE(d->reminders.alertAfterMissed, 3);
    const auto r = td::QuestionnaireSchedule::fromJson(
        *tdtest::parse(daily(R"("reminders":{"enabled":false,"followUpAfterMinutes":30})"), &error), &error);
    QVERIFY(r);
    QVERIFY(!r->reminders.enabled);
    QCOMPARE(r->reminders.followUpAfterMinutes, 30);
    QCOMPARE(r->reminders.alertAfterMissed, 3);
}

void TestQuestionnaireSchedule::roundTrip_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::newRow("once") << withRule("once", R"("startDay":30,"windowMinutes":10080)");
    QTest::newRow("daily") << daily(R"("endDay":89)");
    QTest::newRow("weekly") << withRule("weekly", R"("weekdays":[1,3,7],"anchor":"subjectDate","startDay":7)");
    QTest::newRow("dayOffsets") << withRule("dayOffsets", R"("dayOffsets":[0,7,14,28],"at":"07:30")");
    QTest::newRow("reminders") << daily(
        R"("reminders":{"enabled":false,"followUpAfterMinutes":45,"alertAfterMissed":5})");
}

void TestQuestionnaireSchedule::roundTrip()
{
    QFETCH(QByteArray, body);
    td::ApiError error;
    const auto s = td::QuestionnaireSchedule::fromJson(*tdtest::parse(body, &error), &error);
    QVERIFY2(s, qPrintable(error.message));
    const QJsonObject json = s->toJson();
    const auto again = td::QuestionnaireSchedule::fromJson(json, &error);
    QVERIFY2(again, qPrintable(error.message));
    QVERIFY(*again == *s);
    QCOMPARE(again->toJson(), json);
    // Every field the input named comes back, with the same value.
    const QJsonObject input = QJsonDocument::fromJson(body).object();
    for (auto it = input.begin(); it != input.end(); ++it)
        QCOMPARE(json.value(it.key()), it.value());
}

void TestQuestionnaireSchedule::names()
{
    for (const QString &name : td::QuestionnaireSchedule::ruleNames())
        QCOMPARE(td::QuestionnaireSchedule::ruleName(*td::QuestionnaireSchedule::ruleFromName(name)), name);
    QVERIFY(!td::QuestionnaireSchedule::ruleFromName(u"Weekly"_s));
    QCOMPARE(td::QuestionnaireSchedule::anchorName(Anchor::SubjectDate), u"subjectDate"_s);
    QVERIFY(td::QuestionnaireSchedule::isValidQuestionnaireKey(u"daily-symptoms"_s));
    QVERIFY(!td::QuestionnaireSchedule::isValidQuestionnaireKey(QString()));
}

void TestQuestionnaireSchedule::days_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<std::optional<QDate>>("studyEnd");
    QTest::addColumn<QList<int>>("days"); // the days carrying an entry in 0..40

    // Anchor 2026-03-02 is a Monday.
    QList<int> all;
    for (int d = 0; d <= 40; ++d)
        all << d;
    QTest::newRow("daily, open-ended") << daily() << std::optional<QDate>() << all;
    QTest::newRow("daily, days 3..5") << daily(R"("startDay":3,"endDay":5)") << std::optional<QDate>()
                                      << QList<int>{3, 4, 5};
    QTest::newRow("daily, study ends on day 2")
        << daily() << std::optional<QDate>(QDate(2026, 3, 4)) << QList<int>{0, 1, 2};
    QTest::newRow("daily, endDay before study end")
        << daily(R"("endDay":1)") << std::optional<QDate>(QDate(2026, 3, 4)) << QList<int>{0, 1};
    QTest::newRow("once, day 10") << withRule("once", R"("startDay":10)") << std::optional<QDate>() << QList<int>{10};
    QTest::newRow("once, after the study's end")
        << withRule("once", R"("startDay":10)") << std::optional<QDate>(QDate(2026, 3, 5)) << QList<int>{};
    QTest::newRow("weekly, Mon+Thu") << withRule("weekly", R"("weekdays":[1,4])") << std::optional<QDate>()
                                     << QList<int>{0, 3, 7, 10, 14, 17, 21, 24, 28, 31, 35, 38};
    QTest::newRow("weekly, Sunday from day 10") << withRule("weekly", R"("weekdays":[7],"startDay":10)")
                                                << std::optional<QDate>() << QList<int>{13, 20, 27, 34};
    QTest::newRow("dayOffsets 0/7/14/28")
        << withRule("dayOffsets", R"("dayOffsets":[0,7,14,28])") << std::optional<QDate>() << QList<int>{0, 7, 14, 28};
    QTest::newRow("dayOffsets bounded by endDay")
        << withRule("dayOffsets", R"("dayOffsets":[0,7,14,28],"startDay":1,"endDay":14)") << std::optional<QDate>()
        << QList<int>{7, 14};
}

void TestQuestionnaireSchedule::days()
{
    QFETCH(QByteArray, body);
    QFETCH(std::optional<QDate>, studyEnd);
    QFETCH(QList<int>, days);
    td::ApiError error;
    const auto s = td::QuestionnaireSchedule::fromJson(*tdtest::parse(body, &error), &error);
    QVERIFY(s);
    const QDate anchor(2026, 3, 2);
    QList<int> forward;
    for (auto d = s->nextDay(-5, anchor, studyEnd); d && *d <= 40; d = s->nextDay(*d + 1, anchor, studyEnd))
        forward << *d;
    QCOMPARE(forward, days);
    QList<int> backward;
    for (auto d = s->previousDay(40, anchor, studyEnd); d; d = s->previousDay(*d - 1, anchor, studyEnd))
        backward.prepend(*d);
    QCOMPARE(backward, days);
}

QTEST_GUILESS_MAIN(TestQuestionnaireSchedule)
#include "tst_questionnaireschedule.moc"

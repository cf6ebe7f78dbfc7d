#include "ScheduleCalendar.h"

#include <QTest>

using namespace Qt::StringLiterals;
using Rule = td::QuestionnaireSchedule::Rule;

namespace {

QDateTime utc(int y, int mo, int d, int h, int mi = 0)
{
    return QDateTime(QDate(y, mo, d), QTime(h, mi), QTimeZone::utc());
}

td::QuestionnaireSchedule schedule(Rule rule, QTime at, int windowMinutes)
{
    td::QuestionnaireSchedule s;
    s.questionnaire = u"daily-symptoms"_s;
    s.rule = rule;
    s.at = at;
    s.windowMinutes = windowMinutes;
    return s;
}

td::SubjectTimeline timeline(const char *zone, QDate anchor, std::optional<QDate> studyEnd = std::nullopt)
{
    return {anchor, QTimeZone(QByteArray(zone)), studyEnd, std::nullopt};
}

QList<QDateTime> openings(const QList<td::ExpectedEntry> &entries)
{
    QList<QDateTime> out;
    for (const auto &e : entries)
        out << e.opensAt;
    return out;
}

QList<int> daysOf(const QList<td::ExpectedEntry> &entries)
{
    QList<int> out;
    for (const auto &e : entries)
        out << e.day;
    return out;
}

} // namespace

class TestScheduleCalendar : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void zonesResolve_data();
    void zonesResolve();
    void opening_data();
    void opening();
    void dailyAcrossDaylightSaving_data();
    void dailyAcrossDaylightSaving();
    void windowIsElapsedTime();
    void expandRules_data();
    void expandRules();
    void expandFiltersOnOpening();
    void subjectDateAnchor();
    void entriesAround_data();
    void entriesAround();
    void conversionsAreCachedPerZone();
};

void TestScheduleCalendar::zonesResolve_data()
{
    QTest::addColumn<QByteArray>("zone");
    QTest::newRow("New York") << "America/New_York"_ba;
    QTest::newRow("Berlin") << "Europe/Berlin"_ba;
    QTest::newRow("Shanghai") << "Asia/Shanghai"_ba;
}

// Debian's Qt 6.4 reads the IANA data of the tzdata package; without it every zone
// would silently be UTC and all the expectations below would shift.
void TestScheduleCalendar::zonesResolve()
{
    QFETCH(QByteArray, zone);
    const QTimeZone z(zone);
    QVERIFY(z.isValid());
    QCOMPARE(z.id(), zone);
    QVERIFY(z.offsetFromUtc(utc(2026, 1, 15, 12)) != 0);
}

void TestScheduleCalendar::opening_data()
{
    QTest::addColumn<QByteArray>("zone");
    QTest::addColumn<QDate>("date");
    QTest::addColumn<QTime>("time");
    QTest::addColumn<QDateTime>("expected");

    const QDate nySpring(2026, 3, 8);
    QTest::newRow("NY spring: 08:00 the day before (EST)")
        << "America/New_York"_ba << QDate(2026, 3, 7) << QTime(8, 0) << utc(2026, 3, 7, 13);
    QTest::newRow("NY spring: 01:59 before the gap")
        << "America/New_York"_ba << nySpring << QTime(1, 59) << utc(2026, 3, 8, 6, 59);
    QTest::newRow("NY spring: 02:00 in the gap")
        << "America/New_York"_ba << nySpring << QTime(2, 0) << utc(2026, 3, 8, 7);
    QTest::newRow("NY spring: 02:30 in the gap opens at 03:00 EDT")
        << "America/New_York"_ba << nySpring << QTime(2, 30) << utc(2026, 3, 8, 7);
    QTest::newRow("NY spring: 02:59 in the gap")
        << "America/New_York"_ba << nySpring << QTime(2, 59) << utc(2026, 3, 8, 7);
    QTest::newRow("NY spring: 03:00 after the gap")
        << "America/New_York"_ba << nySpring << QTime(3, 0) << utc(2026, 3, 8, 7);
    QTest::newRow("NY spring: 08:00 stays 08:00 (EDT)")
        << "America/New_York"_ba << nySpring << QTime(8, 0) << utc(2026, 3, 8, 12);

    const QDate nyFall(2026, 11, 1);
    QTest::newRow("NY fall: 00:59 before the overlap")
        << "America/New_York"_ba << nyFall << QTime(0, 59) << utc(2026, 11, 1, 4, 59);
    QTest::newRow("NY fall: 01:00 first occurrence (EDT)")
        << "America/New_York"_ba << nyFall << QTime(1, 0) << utc(2026, 11, 1, 5);
    QTest::newRow("NY fall: 01:30 first occurrence (EDT)")
        << "America/New_York"_ba << nyFall << QTime(1, 30) << utc(2026, 11, 1, 5, 30);
    QTest::newRow("NY fall: 02:00 after the overlap (EST)")
        << "America/New_York"_ba << nyFall << QTime(2, 0) << utc(2026, 11, 1, 7);
    QTest::newRow("NY fall: 08:00 stays 08:00 (EST)")
        << "America/New_York"_ba << nyFall << QTime(8, 0) << utc(2026, 11, 1, 13);

    const QDate berlinSpring(2026, 3, 29);
    QTest::newRow("Berlin spring: 08:00 the day before (CET)")
        << "Europe/Berlin"_ba << QDate(2026, 3, 28) << QTime(8, 0) << utc(2026, 3, 28, 7);
    QTest::newRow("Berlin spring: 02:30 in the gap opens at 03:00 CEST")
        << "Europe/Berlin"_ba << berlinSpring << QTime(2, 30) << utc(2026, 3, 29, 1);
    QTest::newRow("Berlin spring: 08:00 (CEST)")
        << "Europe/Berlin"_ba << berlinSpring << QTime(8, 0) << utc(2026, 3, 29, 6);
    QTest::newRow("Berlin fall: 02:30 first occurrence (CEST)")
        << "Europe/Berlin"_ba << QDate(2026, 10, 25) << QTime(2, 30) << utc(2026, 10, 25, 0, 30);

    QTest::newRow("Shanghai: 08:00 in March")
        << "Asia/Shanghai"_ba << QDate(2026, 3, 8) << QTime(8, 0) << utc(2026, 3, 8, 0);
    QTest::newRow("Shanghai: 08:00 in November")
        << "Asia/Shanghai"_ba << QDate(2026, 11, 1) << QTime(8, 0) << utc(2026, 11, 1, 0);
    QTest::newRow("Shanghai: 02:30 on Berlin's change")
        << "Asia/Shanghai"_ba << berlinSpring << QTime(2, 30) << utc(2026, 3, 28, 18, 30);
}

void TestScheduleCalendar::opening()
{
    QFETCH(QByteArray, zone);
    QFETCH(QDate, date);
    QFETCH(QTime, time);
    QFETCH(QDateTime, expected);
    td::ScheduleCalendar calendar;
    const QDateTime opens = calendar.opening(QTimeZone(zone), date, time);
    QCOMPARE(opens, expected);
    QCOMPARE(opens.timeSpec(), Qt::UTC);
    // Asked again, the cached answer is the same.
    QCOMPARE(calendar.opening(QTimeZone(zone), date, time), expected);
    QCOMPARE(calendar.conversions(), 1);
}

void TestScheduleCalendar::dailyAcrossDaylightSaving_data()
{
    QTest::addColumn<QByteArray>("zone");
    QTest::addColumn<QDate>("anchor");
    QTest::addColumn<QTime>("at");
    QTest::addColumn<QList<QDateTime>>("expected"); // openings on anchor .. anchor + 3

    QTest::newRow("NY spring 08:00") << "America/New_York"_ba << QDate(2026, 3, 6) << QTime(8, 0)
                                     << QList<QDateTime>{utc(2026, 3, 6, 13), utc(2026, 3, 7, 13), utc(2026, 3, 8, 12),
                                                         utc(2026, 3, 9, 12)};
    QTest::newRow("NY spring 02:30") << "America/New_York"_ba << QDate(2026, 3, 6) << QTime(2, 30)
                                     << QList<QDateTime>{utc(2026, 3, 6, 7, 30), utc(2026, 3, 7, 7, 30),
                                                         utc(2026, 3, 8, 7), utc(2026, 3, 9, 6, 30)};
    QTest::newRow("NY fall 01:30") << "America/New_York"_ba << QDate(2026, 10, 30) << QTime(1, 30)
                                   << QList<QDateTime>{utc(2026, 10, 30, 5, 30), utc(2026, 10, 31, 5, 30),
                                                       utc(2026, 11, 1, 5, 30), utc(2026, 11, 2, 6, 30)};
    QTest::newRow("Berlin spring 08:00") << "Europe/Berlin"_ba << QDate(2026, 3, 27) << QTime(8, 0)
                                         << QList<QDateTime>{utc(2026, 3, 27, 7), utc(2026, 3, 28, 7),
                                                             utc(2026, 3, 29, 6), utc(2026, 3, 30, 6)};
    QTest::newRow("Shanghai 08:00") << "Asia/Shanghai"_ba << QDate(2026, 3, 27) << QTime(8, 0)
                                    << QList<QDateTime>{utc(2026, 3, 27, 0), utc(2026, 3, 28, 0), utc(2026, 3, 29, 0),
                                                        utc(2026, 3, 30, 0)};
}

void TestScheduleCalendar::dailyAcrossDaylightSaving()
{
    QFETCH(QByteArray, zone);
    QFETCH(QDate, anchor);
    QFETCH(QTime, at);
    QFETCH(QList<QDateTime>, expected);
    td::ScheduleCalendar calendar;
    const auto s = schedule(Rule::Daily, at, 60);
    const auto t = timeline(zone.constData(), anchor);
    const auto entries = calendar.expand(s, t, utc(2026, 1, 1, 0), expected.constLast().addSecs(1));
    QCOMPARE(openings(entries), expected);
    QCOMPARE(daysOf(entries), QList<int>({0, 1, 2, 3}));
    for (qsizetype i = 0; i < entries.size(); ++i) {
        QCOMPARE(entries.at(i).localDate, anchor.addDays(i));
        QCOMPARE(entries.at(i).questionnaire, u"daily-symptoms"_s);
        QCOMPARE(entries.at(i).opensAt.secsTo(entries.at(i).closesAt), 3600);
    }
}

// A 24-hour window opened at 08:00 EST the day before spring-forward closes at
// 09:00 EDT: elapsed minutes, not wall-clock.
void TestScheduleCalendar::windowIsElapsedTime()
{
    td::ScheduleCalendar calendar;
    const auto e =
        calendar.entryOn(schedule(Rule::Daily, QTime(8, 0), 1440), timeline("America/New_York", QDate(2026, 3, 7)), 0);
    QVERIFY(e);
    QCOMPARE(e->opensAt, utc(2026, 3, 7, 13));
    QCOMPARE(e->closesAt, utc(2026, 3, 8, 13));
    QCOMPARE(e->closesAt.toTimeZone(QTimeZone("America/New_York")).time(), QTime(9, 0));
}

void TestScheduleCalendar::expandRules_data()
{
    QTest::addColumn<td::QuestionnaireSchedule>("schedule");
    QTest::addColumn<std::optional<QDate>>("studyEnd");
    QTest::addColumn<QList<int>>("days");

    // Anchor: enrolment on Monday 2026-03-02 in Shanghai; range: the first 40 days.
    auto once = schedule(Rule::Once, QTime(9, 0), 1440);
    once.startDay = 14;
    QTest::newRow("once on day 14") << once << std::optional<QDate>() << QList<int>{14};

    auto daily = schedule(Rule::Daily, QTime(8, 0), 120);
    daily.startDay = 1;
    daily.endDay = 5;
    QTest::newRow("daily days 1..5") << daily << std::optional<QDate>() << QList<int>{1, 2, 3, 4, 5};
    QTest::newRow("daily cut by the study's end (2026-03-04)")
        << daily << std::optional<QDate>(QDate(2026, 3, 4)) << QList<int>{1, 2};

    auto openEnded = schedule(Rule::Daily, QTime(8, 0), 120);
    QTest::newRow("daily to the study's end")
        << openEnded << std::optional<QDate>(QDate(2026, 3, 6)) << QList<int>{0, 1, 2, 3, 4};

    auto weekly = schedule(Rule::Weekly, QTime(20, 0), 2880);
    weekly.weekdays = {3, 6}; // Wednesday, Saturday
    QTest::newRow("weekly Wed+Sat") << weekly << std::optional<QDate>()
                                    << QList<int>{2, 5, 9, 12, 16, 19, 23, 26, 30, 33, 37};
    weekly.endDay = 12;
    QTest::newRow("weekly Wed+Sat to day 12") << weekly << std::optional<QDate>() << QList<int>{2, 5, 9, 12};

    auto offsets = schedule(Rule::DayOffsets, QTime(10, 0), 4320);
    offsets.dayOffsets = {0, 7, 14, 28};
    QTest::newRow("day offsets 0/7/14/28") << offsets << std::optional<QDate>() << QList<int>{0, 7, 14, 28};
    QTest::newRow("day offsets cut by the study's end")
        << offsets << std::optional<QDate>(QDate(2026, 3, 20)) << QList<int>{0, 7, 14};
}

void TestScheduleCalendar::expandRules()
{
    QFETCH(td::QuestionnaireSchedule, schedule);
    QFETCH(std::optional<QDate>, studyEnd);
    QFETCH(QList<int>, days);
    td::ScheduleCalendar calendar;
    const QDate anchor(2026, 3, 2);
    const auto t = timeline("Asia/Shanghai", anchor, studyEnd);
    const QDateTime from = calendar.opening(t.zone, anchor, QTime(0, 0));
    const auto entries = calendar.expand(schedule, t, from, from.addDays(40));
    QCOMPARE(daysOf(entries), days);
    for (const auto &e : entries) {
        QCOMPARE(e.localDate, anchor.addDays(e.day));
        QCOMPARE(e.opensAt, calendar.opening(t.zone, e.localDate, schedule.at));
        QCOMPARE(e.opensAt.secsTo(e.closesAt), schedule.windowMinutes * 60);
        QCOMPARE(calendar.entryOn(schedule, t, e.day), std::optional<td::ExpectedEntry>(e));
    }
    QVERIFY(!calendar.entryOn(schedule, t, -1));
}

void TestScheduleCalendar::expandFiltersOnOpening()
{
    td::ScheduleCalendar calendar;
    const auto s = schedule(Rule::Daily, QTime(8, 0), 120);
    const auto t = timeline("Asia/Shanghai", QDate(2026, 3, 2));
    // [00:00Z on 3/4, 00:00Z on 3/6): 08:00 CST on 3/4 is 00:00Z (in), 3/6 is the end (out).
    QCOMPARE(daysOf(calendar.expand(s, t, utc(2026, 3, 4, 0), utc(2026, 3, 6, 0))), QList<int>({2, 3}));
    QCOMPARE(daysOf(calendar.expand(s, t, utc(2026, 3, 4, 0, 1), utc(2026, 3, 6, 0, 1))), QList<int>({3, 4}));
    QVERIFY(calendar.expand(s, t, utc(2026, 3, 6, 0), utc(2026, 3, 6, 0)).isEmpty());
    QVERIFY(calendar.expand(s, t, utc(2026, 2, 1, 0), utc(2026, 3, 1, 0)).isEmpty()); // before enrolment
}

void TestScheduleCalendar::subjectDateAnchor()
{
    td::ScheduleCalendar calendar;
    auto s = schedule(Rule::DayOffsets, QTime(8, 0), 120);
    s.anchor = td::QuestionnaireSchedule::Anchor::SubjectDate;
    s.dayOffsets = {0, 7};
    auto t = timeline("Asia/Shanghai", QDate(2026, 3, 2));
    QVERIFY(calendar.expand(s, t, utc(2026, 1, 1, 0), utc(2027, 1, 1, 0)).isEmpty()); // no subject date yet
    t.subjectDate = QDate(2026, 4, 10);
    const auto entries = calendar.expand(s, t, utc(2026, 1, 1, 0), utc(2027, 1, 1, 0));
    QCOMPARE(openings(entries), QList<QDateTime>({utc(2026, 4, 10, 0), utc(2026, 4, 17, 0)}));
}

void TestScheduleCalendar::entriesAround_data()
{
    QTest::addColumn<td::QuestionnaireSchedule>("schedule");
    QTest::addColumn<QDateTime>("at");
    QTest::addColumn<QList<int>>("days");

    // Enrolment Monday 2026-03-02, Shanghai (08:00 CST = 00:00Z).
    auto daily = schedule(Rule::Daily, QTime(8, 0), 120);
    daily.endDay = 9;
    QTest::newRow("daily: before the first") << daily << utc(2026, 3, 1, 12) << QList<int>{0};
    QTest::newRow("daily: at the first opening") << daily << utc(2026, 3, 2, 0) << QList<int>{0, 1};
    QTest::newRow("daily: a minute before day 3 opens") << daily << utc(2026, 3, 4, 23, 59) << QList<int>{2, 3};
    QTest::newRow("daily: on the last day") << daily << utc(2026, 3, 11, 1) << QList<int>{9};
    QTest::newRow("daily: long after") << daily << utc(2026, 6, 1, 0) << QList<int>{9};

    auto offsets = schedule(Rule::DayOffsets, QTime(8, 0), 1440);
    offsets.dayOffsets = {0, 7, 14, 28};
    QTest::newRow("offsets: between 14 and 28") << offsets << utc(2026, 3, 20, 0) << QList<int>{14, 28};
    QTest::newRow("offsets: after 28") << offsets << utc(2026, 5, 20, 0) << QList<int>{28};

    auto weekly = schedule(Rule::Weekly, QTime(8, 0), 1440);
    weekly.weekdays = {5}; // Friday: days 4, 11, 18 ...
    QTest::newRow("weekly: Tuesday") << weekly << utc(2026, 3, 10, 3) << QList<int>{4, 11};
}

void TestScheduleCalendar::entriesAround()
{
    QFETCH(td::QuestionnaireSchedule, schedule);
    QFETCH(QDateTime, at);
    QFETCH(QList<int>, days);
    td::ScheduleCalendar calendar;
    QCOMPARE(daysOf(calendar.entriesAround(schedule, timeline("Asia/Shanghai", QDate(2026, 3, 2)), at)), days);
}

// 500 subjects in one zone enrolled over 10 days, 30 days each: one conversion per
// local date, not per subject and day.
void TestScheduleCalendar::conversionsAreCachedPerZone()
{
    td::ScheduleCalendar calendar;
    const auto s = schedule(Rule::Daily, QTime(8, 0), 120);
    qsizetype entries = 0;
    for (int i = 0; i < 500; ++i) {
        const auto t = timeline(i % 2 ? "Asia/Shanghai" : "Europe/Berlin", QDate(2026, 3, 1).addDays(i % 10));
        entries += calendar.expand(s, t, utc(2026, 3, 1, 0), utc(2026, 3, 31, 0)).size();
    }
    QVERIFY(entries > 500 * 20);
    // 2 zones x (30 days + the day either side the range probes)
    QVERIFY2(calendar.conversions() <= 2 * 32, qPrintable(QString::number(calendar.conversions())));
}

QTEST_GUILESS_MAIN(TestScheduleCalendar)
#include "tst_schedulecalendar.moc"

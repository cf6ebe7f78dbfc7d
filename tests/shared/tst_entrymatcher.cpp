#include "EntryMatcher.h"
#include "ScheduleCalendar.h"

#include <QTest>

using namespace Qt::StringLiterals;
using Kind = td::EntryMatch::Kind;
using State = td::EntryState;

namespace {

QDateTime utc(int y, int mo, int d, int h, int mi = 0)
{
    return QDateTime(QDate(y, mo, d), QTime(h, mi), QTimeZone::utc());
}

// Three daily entries in Shanghai, 08:00-10:00 local (00:00-02:00Z) on 2026-03-02..04.
QList<td::ExpectedEntry> threeDays()
{
    td::QuestionnaireSchedule s;
    s.questionnaire = u"daily-symptoms"_s;
    s.rule = td::QuestionnaireSchedule::Rule::Daily;
    s.at = QTime(8, 0);
    s.windowMinutes = 120;
    s.endDay = 2;
    td::ScheduleCalendar calendar;
    return calendar.expand(s, {QDate(2026, 3, 2), QTimeZone("Asia/Shanghai"), {}, {}}, utc(2026, 1, 1, 0),
                           utc(2027, 1, 1, 0));
}

} // namespace

class TestEntryMatcher : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void names();
    void match_data();
    void match();
    void secondSubmissionNeverCountsTwice();
    void matchAcrossDaylightSaving();
    void stateAt_data();
    void stateAt();
};

void TestEntryMatcher::names()
{
    QCOMPARE(td::entryStateName(State::Upcoming), u"upcoming"_s);
    QCOMPARE(td::entryStateName(State::Open), u"open"_s);
    QCOMPARE(td::entryStateName(State::Received), u"received"_s);
    QCOMPARE(td::entryStateName(State::Late), u"late"_s);
    QCOMPARE(td::entryStateName(State::Missed), u"missed"_s);
    for (State s : {State::Upcoming, State::Open, State::Received, State::Late, State::Missed})
        QVERIFY(td::entryStateFromName(td::entryStateName(s)) == s);
    QVERIFY(!td::entryStateFromName(u"Open"_s));
    for (Kind k : {Kind::Received, Kind::Late, Kind::Duplicate, Kind::Unscheduled})
        QVERIFY(td::EntryMatch::kindFromName(td::EntryMatch::kindName(k)) == k);
    QCOMPARE(td::EntryMatch::kindName(Kind::Duplicate), u"duplicate"_s);
}

void TestEntryMatcher::match_data()
{
    QTest::addColumn<QDateTime>("at");
    QTest::addColumn<QList<int>>("fulfilled");
    QTest::addColumn<Kind>("kind");
    QTest::addColumn<int>("day"); // -1: none

    const QList<int> none;
    QTest::newRow("before the first entry opens") << utc(2026, 3, 1, 23, 59) << none << Kind::Unscheduled << -1;
    QTest::newRow("at the opening") << utc(2026, 3, 2, 0) << none << Kind::Received << 0;
    QTest::newRow("inside the window") << utc(2026, 3, 2, 1, 30) << none << Kind::Received << 0;
    QTest::newRow("last minute of the window") << utc(2026, 3, 2, 1, 59) << none << Kind::Received << 0;
    QTest::newRow("at the close: late") << utc(2026, 3, 2, 2) << none << Kind::Late << 0;
    QTest::newRow("evening after the close: late") << utc(2026, 3, 2, 14) << none << Kind::Late << 0;
    QTest::newRow("just before the next opens: late") << utc(2026, 3, 2, 23, 59) << none << Kind::Late << 0;
    QTest::newRow("next entry's opening") << utc(2026, 3, 3, 0) << none << Kind::Received << 1;
    QTest::newRow("inside, already received") << utc(2026, 3, 2, 1) << QList<int>{0} << Kind::Duplicate << 0;
    QTest::newRow("late, already received") << utc(2026, 3, 2, 5) << QList<int>{0} << Kind::Duplicate << 0;
    QTest::newRow("inside, other day received") << utc(2026, 3, 3, 1) << QList<int>{0} << Kind::Received << 1;
    QTest::newRow("last entry: late within one more window") << utc(2026, 3, 4, 3, 59) << none << Kind::Late << 2;
    QTest::newRow("last entry: after the grace window") << utc(2026, 3, 4, 4) << none << Kind::Unscheduled << -1;
    QTest::newRow("last entry: grace window, duplicate") << utc(2026, 3, 4, 3) << QList<int>{2} << Kind::Duplicate << 2;
}

void TestEntryMatcher::match()
{
    QFETCH(QDateTime, at);
    QFETCH(QList<int>, fulfilled);
    QFETCH(Kind, kind);
    QFETCH(int, day);
    const auto entries = threeDays();
    QCOMPARE(entries.size(), 3);
    const QSet<int> done(fulfilled.cbegin(), fulfilled.cend());
    const td::EntryMatch m = td::EntryMatcher::match(entries, done, at);
    QCOMPARE(td::EntryMatch::kindName(m.kind), td::EntryMatch::kindName(kind));
    QCOMPARE(m.day.value_or(-1), day);
    // entriesAround gives the matcher all it needs: the same answer from two entries.
    td::QuestionnaireSchedule s;
    s.questionnaire = u"daily-symptoms"_s;
    s.endDay = 2;
    td::ScheduleCalendar calendar;
    const auto around = calendar.entriesAround(s, {QDate(2026, 3, 2), QTimeZone("Asia/Shanghai"), {}, {}}, at);
    QVERIFY(td::EntryMatcher::match(around, done, at) == m);
}

// Replays a subject's submissions in order, as intake does: the first one for an
// entry counts, every later one is a duplicate.
void TestEntryMatcher::secondSubmissionNeverCountsTwice()
{
    const auto entries = threeDays();
    QSet<int> done;
    QStringList outcome;
    for (const QDateTime &at : {utc(2026, 3, 2, 0, 30), utc(2026, 3, 2, 1), utc(2026, 3, 2, 9), utc(2026, 3, 3, 5),
                                utc(2026, 3, 3, 6), utc(2026, 3, 4, 1)}) {
        const auto m = td::EntryMatcher::match(entries, done, at);
        if (m.kind == Kind::Received || m.kind == Kind::Late)
            done.insert(*m.day);
        outcome << td::EntryMatch::kindName(m.kind) % u':' % QString::number(m.day.value_or(-1));
    }
    QCOMPARE(outcome, QStringList({u"received:0"_s, u"duplicate:0"_s, u"duplicate:0"_s, u"late:1"_s, u"duplicate:1"_s,
                                   u"received:2"_s}));
}

// New York, daily 08:00 with a 2-hour window: on 2026-03-08 the window is 12:00-14:00Z
// (EDT), the day before 13:00-15:00Z (EST).
void TestEntryMatcher::matchAcrossDaylightSaving()
{
    td::QuestionnaireSchedule s;
    s.questionnaire = u"q"_s;
    s.windowMinutes = 120;
    const td::SubjectTimeline t{QDate(2026, 3, 6), QTimeZone("America/New_York"), {}, {}};
    td::ScheduleCalendar calendar;
    auto at = [&](const QDateTime &when) {
        return td::EntryMatcher::match(calendar.entriesAround(s, t, when), {}, when);
    };
    QVERIFY((at(utc(2026, 3, 8, 12, 30)) == td::EntryMatch{Kind::Received, 2})); // 08:30 EDT
    QVERIFY((at(utc(2026, 3, 8, 11, 59)) == td::EntryMatch{Kind::Late, 1}));     // 07:59 EDT
    QVERIFY((at(utc(2026, 3, 7, 14, 30)) == td::EntryMatch{Kind::Received, 1})); // 09:30 EST
    QVERIFY((at(utc(2026, 3, 8, 13, 59)) == td::EntryMatch{Kind::Received, 2})); // 09:59 EDT
    QVERIFY((at(utc(2026, 3, 8, 14, 0)) == td::EntryMatch{Kind::Late, 2}));      // 10:00 EDT
}

void TestEntryMatcher::stateAt_data()
{
    QTest::addColumn<QDateTime>("now");
    QTest::addColumn<std::optional<State>>("fulfilment");
    QTest::addColumn<State>("state");

    // Day 0's window: 00:00-02:00Z on 2026-03-02.
    const std::optional<State> none;
    QTest::newRow("before: upcoming") << utc(2026, 3, 1, 23, 59) << none << State::Upcoming;
    QTest::newRow("at the opening: open") << utc(2026, 3, 2, 0) << none << State::Open;
    QTest::newRow("last minute: open") << utc(2026, 3, 2, 1, 59) << none << State::Open;
    QTest::newRow("window closed: missed") << utc(2026, 3, 2, 2) << none << State::Missed;
    QTest::newRow("a week later: missed") << utc(2026, 3, 9, 2) << none << State::Missed;
    QTest::newRow("received while open") << utc(2026, 3, 2, 1) << std::optional(State::Received) << State::Received;
    QTest::newRow("received stays received") << utc(2026, 3, 9, 0) << std::optional(State::Received) << State::Received;
    QTest::newRow("late") << utc(2026, 3, 2, 5) << std::optional(State::Late) << State::Late;
}

void TestEntryMatcher::stateAt()
{
    QFETCH(QDateTime, now);
    QFETCH(std::optional<State>, fulfilment);
    QFETCH(State, state);
    QCOMPARE(td::entryStateName(threeDays().constFirst().stateAt(now, fulfilment)), td::entryStateName(state));
}

QTEST_GUILESS_MAIN(TestEntryMatcher)
#include "tst_entrymatcher.moc"

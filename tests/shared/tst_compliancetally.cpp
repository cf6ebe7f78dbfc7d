#include "ComplianceTally.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace Qt::StringLiterals;
using State = td::EntryState;

namespace {

QDateTime utc(int y, int mo, int d, int h, int mi = 0)
{
    return QDateTime(QDate(y, mo, d), QTime(h, mi), QTimeZone::utc());
}

td::QuestionnaireSchedule dailyAt8()
{
    td::QuestionnaireSchedule s;
    s.questionnaire = u"daily-symptoms"_s;
    s.rule = td::QuestionnaireSchedule::Rule::Daily;
    s.at = QTime(8, 0);
    s.windowMinutes = 120;
    return s;
}

td::QuestionnaireSchedule visitsAt10()
{
    td::QuestionnaireSchedule s;
    s.questionnaire = u"weekly-qol"_s;
    s.rule = td::QuestionnaireSchedule::Rule::DayOffsets;
    s.dayOffsets = {0, 7, 14, 28};
    s.at = QTime(10, 0);
    s.windowMinutes = 1440;
    return s;
}

td::QuestionnaireSchedule weekendAt20()
{
    td::QuestionnaireSchedule s;
    s.questionnaire = u"weekend-diary"_s;
    s.rule = td::QuestionnaireSchedule::Rule::Weekly;
    s.weekdays = {6, 7};
    s.at = QTime(20, 0);
    s.windowMinutes = 2880;
    s.startDay = 3;
    s.endDay = 30;
    return s;
}

struct Fixture {
    QList<td::ComplianceSubject> subjects;
    QList<td::QuestionnaireSchedule> schedules{dailyAt8(), visitsAt10(), weekendAt20()};
    QList<td::Fulfilment> fulfilments;
    QDate from{2026, 3, 20};
    QDate to{2026, 4, 2};
    QDateTime now = utc(2026, 3, 30, 7); // 15:00 in Shanghai, 09:00 CEST in Berlin
};

Fixture fixture()
{
    Fixture f;
    const QTimeZone shanghai("Asia/Shanghai");
    const QTimeZone berlin("Europe/Berlin");
    f.subjects = {
        {u"S-001"_s, u"BJ"_s, {QDate(2026, 3, 1), shanghai, {}, {}}},
        {u"S-002"_s, u"DE"_s, {QDate(2026, 3, 25), berlin, {}, {}}},                   // across the March change
        {u"S-003"_s, u"BJ"_s, {QDate(2026, 3, 10), shanghai, QDate(2026, 3, 22), {}}}, // study ends
        {u"S-004"_s, u"SH"_s, {QDate(2026, 4, 5), shanghai, {}, {}}},                  // enrolled after the range
    };
    // Every entry whose (day + subject) % 3 != 0 is fulfilled, alternately received and late.
    for (qsizetype i = 0; i < f.subjects.size(); ++i) {
        for (const auto &s : f.schedules) {
            for (int day = 0; day < 60; ++day) {
                if ((day + i) % 3 != 0)
                    f.fulfilments << td::Fulfilment{f.subjects.at(i).subjectId, s.questionnaire, day,
                                                    day % 2 ? State::Late : State::Received};
            }
        }
    }
    f.fulfilments << td::Fulfilment{u"S-999"_s, u"daily-symptoms"_s, 20, State::Received}; // unknown subject
    f.fulfilments << td::Fulfilment{u"S-001"_s, u"retired"_s, 20, State::Received};        // unknown questionnaire
    return f;
}

// The same figures by brute force and without ScheduleCalendar: every subject, every
// date, every schedule; the zones' offsets written out by hand.
struct Independent {
    td::ComplianceCounts total;
    QMap<QDate, td::ComplianceCounts> days;
    QMap<QString, td::ComplianceCounts> sites;
    QMap<QString, td::ComplianceCounts> subjects;
};

Independent countByHand(const Fixture &f)
{
    Independent out;
    for (const auto &subject : f.subjects) {
        const bool inBerlin = subject.timeline.zone.id() == "Europe/Berlin";
        for (QDate date = f.from; date <= f.to; date = date.addDays(1)) {
            for (const auto &s : f.schedules) {
                const int day = int(subject.timeline.anchorDate.daysTo(date));
                bool scheduled = day >= 0;
                if (s.rule == td::QuestionnaireSchedule::Rule::DayOffsets)
                    scheduled = s.dayOffsets.contains(day);
                if (s.rule == td::QuestionnaireSchedule::Rule::Weekly)
                    scheduled = day >= 3 && day <= 30 && (date.dayOfWeek() == 6 || date.dayOfWeek() == 7);
                if (subject.timeline.studyEnd && date > *subject.timeline.studyEnd)
                    scheduled = false;
                if (!scheduled)
                    continue;
                const int offsetHours = inBerlin ? (date >= QDate(2026, 3, 29) ? 2 : 1) : 8;
                const QDateTime opens = QDateTime(date, s.at, QTimeZone::utc()).addSecs(-3600 * offsetHours);
                std::optional<State> fulfilled;
                for (const auto &ful : f.fulfilments) {
                    if (ful.subjectId == subject.subjectId && ful.questionnaire == s.questionnaire && ful.day == day)
                        fulfilled = ful.state;
                }
                State state;
                if (fulfilled)
                    state = *fulfilled;
                else if (f.now < opens)
                    state = State::Upcoming;
                else if (f.now < opens.addSecs(60 * s.windowMinutes))
                    state = State::Open;
                else
                    state = State::Missed;
                for (td::ComplianceCounts *c :
                     {&out.total, &out.days[date], &out.sites[subject.site], &out.subjects[subject.subjectId]}) {
                    switch (state) {
                    case State::Upcoming:
                        ++c->upcoming;
                        continue;
                    case State::Open:
                        ++c->open;
                        break;
                    case State::Received:
                        ++c->received;
                        break;
                    case State::Late:
                        ++c->late;
                        break;
                    case State::Missed:
                        ++c->missed;
                        break;
                    }
                    ++c->expected;
                }
            }
        }
    }
    return out;
}

QString show(const td::ComplianceCounts &c)
{
    return u"expected %1 received %2 late %3 missed %4 open %5 upcoming %6"_s.arg(c.expected)
        .arg(c.received)
        .arg(c.late)
        .arg(c.missed)
        .arg(c.open)
        .arg(c.upcoming);
}

} // namespace

#define COMPARE_COUNTS(actual, expected) QCOMPARE(show(actual), show(expected))

class TestComplianceTally : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void matchesAnIndependentCount();
    void expectedExcludesUpcoming();
    void json();
    void emptyRange();
    void fulfilmentIndex();
};

void TestComplianceTally::matchesAnIndependentCount()
{
    const Fixture f = fixture();
    td::ScheduleCalendar calendar;
    const auto tally =
        td::ComplianceTally::compute(f.subjects, f.schedules, f.fulfilments, f.from, f.to, f.now, &calendar);
    const Independent want = countByHand(f);
    QVERIFY(want.total.expected > 20);
    QVERIFY(want.total.open > 0); // S-002's daily entry, 09:00 CEST on 2026-03-30
    QVERIFY(want.total.missed > 0);
    QVERIFY(want.total.upcoming > 0);
    COMPARE_COUNTS(tally.total, want.total);
    QCOMPARE(tally.days.size(), 14);
    for (qsizetype i = 0; i < tally.days.size(); ++i)
        COMPARE_COUNTS(tally.days.at(i), want.days.value(f.from.addDays(i)));
    QVERIFY(want.days.value(QDate(2026, 3, 28)).expected > want.days.value(QDate(2026, 3, 27)).expected);
    QCOMPARE(tally.sites.keys(), QStringList({u"BJ"_s, u"DE"_s, u"SH"_s}));
    for (auto it = tally.sites.cbegin(); it != tally.sites.cend(); ++it)
        COMPARE_COUNTS(it.value(), want.sites.value(it.key()));
    QCOMPARE(tally.subjects.size(), f.subjects.size());
    for (qsizetype i = 0; i < f.subjects.size(); ++i) {
        QCOMPARE(tally.subjectIds.at(i), f.subjects.at(i).subjectId);
        COMPARE_COUNTS(tally.subjects.at(i), want.subjects.value(f.subjects.at(i).subjectId));
    }
    COMPARE_COUNTS(tally.subjects.at(3), td::ComplianceCounts{});
}

void TestComplianceTally::expectedExcludesUpcoming()
{
    const Fixture f = fixture();
    td::ScheduleCalendar calendar;
    const auto tally =
        td::ComplianceTally::compute(f.subjects, f.schedules, QList<td::Fulfilment>(), f.from, f.to, f.now, &calendar);
    const auto &t = tally.total;
    QCOMPARE(t.expected, t.received + t.late + t.missed + t.open);
    QCOMPARE(t.received + t.late, 0);
    QVERIFY(t.upcoming > 0);
}

void TestComplianceTally::json()
{
    const Fixture f = fixture();
    td::ScheduleCalendar calendar;
    const auto tally =
        td::ComplianceTally::compute(f.subjects, f.schedules, f.fulfilments, f.from, f.to, f.now, &calendar);
    const QJsonObject json = tally.toJson();
    QCOMPARE(json.value(u"from"_s).toString(), u"2026-03-20"_s);
    QCOMPARE(json.value(u"to"_s).toString(), u"2026-04-02"_s);
    QCOMPARE(json.value(u"total"_s).toObject().value(u"expected"_s).toInt(), tally.total.expected);
    const QJsonArray days = json.value(u"days"_s).toArray();
    QCOMPARE(days.size(), 14);
    QCOMPARE(days.at(0).toObject().value(u"date"_s).toString(), u"2026-03-20"_s);
    QCOMPARE(days.at(13).toObject().value(u"missed"_s).toInt(), tally.days.at(13).missed);
    QCOMPARE(json.value(u"sites"_s).toArray().at(1).toObject().value(u"site"_s).toString(), u"DE"_s);
    const QJsonObject s2 = json.value(u"subjects"_s).toArray().at(1).toObject();
    QCOMPARE(s2.value(u"subjectId"_s).toString(), u"S-002"_s);
    QCOMPARE(s2.value(u"site"_s).toString(), u"DE"_s);
    QCOMPARE(s2.value(u"open"_s).toInt(), tally.subjects.at(1).open);

    // The text the server sends is the same document.
    const QByteArray text = tally.toJsonText();
    QCOMPARE(QJsonDocument::fromJson(text).object(), json);
    td::ComplianceTally odd = tally;
    odd.subjectIds[0] = u"quote\" back\\slash \u0001 中"_s;
    QCOMPARE(QJsonDocument::fromJson(odd.toJsonText()).object(), odd.toJson());
}

void TestComplianceTally::emptyRange()
{
    const Fixture f = fixture();
    td::ScheduleCalendar calendar;
    const auto tally =
        td::ComplianceTally::compute(f.subjects, f.schedules, f.fulfilments, f.to, f.from, f.now, &calendar);
    QVERIFY(tally.days.isEmpty());
    COMPARE_COUNTS(tally.total, td::ComplianceCounts{});
}

void TestComplianceTally::fulfilmentIndex()
{
    td::FulfilmentIndex index;
    // Interleaved subjects and questionnaires (as the server's top-ups arrive, by id);
    // states other than received and late are not fulfilments.
    index.add(u"S-1"_s, u"a"_s, 0, State::Received);
    index.add(u"S-2"_s, u"b"_s, 0, State::Late);
    for (int i = 0; i < 500; ++i) // many subjects: the hash grows and rehashes meanwhile
        index.add(u"X-%1"_s.arg(i), u"a"_s, i, State::Received);
    index.add(u"S-1"_s, u"b"_s, 3, State::Late);
    index.add(u"S-1"_s, u"a"_s, 1, State::Missed);
    index.add(u"S-1"_s, u"a"_s, 2, State::Open);
    QCOMPARE(index.size(), 503);
    QCOMPARE(index.questionnaires(), QStringList({u"a"_s, u"b"_s}));
    const auto &s1 = index.entriesOf(u"S-1"_s);
    QCOMPARE(s1.size(), size_t(2));
    QCOMPARE(s1.at(0).questionnaire, 0);
    QCOMPARE(s1.at(0).day, 0);
    QCOMPARE(s1.at(1).questionnaire, 1);
    QCOMPARE(s1.at(1).day, 3);
    QVERIFY(s1.at(1).state == State::Late);
    QCOMPARE(index.entriesOf(u"X-499"_s).at(0).day, 499);
    QVERIFY(index.entriesOf(u"nobody"_s).empty());
}

QTEST_GUILESS_MAIN(TestComplianceTally)
#include "tst_compliancetally.moc"

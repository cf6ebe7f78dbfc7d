// Times the in-memory half of GET /compliance (issue #15): expanding a daily schedule
// for 10,000 subjects over 90 days and tallying it per day, site and subject.
// Most subjects are in Asia/Shanghai; some are in Europe/Berlin across the March
// daylight-saving change; 90 % of the entries are fulfilled. Prints figures only.
// ./bench_compliance [subjects] [repeats]
#include "ComplianceTally.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <algorithm>
#include <cstdio>

using namespace Qt::StringLiterals;

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    const int subjectCount = args.size() > 1 ? std::max(1, args.at(1).toInt()) : 10000;
    const int repeats = args.size() > 2 ? std::max(1, args.at(2).toInt()) : 5;
    constexpr int kDays = 90;

    const QDate first(2026, 2, 1); // 90 days: 2026-02-01 .. 2026-05-01, Berlin changes on 03-29
    const QDate last = first.addDays(kDays - 1);
    const QDateTime now(last.addDays(1), QTime(12, 0), Qt::UTC);

    td::QuestionnaireSchedule daily;
    daily.questionnaire = u"daily-symptoms"_s;
    daily.rule = td::QuestionnaireSchedule::Rule::Daily;
    daily.at = QTime(8, 0);
    daily.windowMinutes = 120;

    const QTimeZone shanghai("Asia/Shanghai");
    const QTimeZone berlin("Europe/Berlin");
    const QStringList sites = {u"BJ01"_s, u"SH02"_s, u"GZ03"_s, u"DE01"_s};
    QList<td::ComplianceSubject> subjects;
    QList<td::Fulfilment> fulfilments;
    subjects.reserve(subjectCount);
    fulfilments.reserve(qsizetype(subjectCount) * kDays);
    for (int i = 0; i < subjectCount; ++i) {
        const bool inBerlin = i % 20 == 0; // 5 %
        td::ComplianceSubject s;
        s.subjectId = u"S-%1"_s.arg(QString::number(i).rightJustified(5, u'0'));
        s.site = inBerlin ? sites.at(3) : sites.at(i % 3);
        s.timeline = {first.addDays(-(i % 30)), inBerlin ? berlin : shanghai, std::nullopt, std::nullopt};
        const int offset = int(s.timeline.anchorDate.daysTo(first));
        for (int d = 0; d < kDays; ++d) {
            if ((i + d) % 10 != 0) // 90 % fulfilled, rows ordered by subject as SQL returns them
                fulfilments << td::Fulfilment{s.subjectId, daily.questionnaire, offset + d,
                                              d % 7 ? td::EntryState::Received : td::EntryState::Late};
        }
        subjects << s;
    }
    std::printf("bench_compliance: %d subjects x %d days, daily schedule, %lld fulfilled entries\n", subjectCount,
                kDays, qlonglong(fulfilments.size()));

    // The server keeps a study's FulfilmentIndex in memory and adds to it: built once.
    QElapsedTimer indexTimer;
    indexTimer.start();
    td::FulfilmentIndex index;
    for (const td::Fulfilment &f : fulfilments)
        index.add(f.subjectId, f.questionnaire, f.day, f.state);
    std::printf("building the fulfilment index (once per study): %.1f ms\n", indexTimer.nsecsElapsed() / 1e6);

    QList<double> cold, warm;
    td::ComplianceTally tally;
    td::ScheduleCalendar shared;
    for (int r = 0; r < repeats; ++r) {
        td::ScheduleCalendar fresh; // a cold cache: every (zone, day) converted once
        QElapsedTimer timer;
        timer.start();
        tally = td::ComplianceTally::compute(subjects, {daily}, index, first, last, now, &fresh);
        cold << timer.nsecsElapsed() / 1e6;
        timer.restart();
        tally = td::ComplianceTally::compute(subjects, {daily}, index, first, last, now, &shared);
        warm << timer.nsecsElapsed() / 1e6;
    }
    std::sort(cold.begin(), cold.end());
    std::sort(warm.begin(), warm.end());
    std::printf("expand + tally, cold calendar: median %.1f ms (min %.1f, max %.1f) over %d runs\n",
                cold.at(cold.size() / 2), cold.constFirst(), cold.constLast(), repeats);
    std::printf("expand + tally, warm calendar: median %.1f ms (min %.1f, max %.1f)\n", warm.at(warm.size() / 2),
                warm.constFirst(), warm.constLast());
    std::printf("total: expected %d received %d late %d missed %d open %d upcoming %d; %lld sites, %lld days\n",
                tally.total.expected, tally.total.received, tally.total.late, tally.total.missed, tally.total.open,
                tally.total.upcoming, qlonglong(tally.sites.size()), qlonglong(tally.days.size()));
    QElapsedTimer timer;
    timer.start();
    const QByteArray json = QJsonDocument(tally.toJson()).toJson(QJsonDocument::Compact);
    std::printf("JSON of the answer via QJsonDocument: %.1f ms, %lld bytes\n", timer.nsecsElapsed() / 1e6,
                qlonglong(json.size()));
    timer.restart();
    const QByteArray text = tally.toJsonText();
    std::printf("JSON of the answer as the server writes it (toJsonText): %.1f ms, %lld bytes\n",
                timer.nsecsElapsed() / 1e6, qlonglong(text.size()));
    return 0;
}

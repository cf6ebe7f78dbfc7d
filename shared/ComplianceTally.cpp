#include "ComplianceTally.h"

#include "Timestamps.h"

#include <QJsonArray>
#include <algorithm>
#include <vector>

using namespace Qt::StringLiterals;

namespace td {

void ComplianceCounts::add(EntryState state)
{
    switch (state) {
    case EntryState::Upcoming:
        ++upcoming;
        return;
    case EntryState::Open:
        ++open;
        break;
    case EntryState::Received:
        ++received;
        break;
    case EntryState::Late:
        ++late;
        break;
    case EntryState::Missed:
        ++missed;
        break;
    }
    ++expected;
}

ComplianceCounts &ComplianceCounts::operator+=(const ComplianceCounts &o)
{
    expected += o.expected;
    received += o.received;
    late += o.late;
    missed += o.missed;
    open += o.open;
    upcoming += o.upcoming;
    return *this;
}

QJsonObject ComplianceCounts::toJson() const
{
    return {{u"expected"_s, expected}, {u"received"_s, received}, {u"late"_s, late},
            {u"missed"_s, missed},     {u"open"_s, open},         {u"upcoming"_s, upcoming}};
}

ComplianceTally ComplianceTally::compute(const QList<ComplianceSubject> &subjects,
                                         const QList<QuestionnaireSchedule> &schedules,
                                         const QList<Fulfilment> &fulfilments, const QDate &firstDay,
                                         const QDate &lastDay, const QDateTime &now, ScheduleCalendar *calendar)
{
    ComplianceTally t;
    t.firstDay = firstDay;
    t.lastDay = lastDay;
    const qsizetype dayCount = firstDay.isValid() && lastDay >= firstDay ? firstDay.daysTo(lastDay) + 1 : 0;
    t.days.resize(dayCount);
    t.subjects.resize(subjects.size());
    t.subjectIds.reserve(subjects.size());
    t.subjectSites.reserve(subjects.size());

    // Fulfilments grouped by subject as (schedule index, day) keys, sorted for binary
    // search. Rows usually arrive ordered by subject, so the previous lookup is reused.
    QHash<QString, qsizetype> subjectIndex;
    subjectIndex.reserve(subjects.size());
    for (qsizetype i = 0; i < subjects.size(); ++i) {
        subjectIndex.insert(subjects.at(i).subjectId, i);
        t.subjectIds << subjects.at(i).subjectId;
        t.subjectSites << subjects.at(i).site;
    }
    struct Done {
        qint64 key; // schedule index << 32 | day
        EntryState state;
        bool operator<(const Done &o) const { return key < o.key; }
    };
    std::vector<std::vector<Done>> done(size_t(subjects.size()));
    const QString *lastSubject = nullptr;
    qsizetype lastSubjectIndex = -1;
    const QString *lastQuestionnaire = nullptr;
    qsizetype lastSchedule = -1;
    for (const Fulfilment &f : fulfilments) {
        if (!lastSubject || *lastSubject != f.subjectId) {
            lastSubject = &f.subjectId;
            lastSubjectIndex = subjectIndex.value(f.subjectId, -1);
        }
        if (!lastQuestionnaire || *lastQuestionnaire != f.questionnaire) {
            lastQuestionnaire = &f.questionnaire;
            lastSchedule = -1;
            for (qsizetype s = 0; s < schedules.size(); ++s) {
                if (schedules.at(s).questionnaire == f.questionnaire)
                    lastSchedule = s;
            }
        }
        if (lastSubjectIndex < 0 || lastSchedule < 0)
            continue;
        done[size_t(lastSubjectIndex)].push_back({(qint64(lastSchedule) << 32) | quint32(f.day), f.state});
    }

    const qint64 nowMs = now.toMSecsSinceEpoch();
    for (qsizetype i = 0; i < subjects.size(); ++i) {
        const ComplianceSubject &subject = subjects.at(i);
        std::vector<Done> &mine = done[size_t(i)];
        std::sort(mine.begin(), mine.end());
        ComplianceCounts &perSubject = t.subjects[i];
        ScheduleCalendar::ZoneCache *cache = calendar->cacheFor(subject.timeline.zone);
        for (qsizetype s = 0; s < schedules.size(); ++s) {
            const QuestionnaireSchedule &schedule = schedules.at(s);
            const QDate anchor = subject.timeline.anchorFor(schedule);
            if (!anchor.isValid() || dayCount == 0)
                continue;
            const int fromDay = int(anchor.daysTo(firstDay));
            const int toDay = int(anchor.daysTo(lastDay));
            const qint64 windowMs = qint64(schedule.windowMinutes) * 60'000;
            for (auto day = schedule.nextDay(fromDay, anchor, subject.timeline.studyEnd); day && *day <= toDay;
                 day = schedule.nextDay(*day + 1, anchor, subject.timeline.studyEnd)) {
                const QDate date = anchor.addDays(*day);
                const qint64 opens = calendar->openingMSecs(cache, subject.timeline.zone, date, schedule.at);
                EntryState state;
                const Done probe{(qint64(s) << 32) | quint32(*day), EntryState::Received};
                const auto hit = std::lower_bound(mine.cbegin(), mine.cend(), probe);
                if (hit != mine.cend() && hit->key == probe.key)
                    state = hit->state;
                else if (nowMs < opens)
                    state = EntryState::Upcoming;
                else if (nowMs < opens + windowMs)
                    state = EntryState::Open;
                else
                    state = EntryState::Missed;
                perSubject.add(state);
                t.days[firstDay.daysTo(date)].add(state);
            }
        }
        t.sites[subject.site] += perSubject;
        t.total += perSubject;
    }
    return t;
}

QJsonObject ComplianceTally::toJson() const
{
    QJsonArray dayArray;
    for (qsizetype i = 0; i < days.size(); ++i) {
        QJsonObject o = days.at(i).toJson();
        o.insert(u"date"_s, formatDate(firstDay.addDays(i)));
        dayArray.append(o);
    }
    QJsonArray siteArray;
    for (auto it = sites.cbegin(); it != sites.cend(); ++it) {
        QJsonObject o = it.value().toJson();
        o.insert(u"site"_s, it.key());
        siteArray.append(o);
    }
    QJsonArray subjectArray;
    for (qsizetype i = 0; i < subjects.size(); ++i) {
        QJsonObject o = subjects.at(i).toJson();
        o.insert(u"subjectId"_s, subjectIds.at(i));
        o.insert(u"site"_s, subjectSites.at(i));
        subjectArray.append(o);
    }
    return {{u"from"_s, formatDate(firstDay)}, {u"to"_s, formatDate(lastDay)},
            {u"total"_s, total.toJson()},      {u"days"_s, dayArray},
            {u"sites"_s, siteArray},           {u"subjects"_s, subjectArray}};
}

} // namespace td

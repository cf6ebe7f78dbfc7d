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
    FulfilmentIndex index;
    for (const Fulfilment &f : fulfilments)
        index.add(f.subjectId, f.questionnaire, f.day, f.state);
    return compute(subjects, schedules, index, firstDay, lastDay, now, calendar);
}

ComplianceTally ComplianceTally::compute(const QList<ComplianceSubject> &subjects,
                                         const QList<QuestionnaireSchedule> &schedules, const FulfilmentIndex &index,
                                         const QDate &firstDay, const QDate &lastDay, const QDateTime &now,
                                         ScheduleCalendar *calendar)
{
    ComplianceTally t;
    t.firstDay = firstDay;
    t.lastDay = lastDay;
    const qsizetype dayCount = firstDay.isValid() && lastDay >= firstDay ? firstDay.daysTo(lastDay) + 1 : 0;
    t.days.resize(dayCount);
    t.subjects.resize(subjects.size());
    t.subjectIds.reserve(subjects.size());
    t.subjectSites.reserve(subjects.size());

    // Every entry in the range sits on one of the dayCount local dates, so both
    // lookups are dense arrays indexed by date: what was fulfilled per (subject,
    // schedule, date), and the opening instant per (zone, schedule, date). No hashing
    // per entry; one zone conversion per (zone, schedule, date).
    const qsizetype scheduleCount = schedules.size();
    for (qsizetype i = 0; i < subjects.size(); ++i) {
        t.subjectIds << subjects.at(i).subjectId;
        t.subjectSites << subjects.at(i).site;
    }
    // 0: not fulfilled; otherwise 1 + EntryState.
    std::vector<quint8> done(size_t(subjects.size() * scheduleCount * dayCount), 0);
    auto doneIndex = [&](qsizetype subject, qsizetype schedule, qsizetype date) {
        return size_t((subject * scheduleCount + schedule) * dayCount + date);
    };
    // The index's questionnaire numbers -> schedule index (-1: no schedule).
    QList<qsizetype> scheduleOf;
    for (const QString &key : index.questionnaires()) {
        qsizetype found = -1;
        for (qsizetype s = 0; s < scheduleCount; ++s) {
            if (schedules.at(s).questionnaire == key)
                found = s;
        }
        scheduleOf << found;
    }
    for (qsizetype i = 0; i < subjects.size() && dayCount > 0; ++i) {
        const ComplianceSubject &subj = subjects.at(i);
        for (const FulfilmentIndex::Entry &f : index.entriesOf(subj.subjectId)) {
            const qsizetype schedule = scheduleOf.at(f.questionnaire);
            if (schedule < 0)
                continue;
            const QDate anchor = subj.timeline.anchorFor(schedules.at(schedule));
            const qint64 date = anchor.isValid() ? firstDay.daysTo(anchor) + f.day : -1;
            if (date >= 0 && date < dayCount)
                done[doneIndex(i, schedule, date)] = quint8(1 + int(f.state));
        }
    }

    struct ZoneOpenings {
        QByteArray zoneId;
        std::vector<qint64> opens; // [schedule * dayCount + date], filled on first use (0 = not yet)
    };
    std::vector<ZoneOpenings> zones;
    ZoneOpenings *zone = nullptr;
    const qint64 nowMs = now.toMSecsSinceEpoch();
    for (qsizetype i = 0; i < subjects.size() && dayCount > 0; ++i) {
        const ComplianceSubject &subj = subjects.at(i);
        const QByteArray zoneId = subj.timeline.zone.id();
        if (!zone || zone->zoneId != zoneId) {
            const auto it = std::find_if(zones.begin(), zones.end(), [&](const auto &z) { return z.zoneId == zoneId; });
            if (it != zones.end()) {
                zone = &*it;
            } else {
                zones.push_back({zoneId, std::vector<qint64>(size_t(scheduleCount * dayCount), 0)});
                zone = &zones.back();
            }
        }
        ScheduleCalendar::ZoneCache *cache = calendar->cacheFor(subj.timeline.zone);
        ComplianceCounts &perSubject = t.subjects[i];
        for (qsizetype s = 0; s < scheduleCount; ++s) {
            const QuestionnaireSchedule &sched = schedules.at(s);
            const QDate anchor = subj.timeline.anchorFor(sched);
            if (!anchor.isValid())
                continue;
            const int base = int(anchor.daysTo(firstDay)); // the day number of firstDay
            int from = std::max(sched.startDay, base);
            int to = base + int(dayCount) - 1;
            if (const auto last = sched.lastDay(anchor, subj.timeline.studyEnd))
                to = std::min(to, *last);
            const qint64 windowMs = qint64(sched.windowMinutes) * 60'000;
            const bool everyDay = sched.rule == QuestionnaireSchedule::Rule::Daily;
            for (int day = from; day <= to; ++day) {
                if (!everyDay && !sched.fallsOn(day, anchor))
                    continue;
                const qsizetype date = day - base;
                qint64 &opens = zone->opens[size_t(s * dayCount + date)];
                if (opens == 0)
                    opens = calendar->openingMSecs(cache, subj.timeline.zone, firstDay.addDays(date), sched.at);
                EntryState state;
                if (const quint8 d = done[doneIndex(i, s, date)])
                    state = EntryState(d - 1);
                else if (nowMs < opens)
                    state = EntryState::Upcoming;
                else if (nowMs < opens + windowMs)
                    state = EntryState::Open;
                else
                    state = EntryState::Missed;
                perSubject.add(state);
                t.days[date].add(state);
            }
        }
        t.sites[subj.site] += perSubject;
        t.total += perSubject;
    }
    return t;
}

namespace {

void appendCounts(QByteArray &out, const ComplianceCounts &c)
{
    out += "\"expected\":" + QByteArray::number(c.expected) + ",\"late\":" + QByteArray::number(c.late)
           + ",\"missed\":" + QByteArray::number(c.missed) + ",\"open\":" + QByteArray::number(c.open)
           + ",\"received\":" + QByteArray::number(c.received) + ",\"upcoming\":" + QByteArray::number(c.upcoming);
}

// A JSON string; ids and sites are validated text, but escape what JSON requires anyway.
void appendString(QByteArray &out, const QString &text)
{
    out += '"';
    for (const char c : text.toUtf8()) {
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (uchar(c) < 0x20) {
            out += "\\u00" + QByteArray::number(uchar(c), 16).rightJustified(2, '0');
        } else {
            out += c;
        }
    }
    out += '"';
}

} // namespace

QByteArray ComplianceTally::toJsonText() const
{
    QByteArray out;
    out.reserve(200 + days.size() * 120 + sites.size() * 120 + subjects.size() * 140);
    out += "{\"days\":[";
    for (qsizetype i = 0; i < days.size(); ++i) {
        out += i ? ",{\"date\":\"" : "{\"date\":\"";
        out += formatDate(firstDay.addDays(i)).toLatin1() + "\",";
        appendCounts(out, days.at(i));
        out += '}';
    }
    out += "],\"from\":\"" + formatDate(firstDay).toLatin1() + "\",\"sites\":[";
    bool first = true;
    for (auto it = sites.cbegin(); it != sites.cend(); ++it) {
        out += first ? "{" : ",{";
        first = false;
        appendCounts(out, it.value());
        out += ",\"site\":";
        appendString(out, it.key());
        out += '}';
    }
    out += "],\"subjects\":[";
    for (qsizetype i = 0; i < subjects.size(); ++i) {
        out += i ? ",{" : "{";
        appendCounts(out, subjects.at(i));
        out += ",\"site\":";
        appendString(out, subjectSites.at(i));
        out += ",\"subjectId\":";
        appendString(out, subjectIds.at(i));
        out += '}';
    }
    out += "],\"to\":\"" + formatDate(lastDay).toLatin1() + "\",\"total\":{";
    appendCounts(out, total);
    out += "}}";
    return out;
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

#include "ProjectStats.h"

#include "Timestamps.h"

#include <QJsonArray>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace td {

QJsonObject ProjectStats::toJson() const
{
    QJsonArray dayArray;
    for (const Day &d : days)
        dayArray.append(QJsonObject{{u"date"_s, formatDate(d.date)},
                                    {u"expected"_s, d.expected},
                                    {u"submitted"_s, d.submitted},
                                    {u"late"_s, d.late},
                                    {u"missed"_s, d.missed},
                                    {u"open"_s, d.open}});
    QJsonArray missing;
    for (const Subject &subject : missingToday)
        missing.append(subject.toJson());
    QJsonArray entries;
    for (const TodayEntry &e : entriesToday)
        entries.append(QJsonObject{{u"subject"_s, e.subject.toJson()},
                                   {u"questionnaire"_s, e.questionnaire},
                                   {u"day"_s, e.day},
                                   {u"opensAt"_s, formatTimestamp(e.opensAt)},
                                   {u"closesAt"_s, formatTimestamp(e.closesAt)},
                                   {u"state"_s, entryStateName(e.state)}});
    return {{u"projectCode"_s, projectCode},
            {u"today"_s, formatDate(today)},
            {u"utcOffset"_s, formatUtcOffset(utcOffsetSeconds)},
            {u"basis"_s, basisName(basis)},
            {u"enrolled"_s, enrolled},
            {u"submittedToday"_s, submittedToday},
            {u"days"_s, dayArray},
            {u"missingToday"_s, missing},
            {u"entriesToday"_s, entries}};
}

QString ProjectStats::basisName(Basis basis)
{
    return basis == Basis::Schedule ? u"schedule"_s : u"enrolment"_s;
}

ProjectStats ProjectStats::fromJson(const QJsonObject &json)
{
    ProjectStats stats;
    stats.projectCode = json.value(u"projectCode"_s).toString();
    stats.today = parseDate(json.value(u"today"_s).toString()).value_or(QDate());
    stats.utcOffsetSeconds = parseUtcOffset(json.value(u"utcOffset"_s).toString()).value_or(0);
    stats.basis = json.value(u"basis"_s).toString() == u"schedule"_s ? Basis::Schedule : Basis::Enrolment;
    stats.enrolled = json.value(u"enrolled"_s).toInt();
    stats.submittedToday = json.value(u"submittedToday"_s).toInt();
    for (const QJsonValue &v : json.value(u"days"_s).toArray()) {
        const QJsonObject day = v.toObject();
        stats.days.append({parseDate(day.value(u"date"_s).toString()).value_or(QDate()),
                           day.value(u"expected"_s).toInt(), day.value(u"submitted"_s).toInt(),
                           day.value(u"late"_s).toInt(), day.value(u"missed"_s).toInt(), day.value(u"open"_s).toInt()});
    }
    for (const QJsonValue &v : json.value(u"missingToday"_s).toArray())
        stats.missingToday.append(Subject::fromJson(v.toObject()));
    for (const QJsonValue &v : json.value(u"entriesToday"_s).toArray()) {
        const QJsonObject e = v.toObject();
        stats.entriesToday.append({Subject::fromJson(e.value(u"subject"_s).toObject()),
                                   e.value(u"questionnaire"_s).toString(), e.value(u"day"_s).toInt(),
                                   parseTimestamp(e.value(u"opensAt"_s).toString()).value_or(QDateTime()),
                                   parseTimestamp(e.value(u"closesAt"_s).toString()).value_or(QDateTime()),
                                   entryStateFromName(e.value(u"state"_s).toString()).value_or(EntryState::Upcoming)});
    }
    return stats;
}

QString ProjectStats::formatUtcOffset(int seconds)
{
    const int minutes = std::abs(seconds) / 60;
    return (seconds < 0 ? u"-"_s : u"+"_s)
           + u"%1:%2"_s.arg(minutes / 60, 2, 10, QLatin1Char('0')).arg(minutes % 60, 2, 10, QLatin1Char('0'));
}

std::optional<int> ProjectStats::parseUtcOffset(const QString &text)
{
    static const QRegularExpression pattern(uR"(^([+-])(\d{2}):(\d{2})\z)"_s);
    const auto m = pattern.match(text);
    const int hours = m.captured(2).toInt();
    const int minutes = m.captured(3).toInt();
    if (!m.hasMatch() || hours > 14 || minutes > 59)
        return std::nullopt;
    return (hours * 3600 + minutes * 60) * (m.captured(1) == u"-"_s ? -1 : 1);
}

} // namespace td

#include "QuestionnaireSchedule.h"

#include "JsonInput.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace td {

namespace {

const QString kInvalidSchedule = u"invalid_schedule"_s;

const QRegularExpression &keyPattern()
{
    static const QRegularExpression re(u"^[A-Za-z0-9._-]{1,64}$"_s);
    return re;
}

const QRegularExpression &timePattern()
{
    static const QRegularExpression re(u"^([01][0-9]|2[0-3]):[0-5][0-9]$"_s);
    return re;
}

// Reads an array of integers in [min, max] that must be strictly ascending, so the
// stored form is canonical and "unique" needs no second pass. Every problem is
// reported on `key`; the first offending item is named in the message.
QList<int> readAscendingInts(FieldReader &reader, const QJsonObject &json, const QString &key, int min, int max,
                             int maxItems)
{
    const QJsonValue v = json.value(key);
    if (!v.isArray()) {
        reader.fail(key, u"must be an array of integers"_s);
        return {};
    }
    const QJsonArray array = v.toArray();
    if (array.isEmpty()) {
        reader.fail(key, u"must not be empty"_s);
        return {};
    }
    if (array.size() > maxItems) {
        reader.fail(key, u"must have at most %1 items"_s.arg(maxItems));
        return {};
    }
    QList<int> out;
    out.reserve(array.size());
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QJsonValue item = array.at(i);
        const double d = item.toDouble();
        if (!item.isDouble() || !std::isfinite(d) || std::floor(d) != d || d < min || d > max) {
            reader.fail(key, u"item %1 must be an integer between %2 and %3"_s.arg(i).arg(min).arg(max));
            return {};
        }
        if (!out.isEmpty() && int(d) <= out.constLast()) {
            reader.fail(key, u"must be in ascending order without repeats (item %1)"_s.arg(i));
            return {};
        }
        out << int(d);
    }
    return out;
}

// The optional "reminders" object; its problems are reported as "reminders.<key>".
ReminderSettings readReminders(FieldReader &outer, const QJsonValue &value)
{
    ReminderSettings settings;
    if (!value.isObject()) {
        outer.fail(u"reminders"_s, u"must be an object"_s);
        return settings;
    }
    const QJsonObject json = value.toObject();
    FieldReader reader(json);
    reader.rejectUnknown({u"enabled"_s, u"followUpAfterMinutes"_s, u"alertAfterMissed"_s});
    if (reader.has(u"enabled"_s)) {
        if (!json.value(u"enabled"_s).isBool())
            reader.fail(u"enabled"_s, u"must be true or false"_s);
        settings.enabled = json.value(u"enabled"_s).toBool(true);
    }
    settings.followUpAfterMinutes =
        int(reader.optionalInteger(u"followUpAfterMinutes"_s, 0, ReminderSettings::kMaxFollowUpMinutes).value_or(120));
    settings.alertAfterMissed =
        int(reader.optionalInteger(u"alertAfterMissed"_s, 0, ReminderSettings::kMaxAlertAfterMissed).value_or(3));
    if (!reader.ok()) {
        const ApiError error = reader.error();
        for (auto it = error.fields.cbegin(); it != error.fields.cend(); ++it)
            outer.fail(u"reminders."_s % it.key(), it.value());
    }
    return settings;
}

} // namespace

QString QuestionnaireSchedule::ruleName(Rule rule)
{
    switch (rule) {
    case Rule::Once:
        return u"once"_s;
    case Rule::Daily:
        return u"daily"_s;
    case Rule::Weekly:
        return u"weekly"_s;
    case Rule::DayOffsets:
        return u"dayOffsets"_s;
    }
    return {};
}

std::optional<QuestionnaireSchedule::Rule> QuestionnaireSchedule::ruleFromName(const QString &name)
{
    for (Rule r : {Rule::Once, Rule::Daily, Rule::Weekly, Rule::DayOffsets}) {
        if (ruleName(r) == name)
            return r;
    }
    return std::nullopt;
}

QStringList QuestionnaireSchedule::ruleNames()
{
    return {u"once"_s, u"daily"_s, u"weekly"_s, u"dayOffsets"_s};
}

QString QuestionnaireSchedule::anchorName(Anchor anchor)
{
    return anchor == Anchor::Enrolment ? u"enrolment"_s : u"subjectDate"_s;
}

std::optional<QuestionnaireSchedule::Anchor> QuestionnaireSchedule::anchorFromName(const QString &name)
{
    if (name == u"enrolment"_s)
        return Anchor::Enrolment;
    if (name == u"subjectDate"_s)
        return Anchor::SubjectDate;
    return std::nullopt;
}

bool QuestionnaireSchedule::isValidQuestionnaireKey(const QString &key)
{
    return keyPattern().match(key).hasMatch();
}

std::optional<QuestionnaireSchedule> QuestionnaireSchedule::fromJson(const QJsonObject &json, ApiError *error)
{
    FieldReader reader(json);
    reader.rejectUnknown({u"questionnaire"_s, u"rule"_s, u"at"_s, u"weekdays"_s, u"dayOffsets"_s, u"windowMinutes"_s,
                          u"anchor"_s, u"startDay"_s, u"endDay"_s, u"reminders"_s});
    QuestionnaireSchedule s;
    s.questionnaire = reader.requiredString(u"questionnaire"_s, 64, &keyPattern());

    const auto rule = ruleFromName(reader.enumString(u"rule"_s, ruleNames()));
    s.rule = rule.value_or(Rule::Daily);

    const QString at = reader.requiredString(u"at"_s, 5, &timePattern());
    s.at = QTime::fromString(at, u"HH:mm"_s);

    const bool weekly = rule == Rule::Weekly;
    const bool offsets = rule == Rule::DayOffsets;
    if (reader.has(u"weekdays"_s)) {
        if (rule && !weekly)
            reader.fail(u"weekdays"_s, u"is only used by the weekly rule"_s);
        else
            s.weekdays = readAscendingInts(reader, json, u"weekdays"_s, 1, 7, 7);
    } else if (weekly) {
        reader.fail(u"weekdays"_s, u"is required by the weekly rule"_s);
    }
    if (reader.has(u"dayOffsets"_s)) {
        if (rule && !offsets)
            reader.fail(u"dayOffsets"_s, u"is only used by the dayOffsets rule"_s);
        else
            s.dayOffsets = readAscendingInts(reader, json, u"dayOffsets"_s, 0, kMaxDay, kMaxDayOffsets);
    } else if (offsets) {
        reader.fail(u"dayOffsets"_s, u"is required by the dayOffsets rule"_s);
    }

    if (!reader.has(u"windowMinutes"_s)) {
        reader.fail(u"windowMinutes"_s, u"is required"_s);
    } else {
        // A daily window longer than a day would overlap the next day's entry.
        const int max = rule == Rule::Daily ? kMaxDailyWindowMinutes : kMaxWindowMinutes;
        s.windowMinutes = int(reader.optionalInteger(u"windowMinutes"_s, 1, max).value_or(1));
    }

    const QString anchor = reader.enumString(u"anchor"_s, {u"enrolment"_s, u"subjectDate"_s}, u"enrolment"_s);
    s.anchor = anchorFromName(anchor).value_or(Anchor::Enrolment);
    s.startDay = int(reader.optionalInteger(u"startDay"_s, 0, kMaxDay).value_or(0));
    if (reader.has(u"endDay"_s)) {
        if (rule == Rule::Once) {
            reader.fail(u"endDay"_s, u"is not used by the once rule (startDay is its day)"_s);
        } else {
            if (const auto end = reader.optionalInteger(u"endDay"_s, 0, kMaxDay))
                s.endDay = int(*end);
            if (s.endDay && *s.endDay < s.startDay)
                reader.fail(u"endDay"_s, u"must not be before startDay"_s);
        }
    }
    if (reader.has(u"reminders"_s))
        s.reminders = readReminders(reader, json.value(u"reminders"_s));
    if (!reader.ok()) {
        *error = reader.error();
        error->code = kInvalidSchedule; // one code for the whole request; fields say what
        return std::nullopt;
    }
    return s;
}

QJsonObject QuestionnaireSchedule::toJson() const
{
    QJsonObject json{
        {u"questionnaire"_s, questionnaire}, {u"rule"_s, ruleName(rule)},       {u"at"_s, at.toString(u"HH:mm"_s)},
        {u"windowMinutes"_s, windowMinutes}, {u"anchor"_s, anchorName(anchor)}, {u"startDay"_s, startDay},
    };
    auto ints = [](const QList<int> &list) {
        QJsonArray a;
        for (int v : list)
            a.append(v);
        return a;
    };
    if (rule == Rule::Weekly)
        json.insert(u"weekdays"_s, ints(weekdays));
    if (rule == Rule::DayOffsets)
        json.insert(u"dayOffsets"_s, ints(dayOffsets));
    if (endDay)
        json.insert(u"endDay"_s, *endDay);
    // Absent means the defaults, both ways: schedules stored before #16 read back as they were.
    if (reminders != ReminderSettings())
        json.insert(u"reminders"_s, QJsonObject{{u"enabled"_s, reminders.enabled},
                                                {u"followUpAfterMinutes"_s, reminders.followUpAfterMinutes},
                                                {u"alertAfterMissed"_s, reminders.alertAfterMissed}});
    return json;
}

std::optional<int> QuestionnaireSchedule::lastDay(const QDate &anchorDate, const std::optional<QDate> &studyEnd) const
{
    std::optional<int> last = rule == Rule::Once ? std::optional<int>(startDay) : endDay;
    if (rule == Rule::DayOffsets && !dayOffsets.isEmpty())
        last = std::min(last.value_or(kMaxDay), dayOffsets.constLast());
    if (studyEnd && anchorDate.isValid()) {
        const int studyLast = int(anchorDate.daysTo(*studyEnd));
        last = std::min(last.value_or(studyLast), studyLast);
    }
    return last;
}

bool QuestionnaireSchedule::fallsOn(int day, const QDate &anchorDate) const
{
    if (day < startDay)
        return false;
    switch (rule) {
    case Rule::Once:
        return day == startDay;
    case Rule::Daily:
        return true;
    case Rule::Weekly:
        return weekdays.contains(anchorDate.addDays(day).dayOfWeek());
    case Rule::DayOffsets:
        return std::binary_search(dayOffsets.cbegin(), dayOffsets.cend(), day);
    }
    return false;
}

std::optional<int> QuestionnaireSchedule::nextDay(int day, const QDate &anchorDate,
                                                  const std::optional<QDate> &studyEnd) const
{
    const auto last = lastDay(anchorDate, studyEnd);
    day = std::max(day, startDay);
    if (rule == Rule::DayOffsets) {
        const auto it = std::lower_bound(dayOffsets.cbegin(), dayOffsets.cend(), day);
        if (it == dayOffsets.cend())
            return std::nullopt;
        day = *it;
    } else {
        // Weekly needs at most six steps; daily and once none.
        for (int step = 0; step < 7 && !fallsOn(day, anchorDate); ++step)
            ++day;
        if (!fallsOn(day, anchorDate))
            return std::nullopt;
    }
    if (last && day > *last)
        return std::nullopt;
    return day;
}

std::optional<int> QuestionnaireSchedule::previousDay(int day, const QDate &anchorDate,
                                                      const std::optional<QDate> &studyEnd) const
{
    if (const auto last = lastDay(anchorDate, studyEnd))
        day = std::min(day, *last);
    if (day < startDay)
        return std::nullopt;
    if (rule == Rule::DayOffsets) {
        auto it = std::upper_bound(dayOffsets.cbegin(), dayOffsets.cend(), day);
        if (it == dayOffsets.cbegin())
            return std::nullopt;
        day = *std::prev(it);
    } else {
        for (int step = 0; step < 7 && day >= startDay && !fallsOn(day, anchorDate); ++step)
            --day;
    }
    if (day < startDay || !fallsOn(day, anchorDate))
        return std::nullopt;
    return day;
}

} // namespace td

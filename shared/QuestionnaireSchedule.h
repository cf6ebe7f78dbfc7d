#pragma once

#include "ApiError.h"

#include <QDate>
#include <QJsonObject>
#include <QList>
#include <QStringList>
#include <QTime>
#include <optional>

namespace td {

// When one questionnaire of a study is due for each subject (issue #15). Days are
// counted from the subject's anchor date (day 0 = the anchor itself), on the
// subject's local calendar; ScheduleCalendar turns them into UTC windows.
//
// JSON (camelCase): {"questionnaire":"daily-symptoms","rule":"daily","at":"08:00",
// "windowMinutes":120,"anchor":"enrolment","startDay":0,"endDay":89}, plus
// "weekdays":[1,3] for weekly and "dayOffsets":[0,7,14,28] for dayOffsets.
// "reminders" (issue #16, optional; absent = these defaults): a reminder when an
// entry opens, a second one `followUpAfterMinutes` later if nothing came (0: none),
// and a staff alert after `alertAfterMissed` consecutive missed entries (0: never).
struct ReminderSettings {
    static constexpr int kMaxFollowUpMinutes = 10080;
    static constexpr int kMaxAlertAfterMissed = 100;

    bool enabled = true;
    int followUpAfterMinutes = 120;
    int alertAfterMissed = 3;

    friend bool operator==(const ReminderSettings &, const ReminderSettings &) = default;
};

struct QuestionnaireSchedule {
    enum class Rule { Once, Daily, Weekly, DayOffsets };
    enum class Anchor { Enrolment, SubjectDate };

    static constexpr int kMaxDay = 3650;            // ten years after the anchor
    static constexpr int kMaxDayOffsets = 366;      // one a day for a year
    static constexpr int kMaxWindowMinutes = 10080; // one week
    static constexpr int kMaxDailyWindowMinutes = 1440;

    QString questionnaire; // the questionnaire key, 1-64 of [A-Za-z0-9._-]
    Rule rule = Rule::Daily;
    QTime at = QTime(8, 0);  // local opening time, minute precision
    QList<int> weekdays;     // weekly only: 1 = Monday ... 7 = Sunday, ascending, unique
    QList<int> dayOffsets;   // dayOffsets only: ascending, unique, 0 ... kMaxDay
    int windowMinutes = 120; // elapsed minutes from the opening
    Anchor anchor = Anchor::Enrolment;
    int startDay = 0;          // first day (for `once` the only day)
    std::optional<int> endDay; // last day, inclusive; absent = up to the study's end date
    ReminderSettings reminders;

    static QString ruleName(Rule rule);
    static std::optional<Rule> ruleFromName(const QString &name);
    static QStringList ruleNames();
    static QString anchorName(Anchor anchor);
    static std::optional<Anchor> anchorFromName(const QString &name);
    static bool isValidQuestionnaireKey(const QString &key);

    // Rejects unknown fields and reports every problem at once in `error->fields`
    // (keyed by field path, e.g. "weekdays", "dayOffsets[2]", "reminders.alertAfterMissed"),
    // code invalid_schedule.
    static std::optional<QuestionnaireSchedule> fromJson(const QJsonObject &json, ApiError *error);
    QJsonObject toJson() const;

    // The last day an entry can fall on for a subject whose anchor is `anchorDate`,
    // given the study's end date (inclusive); nullopt = open-ended.
    std::optional<int> lastDay(const QDate &anchorDate, const std::optional<QDate> &studyEnd) const;
    // Whether `day` (days after `anchorDate`) carries an entry, ignoring the end bounds.
    bool fallsOn(int day, const QDate &anchorDate) const;
    // The nearest day carrying an entry at or after / at or before `day`, within
    // [startDay, lastDay]; nullopt when there is none.
    std::optional<int> nextDay(int day, const QDate &anchorDate, const std::optional<QDate> &studyEnd) const;
    std::optional<int> previousDay(int day, const QDate &anchorDate, const std::optional<QDate> &studyEnd) const;

    friend bool operator==(const QuestionnaireSchedule &, const QuestionnaireSchedule &) = default;
};

} // namespace td

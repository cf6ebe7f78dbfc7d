#pragma once

#include "ExpectedEntry.h"
#include "Subject.h"

#include <QDate>
#include <QJsonObject>
#include <QList>
#include <optional>

namespace td {

// The answer to GET /api/v1/projects/{code}/stats: a study's daily submissions in
// the sites' local time (the `utcOffset` asked for), and who has not submitted today.
//
// Two bases (issue #15): a study with questionnaire schedules is counted from its
// expected entries (each subject's own calendar, states at the time of the request);
// a study without any keeps the older picture, one submission per enrolled subject
// per day.
struct ProjectStats {
    enum class Basis { Enrolment, Schedule };

    struct Day {
        QDate date;
        // Enrolment: subjects enrolled by that day. Schedule: entries opened that day
        // by now (received + late + missed + open).
        int expected = 0;
        // Enrolment: subjects who submitted that day. Schedule: entries fulfilled,
        // in their window or late.
        int submitted = 0;
        // Schedule basis only (0 otherwise).
        int late = 0;
        int missed = 0;
        int open = 0;
    };

    // An entry of today's (an entry belongs to the local date it opens on), with its
    // state at the time of the request.
    struct TodayEntry {
        Subject subject;
        QString questionnaire;
        int day = 0;
        QDateTime opensAt;
        QDateTime closesAt;
        EntryState state = EntryState::Upcoming;
    };

    QString projectCode;
    QDate today; // at utcOffsetSeconds
    int utcOffsetSeconds = 0;
    int enrolled = 0;
    int submittedToday = 0;
    Basis basis = Basis::Enrolment;
    QList<Day> days; // oldest first, today last
    // Enrolment: no submission today. Schedule: an entry today open and not yet
    // received, or missed.
    QList<Subject> missingToday;
    // Schedule basis only: every entry of today, ordered by opensAt.
    QList<TodayEntry> entriesToday;

    QJsonObject toJson() const;
    // Trusts its input (it comes from our server).
    static ProjectStats fromJson(const QJsonObject &json);

    // "+08:00", "-03:30", "+00:00": east of UTC positive, as the `utcOffset` parameter
    // and answer field have it.
    static QString formatUtcOffset(int seconds);
    // Nullopt unless `text` is such an offset of at most 14 hours.
    static std::optional<int> parseUtcOffset(const QString &text);
    static QString basisName(Basis basis);
};

} // namespace td

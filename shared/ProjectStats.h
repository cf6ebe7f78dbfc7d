#pragma once

#include "Subject.h"

#include <QDate>
#include <QJsonObject>
#include <QList>
#include <optional>

namespace td {

// The answer to GET /api/v1/projects/{code}/stats: a study's daily submissions in
// the sites' local time (the `utcOffset` asked for), and who has not submitted today.
struct ProjectStats {
    struct Day {
        QDate date;
        int expected = 0; // subjects enrolled by that day
        int submitted = 0;
    };

    QString projectCode;
    QDate today; // at utcOffsetSeconds
    int utcOffsetSeconds = 0;
    int enrolled = 0;
    int submittedToday = 0;
    QList<Day> days; // oldest first, today last
    QList<Subject> missingToday;

    QJsonObject toJson() const;
    // Trusts its input (it comes from our server).
    static ProjectStats fromJson(const QJsonObject &json);

    // "+08:00", "-03:30", "+00:00": east of UTC positive, as the `utcOffset` parameter
    // and answer field have it.
    static QString formatUtcOffset(int seconds);
    // Nullopt unless `text` is such an offset of at most 14 hours.
    static std::optional<int> parseUtcOffset(const QString &text);
};

} // namespace td

#pragma once

#include <QDate>
#include <QDateTime>
#include <QString>
#include <optional>

namespace td {

// The state of one expected entry at a given moment (issue #15).
enum class EntryState { Upcoming, Open, Received, Late, Missed };

QString entryStateName(EntryState state);
std::optional<EntryState> entryStateFromName(const QString &name);

// One occasion on which a subject is expected to fill in a questionnaire: the
// window [opensAt, closesAt) in UTC, opened at the schedule's local time on `localDate`.
struct ExpectedEntry {
    QString questionnaire;
    int day = 0; // days after the subject's anchor date
    QDate localDate;
    QDateTime opensAt;
    QDateTime closesAt;

    // At `now`, given how the entry was fulfilled (Received or Late), if at all:
    // fulfilled entries keep their fulfilment; otherwise upcoming before opensAt,
    // open until closesAt, missed after.
    EntryState stateAt(const QDateTime &now, std::optional<EntryState> fulfilment = std::nullopt) const;

    friend bool operator==(const ExpectedEntry &, const ExpectedEntry &) = default;
};

} // namespace td

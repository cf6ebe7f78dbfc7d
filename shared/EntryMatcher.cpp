#include "EntryMatcher.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace td {

QString EntryMatch::kindName(Kind kind)
{
    switch (kind) {
    case Kind::Received:
        return u"received"_s;
    case Kind::Late:
        return u"late"_s;
    case Kind::Duplicate:
        return u"duplicate"_s;
    case Kind::Unscheduled:
        return u"unscheduled"_s;
    }
    return {};
}

std::optional<EntryMatch::Kind> EntryMatch::kindFromName(const QString &name)
{
    for (Kind k : {Kind::Received, Kind::Late, Kind::Duplicate, Kind::Unscheduled}) {
        if (kindName(k) == name)
            return k;
    }
    return std::nullopt;
}

EntryMatch EntryMatcher::match(const QList<ExpectedEntry> &entries, const QSet<int> &fulfilledDays, const QDateTime &at)
{
    // The first entry opening after `at`; the one before it is E.
    const auto next = std::upper_bound(entries.cbegin(), entries.cend(), at,
                                       [](const QDateTime &t, const ExpectedEntry &e) { return t < e.opensAt; });
    if (next == entries.cbegin())
        return {EntryMatch::Kind::Unscheduled, std::nullopt};
    const ExpectedEntry &e = *std::prev(next);
    EntryMatch::Kind kind;
    if (at < e.closesAt) {
        kind = EntryMatch::Kind::Received;
    } else {
        const QDateTime lateUntil =
            next != entries.cend() ? next->opensAt : e.closesAt.addMSecs(e.opensAt.msecsTo(e.closesAt));
        if (at >= lateUntil)
            return {EntryMatch::Kind::Unscheduled, std::nullopt};
        kind = EntryMatch::Kind::Late;
    }
    if (fulfilledDays.contains(e.day))
        kind = EntryMatch::Kind::Duplicate;
    return {kind, e.day};
}

} // namespace td

#include "ExpectedEntry.h"

using namespace Qt::StringLiterals;

namespace td {

QString entryStateName(EntryState state)
{
    switch (state) {
    case EntryState::Upcoming:
        return u"upcoming"_s;
    case EntryState::Open:
        return u"open"_s;
    case EntryState::Received:
        return u"received"_s;
    case EntryState::Late:
        return u"late"_s;
    case EntryState::Missed:
        return u"missed"_s;
    }
    return {};
}

std::optional<EntryState> entryStateFromName(const QString &name)
{
    for (EntryState s :
         {EntryState::Upcoming, EntryState::Open, EntryState::Received, EntryState::Late, EntryState::Missed}) {
        if (entryStateName(s) == name)
            return s;
    }
    return std::nullopt;
}

EntryState ExpectedEntry::stateAt(const QDateTime &now, std::optional<EntryState> fulfilment) const
{
    if (fulfilment == EntryState::Received || fulfilment == EntryState::Late)
        return *fulfilment;
    if (now < opensAt)
        return EntryState::Upcoming;
    if (now < closesAt)
        return EntryState::Open;
    return EntryState::Missed;
}

} // namespace td

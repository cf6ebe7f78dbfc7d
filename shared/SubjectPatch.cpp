#include "SubjectPatch.h"

#include "JsonInput.h"
#include "Timestamps.h"

using namespace Qt::StringLiterals;

namespace td {

const QStringList &SubjectPatch::writableFields()
{
    static const QStringList list = {u"timeZone"_s, u"anchorDate"_s};
    return list;
}

SubjectPatch SubjectPatch::between(const Subject &original, const Subject &edited)
{
    SubjectPatch patch;
    if (edited.timeZone != original.timeZone)
        patch.timeZone.emplace(edited.timeZone);
    if (edited.anchorDate != original.anchorDate)
        patch.anchorDate.emplace(edited.anchorDate);
    return patch;
}

bool SubjectPatch::isEmpty() const
{
    return !timeZone && !anchorDate;
}

bool SubjectPatch::changes(const Subject &current) const
{
    return (timeZone && *timeZone != current.timeZone) || (anchorDate && *anchorDate != current.anchorDate);
}

void SubjectPatch::applyTo(Subject &subject) const
{
    if (timeZone)
        subject.timeZone = *timeZone;
    if (anchorDate)
        subject.anchorDate = *anchorDate;
}

QJsonObject SubjectPatch::toJson() const
{
    QJsonObject json;
    if (timeZone)
        json.insert(u"timeZone"_s, *timeZone ? QJsonValue(**timeZone) : QJsonValue());
    if (anchorDate)
        json.insert(u"anchorDate"_s, *anchorDate ? QJsonValue(formatDate(**anchorDate)) : QJsonValue());
    return json;
}

std::optional<SubjectPatch> SubjectPatch::fromJson(const QJsonObject &json, ApiError *error)
{
    FieldReader reader(json);
    reader.rejectUnknown(writableFields());
    SubjectPatch patch;
    if (json.contains(u"timeZone"_s))
        patch.timeZone.emplace(reader.optionalTimeZone(u"timeZone"_s));
    if (json.contains(u"anchorDate"_s)) {
        const auto date = reader.optionalDate(u"anchorDate"_s);
        if (date && !Subject::isPlausibleAnchorDate(*date))
            reader.fail(u"anchorDate"_s, u"must lie between 1900-01-01 and 2199-12-31"_s, u"implausible_value"_s);
        patch.anchorDate.emplace(date);
    }
    if (json.isEmpty())
        reader.fail(u"timeZone"_s, u"a patch needs timeZone or anchorDate"_s, u"missing_field"_s);
    if (!reader.ok()) {
        *error = reader.error();
        return std::nullopt;
    }
    return patch;
}

} // namespace td

#include "StudyMembership.h"

#include "JsonInput.h"
#include "Timestamps.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace td {

QStringList StudyMembership::studyRoleNames()
{
    return {u"pm"_s, u"crc"_s, u"monitor"_s};
}

QJsonObject StudyMembership::toJson() const
{
    return {{u"projectCode"_s, projectCode},
            {u"username"_s, username},
            {u"displayName"_s, displayName},
            {u"studyRole"_s, roleName(studyRole)},
            {u"sites"_s, QJsonArray::fromStringList(sites)},
            {u"createdAt"_s, createdAt.isValid() ? QJsonValue(formatTimestamp(createdAt)) : QJsonValue()},
            {u"createdBy"_s, createdBy}};
}

QJsonObject StudyMembership::toScopeJson() const
{
    return {{u"projectCode"_s, projectCode},
            {u"studyRole"_s, roleName(studyRole)},
            {u"sites"_s, QJsonArray::fromStringList(sites)}};
}

StudyMembership StudyMembership::fromJson(const QJsonObject &json)
{
    StudyMembership m;
    m.projectCode = json.value(u"projectCode"_s).toString();
    m.username = json.value(u"username"_s).toString();
    m.displayName = json.value(u"displayName"_s).toString();
    m.studyRole = roleFromName(json.value(u"studyRole"_s).toString()).value_or(Role::Monitor);
    for (const QJsonValue &site : json.value(u"sites"_s).toArray())
        m.sites << site.toString();
    m.createdAt = parseTimestamp(json.value(u"createdAt"_s).toString()).value_or(QDateTime());
    m.createdBy = json.value(u"createdBy"_s).toString();
    return m;
}

QJsonObject MembershipChange::toJson() const
{
    return {{u"studyRole"_s, roleName(studyRole)}, {u"sites"_s, QJsonArray::fromStringList(sites)}};
}

std::optional<MembershipChange> MembershipChange::fromJson(const QJsonObject &json, ApiError *error)
{
    FieldReader reader(json);
    reader.rejectUnknown({u"studyRole"_s, u"sites"_s});
    MembershipChange change;
    const QString role = reader.enumString(u"studyRole"_s, StudyMembership::studyRoleNames());
    // The same bounds as a study's own list of sites (ProjectPatch).
    change.sites = reader.stringList(u"sites"_s, 500, 100);
    if (!reader.ok()) {
        *error = reader.error();
        return std::nullopt;
    }
    change.studyRole = *roleFromName(role);
    return change;
}

} // namespace td

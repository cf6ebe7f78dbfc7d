#include "Project.h"

#include "JsonInput.h"
#include "ProjectPatch.h"
#include "Timestamps.h"

#include <QJsonArray>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace td {

namespace {

const QRegularExpression &codePattern()
{
    static const QRegularExpression re(u"^[A-Za-z0-9._-]{1,32}\\z"_s);
    return re;
}

} // namespace

const QStringList &Project::phases()
{
    static const QStringList list = {u"I"_s, u"II"_s, u"III"_s, u"IV"_s, u"N/A"_s};
    return list;
}

const QStringList &Project::statuses()
{
    static const QStringList list = {u"planning"_s, u"active"_s, u"suspended"_s, u"completed"_s};
    return list;
}

const QStringList &Project::writableFields()
{
    static const QStringList list = {u"code"_s,      u"title"_s,   u"phase"_s,
                                     u"status"_s,    u"sponsor"_s, u"principalInvestigator"_s,
                                     u"startDate"_s, u"endDate"_s, u"targetEnrollment"_s,
                                     u"sites"_s,     u"timeZone"_s};
    return list;
}

QString Project::defaultTimeZone()
{
    return u"Asia/Shanghai"_s;
}

bool Project::isValidCode(const QString &code)
{
    return codePattern().match(code).hasMatch();
}

std::optional<Project> Project::fromCreateRequest(const QJsonObject &json, ApiError *error)
{
    FieldReader reader(json);
    reader.rejectUnknown(writableFields());
    Project project;
    project.code = reader.requiredString(u"code"_s, 32, &codePattern());
    // "active" would be shadowed by GET /api/v1/projects/active.
    if (project.code.compare(u"active"_s, Qt::CaseInsensitive) == 0)
        reader.fail(u"code"_s, u"is reserved"_s);
    if (!json.contains(u"title"_s))
        reader.fail(u"title"_s, u"is required"_s, u"missing_field"_s);
    ProjectPatch::read(reader, json).mergeInto(project);
    ProjectPatch::checkDateOrder(reader, project);
    if (!reader.ok()) {
        *error = reader.error();
        return std::nullopt;
    }
    return project;
}

QJsonObject Project::toCreateRequest() const
{
    QJsonObject json{{u"code"_s, code},
                     {u"title"_s, title},
                     {u"phase"_s, phase},
                     {u"status"_s, status},
                     {u"sites"_s, QJsonArray::fromStringList(sites)},
                     {u"timeZone"_s, timeZone}};
    if (!sponsor.isEmpty())
        json.insert(u"sponsor"_s, sponsor);
    if (!principalInvestigator.isEmpty())
        json.insert(u"principalInvestigator"_s, principalInvestigator);
    if (startDate)
        json.insert(u"startDate"_s, formatDate(*startDate));
    if (endDate)
        json.insert(u"endDate"_s, formatDate(*endDate));
    if (targetEnrollment)
        json.insert(u"targetEnrollment"_s, *targetEnrollment);
    return json;
}

QJsonObject Project::toJson() const
{
    auto optionalText = [](const QString &s) { return s.isEmpty() ? QJsonValue() : QJsonValue(s); };
    return {
        {u"code"_s, code},
        {u"title"_s, title},
        {u"phase"_s, phase},
        {u"status"_s, status},
        {u"sponsor"_s, optionalText(sponsor)},
        {u"principalInvestigator"_s, optionalText(principalInvestigator)},
        {u"startDate"_s, startDate ? QJsonValue(formatDate(*startDate)) : QJsonValue()},
        {u"endDate"_s, endDate ? QJsonValue(formatDate(*endDate)) : QJsonValue()},
        {u"targetEnrollment"_s, targetEnrollment ? QJsonValue(*targetEnrollment) : QJsonValue()},
        {u"sites"_s, QJsonArray::fromStringList(sites)},
        {u"timeZone"_s, timeZone},
        {u"enrolledCount"_s, enrolledCount},
        {u"createdAt"_s, formatTimestamp(createdAt)},
        {u"updatedAt"_s, formatTimestamp(updatedAt)},
    };
}

Project Project::fromJson(const QJsonObject &json)
{
    Project p;
    p.code = json.value(u"code"_s).toString();
    p.title = json.value(u"title"_s).toString();
    p.phase = json.value(u"phase"_s).toString(p.phase);
    p.status = json.value(u"status"_s).toString(p.status);
    p.sponsor = json.value(u"sponsor"_s).toString();
    p.principalInvestigator = json.value(u"principalInvestigator"_s).toString();
    p.startDate = parseDate(json.value(u"startDate"_s).toString());
    p.endDate = parseDate(json.value(u"endDate"_s).toString());
    if (json.value(u"targetEnrollment"_s).isDouble())
        p.targetEnrollment = json.value(u"targetEnrollment"_s).toInt();
    for (const QJsonValue &v : json.value(u"sites"_s).toArray())
        p.sites << v.toString();
    p.timeZone = json.value(u"timeZone"_s).toString(p.timeZone);
    p.enrolledCount = json.value(u"enrolledCount"_s).toInt();
    p.createdAt = parseTimestamp(json.value(u"createdAt"_s).toString()).value_or(QDateTime());
    p.updatedAt = parseTimestamp(json.value(u"updatedAt"_s).toString()).value_or(QDateTime());
    return p;
}

} // namespace td

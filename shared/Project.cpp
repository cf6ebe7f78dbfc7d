#include "Project.h"

#include "JsonInput.h"
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

const QStringList kWritableFields = {u"code"_s,      u"title"_s,   u"phase"_s,
                                     u"status"_s,    u"sponsor"_s, u"principalInvestigator"_s,
                                     u"startDate"_s, u"endDate"_s, u"targetEnrollment"_s,
                                     u"sites"_s};

// Reads every field present in `json` into `project`, reporting problems to `reader`.
void readFields(FieldReader &reader, const QJsonObject &json, Project &project)
{
    if (json.contains(u"title"_s))
        project.title = reader.requiredString(u"title"_s, 200);
    if (json.contains(u"phase"_s) && !json.value(u"phase"_s).isNull())
        project.phase = reader.enumString(u"phase"_s, Project::phases(), u"N/A"_s);
    if (json.contains(u"status"_s) && !json.value(u"status"_s).isNull())
        project.status = reader.enumString(u"status"_s, Project::statuses(), u"planning"_s);
    if (json.contains(u"sponsor"_s))
        project.sponsor = reader.optionalString(u"sponsor"_s, 200).value_or(QString());
    if (json.contains(u"principalInvestigator"_s))
        project.principalInvestigator = reader.optionalString(u"principalInvestigator"_s, 200).value_or(QString());
    if (json.contains(u"startDate"_s))
        project.startDate = reader.optionalDate(u"startDate"_s);
    if (json.contains(u"endDate"_s))
        project.endDate = reader.optionalDate(u"endDate"_s);
    if (json.contains(u"targetEnrollment"_s)) {
        const auto n = reader.optionalInteger(u"targetEnrollment"_s, 0, 10'000'000);
        project.targetEnrollment = n ? std::optional<int>(int(*n)) : std::nullopt;
    }
    if (json.contains(u"sites"_s))
        project.sites = reader.stringList(u"sites"_s, 500, 100);
    if (project.startDate && project.endDate && *project.endDate < *project.startDate)
        reader.fail(u"endDate"_s, u"must not be before startDate"_s);
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

bool Project::isValidCode(const QString &code)
{
    return codePattern().match(code).hasMatch();
}

std::optional<Project> Project::fromCreateRequest(const QJsonObject &json, ApiError *error)
{
    FieldReader reader(json);
    reader.rejectUnknown(kWritableFields);
    Project project;
    project.code = reader.requiredString(u"code"_s, 32, &codePattern());
    // "active" would be shadowed by GET /api/v1/projects/active.
    if (project.code.compare(u"active"_s, Qt::CaseInsensitive) == 0)
        reader.fail(u"code"_s, u"is reserved"_s);
    if (!json.contains(u"title"_s))
        reader.fail(u"title"_s, u"is required"_s, u"missing_field"_s);
    readFields(reader, json, project);
    if (!reader.ok()) {
        *error = reader.error();
        return std::nullopt;
    }
    return project;
}

std::optional<Project> Project::applyPatch(const Project &current, const QJsonObject &patch, ApiError *error)
{
    FieldReader reader(patch);
    reader.rejectUnknown(kWritableFields);
    if (patch.contains(u"code"_s) && patch.value(u"code"_s).toString() != current.code)
        reader.fail(u"code"_s, u"cannot be changed"_s, u"read_only_field"_s);
    // A patch cannot clear phase or status: null there would silently mean "reset".
    for (const QString &key : {u"phase"_s, u"status"_s}) {
        if (patch.contains(key) && patch.value(key).isNull())
            reader.fail(key, u"must not be null"_s, u"invalid_type"_s);
    }
    Project project = current;
    readFields(reader, patch, project);
    if (!reader.ok()) {
        *error = reader.error();
        return std::nullopt;
    }
    return project;
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
    p.enrolledCount = json.value(u"enrolledCount"_s).toInt();
    p.createdAt = parseTimestamp(json.value(u"createdAt"_s).toString()).value_or(QDateTime());
    p.updatedAt = parseTimestamp(json.value(u"updatedAt"_s).toString()).value_or(QDateTime());
    return p;
}

} // namespace td

#include "ProjectPatch.h"

#include "JsonInput.h"
#include "Timestamps.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace td {

namespace {

void failChangedCode(FieldReader &reader)
{
    reader.fail(u"code"_s, u"cannot be changed"_s, u"read_only_field"_s);
}

QJsonValue optionalText(const QString &text)
{
    return text.isEmpty() ? QJsonValue() : QJsonValue(text);
}

QJsonValue optionalDate(const std::optional<QDate> &date)
{
    return date ? QJsonValue(formatDate(*date)) : QJsonValue();
}

} // namespace

ProjectPatch ProjectPatch::between(const Project &original, const Project &edited)
{
    ProjectPatch patch;
    if (edited.title != original.title)
        patch.title = edited.title;
    if (edited.phase != original.phase)
        patch.phase = edited.phase;
    if (edited.status != original.status)
        patch.status = edited.status;
    if (edited.sponsor != original.sponsor)
        patch.sponsor = edited.sponsor;
    if (edited.principalInvestigator != original.principalInvestigator)
        patch.principalInvestigator = edited.principalInvestigator;
    if (edited.startDate != original.startDate)
        patch.startDate.emplace(edited.startDate);
    if (edited.endDate != original.endDate)
        patch.endDate.emplace(edited.endDate);
    if (edited.targetEnrollment != original.targetEnrollment)
        patch.targetEnrollment.emplace(edited.targetEnrollment);
    if (edited.sites != original.sites)
        patch.sites = edited.sites;
    if (edited.timeZone != original.timeZone)
        patch.timeZone = edited.timeZone;
    return patch;
}

bool ProjectPatch::isEmpty() const
{
    return !code && !title && !phase && !status && !sponsor && !principalInvestigator && !startDate && !endDate
           && !targetEnrollment && !sites && !timeZone;
}

QJsonObject ProjectPatch::toJson() const
{
    QJsonObject json;
    if (code)
        json.insert(u"code"_s, *code);
    if (title)
        json.insert(u"title"_s, *title);
    if (phase)
        json.insert(u"phase"_s, *phase);
    if (status)
        json.insert(u"status"_s, *status);
    if (sponsor)
        json.insert(u"sponsor"_s, optionalText(*sponsor));
    if (principalInvestigator)
        json.insert(u"principalInvestigator"_s, optionalText(*principalInvestigator));
    if (startDate)
        json.insert(u"startDate"_s, optionalDate(*startDate));
    if (endDate)
        json.insert(u"endDate"_s, optionalDate(*endDate));
    if (targetEnrollment)
        json.insert(u"targetEnrollment"_s, *targetEnrollment ? QJsonValue(**targetEnrollment) : QJsonValue());
    if (sites)
        json.insert(u"sites"_s, QJsonArray::fromStringList(*sites));
    if (timeZone)
        json.insert(u"timeZone"_s, *timeZone);
    return json;
}

std::optional<ProjectPatch> ProjectPatch::fromJson(const QJsonObject &json, ApiError *error)
{
    FieldReader reader(json);
    reader.rejectUnknown(Project::writableFields());
    // A code that is not even a string cannot be the study's own.
    std::optional<QString> code;
    if (json.contains(u"code"_s)) {
        if (json.value(u"code"_s).isString())
            code = json.value(u"code"_s).toString();
        else
            failChangedCode(reader);
    }
    // A patch cannot clear phase, status or timeZone: null there would silently mean "reset".
    for (const QString &key : {u"phase"_s, u"status"_s, u"timeZone"_s}) {
        if (json.contains(key) && json.value(key).isNull())
            reader.fail(key, u"must not be null"_s, u"invalid_type"_s);
    }
    ProjectPatch patch = read(reader, json);
    patch.code = code;
    if (!reader.ok()) {
        *error = reader.error();
        return std::nullopt;
    }
    return patch;
}

std::optional<Project> ProjectPatch::applyTo(const Project &current, ApiError *error) const
{
    FieldReader reader{QJsonObject()};
    if (code && *code != current.code)
        failChangedCode(reader);
    Project project = current;
    mergeInto(project);
    checkDateOrder(reader, project);
    if (!reader.ok()) {
        *error = reader.error();
        return std::nullopt;
    }
    return project;
}

ProjectPatch ProjectPatch::read(FieldReader &reader, const QJsonObject &json)
{
    ProjectPatch patch;
    if (json.contains(u"title"_s))
        patch.title = reader.requiredString(u"title"_s, 200);
    if (json.contains(u"phase"_s) && !json.value(u"phase"_s).isNull())
        patch.phase = reader.enumString(u"phase"_s, Project::phases(), u"N/A"_s);
    if (json.contains(u"status"_s) && !json.value(u"status"_s).isNull())
        patch.status = reader.enumString(u"status"_s, Project::statuses(), u"planning"_s);
    if (json.contains(u"sponsor"_s))
        patch.sponsor = reader.optionalString(u"sponsor"_s, 200).value_or(QString());
    if (json.contains(u"principalInvestigator"_s))
        patch.principalInvestigator = reader.optionalString(u"principalInvestigator"_s, 200).value_or(QString());
    if (json.contains(u"startDate"_s))
        patch.startDate.emplace(reader.optionalDate(u"startDate"_s));
    if (json.contains(u"endDate"_s))
        patch.endDate.emplace(reader.optionalDate(u"endDate"_s));
    if (json.contains(u"targetEnrollment"_s)) {
        const auto n = reader.optionalInteger(u"targetEnrollment"_s, 0, 10'000'000);
        patch.targetEnrollment.emplace(n ? std::optional<int>(int(*n)) : std::nullopt);
    }
    if (json.contains(u"sites"_s))
        patch.sites = reader.stringList(u"sites"_s, 500, 100);
    if (json.contains(u"timeZone"_s) && !json.value(u"timeZone"_s).isNull())
        patch.timeZone = reader.optionalTimeZone(u"timeZone"_s);
    return patch;
}

void ProjectPatch::mergeInto(Project &project) const
{
    if (title)
        project.title = *title;
    if (phase)
        project.phase = *phase;
    if (status)
        project.status = *status;
    if (sponsor)
        project.sponsor = *sponsor;
    if (principalInvestigator)
        project.principalInvestigator = *principalInvestigator;
    if (startDate)
        project.startDate = *startDate;
    if (endDate)
        project.endDate = *endDate;
    if (targetEnrollment)
        project.targetEnrollment = *targetEnrollment;
    if (sites)
        project.sites = *sites;
    if (timeZone)
        project.timeZone = *timeZone;
}

void ProjectPatch::checkDateOrder(FieldReader &reader, const Project &project)
{
    if (project.startDate && project.endDate && *project.endDate < *project.startDate)
        reader.fail(u"endDate"_s, u"must not be before startDate"_s);
}

} // namespace td

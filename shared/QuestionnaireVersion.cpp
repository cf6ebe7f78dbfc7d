#include "QuestionnaireVersion.h"

#include "Timestamps.h"

using namespace Qt::StringLiterals;

namespace td {

namespace {

QJsonValue optionalText(const QString &text)
{
    return text.isEmpty() ? QJsonValue() : QJsonValue(text);
}

QJsonValue optionalTime(const std::optional<QDateTime> &time)
{
    return time ? QJsonValue(formatTimestamp(*time)) : QJsonValue();
}

LocalizedText textFromJson(const QJsonValue &value)
{
    const QJsonObject o = value.toObject();
    return {o.value(u"en"_s).toString(), o.value(u"zh_CN"_s).toString()};
}

} // namespace

QString QuestionnaireVersion::statusName(Status status)
{
    return status == Status::Published ? u"published"_s : u"draft"_s;
}

QJsonObject QuestionnaireVersion::toJson(bool withDefinition) const
{
    QJsonObject json{
        {u"projectCode"_s, projectCode},
        {u"key"_s, definition.key},
        {u"version"_s, version},
        {u"status"_s, statusName(status)},
        {u"contentHash"_s, contentHash},
        {u"title"_s, definition.title.toJson()},
        {u"createdBy"_s, createdBy},
        {u"createdAt"_s, formatTimestamp(createdAt)},
        {u"updatedBy"_s, optionalText(updatedBy)},
        {u"updatedAt"_s, updatedAt.isValid() ? QJsonValue(formatTimestamp(updatedAt)) : QJsonValue()},
        {u"publishedBy"_s, optionalText(publishedBy)},
        {u"publishedAt"_s, optionalTime(publishedAt)},
        {u"signatureMeaning"_s, optionalText(signatureMeaning)},
    };
    if (withDefinition)
        json.insert(u"definition"_s, definition.toJson());
    return json;
}

QuestionnaireVersion QuestionnaireVersion::fromJson(const QJsonObject &json)
{
    QuestionnaireVersion v;
    v.projectCode = json.value(u"projectCode"_s).toString();
    v.version = json.value(u"version"_s).toInt();
    v.status = json.value(u"status"_s).toString() == u"published"_s ? Status::Published : Status::Draft;
    v.contentHash = json.value(u"contentHash"_s).toString();
    v.createdBy = json.value(u"createdBy"_s).toString();
    v.createdAt = parseTimestamp(json.value(u"createdAt"_s).toString()).value_or(QDateTime());
    v.updatedBy = json.value(u"updatedBy"_s).toString();
    v.updatedAt = parseTimestamp(json.value(u"updatedAt"_s).toString()).value_or(QDateTime());
    v.publishedBy = json.value(u"publishedBy"_s).toString();
    v.publishedAt = parseTimestamp(json.value(u"publishedAt"_s).toString());
    v.signatureMeaning = json.value(u"signatureMeaning"_s).toString();
    const QJsonValue definition = json.value(u"definition"_s);
    if (definition.isObject()) {
        // The server only sends definitions that passed fromJson; a client that
        // cannot decode one (a newer server's item type) keeps what it can.
        if (auto d = QuestionnaireDefinition::fromJson(definition.toObject(), nullptr))
            v.definition = std::move(*d);
    }
    v.definition.key = json.value(u"key"_s).toString();
    if (v.definition.title.isEmpty())
        v.definition.title = textFromJson(json.value(u"title"_s));
    return v;
}

} // namespace td

#include "StudyEvent.h"

#include "Timestamps.h"

#include <QJsonArray>
#include <QJsonValue>

using namespace Qt::StringLiterals;

namespace td {

namespace {

QJsonObject members(const StudyEvent &e)
{
    return {{u"seq"_s, e.seq},
            {u"project"_s, e.projectCode},
            {u"site"_s, e.site.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(e.site)},
            {u"entityId"_s, e.entityId},
            {u"at"_s, formatTimestamp(e.occurredAt)}};
}

std::optional<StudyEvent> parse(const QJsonObject &json, const QString &typeMember)
{
    StudyEvent e;
    e.seq = json.value(u"seq"_s).toInteger();
    e.type = json.value(typeMember).toString();
    if (e.seq <= 0 || e.type.isEmpty())
        return std::nullopt;
    e.projectCode = json.value(u"project"_s).toString();
    e.site = json.value(u"site"_s).toString();
    e.entityId = json.value(u"entityId"_s).toString();
    e.occurredAt = parseTimestamp(json.value(u"at"_s).toString()).value_or(QDateTime());
    return e;
}

} // namespace

const QStringList &StudyEvent::types()
{
    static const QStringList list = {SubmissionStored, VitalsStored,         SubmissionReviewed,  SignatureRecorded,
                                     SubjectEnrolled,  SubjectTokenReissued, DefinitionPublished, ScheduleChanged};
    return list;
}

QJsonObject StudyEvent::toJson() const
{
    QJsonObject json = members(*this);
    json.insert(u"type"_s, type);
    return json;
}

QJsonObject StudyEvent::toStreamJson() const
{
    QJsonObject json = members(*this);
    json.insert(u"type"_s, u"event"_s);
    json.insert(u"eventType"_s, type);
    return json;
}

QJsonObject EventPage::toJson() const
{
    QJsonArray array;
    for (const StudyEvent &e : items)
        array.append(e.toJson());
    return {{u"items"_s, array}, {u"lastSeq"_s, lastSeq}, {u"more"_s, more}};
}

std::optional<StudyEvent> StudyEvent::fromJson(const QJsonObject &json)
{
    return parse(json, u"type"_s);
}

std::optional<StudyEvent> StudyEvent::fromStreamJson(const QJsonObject &json)
{
    return parse(json, u"eventType"_s);
}

} // namespace td

#include "StudyEvent.h"

#include "JsonInput.h"
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

void insertData(QJsonObject &json, const StudyEvent &e)
{
    if (!e.data.isEmpty())
        json.insert(u"data"_s, e.data);
}

std::optional<StudyEvent> parse(const QJsonObject &json, const QString &typeMember)
{
    const auto text = [&json](const QString &key, int maxLength) -> std::optional<QString> {
        const QJsonValue value = json.value(key);
        if (!value.isString())
            return std::nullopt;
        const QString s = value.toString();
        if (s.isEmpty() || s.size() > maxLength || hasForbiddenCharacters(s, false))
            return std::nullopt;
        return s;
    };
    StudyEvent event;
    // JSON numbers are doubles: beyond 2^53 a seq could not be told from its neighbour.
    const double seq = json.value(u"seq"_s).toDouble(-1);
    if (seq < 1 || seq > 9007199254740992.0 || seq != double(qint64(seq)))
        return std::nullopt;
    event.seq = qint64(seq);
    const auto type = text(typeMember, StudyEvent::kMaxCodeLength);
    if (!type || !StudyEvent::types().contains(*type))
        return std::nullopt;
    event.type = *type;
    const auto project = text(u"project"_s, StudyEvent::kMaxCodeLength);
    const auto entity = text(u"entityId"_s, StudyEvent::kMaxIdLength);
    if (!project || !entity)
        return std::nullopt;
    event.projectCode = *project;
    event.entityId = *entity;
    const QJsonValue site = json.value(u"site"_s);
    if (!site.isNull() && !site.isUndefined()) {
        const auto siteText = text(u"site"_s, StudyEvent::kMaxIdLength);
        if (!siteText)
            return std::nullopt;
        event.site = *siteText;
    }
    const QJsonValue at = json.value(u"at"_s);
    const std::optional<QDateTime> when = at.isString() ? parseTimestamp(at.toString()) : std::nullopt;
    if (!when)
        return std::nullopt;
    event.occurredAt = *when;
    const QJsonValue data = json.value(u"data"_s);
    if (!data.isUndefined() && !data.isNull()) {
        if (!data.isObject() || !StudyEvent::isValidData(data.toObject()))
            return std::nullopt;
        event.data = data.toObject();
    }
    return event;
}

} // namespace

const QStringList &StudyEvent::types()
{
    static const QStringList list = {SubmissionStored, VitalsStored,         SubmissionReviewed,  SignatureRecorded,
                                     SubjectEnrolled,  SubjectTokenReissued, DefinitionPublished, ScheduleChanged,
                                     SubjectUpdated,   ReminderDue,          EntryMissed,         SubjectAlert};
    return list;
}

bool StudyEvent::isValidData(const QJsonObject &data)
{
    if (data.size() > kMaxDataKeys)
        return false;
    for (auto it = data.begin(); it != data.end(); ++it) {
        if (it.key().isEmpty() || it.key().size() > kMaxCodeLength || hasForbiddenCharacters(it.key(), false))
            return false;
        const QJsonValue v = it.value();
        if (v.isString()) {
            if (v.toString().size() > kMaxDataText || hasForbiddenCharacters(v.toString(), false))
                return false;
        } else if (v.isArray() || v.isObject() || v.isUndefined()) {
            return false;
        }
    }
    return true;
}

QJsonObject StudyEvent::toJson() const
{
    QJsonObject json = members(*this);
    json.insert(u"type"_s, type);
    insertData(json, *this);
    return json;
}

QJsonObject StudyEvent::toStreamJson() const
{
    QJsonObject json = members(*this);
    json.insert(u"type"_s, u"event"_s);
    json.insert(u"eventType"_s, type);
    insertData(json, *this);
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

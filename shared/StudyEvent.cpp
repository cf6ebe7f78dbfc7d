#include "StudyEvent.h"

#include "JsonInput.h"
#include "Timestamps.h"

#include <QJsonValue>

using namespace Qt::StringLiterals;

namespace td {

const QStringList &StudyEvent::types()
{
    static const QStringList list{SubmissionStored, VitalsStored,         SubmissionReviewed,  SignatureRecorded,
                                  SubjectEnrolled,  SubjectTokenReissued, DefinitionPublished, ScheduleChanged};
    return list;
}

QJsonObject StudyEvent::toJson() const
{
    return {{u"seq"_s, seq},
            {u"type"_s, type},
            {u"project"_s, projectCode},
            {u"site"_s, site.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(site)},
            {u"entityId"_s, entityId},
            {u"at"_s, formatTimestamp(at)}};
}

std::optional<StudyEvent> StudyEvent::fromJson(const QJsonObject &json)
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
    if (seq < 1 || seq > 9007199254740992.0 || seq != qint64(seq))
        return std::nullopt;
    event.seq = qint64(seq);
    const auto type = text(u"type"_s, kMaxCodeLength);
    if (!type || !types().contains(*type))
        return std::nullopt;
    event.type = *type;
    const auto project = text(u"project"_s, kMaxCodeLength);
    const auto entity = text(u"entityId"_s, kMaxIdLength);
    if (!project || !entity)
        return std::nullopt;
    event.projectCode = *project;
    event.entityId = *entity;
    const QJsonValue site = json.value(u"site"_s);
    if (!site.isNull() && !site.isUndefined()) {
        const auto siteText = text(u"site"_s, kMaxIdLength);
        if (!siteText)
            return std::nullopt;
        event.site = *siteText;
    }
    const QJsonValue at = json.value(u"at"_s);
    const std::optional<QDateTime> when = at.isString() ? parseTimestamp(at.toString()) : std::nullopt;
    if (!when)
        return std::nullopt;
    event.at = *when;
    return event;
}

} // namespace td

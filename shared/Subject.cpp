#include "Subject.h"

#include "JsonInput.h"
#include "Timestamps.h"

#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace td {

namespace {
const QRegularExpression &subjectIdPattern()
{
    static const QRegularExpression re(u"^[A-Za-z0-9_-]{1,64}\\z"_s);
    return re;
}
} // namespace

const QStringList &Subject::sexes()
{
    static const QStringList list = {u"female"_s, u"male"_s, u"other"_s, u"unknown"_s};
    return list;
}

bool Subject::isValidSubjectId(const QString &id)
{
    return subjectIdPattern().match(id).hasMatch();
}

bool Subject::isPlausibleAnchorDate(const QDate &date)
{
    return date >= QDate(1900, 1, 1) && date <= QDate(2199, 12, 31);
}

QString Subject::maskPhone(const QString &phone)
{
    // A full mobile number keeps its prefix and last four (188****8888); anything
    // shorter would give most of itself away that way, so only its last two show.
    if (phone.size() >= 11)
        return phone.left(3) % QString(phone.size() - 7, u'*') % phone.right(4);
    if (phone.size() > 2)
        return QString(phone.size() - 2, u'*') % phone.right(2);
    return QString(phone.size(), u'*');
}

QString Subject::maskName(const QString &name)
{
    if (name.isEmpty())
        return name;
    const qsizetype first = name.at(0).isHighSurrogate() && name.size() > 1 ? 2 : 1;
    return name.left(first) % QString(std::max<qsizetype>(1, name.size() - first), u'*');
}

Subject Subject::masked() const
{
    Subject copy = *this;
    copy.name = maskName(name);
    copy.phone = maskPhone(phone);
    return copy;
}

std::optional<Subject> Subject::fromEnrolRequest(const QJsonObject &json, const QDateTime &now, ApiError *error)
{
    static const QRegularExpression phonePattern(uR"(^\+?[0-9][0-9 -]{4,30}\z)"_s);
    FieldReader reader(json);
    reader.rejectUnknown({u"subjectId"_s, u"name"_s, u"phone"_s, u"site"_s, u"sex"_s, u"birthYear"_s, u"enrolledAt"_s,
                          u"timeZone"_s, u"anchorDate"_s});
    Subject s;
    s.subjectId = reader.optionalString(u"subjectId"_s, 64, &subjectIdPattern()).value_or(QString());
    s.name = reader.optionalString(u"name"_s, 100).value_or(QString()).trimmed();
    s.phone = reader.optionalString(u"phone"_s, 32, &phonePattern).value_or(QString());
    s.phone.remove(u' ').remove(u'-');
    if (reader.has(u"phone"_s) && reader.ok() && (s.phone.size() < 5 || s.phone.size() > 21))
        reader.fail(u"phone"_s, u"must have 5 to 20 digits"_s);
    s.site = reader.optionalString(u"site"_s, 100).value_or(QString());
    if (reader.has(u"site"_s) && s.site.trimmed().isEmpty())
        reader.fail(u"site"_s, u"must not be empty"_s);
    if (reader.has(u"sex"_s))
        s.sex = reader.enumString(u"sex"_s, sexes());
    if (const auto year = reader.optionalInteger(u"birthYear"_s, 1900, now.date().year()))
        s.birthYear = int(*year);
    s.enrolledAt = reader.optionalTimestamp(u"enrolledAt"_s).value_or(now);
    if (s.enrolledAt > now.addSecs(300))
        reader.fail(u"enrolledAt"_s, u"must not be in the future"_s, u"implausible_value"_s);
    s.timeZone = reader.optionalTimeZone(u"timeZone"_s);
    s.anchorDate = reader.optionalDate(u"anchorDate"_s);
    if (s.anchorDate && !isPlausibleAnchorDate(*s.anchorDate))
        reader.fail(u"anchorDate"_s, u"must lie between 1900-01-01 and 2199-12-31"_s, u"implausible_value"_s);
    if (!reader.ok()) {
        *error = reader.error();
        return std::nullopt;
    }
    return s;
}

QJsonObject Subject::toEnrolRequest() const
{
    QJsonObject json;
    const auto insertText = [&json](const QString &key, const QString &value) {
        if (!value.isEmpty())
            json.insert(key, value);
    };
    insertText(u"subjectId"_s, subjectId);
    insertText(u"name"_s, name);
    insertText(u"phone"_s, phone);
    insertText(u"site"_s, site);
    insertText(u"sex"_s, sex);
    if (birthYear)
        json.insert(u"birthYear"_s, *birthYear);
    if (enrolledAt.isValid())
        json.insert(u"enrolledAt"_s, formatTimestamp(enrolledAt));
    if (timeZone)
        json.insert(u"timeZone"_s, *timeZone);
    if (anchorDate)
        json.insert(u"anchorDate"_s, formatDate(*anchorDate));
    return json;
}

QJsonObject Subject::toJson() const
{
    auto text = [](const QString &s) { return s.isEmpty() ? QJsonValue() : QJsonValue(s); };
    return {
        {u"subjectId"_s, subjectId},
        {u"projectCode"_s, projectCode},
        {u"name"_s, text(name)},
        {u"phone"_s, text(phone)},
        {u"site"_s, text(site)},
        {u"sex"_s, text(sex)},
        {u"birthYear"_s, birthYear ? QJsonValue(*birthYear) : QJsonValue()},
        {u"enrolledAt"_s, formatTimestamp(enrolledAt)},
        {u"timeZone"_s, timeZone ? QJsonValue(*timeZone) : QJsonValue()},
        {u"effectiveTimeZone"_s, effectiveTimeZone},
        {u"anchorDate"_s, anchorDate ? QJsonValue(formatDate(*anchorDate)) : QJsonValue()},
        {u"lastSubmissionAt"_s, lastSubmissionAt ? QJsonValue(formatTimestamp(*lastSubmissionAt)) : QJsonValue()},
    };
}

QJsonObject Subject::toProfileJson() const
{
    return {
        {u"subjectId"_s, subjectId},
        {u"name"_s, name},
        {u"phone"_s, maskPhone(phone)},
        {u"trialCode"_s, projectCode},
    };
}

Subject Subject::fromJson(const QJsonObject &json)
{
    Subject s;
    s.subjectId = json.value(u"subjectId"_s).toString();
    s.projectCode = json.value(u"projectCode"_s).toString(json.value(u"trialCode"_s).toString());
    s.name = json.value(u"name"_s).toString();
    s.phone = json.value(u"phone"_s).toString();
    s.site = json.value(u"site"_s).toString();
    s.sex = json.value(u"sex"_s).toString();
    if (json.value(u"birthYear"_s).isDouble())
        s.birthYear = json.value(u"birthYear"_s).toInt();
    s.enrolledAt = parseTimestamp(json.value(u"enrolledAt"_s).toString()).value_or(QDateTime());
    if (json.value(u"timeZone"_s).isString())
        s.timeZone = json.value(u"timeZone"_s).toString();
    s.anchorDate = parseDate(json.value(u"anchorDate"_s).toString());
    s.effectiveTimeZone = json.value(u"effectiveTimeZone"_s).toString();
    s.lastSubmissionAt = parseTimestamp(json.value(u"lastSubmissionAt"_s).toString());
    return s;
}

} // namespace td

#include "QuestionnaireSubmission.h"

#include "JsonInput.h"
#include "JsonText.h"
#include "Timestamps.h"

#include <QJsonArray>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace td {

namespace {

constexpr int kMaxAnswers = 500;
constexpr int kMaxKeyLength = 64;
constexpr int kMaxTextLength = 4000;

// Answer values are free-form JSON, but every string in them is bounded and clean.
bool validAnswerValue(const QJsonValue &v)
{
    if (v.isString())
        return v.toString().size() <= kMaxTextLength && !hasForbiddenCharacters(v.toString(), true);
    if (v.isArray()) {
        const QJsonArray a = v.toArray();
        return std::all_of(a.begin(), a.end(), [](const QJsonValue &x) { return validAnswerValue(x); });
    }
    if (v.isObject()) {
        const QJsonObject o = v.toObject();
        for (auto it = o.begin(); it != o.end(); ++it) {
            if (it.key().size() > kMaxKeyLength || hasForbiddenCharacters(it.key(), false)
                || !validAnswerValue(it.value()))
                return false;
        }
    }
    return true;
}

} // namespace

const QStringList &SubmissionReview::statuses()
{
    static const QStringList list = {u"pending"_s, u"reviewed"_s, u"queried"_s};
    return list;
}

const QStringList &SubmissionReview::queryStatuses()
{
    static const QStringList list = {u"open"_s, u"answered"_s, u"closed"_s};
    return list;
}

QJsonObject SubmissionReview::toJson() const
{
    auto text = [](const QString &s) { return s.isEmpty() ? QJsonValue() : QJsonValue(s); };
    auto time = [](const std::optional<QDateTime> &t) { return t ? QJsonValue(formatTimestamp(*t)) : QJsonValue(); };
    return {{u"status"_s, status},
            {u"comment"_s, text(comment)},
            {u"queryStatus"_s, text(queryStatus)},
            {u"reviewedBy"_s, text(reviewedBy)},
            {u"reviewedAt"_s, time(reviewedAt)},
            {u"signedBy"_s, text(signedBy)},
            {u"signedAt"_s, time(signedAt)},
            {u"signatureMeaning"_s, text(signatureMeaning)}};
}

namespace {

// A member of a hand-written object, in the key order QJsonDocument writes.
void appendKey(QByteArray &out, const char *key)
{
    out += '"';
    out += key;
    out += "\":";
}

void appendTextOrNull(QByteArray &out, const char *key, const QString &text)
{
    appendKey(out, key);
    if (text.isEmpty())
        out += "null";
    else
        JsonText::appendString(out, text);
    out += ',';
}

void appendTimeOrNull(QByteArray &out, const char *key, const std::optional<QDateTime> &time)
{
    appendTextOrNull(out, key, time ? formatTimestamp(*time) : QString());
}

} // namespace

void SubmissionReview::appendJsonText(QByteArray &out) const
{
    out += '{';
    appendTextOrNull(out, "comment", comment);
    appendTextOrNull(out, "queryStatus", queryStatus);
    appendTimeOrNull(out, "reviewedAt", reviewedAt);
    appendTextOrNull(out, "reviewedBy", reviewedBy);
    appendTextOrNull(out, "signatureMeaning", signatureMeaning);
    appendTimeOrNull(out, "signedAt", signedAt);
    appendTextOrNull(out, "signedBy", signedBy);
    appendKey(out, "status");
    JsonText::appendString(out, status);
    out += '}';
}

SubmissionReview SubmissionReview::fromJson(const QJsonObject &json)
{
    SubmissionReview r;
    r.status = json.value(u"status"_s).toString(r.status);
    r.comment = json.value(u"comment"_s).toString();
    r.queryStatus = json.value(u"queryStatus"_s).toString();
    r.reviewedBy = json.value(u"reviewedBy"_s).toString();
    r.reviewedAt = parseTimestamp(json.value(u"reviewedAt"_s).toString());
    r.signedBy = json.value(u"signedBy"_s).toString();
    r.signedAt = parseTimestamp(json.value(u"signedAt"_s).toString());
    r.signatureMeaning = json.value(u"signatureMeaning"_s).toString();
    return r;
}

std::optional<QuestionnaireSubmission> QuestionnaireSubmission::fromSubmitRequest(const QJsonObject &json,
                                                                                  const QString &pathSubjectId,
                                                                                  const QDateTime &now, ApiError *error)
{
    static const QRegularExpression codePattern(u"^[A-Za-z0-9._-]{1,64}\\z"_s);
    FieldReader reader(json);
    reader.rejectUnknown({u"subjectId"_s, u"answers"_s, u"questionnaire"_s, u"submitAt"_s});
    QuestionnaireSubmission s;
    s.subjectId = reader.requiredString(u"subjectId"_s, 64);
    if (const auto answers = reader.requiredObject(u"answers"_s)) {
        if (answers->isEmpty())
            reader.fail(u"answers"_s, u"must not be empty"_s);
        else if (answers->size() > kMaxAnswers)
            reader.fail(u"answers"_s, u"must have at most %1 answers"_s.arg(kMaxAnswers), u"too_long"_s);
        else if (!validAnswerValue(*answers))
            reader.fail(
                u"answers"_s,
                u"keys must be at most %1 characters and texts at most %2"_s.arg(kMaxKeyLength).arg(kMaxTextLength));
        else
            s.answers = *answers;
    }
    s.questionnaire = reader.optionalString(u"questionnaire"_s, 64, &codePattern).value_or(QString());
    s.submitAt = reader.optionalTimestamp(u"submitAt"_s).value_or(now);
    if (s.submitAt > now.addSecs(300))
        reader.fail(u"submitAt"_s, u"is more than 5 minutes in the future"_s, u"implausible_value"_s);
    if (!reader.ok()) {
        *error = reader.error();
        return std::nullopt;
    }
    if (s.subjectId != pathSubjectId) {
        *error = ApiError::invalid(u"subject_id_mismatch"_s,
                                   u"subjectId in the body does not match the subject in the path."_s,
                                   {{u"subjectId"_s, u"must equal the subject id in the path"_s}});
        return std::nullopt;
    }
    s.receivedAt = now;
    return s;
}

QJsonObject QuestionnaireSubmission::toJson() const
{
    return {
        {u"id"_s, id},
        {u"subjectId"_s, subjectId},
        {u"projectCode"_s, projectCode},
        {u"questionnaire"_s, questionnaire.isEmpty() ? QJsonValue() : QJsonValue(questionnaire)},
        {u"answers"_s, answers},
        {u"definitionVersion"_s, definitionVersion ? QJsonValue(*definitionVersion) : QJsonValue()},
        {u"entryDay"_s, entryDay ? QJsonValue(*entryDay) : QJsonValue()},
        {u"entryState"_s, entryState.isEmpty() ? QJsonValue() : QJsonValue(entryState)},
        {u"submitAt"_s, formatTimestamp(submitAt)},
        {u"receivedAt"_s, formatTimestamp(receivedAt)},
        {u"review"_s, review.toJson()},
    };
}

QByteArray QuestionnaireSubmission::toJsonText(QByteArrayView answersText) const
{
    QByteArray out;
    out.reserve(512);
    out += '{';
    appendKey(out, "answers");
    if (answersText.isNull())
        out += JsonText::compact(answers);
    else
        out += answersText;
    out += ',';
    appendKey(out, "definitionVersion");
    out += definitionVersion ? QByteArray::number(*definitionVersion) : QByteArray("null");
    out += ',';
    appendKey(out, "entryDay");
    out += entryDay ? QByteArray::number(*entryDay) : QByteArray("null");
    out += ',';
    appendTextOrNull(out, "entryState", entryState);
    appendKey(out, "id");
    out += QByteArray::number(id);
    out += ',';
    appendKey(out, "projectCode");
    JsonText::appendString(out, projectCode);
    out += ',';
    appendTextOrNull(out, "questionnaire", questionnaire);
    appendKey(out, "receivedAt");
    JsonText::appendString(out, formatTimestamp(receivedAt));
    out += ',';
    appendKey(out, "review");
    review.appendJsonText(out);
    out += ',';
    appendKey(out, "subjectId");
    JsonText::appendString(out, subjectId);
    out += ',';
    appendKey(out, "submitAt");
    JsonText::appendString(out, formatTimestamp(submitAt));
    out += '}';
    return out;
}

QuestionnaireSubmission QuestionnaireSubmission::fromJson(const QJsonObject &json)
{
    QuestionnaireSubmission s;
    s.id = json.value(u"id"_s).toInteger();
    s.subjectId = json.value(u"subjectId"_s).toString();
    s.projectCode = json.value(u"projectCode"_s).toString();
    s.questionnaire = json.value(u"questionnaire"_s).toString();
    s.answers = json.value(u"answers"_s).toObject();
    if (json.value(u"definitionVersion"_s).isDouble())
        s.definitionVersion = json.value(u"definitionVersion"_s).toInt();
    if (json.value(u"entryDay"_s).isDouble())
        s.entryDay = json.value(u"entryDay"_s).toInt();
    s.entryState = json.value(u"entryState"_s).toString();
    s.submitAt = parseTimestamp(json.value(u"submitAt"_s).toString()).value_or(QDateTime());
    s.receivedAt = parseTimestamp(json.value(u"receivedAt"_s).toString()).value_or(QDateTime());
    s.review = SubmissionReview::fromJson(json.value(u"review"_s).toObject());
    return s;
}

} // namespace td

#include "ReviewChange.h"

#include "JsonInput.h"

using namespace Qt::StringLiterals;

namespace td {

const QStringList &ReviewChange::reviewStatuses()
{
    static const QStringList list = {u"reviewed"_s, u"queried"_s};
    return list;
}

const QStringList &ReviewChange::queryStatuses()
{
    static const QStringList list = {u"answered"_s, u"closed"_s};
    return list;
}

QJsonObject ReviewChange::toJson() const
{
    QJsonObject json = signature ? signature->toJson() : QJsonObject();
    if (!reviewStatus.isEmpty())
        json.insert(u"reviewStatus"_s, reviewStatus);
    if (!queryStatus.isEmpty())
        json.insert(u"queryStatus"_s, queryStatus);
    if (comment)
        json.insert(u"comment"_s, *comment);
    return json;
}

std::optional<ReviewChange> ReviewChange::fromJson(const QJsonObject &json, ApiError *error)
{
    FieldReader reader(json);
    reader.rejectUnknown({u"reviewStatus"_s, u"queryStatus"_s, u"comment"_s, u"password"_s, u"meaning"_s});
    ReviewChange change;
    if (reader.has(u"reviewStatus"_s))
        change.reviewStatus = reader.enumString(u"reviewStatus"_s, reviewStatuses());
    if (reader.has(u"queryStatus"_s))
        change.queryStatus = reader.enumString(u"queryStatus"_s, queryStatuses());
    if (reader.has(u"comment"_s))
        change.comment = reader.optionalString(u"comment"_s, 2000);
    const QString password = reader.optionalString(u"password"_s, Signature::kMaxPasswordLength).value_or(QString());
    const QString meaning =
        reader.optionalString(u"meaning"_s, Signature::kMaxMeaningLength).value_or(QString()).trimmed();
    if (change.reviewStatus.isEmpty() && change.queryStatus.isEmpty() && reader.ok())
        reader.fail(u"reviewStatus"_s, u"send reviewStatus or queryStatus"_s, u"missing_field"_s);
    if (!password.isEmpty() != !meaning.isEmpty())
        reader.fail(password.isEmpty() ? u"password"_s : u"meaning"_s, u"password and meaning go together"_s,
                    u"missing_field"_s);
    if (!reader.ok()) {
        *error = reader.error();
        return std::nullopt;
    }
    if (!password.isEmpty())
        change.signature = Signature{password, meaning};
    return change;
}

} // namespace td

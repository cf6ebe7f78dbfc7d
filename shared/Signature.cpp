#include "Signature.h"

#include "JsonInput.h"

using namespace Qt::StringLiterals;

namespace td {

QJsonObject Signature::toJson() const
{
    return {{u"password"_s, password}, {u"meaning"_s, meaning}};
}

std::optional<Signature> Signature::fromJson(const QJsonObject &json, ApiError *error)
{
    FieldReader reader(json);
    reader.rejectUnknown({u"password"_s, u"meaning"_s});
    Signature signature;
    signature.password = reader.requiredString(u"password"_s, kMaxPasswordLength);
    signature.meaning = reader.requiredString(u"meaning"_s, kMaxMeaningLength).trimmed();
    if (!reader.ok()) {
        *error = reader.error();
        return std::nullopt;
    }
    return signature;
}

} // namespace td

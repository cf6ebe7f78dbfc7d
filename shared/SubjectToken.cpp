#include "SubjectToken.h"

using namespace Qt::StringLiterals;

namespace td {

QJsonObject SubjectToken::toJson() const
{
    return {{u"subjectId"_s, subjectId}, {u"subjectToken"_s, token}};
}

SubjectToken SubjectToken::fromJson(const QJsonObject &json)
{
    return {json.value(u"subjectId"_s).toString(), json.value(u"subjectToken"_s).toString()};
}

} // namespace td

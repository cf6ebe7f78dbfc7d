#include "Enrolment.h"

using namespace Qt::StringLiterals;

namespace td {

QJsonObject Enrolment::toJson() const
{
    QJsonObject json = subject.toJson();
    json.insert(u"subjectToken"_s, subjectToken);
    return json;
}

Enrolment Enrolment::fromJson(const QJsonObject &json)
{
    return {Subject::fromJson(json), json.value(u"subjectToken"_s).toString()};
}

} // namespace td

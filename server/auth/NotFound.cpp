#include "NotFound.h"

using namespace Qt::StringLiterals;

namespace td {

ApiError projectNotFound(const QString &code)
{
    return ApiError::notFound(u"project_not_found"_s, u"No project with code '%1'."_s.arg(code.left(64)));
}

ApiError subjectNotFound(const QString &subjectId)
{
    return ApiError::notFound(u"subject_not_found"_s, u"No subject with id '%1'."_s.arg(subjectId.left(64)));
}

std::optional<qint64> recordId(const QString &idText)
{
    bool ok = false;
    const qint64 id = idText.toLongLong(&ok);
    return ok && id > 0 ? std::optional<qint64>(id) : std::nullopt;
}

ApiError submissionNotFound(const QString &idText)
{
    if (const auto id = recordId(idText))
        return ApiError::notFound(u"submission_not_found"_s, u"No submission with id %1."_s.arg(*id));
    return ApiError::notFound(u"submission_not_found"_s, u"No such submission."_s);
}

ApiError vitalNotFound(const QString &idText)
{
    if (const auto id = recordId(idText))
        return ApiError::notFound(u"vital_not_found"_s, u"No vital sign with id %1."_s.arg(*id));
    return ApiError::notFound(u"vital_not_found"_s, u"No such vital sign."_s);
}

ApiError webhookNotFound(const QString &idText)
{
    if (const auto id = recordId(idText))
        return ApiError::notFound(u"webhook_not_found"_s, u"No webhook with id %1."_s.arg(*id));
    return ApiError::notFound(u"webhook_not_found"_s, u"No such webhook."_s);
}

ApiError deliveryNotFound(const QString &idText)
{
    if (const auto id = recordId(idText))
        return ApiError::notFound(u"delivery_not_found"_s, u"No delivery with id %1."_s.arg(*id));
    return ApiError::notFound(u"delivery_not_found"_s, u"No such delivery."_s);
}

ApiError notFoundFor(ScopeTarget target, const QString &argument)
{
    switch (target) {
    case ScopeTarget::Study:
        return projectNotFound(argument);
    case ScopeTarget::Subject:
        return subjectNotFound(argument);
    case ScopeTarget::Submission:
        return submissionNotFound(argument);
    case ScopeTarget::Vital:
        return vitalNotFound(argument);
    case ScopeTarget::Webhook:
        return webhookNotFound(argument);
    case ScopeTarget::Delivery:
        return deliveryNotFound(argument);
    case ScopeTarget::None:
        break;
    }
    return ApiError::notFound(u"not_found"_s, u"No such resource."_s);
}

} // namespace td

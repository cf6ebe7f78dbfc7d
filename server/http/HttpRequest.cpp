#include "HttpRequest.h"

namespace td {

QByteArray HttpRequest::header(QByteArrayView name) const
{
    for (const auto &[key, value] : headers) {
        if (name.compare(key, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

bool HttpRequest::hasHeader(QByteArrayView name) const
{
    return std::any_of(headers.begin(), headers.end(),
                       [name](const auto &h) { return name.compare(h.first, Qt::CaseInsensitive) == 0; });
}

QString HttpRequest::queryValue(const QString &key) const
{
    if (!query.hasQueryItem(key))
        return {};
    return query.queryItemValue(key, QUrl::FullyDecoded);
}

} // namespace td

#include "PageCursor.h"

#include <QByteArray>

namespace td {

namespace {
constexpr char16_t kSeparator = u'\x1f';
constexpr auto kOptions = QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals;
} // namespace

QString PageCursor::encode(const QStringList &key)
{
    return QString::fromLatin1(key.join(QChar(kSeparator)).toUtf8().toBase64(kOptions));
}

std::optional<QStringList> PageCursor::decode(const QString &cursor, int expectedParts)
{
    if (cursor.isEmpty() || cursor.size() > 512)
        return std::nullopt;
    const auto decoded = QByteArray::fromBase64Encoding(cursor.toLatin1(),
                                                        kOptions | QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return std::nullopt;
    const QStringList parts = QString::fromUtf8(*decoded).split(QChar(kSeparator));
    if (parts.size() != expectedParts)
        return std::nullopt;
    return parts;
}

} // namespace td

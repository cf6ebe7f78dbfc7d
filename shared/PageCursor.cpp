#include "PageCursor.h"

#include <QByteArray>

namespace td {

namespace {
constexpr char16_t kSeparator = u'\x1f';
constexpr auto kOptions = QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals;
// Marks cursors we issued, so arbitrary base64 is refused rather than misread.
constexpr QStringView kTag = u"td1";
} // namespace

QString PageCursor::encode(const QStringList &key)
{
    const QStringList tagged = QStringList{kTag.toString()} + key;
    return QString::fromLatin1(tagged.join(QChar(kSeparator)).toUtf8().toBase64(kOptions));
}

std::optional<QStringList> PageCursor::decode(const QString &cursor, int expectedParts)
{
    if (cursor.isEmpty() || cursor.size() > 512)
        return std::nullopt;
    const auto decoded =
        QByteArray::fromBase64Encoding(cursor.toLatin1(), kOptions | QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return std::nullopt;
    QStringList parts = QString::fromUtf8(*decoded).split(QChar(kSeparator));
    if (parts.size() != expectedParts + 1 || parts.first() != kTag)
        return std::nullopt;
    parts.removeFirst();
    return parts;
}

} // namespace td

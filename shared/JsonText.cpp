#include "JsonText.h"

#include <QJsonDocument>
#include <algorithm>
#include <vector>

namespace td::JsonText {

QByteArray compact(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QByteArray string(QStringView text)
{
    QByteArray literal;
    literal.reserve(text.size() + 2);
    appendString(literal, text);
    return literal;
}

void appendString(QByteArray &out, QStringView text)
{
    // As Qt 6's JSON writer: ", \ and control characters escaped (\b \f \n \r \t,
    // else \u00XX), everything else as UTF-8, and a lone surrogate as \uXXXX.
    static constexpr char hex[] = "0123456789abcdef";
    const auto appendEscape = [&out](char16_t u) {
        out += "\\u";
        for (int shift = 12; shift >= 0; shift -= 4)
            out += hex[(u >> shift) & 0xf];
    };
    out += '"';
    const char16_t *p = text.utf16();
    const char16_t *const end = p + text.size();
    while (p != end) {
        const char16_t u = *p++;
        if (u < 0x80) {
            if (u >= 0x20 && u != u'"' && u != u'\\') {
                out += char(u);
                continue;
            }
            switch (u) {
            case u'"':
                out += "\\\"";
                break;
            case u'\\':
                out += "\\\\";
                break;
            case 0x08:
                out += "\\b";
                break;
            case 0x0c:
                out += "\\f";
                break;
            case 0x0a:
                out += "\\n";
                break;
            case 0x0d:
                out += "\\r";
                break;
            case 0x09:
                out += "\\t";
                break;
            default:
                appendEscape(u);
            }
        } else if (u < 0x800) {
            out += char(0xc0 | (u >> 6));
            out += char(0x80 | (u & 0x3f));
        } else if (QChar::isHighSurrogate(u) && p != end && QChar::isLowSurrogate(*p)) {
            const char32_t c = QChar::surrogateToUcs4(u, *p++);
            out += char(0xf0 | (c >> 18));
            out += char(0x80 | ((c >> 12) & 0x3f));
            out += char(0x80 | ((c >> 6) & 0x3f));
            out += char(0x80 | (c & 0x3f));
        } else if (QChar::isSurrogate(u)) {
            appendEscape(u);
        } else {
            out += char(0xe0 | (u >> 12));
            out += char(0x80 | ((u >> 6) & 0x3f));
            out += char(0x80 | (u & 0x3f));
        }
    }
    out += '"';
}

namespace {

// Length of the JSON string literal starting at text[from] (a quote), quotes included.
qsizetype stringLength(QByteArrayView text, qsizetype from)
{
    qsizetype i = from + 1;
    while (i < text.size() && text[i] != '"')
        i += text[i] == '\\' ? 2 : 1;
    return i + 1 - from;
}

// Length of the member starting at text[from] ("key":value), up to the comma or the
// closing brace that ends it at the object's own level.
qsizetype memberLength(QByteArrayView text, qsizetype from)
{
    int depth = 0;
    qsizetype i = from;
    while (i < text.size()) {
        const char c = text[i];
        if (c == '"') {
            i += stringLength(text, i);
            continue;
        }
        if (c == '{' || c == '[')
            ++depth;
        else if (c == '}' || c == ']') {
            if (depth == 0)
                break;
            --depth;
        } else if (c == ',' && depth == 0)
            break;
        ++i;
    }
    return i - from;
}

} // namespace

QByteArray insertMembers(QByteArrayView encodedObject,
                         std::initializer_list<std::pair<QByteArrayView, QByteArrayView>> members)
{
    Q_ASSERT(encodedObject.size() >= 2 && encodedObject.front() == '{' && encodedObject.back() == '}');
    std::vector<std::pair<QByteArrayView, QByteArrayView>> toInsert(members);
    std::sort(toInsert.begin(), toInsert.end(), [](const auto &a, const auto &b) { return a.first < b.first; });

    qsizetype size = encodedObject.size();
    for (const auto &[key, value] : toInsert)
        size += key.size() + value.size() + 4;
    QByteArray text;
    text.reserve(size);
    text += '{';
    const auto appendMember = [&text](QByteArrayView member) {
        if (text.size() > 1)
            text += ',';
        text += member;
    };
    auto next = toInsert.cbegin();
    const auto insertBefore = [&](QByteArrayView existingKey) {
        for (; next != toInsert.cend() && (existingKey.isNull() || next->first < existingKey); ++next) {
            if (text.size() > 1)
                text += ',';
            text += '"';
            text += next->first;
            text += "\":";
            text += next->second;
        }
    };
    qsizetype i = 1;
    while (i < encodedObject.size() - 1) {
        const qsizetype keyLength = stringLength(encodedObject, i);
        insertBefore(encodedObject.sliced(i + 1, keyLength - 2));
        const qsizetype length = memberLength(encodedObject, i);
        appendMember(encodedObject.sliced(i, length));
        i += length + 1; // and the comma
    }
    insertBefore({});
    text += '}';
    return text;
}

} // namespace td::JsonText

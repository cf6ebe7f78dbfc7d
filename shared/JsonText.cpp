#include "JsonText.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <algorithm>
#include <vector>

namespace td::JsonText {

QByteArray compact(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QByteArray string(const QString &text)
{
    // Qt's own escaping, so that a joined text reads back exactly as encoded.
    const QByteArray array = QJsonDocument(QJsonArray{text}).toJson(QJsonDocument::Compact);
    return array.mid(1, array.size() - 2);
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

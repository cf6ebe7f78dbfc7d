#pragma once

#include "JsonText.h"

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <utility>

namespace td {

// One page of a keyset-paginated list: {"items": [...], "nextCursor": "..."|null}.
template<typename T>
struct Page {
    QList<T> items;
    QString nextCursor; // empty on the last page

    QJsonObject toJson() const
    {
        QJsonArray array;
        for (const T &item : items)
            array.append(item.toJson());
        return {{QStringLiteral("items"), array},
                {QStringLiteral("nextCursor"), nextCursor.isEmpty() ? QJsonValue() : QJsonValue(nextCursor)}};
    }
    // The compact JSON text of toJson(), byte for byte; items that can write their own
    // text (toJsonText()) do, which spares building the whole page as QJsonObjects.
    QByteArray toJsonText() const
    {
        QByteArray out = QByteArrayLiteral("{\"items\":[");
        bool first = true;
        for (const T &item : items) {
            if (!std::exchange(first, false))
                out += ',';
            if constexpr (requires { item.toJsonText(); })
                out += item.toJsonText();
            else
                out += JsonText::compact(item.toJson());
        }
        out += "],\"nextCursor\":";
        if (nextCursor.isEmpty())
            out += "null";
        else
            JsonText::appendString(out, nextCursor);
        out += '}';
        return out;
    }
    static Page fromJson(const QJsonObject &json)
    {
        Page page;
        for (const QJsonValue &v : json.value(QStringLiteral("items")).toArray())
            page.items.append(T::fromJson(v.toObject()));
        page.nextCursor = json.value(QStringLiteral("nextCursor")).toString();
        return page;
    }
};

// Paging parameters after validation: at most `limit` items after `cursor`.
struct PageRequest {
    int limit = 50;
    QStringList after; // decoded cursor; empty for the first page
};

} // namespace td

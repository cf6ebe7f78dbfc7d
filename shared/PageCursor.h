#pragma once

#include <QString>
#include <QStringList>
#include <optional>

namespace td {

// Opaque keyset-pagination cursor: the sort key of the last item of a page.
// Clients pass it back unchanged; the encoding is ours to change.
struct PageCursor {
    static QString encode(const QStringList &key);
    // nullopt for anything we did not produce (bad base64, wrong part count).
    static std::optional<QStringList> decode(const QString &cursor, int expectedParts);
};

} // namespace td

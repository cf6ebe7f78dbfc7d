#pragma once

#include <QList>
#include <QString>
#include <optional>

namespace td {

// The server's configuration file: one `key = value` per line, keys being the
// long command-line option names (without the dashes), `#` starting a comment
// line. Values may be wrapped in double quotes to keep surrounding spaces.
namespace ConfigFile {

struct Entry {
    QString key;
    QString value;
    int line = 0;
};

// The package's service reads this file; without --config the server reads it
// only when it exists, so a source build needs none.
inline constexpr char16_t kDefaultPath[] = u"/etc/trialdesk/server.conf";

// Reads `path`. On failure returns nullopt and `error` names the file and line.
std::optional<QList<Entry>> read(const QString &path, QString *error);

} // namespace ConfigFile
} // namespace td

#pragma once

#include <QString>
#include <QUrl>

namespace td {

// Checks what the user typed as the server address before anything talks to the
// network. Widget-free, so the rules are unit-tested on their own; the views turn
// `problem` into a translated message.
struct ServerUrlCheck {
    enum class Problem {
        None,              // usable: http(s) scheme and a host
        Empty,             // nothing entered
        UnsupportedScheme, // no scheme, or one other than http/https
        Malformed,         // QUrl rejects it (bad characters, bad port, ...)
        MissingHost,       // "http://" or "https:///path"
    };

    QString input; // the trimmed text that was checked
    QUrl url;      // parsed address; only meaningful when isValid()
    Problem problem = Problem::Empty;

    bool isValid() const { return problem == Problem::None; }

    static ServerUrlCheck check(const QString &text);
};

} // namespace td

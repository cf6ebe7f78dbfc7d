#pragma once

#include <QString>
#include <QStringList>

class QWidget;

namespace td {

class LanguageManager;

// What a new installation needs for the sign-in window to look as intended,
// checked inside the running application: a platform plugin, the window and its
// sign-in dialog on screen, our translation and Qt's own (standard buttons), and
// a font with Chinese glyphs. The last three are run-time files the linker never
// sees, so only a check like this finds them missing on a fresh machine; each
// problem names the Debian package that provides the file. Behind the hidden
// option --startup-check, used by tests/package/fresh-machine-test.sh.
class StartupCheck
{
public:
    StartupCheck(const QWidget *window, const QWidget *signInDialog, const LanguageManager &languages);

    // One "what: value" line per fact, for the log.
    QStringList report() const { return m_report; }
    // Empty when everything is there.
    QStringList problems() const { return m_problems; }

private:
    void add(const QString &what, const QString &value);
    void problem(const QString &what);

    QStringList m_report;
    QStringList m_problems;
};

} // namespace td

#include "StartupCheck.h"

#include "app/LanguageManager.h"

#include <QAbstractButton>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QGuiApplication>
#include <QLibraryInfo>
#include <QPushButton>
#include <QWidget>

using namespace Qt::Literals::StringLiterals;

namespace td {

StartupCheck::StartupCheck(const QWidget *window, const QWidget *signInDialog, const LanguageManager &languages)
{
    add(u"platform plugin"_s, QGuiApplication::platformName());

    if (window && window->isVisible())
        add(u"main window"_s, u"shown, %1x%2"_s.arg(window->width()).arg(window->height()));
    else
        problem(u"the main window is not shown"_s);

    const QDialogButtonBox *buttons = signInDialog ? signInDialog->findChild<QDialogButtonBox *>() : nullptr;
    if (signInDialog && signInDialog->isVisible())
        add(u"sign-in dialog"_s, u"shown, \"%1\""_s.arg(signInDialog->windowTitle()));
    else
        problem(u"the sign-in dialog is not shown"_s);

    const QString language = languages.language();
    add(u"language"_s, language);
    if (language == LanguageManager::English)
        return; // English needs neither translation nor a CJK font

    if (languages.appTranslationLoaded()) {
        add(u"TrialDesk translation"_s, u"loaded"_s);
    } else {
        // Embedded in the binary: missing only for a language we do not ship.
        problem(u"no TrialDesk translation for \"%1\""_s.arg(language));
        return;
    }

    const QString qtTranslations = QLibraryInfo::path(QLibraryInfo::TranslationsPath);
    if (languages.qtTranslationLoaded())
        add(u"Qt translation"_s, u"loaded from %1"_s.arg(qtTranslations));
    else
        problem(u"Qt's own translation (qtbase) is not in %1: install qt6-translations-l10n"_s.arg(qtTranslations));

    const QAbstractButton *cancel = buttons ? buttons->button(QDialogButtonBox::Cancel) : nullptr;
    if (cancel) {
        add(u"Cancel button"_s, cancel->text());
        if (cancel->text() == u"Cancel"_s || cancel->text() == u"&Cancel"_s)
            problem(u"the sign-in dialog's Cancel button is in English"_s);
    } else {
        problem(u"the sign-in dialog has no Cancel button"_s);
    }

    // Without a font for the writing system Chinese text is drawn as empty boxes.
    const QStringList chineseFamilies = QFontDatabase::families(QFontDatabase::SimplifiedChinese);
    if (chineseFamilies.isEmpty())
        problem(u"no font with Simplified Chinese glyphs: install fonts-noto-cjk"_s);
    else
        add(u"Chinese fonts"_s, chineseFamilies.join(u", "_s));
}

void StartupCheck::add(const QString &what, const QString &value)
{
    m_report.append(what + u": "_s + value);
}

void StartupCheck::problem(const QString &what)
{
    m_problems.append(what);
    m_report.append(u"PROBLEM: "_s + what);
}

} // namespace td

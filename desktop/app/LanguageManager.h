#pragma once

#include <QObject>
#include <QString>
#include <QStringList>

class QTranslator;

namespace td {

// Owns the application's translators. The user picks "system" (follow the OS
// locale), "en" or "zh_CN"; the choice is stored in QSettings under "ui/language".
// Installing or removing a translator makes Qt send QEvent::LanguageChange to every
// top-level widget, which is how open windows retranslate themselves.
class LanguageManager : public QObject
{
    Q_OBJECT

public:
    static inline const QString SettingsKey = QStringLiteral("ui/language");
    static inline const QString System = QStringLiteral("system");
    static inline const QString English = QStringLiteral("en");
    static inline const QString SimplifiedChinese = QStringLiteral("zh_CN");

    explicit LanguageManager(QObject *parent = nullptr);
    ~LanguageManager() override;

    // The codes setLanguage() accepts, in menu order.
    static QStringList availableLanguages();
    static bool isAvailable(const QString &code);

    // The chosen code ("system", "en" or "zh_CN").
    QString language() const { return m_language; }

    // Applies the language stored in the settings (default "system").
    void loadSavedLanguage();
    // Applies `code` and stores it in the settings. Returns false, changing
    // nothing, for an unknown code.
    bool setLanguage(const QString &code);
    // Applies `code` for this session only (command-line override).
    bool applyLanguage(const QString &code);

    // Whether the current language's translations were found: ours (embedded) and
    // Qt's own (qtbase_*.qm, package qt6-translations-l10n). Both false for English.
    bool appTranslationLoaded() const { return m_appTranslator != nullptr; }
    bool qtTranslationLoaded() const { return m_qtTranslator != nullptr; }

Q_SIGNALS:
    void languageChanged(const QString &code);

private:
    void removeTranslators();

    QString m_language;
    QTranslator *m_appTranslator = nullptr;
    QTranslator *m_qtTranslator = nullptr;
};

} // namespace td

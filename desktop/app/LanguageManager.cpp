#include "LanguageManager.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QSettings>
#include <QTranslator>

namespace td {

namespace {

// qt_add_translations() embeds trialdesk_<locale>.qm under this resource prefix.
const QString TranslationsDir = QStringLiteral(":/i18n");
const QString TranslationsBaseName = QStringLiteral("trialdesk");

} // namespace

LanguageManager::LanguageManager(QObject *parent)
    : QObject(parent)
    , m_language(System)
{}

LanguageManager::~LanguageManager()
{
    removeTranslators();
}

QStringList LanguageManager::availableLanguages()
{
    return {System, English, SimplifiedChinese};
}

bool LanguageManager::isAvailable(const QString &code)
{
    return availableLanguages().contains(code);
}

void LanguageManager::loadSavedLanguage()
{
    const QString saved = QSettings().value(SettingsKey, System).toString();
    applyLanguage(isAvailable(saved) ? saved : System);
}

bool LanguageManager::setLanguage(const QString &code)
{
    if (!applyLanguage(code))
        return false;
    QSettings().setValue(SettingsKey, code);
    return true;
}

bool LanguageManager::applyLanguage(const QString &code)
{
    if (!isAvailable(code))
        return false;

    removeTranslators();
    const QLocale locale = code == System ? QLocale::system() : QLocale(code);
    QLocale::setDefault(locale);

    // English is the source language: it needs no translator. For "system" the
    // lookup follows the OS UI languages and silently falls back to English.
    if (code != English) {
        auto *appTranslator = new QTranslator(this);
        if (appTranslator->load(locale, TranslationsBaseName, QStringLiteral("_"), TranslationsDir)) {
            m_appTranslator = appTranslator;
            QCoreApplication::installTranslator(m_appTranslator);
            // Qt's own strings (standard buttons, context menus), when installed.
            auto *qtTranslator = new QTranslator(this);
            if (qtTranslator->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
                                   QLibraryInfo::path(QLibraryInfo::TranslationsPath))) {
                m_qtTranslator = qtTranslator;
                QCoreApplication::installTranslator(m_qtTranslator);
            } else {
                delete qtTranslator;
            }
        } else {
            delete appTranslator;
        }
    }

    const bool changed = m_language != code;
    m_language = code;
    if (changed)
        Q_EMIT languageChanged(code);
    return true;
}

void LanguageManager::removeTranslators()
{
    // Deleting a QTranslator also removes it from the application.
    delete m_qtTranslator;
    m_qtTranslator = nullptr;
    delete m_appTranslator;
    m_appTranslator = nullptr;
}

} // namespace td

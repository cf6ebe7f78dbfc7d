#include "app/LanguageManager.h"

#include <QCoreApplication>
#include <QFile>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

using td::LanguageManager;

namespace {

QString fileMenuTitle()
{
    return QCoreApplication::translate("td::MainWindow", "&File");
}

const QString EnglishFileMenu = QStringLiteral("&File");
const QString ChineseFileMenu = QStringLiteral("文件(&F)");

} // namespace

class TestLanguageManager : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();

    void offersSystemEnglishAndChinese();
    void defaultsToSystemLanguage();
    void chineseTranslatesAndIsSaved();
    void englishRemovesTranslation();
    void unknownLanguageIsRejected();
    void savedLanguageIsRestored();
    void unknownSavedLanguageFallsBackToSystem();
    void applyLanguageDoesNotSave();
    void destructionRemovesTranslation();
    void translationIsEmbedded();
    void translationFileIsComplete();

private:
    QTemporaryDir m_settingsDir;
};

void TestLanguageManager::initTestCase()
{
    QVERIFY(m_settingsDir.isValid());
    QStandardPaths::setTestModeEnabled(true);
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_settingsDir.path());
    QCoreApplication::setOrganizationName(QStringLiteral("TrialDeskTests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_languagemanager"));
}

void TestLanguageManager::init()
{
    QSettings().clear();
}

void TestLanguageManager::offersSystemEnglishAndChinese()
{
    QCOMPARE(LanguageManager::availableLanguages(),
             (QStringList{QStringLiteral("system"), QStringLiteral("en"), QStringLiteral("zh_CN")}));
    QVERIFY(LanguageManager::isAvailable(QStringLiteral("zh_CN")));
    QVERIFY(!LanguageManager::isAvailable(QStringLiteral("fr")));
}

void TestLanguageManager::defaultsToSystemLanguage()
{
    LanguageManager languages;
    languages.loadSavedLanguage();
    QCOMPARE(languages.language(), LanguageManager::System);
    // The tests run with LC_ALL=C.UTF-8, which has no translation: English.
    if (!QLocale::system().name().startsWith(QLatin1String("zh")))
        QCOMPARE(fileMenuTitle(), EnglishFileMenu);
}

void TestLanguageManager::chineseTranslatesAndIsSaved()
{
    LanguageManager languages;
    QSignalSpy changed(&languages, &LanguageManager::languageChanged);
    QVERIFY(languages.setLanguage(QStringLiteral("zh_CN")));
    QCOMPARE(languages.language(), QStringLiteral("zh_CN"));
    QCOMPARE(changed.count(), 1);
    QCOMPARE(changed.first().first().toString(), QStringLiteral("zh_CN"));
    QCOMPARE(fileMenuTitle(), ChineseFileMenu);
    QCOMPARE(QSettings().value(LanguageManager::SettingsKey).toString(), QStringLiteral("zh_CN"));
    QCOMPARE(QLocale().name(), QStringLiteral("zh_CN"));
}

void TestLanguageManager::englishRemovesTranslation()
{
    LanguageManager languages;
    QVERIFY(languages.setLanguage(QStringLiteral("zh_CN")));
    QCOMPARE(fileMenuTitle(), ChineseFileMenu);
    QVERIFY(languages.setLanguage(QStringLiteral("en")));
    QCOMPARE(fileMenuTitle(), EnglishFileMenu);
    QCOMPARE(QSettings().value(LanguageManager::SettingsKey).toString(), QStringLiteral("en"));
}

void TestLanguageManager::unknownLanguageIsRejected()
{
    LanguageManager languages;
    QVERIFY(languages.setLanguage(QStringLiteral("zh_CN")));
    QSignalSpy changed(&languages, &LanguageManager::languageChanged);
    QVERIFY(!languages.setLanguage(QStringLiteral("fr")));
    QVERIFY(!languages.setLanguage(QString()));
    QCOMPARE(changed.count(), 0);
    QCOMPARE(languages.language(), QStringLiteral("zh_CN"));
    QCOMPARE(fileMenuTitle(), ChineseFileMenu);
    QCOMPARE(QSettings().value(LanguageManager::SettingsKey).toString(), QStringLiteral("zh_CN"));
}

void TestLanguageManager::savedLanguageIsRestored()
{
    QSettings().setValue(LanguageManager::SettingsKey, QStringLiteral("zh_CN"));
    LanguageManager languages;
    languages.loadSavedLanguage();
    QCOMPARE(languages.language(), QStringLiteral("zh_CN"));
    QCOMPARE(fileMenuTitle(), ChineseFileMenu);
}

void TestLanguageManager::unknownSavedLanguageFallsBackToSystem()
{
    QSettings().setValue(LanguageManager::SettingsKey, QStringLiteral("tlh"));
    LanguageManager languages;
    QVERIFY(languages.applyLanguage(QStringLiteral("zh_CN")));
    languages.loadSavedLanguage();
    QCOMPARE(languages.language(), LanguageManager::System);
}

void TestLanguageManager::applyLanguageDoesNotSave()
{
    LanguageManager languages;
    QVERIFY(languages.applyLanguage(QStringLiteral("zh_CN")));
    QCOMPARE(fileMenuTitle(), ChineseFileMenu);
    QVERIFY(!QSettings().contains(LanguageManager::SettingsKey));
}

void TestLanguageManager::destructionRemovesTranslation()
{
    {
        LanguageManager languages;
        QVERIFY(languages.applyLanguage(QStringLiteral("zh_CN")));
        QCOMPARE(fileMenuTitle(), ChineseFileMenu);
    }
    QCOMPARE(fileMenuTitle(), EnglishFileMenu);
}

void TestLanguageManager::translationIsEmbedded()
{
    QVERIFY(QFile::exists(QStringLiteral(":/i18n/trialdesk_zh_CN.qm")));
}

// Guards against shipping half-translated UI: every message in the .ts must have
// a finished, non-empty translation, and no stale entries may linger.
void TestLanguageManager::translationFileIsComplete()
{
    QFile file(QStringLiteral(TRIALDESK_TS_FILE));
    QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(file.errorString()));
    QXmlStreamReader xml(&file);
    QString context;
    QString source;
    int messages = 0;
    while (!xml.atEnd()) {
        if (xml.readNext() != QXmlStreamReader::StartElement)
            continue;
        if (xml.name() == QLatin1String("TS")) {
            QCOMPARE(xml.attributes().value(QLatin1String("language")).toString(), QStringLiteral("zh_CN"));
        } else if (xml.name() == QLatin1String("name")) {
            context = xml.readElementText();
        } else if (xml.name() == QLatin1String("source")) {
            source = xml.readElementText();
        } else if (xml.name() == QLatin1String("translation")) {
            ++messages;
            const QString where = context + QStringLiteral(": ") + source;
            const QString type = xml.attributes().value(QLatin1String("type")).toString();
            QVERIFY2(type.isEmpty(), qPrintable(type + QStringLiteral(" translation for ") + where));
            // Plural messages hold their text in <numerusform> children.
            const QString text = xml.readElementText(QXmlStreamReader::IncludeChildElements);
            QVERIFY2(!text.trimmed().isEmpty(), qPrintable(QStringLiteral("empty translation for ") + where));
        }
    }
    QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
    QVERIFY(messages > 0);
}

QTEST_GUILESS_MAIN(TestLanguageManager)
#include "tst_languagemanager.moc"

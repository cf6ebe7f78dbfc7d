#include "app/LanguageManager.h"
#include "app/StartupCheck.h"

#include <QDialog>
#include <QDialogButtonBox>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QVBoxLayout>

using namespace Qt::Literals::StringLiterals;

// The check behind `trialdesk --startup-check` (the fresh-machine test), on this
// machine, which has every package of scripts/debian-packages.txt: nothing is
// missing, and a window that is not on screen is reported.
class TestStartupCheck : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void reportsWhatTheWindowFound_data();
    void reportsWhatTheWindowFound();

private:
    QTemporaryDir m_settingsDir;
};

void TestStartupCheck::initTestCase()
{
    QVERIFY(m_settingsDir.isValid());
    QStandardPaths::setTestModeEnabled(true);
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_settingsDir.path());
}

void TestStartupCheck::reportsWhatTheWindowFound_data()
{
    QTest::addColumn<QString>("language");
    QTest::addColumn<bool>("show");
    QTest::addColumn<QStringList>("expectedLines");
    QTest::addColumn<QStringList>("expectedProblems");

    QTest::newRow("English") << u"en"_s << true << QStringList{u"language: en"_s, u"platform plugin: offscreen"_s}
                             << QStringList{};
    // Qt's "Cancel" from qtbase_zh_CN.qm (qt6-translations-l10n), a CJK font (fonts-noto-cjk).
    QTest::newRow("Chinese") << u"zh_CN"_s << true
                             << QStringList{u"language: zh_CN"_s, u"TrialDesk translation: loaded"_s,
                                            u"Cancel button: 取消"_s}
                             << QStringList{};
    QTest::newRow("not shown") << u"en"_s << false << QStringList{}
                               << QStringList{u"the main window is not shown"_s, u"the sign-in dialog is not shown"_s};
}

void TestStartupCheck::reportsWhatTheWindowFound()
{
    QFETCH(QString, language);
    QFETCH(bool, show);
    QFETCH(QStringList, expectedLines);
    QFETCH(QStringList, expectedProblems);

    td::LanguageManager languages;
    QVERIFY(languages.applyLanguage(language));
    // Stand-ins for the main window and its sign-in dialog, built after the
    // translators are installed, as main() does.
    QWidget window;
    window.resize(640, 480);
    QDialog dialog(&window);
    dialog.setWindowTitle(u"Sign in"_s);
    auto *layout = new QVBoxLayout(&dialog);
    layout->addWidget(new QDialogButtonBox(QDialogButtonBox::Cancel, &dialog));
    if (show) {
        window.show();
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    }

    const td::StartupCheck check(&window, &dialog, languages);
    for (const QString &line : expectedLines)
        QVERIFY2(check.report().contains(line), qPrintable(check.report().join(u'\n')));
    QCOMPARE(check.problems(), expectedProblems);
    if (language == u"zh_CN"_s) {
        QVERIFY(check.report().filter(u"Qt translation: loaded from "_s).size() == 1);
        QVERIFY(check.report().filter(u"Chinese fonts: "_s).size() == 1);
    }
}

QTEST_MAIN(TestStartupCheck)
#include "tst_startupcheck.moc"

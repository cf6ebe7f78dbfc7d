#include "AppMetadata.h"
#include "LanguageManager.h"
#include "MainWindow.h"

#include <QAction>
#include <QApplication>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <functional>
#include <memory>

using td::LanguageManager;
using td::MainWindow;

namespace {

// Runs `handler` on the next modal dialog once it is on screen (the dialog's own
// event loop keeps the timer running), so tests can inspect and close it.
void whenModalDialogShows(std::function<void(QWidget *)> handler, int attemptsLeft = 200) {
    QTimer::singleShot(10, qApp, [handler = std::move(handler), attemptsLeft]() mutable {
        if (QWidget *dialog = QApplication::activeModalWidget(); dialog && dialog->isVisible())
            handler(dialog);
        else if (attemptsLeft > 0)
            whenModalDialogShows(std::move(handler), attemptsLeft - 1);
    });
}

} // namespace

class TestMainWindow : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void applicationMetadata();
    void windowTitleAndIcon();
    void menus();
    void initialState();
    void invalidUrlShowsError_data();
    void invalidUrlShowsError();
    void validUrlShowsSuccess();
    void returnKeyChecksUrl();
    void validUrlIsRemembered();
    void invalidUrlIsNotRemembered();
    void quitClosesWindow();
    void aboutShowsVersion();
    void switchesLanguageAtRuntime();
    void savedLanguageIsCheckedInMenu();

private:
    // What the user sees; all looked up by object name.
    QStringList menuBarTitles() const;
    QAction *action(const char *name) const;
    QLineEdit *urlEdit() const;
    QPushButton *connectButton() const;
    QString labelText(const char *name) const;
    void enterUrlAndConnect(const QString &url);

    QTemporaryDir m_settingsDir;
    std::unique_ptr<LanguageManager> m_languages;
    std::unique_ptr<MainWindow> m_window;
};

void TestMainWindow::initTestCase() {
    // Keep the user's real settings out of reach before anything creates a QSettings.
    QVERIFY(m_settingsDir.isValid());
    QStandardPaths::setTestModeEnabled(true);
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_settingsDir.path());
    td::AppMetadata::apply();
}

void TestMainWindow::init() {
    QSettings().clear();
    m_languages = std::make_unique<LanguageManager>();
    QVERIFY(m_languages->applyLanguage(LanguageManager::English));
    m_window = std::make_unique<MainWindow>(m_languages.get());
}

void TestMainWindow::cleanup() {
    m_window.reset();
    m_languages.reset();
}

QStringList TestMainWindow::menuBarTitles() const {
    QStringList titles;
    const QList<QAction *> actions = m_window->menuBar()->actions();
    for (const QAction *menuAction : actions)
        titles << menuAction->text();
    return titles;
}

QAction *TestMainWindow::action(const char *name) const {
    return m_window->findChild<QAction *>(QString::fromLatin1(name));
}

QLineEdit *TestMainWindow::urlEdit() const {
    return m_window->findChild<QLineEdit *>(QStringLiteral("serverUrlEdit"));
}

QPushButton *TestMainWindow::connectButton() const {
    return m_window->findChild<QPushButton *>(QStringLiteral("connectButton"));
}

QString TestMainWindow::labelText(const char *name) const {
    const auto *label = m_window->findChild<QLabel *>(QString::fromLatin1(name));
    return label ? label->text() : QStringLiteral("<no label %1>").arg(QString::fromLatin1(name));
}

void TestMainWindow::enterUrlAndConnect(const QString &url) {
    QLineEdit *edit = urlEdit();
    QVERIFY(edit);
    edit->clear();
    QTest::keyClicks(edit, url);
    QCOMPARE(edit->text(), url);
    QTest::mouseClick(connectButton(), Qt::LeftButton);
}

void TestMainWindow::applicationMetadata() {
    QCOMPARE(QApplication::applicationName(), QStringLiteral("TrialDesk"));
    QCOMPARE(QApplication::organizationName(), QStringLiteral("TrialDesk"));
    QCOMPARE(QApplication::applicationVersion(), QStringLiteral(TRIALDESK_VERSION));
    QVERIFY(!QApplication::applicationVersion().isEmpty());
    QVERIFY(!QApplication::windowIcon().isNull());
    for (int size : {48, 128, 256})
        QCOMPARE(QApplication::windowIcon().pixmap(size, size).size(), QSize(size, size));
}

void TestMainWindow::windowTitleAndIcon() {
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    QCOMPARE(m_window->windowTitle(), QStringLiteral("TrialDesk"));
    QVERIFY(!m_window->windowIcon().isNull());
}

void TestMainWindow::menus() {
    QCOMPARE(menuBarTitles(),
             (QStringList{QStringLiteral("&File"), QStringLiteral("&Settings"), QStringLiteral("&Help")}));
    QCOMPARE(action("quitAction")->text(), QStringLiteral("&Quit"));
    QCOMPARE(action("quitAction")->shortcut(), QKeySequence(QKeySequence::Quit));
    QCOMPARE(action("aboutAction")->text(), QStringLiteral("&About TrialDesk"));

    const auto *languageMenu = m_window->findChild<QMenu *>(QStringLiteral("languageMenu"));
    QVERIFY(languageMenu);
    QCOMPARE(languageMenu->title(), QStringLiteral("&Language"));
    QStringList languageEntries;
    const QList<QAction *> languageActions = languageMenu->actions();
    for (const QAction *entry : languageActions)
        languageEntries << entry->text();
    QCOMPARE(languageEntries,
             (QStringList{QStringLiteral("System"), QStringLiteral("English"), QStringLiteral("简体中文")}));
    QVERIFY(action("languageAction_en")->isChecked());
    QVERIFY(!action("languageAction_zh_CN")->isChecked());
    QVERIFY(!action("languageAction_system")->isChecked());
}

void TestMainWindow::initialState() {
    QCOMPARE(urlEdit()->text(), QStringLiteral("http://127.0.0.1:8080"));
    QCOMPARE(connectButton()->text(), QStringLiteral("&Connect"));
    QCOMPARE(labelText("serverUrlLabel"), QStringLiteral("Server &URL:"));
    QCOMPARE(labelText("welcomeTitleLabel"), QStringLiteral("Welcome to TrialDesk"));
    QVERIFY(labelText("welcomeIntroLabel").contains(QLatin1String("TrialDesk server")));
    QCOMPARE(labelText("connectionStateLabel"), QStringLiteral("Not connected"));
    QCOMPARE(labelText("statusMessageLabel"), QString());
}

void TestMainWindow::invalidUrlShowsError_data() {
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("message");

    QTest::newRow("no scheme") << QStringLiteral("127.0.0.1:8080")
                               << QStringLiteral(
                                      "Invalid server URL: it must start with http:// or https://.");
    QTest::newRow("ftp") << QStringLiteral("ftp://example.org")
                         << QStringLiteral("Invalid server URL: it must start with http:// or https://.");
    QTest::newRow("no host")
        << QStringLiteral("http://")
        << QStringLiteral(
               "Invalid server URL: the host name is missing (for example http://127.0.0.1:8080).");
    QTest::newRow("malformed")
        << QStringLiteral("http://exa mple.org")
        << QStringLiteral("Invalid server URL: \"http://exa mple.org\" is not a valid web address.");
    QTest::newRow("empty") << QString() << QStringLiteral("Please enter the server URL.");
}

void TestMainWindow::invalidUrlShowsError() {
    QFETCH(QString, url);
    QFETCH(QString, message);

    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    enterUrlAndConnect(url);
    QCOMPARE(labelText("statusMessageLabel"), message);
    QCOMPARE(labelText("connectionStateLabel"), QStringLiteral("Not connected"));
}

void TestMainWindow::validUrlShowsSuccess() {
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    enterUrlAndConnect(QStringLiteral("https://trialdesk.example.org"));
    QCOMPARE(labelText("statusMessageLabel"),
             QStringLiteral("The server URL https://trialdesk.example.org is valid. Connecting to the server "
                            "is not available yet."));
    // Only validated: nothing is connected yet.
    QCOMPARE(labelText("connectionStateLabel"), QStringLiteral("Not connected"));
}

void TestMainWindow::returnKeyChecksUrl() {
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    QTest::keyClick(urlEdit(), Qt::Key_Return);
    QCOMPARE(labelText("statusMessageLabel"),
             QStringLiteral("The server URL http://127.0.0.1:8080 is valid. Connecting to the server is not "
                            "available yet."));
}

void TestMainWindow::validUrlIsRemembered() {
    enterUrlAndConnect(QStringLiteral("https://trial.example.org:8443"));
    QCOMPARE(QSettings().value(MainWindow::ServerUrlSettingsKey).toString(),
             QStringLiteral("https://trial.example.org:8443"));

    // A new window (next start of the app) shows the remembered address.
    m_window = std::make_unique<MainWindow>(m_languages.get());
    QCOMPARE(urlEdit()->text(), QStringLiteral("https://trial.example.org:8443"));
}

void TestMainWindow::invalidUrlIsNotRemembered() {
    enterUrlAndConnect(QStringLiteral("https://trial.example.org"));
    enterUrlAndConnect(QStringLiteral("trial.example.org"));
    QCOMPARE(QSettings().value(MainWindow::ServerUrlSettingsKey).toString(),
             QStringLiteral("https://trial.example.org"));
}

void TestMainWindow::quitClosesWindow() {
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    action("quitAction")->trigger();
    QVERIFY(!m_window->isVisible());
}

void TestMainWindow::aboutShowsVersion() {
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    QString title;
    QString text;
    whenModalDialogShows([&](QWidget *dialog) {
        if (auto *box = qobject_cast<QMessageBox *>(dialog)) {
            title = box->windowTitle();
            text = box->text();
        }
        dialog->close();
    });
    action("aboutAction")->trigger(); // returns once the dialog is closed
    QCOMPARE(title, QStringLiteral("About TrialDesk"));
    QVERIFY2(text.contains(QStringLiteral("TrialDesk " TRIALDESK_VERSION)), qPrintable(text));
}

void TestMainWindow::switchesLanguageAtRuntime() {
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    enterUrlAndConnect(QStringLiteral("localhost:8080"));

    // Settings > Language > 简体中文
    action("languageAction_zh_CN")->trigger();
    QCOMPARE(m_languages->language(), QStringLiteral("zh_CN"));
    QCOMPARE(QSettings().value(LanguageManager::SettingsKey).toString(), QStringLiteral("zh_CN"));
    QTRY_COMPARE(menuBarTitles(), (QStringList{QStringLiteral("文件(&F)"), QStringLiteral("设置(&S)"),
                                               QStringLiteral("帮助(&H)")}));
    QCOMPARE(action("quitAction")->text(), QStringLiteral("退出(&Q)"));
    QCOMPARE(action("languageAction_system")->text(), QStringLiteral("跟随系统"));
    QCOMPARE(action("languageAction_en")->text(), QStringLiteral("English"));
    QVERIFY(action("languageAction_zh_CN")->isChecked());
    QCOMPARE(connectButton()->text(), QStringLiteral("连接(&C)"));
    QCOMPARE(labelText("serverUrlLabel"), QStringLiteral("服务器地址(&U)："));
    QCOMPARE(labelText("welcomeTitleLabel"), QStringLiteral("欢迎使用 TrialDesk"));
    QCOMPARE(labelText("connectionStateLabel"), QStringLiteral("未连接"));
    // The last check result is shown again in the new language.
    QCOMPARE(labelText("statusMessageLabel"),
             QStringLiteral("服务器地址无效：必须以 http:// 或 https:// 开头。"));
    // Input is left alone.
    QCOMPARE(urlEdit()->text(), QStringLiteral("localhost:8080"));
    QCOMPARE(m_window->windowTitle(), QStringLiteral("TrialDesk"));

    // ... and back: 设置 > 语言 > English
    action("languageAction_en")->trigger();
    QCOMPARE(m_languages->language(), QStringLiteral("en"));
    QTRY_COMPARE(menuBarTitles(), (QStringList{QStringLiteral("&File"), QStringLiteral("&Settings"),
                                               QStringLiteral("&Help")}));
    QCOMPARE(connectButton()->text(), QStringLiteral("&Connect"));
    QCOMPARE(labelText("serverUrlLabel"), QStringLiteral("Server &URL:"));
    QCOMPARE(labelText("connectionStateLabel"), QStringLiteral("Not connected"));
    QCOMPARE(labelText("statusMessageLabel"),
             QStringLiteral("Invalid server URL: it must start with http:// or https://."));
    QVERIFY(action("languageAction_en")->isChecked());
    QCOMPARE(QSettings().value(LanguageManager::SettingsKey).toString(), QStringLiteral("en"));
}

void TestMainWindow::savedLanguageIsCheckedInMenu() {
    QSettings().setValue(LanguageManager::SettingsKey, QStringLiteral("zh_CN"));
    m_window.reset();
    m_languages = std::make_unique<LanguageManager>();
    m_languages->loadSavedLanguage();
    m_window = std::make_unique<MainWindow>(m_languages.get());
    // Built after the translator was installed: Chinese from the start.
    QCOMPARE(menuBarTitles().value(0), QStringLiteral("文件(&F)"));
    QCOMPARE(connectButton()->text(), QStringLiteral("连接(&C)"));
    QVERIFY(action("languageAction_zh_CN")->isChecked());
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"

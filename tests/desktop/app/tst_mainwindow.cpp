#include "HttpClient.h"
#include "TestDefinitions.h"
#include "TestServer.h"
#include "app/AppMetadata.h"
#include "app/LanguageManager.h"
#include "app/LiveIndicator.h"
#include "app/LoginDialog.h"
#include "app/MainWindow.h"
#include "protocol/DefinitionEditor.h"
#include "protocol/ProtocolPage.h"
#include "protocol/QuestionnaireVersionsModel.h"
#include "studies/ProjectDialog.h"
#include "studies/ProjectTableModel.h"
#include "studies/StudiesPage.h"
#include "widgets/StudyChooser.h"

#include <QAction>
#include <QApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QPointer>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <functional>
#include <memory>

using namespace Qt::StringLiterals;
using td::LanguageManager;
using td::LoginDialog;
using td::MainWindow;
using td::test::TestServer;

namespace {

// Runs `handler` on the next modal dialog once it is on screen (the dialog's own
// event loop keeps the timer running), so tests can inspect and close it.
void whenModalDialogShows(std::function<void(QWidget *)> handler, int attemptsLeft = 200)
{
    QTimer::singleShot(10, qApp, [handler = std::move(handler), attemptsLeft]() mutable {
        if (QWidget *dialog = QApplication::activeModalWidget(); dialog && dialog->isVisible())
            handler(dialog);
        else if (attemptsLeft > 0)
            whenModalDialogShows(std::move(handler), attemptsLeft - 1);
    });
}

} // namespace

class TestMainWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void applicationMetadata();
    void windowTitleAndIcon();
    void menus();
    void initialState();
    void signInOpensDialogWithServerOverride();
    void signInShowsPages();
    void membersPageOnlyForThoseWhoManageMembers_data();
    void membersPageOnlyForThoseWhoManageMembers();
    void expiredSessionKeepsWork();
    void signOutReturnsToWelcome();
    void quitClosesWindow();
    void closingAsksAboutUnsavedProtocolEdits();
    void aboutShowsVersion();
    void switchesLanguageAtRuntime();
    void savedLanguageIsCheckedInMenu();

private:
    // What the user sees; all looked up by object name.
    QStringList menuBarTitles() const;
    QAction *action(const char *name) const;
    QString labelText(const char *name) const;
    void signInThroughDialog(const QString &username = QString::fromUtf16(td::test::kAdminUser));
    QStringList navigationEntries() const;

    QTemporaryDir m_settingsDir;
    std::unique_ptr<TestServer> m_server;
    std::unique_ptr<LanguageManager> m_languages;
    std::unique_ptr<MainWindow> m_window;
};

void TestMainWindow::initTestCase()
{
    // Keep the user's real settings out of reach before anything creates a QSettings.
    QVERIFY(m_settingsDir.isValid());
    QStandardPaths::setTestModeEnabled(true);
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_settingsDir.path());
    td::AppMetadata::apply();
    // Demo studies, so the studies page has something to show. Many sign-ins from one
    // address in a minute: no sign-in rate limit.
    m_server = std::make_unique<TestServer>(QStringList{u"--demo"_s, u"--no-request-log"_s, u"--login-rate"_s, u"0"_s});
    QVERIFY2(m_server->start(), m_server->log().constData());
}

void TestMainWindow::init()
{
    QSettings().clear();
    m_languages = std::make_unique<LanguageManager>();
    QVERIFY(m_languages->applyLanguage(LanguageManager::English));
    m_window = std::make_unique<MainWindow>(m_languages.get());
}

void TestMainWindow::cleanup()
{
    m_window.reset();
    m_languages.reset();
}

QStringList TestMainWindow::menuBarTitles() const
{
    QStringList titles;
    const QList<QAction *> actions = m_window->menuBar()->actions();
    for (const QAction *menuAction : actions)
        titles << menuAction->text();
    return titles;
}

QAction *TestMainWindow::action(const char *name) const
{
    return m_window->findChild<QAction *>(QString::fromLatin1(name));
}

QString TestMainWindow::labelText(const char *name) const
{
    const auto *label = m_window->findChild<QLabel *>(QString::fromLatin1(name));
    return label ? label->text() : QStringLiteral("<no label %1>").arg(QString::fromLatin1(name));
}

void TestMainWindow::signInThroughDialog(const QString &username)
{
    m_window->setServerUrlOverride(m_server->url({}).toString());
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    m_window->signIn();
    LoginDialog *dialog = m_window->loginDialog();
    QVERIFY(dialog);
    QTRY_VERIFY(dialog->isVisible());
    auto *user = dialog->findChild<QLineEdit *>(u"usernameEdit"_s);
    user->setText(username);
    QTest::keyClicks(dialog->findChild<QLineEdit *>(u"passwordEdit"_s), QString::fromUtf16(td::test::kTestPassword));
    QSignalSpy signedIn(m_window.get(), &MainWindow::signedIn);
    QTest::mouseClick(dialog->findChild<QPushButton *>(u"signInButton"_s), Qt::LeftButton);
    QTRY_COMPARE(signedIn.count(), 1);
    QVERIFY(!m_window->loginDialog());
}

QStringList TestMainWindow::navigationEntries() const
{
    QStringList entries;
    if (auto *navigation = m_window->findChild<QListWidget *>(u"navigationList"_s)) {
        for (int i = 0; i < navigation->count(); ++i)
            entries << navigation->item(i)->text();
    }
    return entries;
}

void TestMainWindow::applicationMetadata()
{
    QCOMPARE(QApplication::applicationName(), QStringLiteral("TrialDesk"));
    QCOMPARE(QApplication::organizationName(), QStringLiteral("TrialDesk"));
    QCOMPARE(QApplication::applicationVersion(), QStringLiteral(TRIALDESK_VERSION));
    QVERIFY(!QApplication::applicationVersion().isEmpty());
    QVERIFY(!QApplication::windowIcon().isNull());
    for (int size : {48, 128, 256})
        QCOMPARE(QApplication::windowIcon().pixmap(size, size).size(), QSize(size, size));
}

void TestMainWindow::windowTitleAndIcon()
{
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    QCOMPARE(m_window->windowTitle(), QStringLiteral("TrialDesk"));
    QVERIFY(!m_window->windowIcon().isNull());
}

void TestMainWindow::menus()
{
    QCOMPARE(menuBarTitles(),
             (QStringList{QStringLiteral("&File"), QStringLiteral("&Settings"), QStringLiteral("&Help")}));
    QCOMPARE(action("signInAction")->text(), u"Sign &In…"_s);
    QCOMPARE(action("signOutAction")->text(), u"Sign &Out"_s);
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

void TestMainWindow::initialState()
{
    QCOMPARE(labelText("welcomeTitleLabel"), QStringLiteral("Welcome to TrialDesk"));
    QVERIFY(labelText("welcomeIntroLabel").contains(QLatin1String("TrialDesk server")));
    QCOMPARE(labelText("connectionStateLabel"), QStringLiteral("Not connected"));
    // The live-update indicator (issue #16): no stream before sign-in.
    QCOMPARE(labelText("liveIndicatorLabel"), QStringLiteral("Offline"));
    QVERIFY(!m_window->findChild<QListWidget *>(u"navigationList"_s));
    QVERIFY(action("signInAction")->isEnabled());
    QVERIFY(!action("signOutAction")->isEnabled());
}

void TestMainWindow::signInOpensDialogWithServerOverride()
{
    m_window->setServerUrlOverride(u"https://override.example.org"_s);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    // The welcome page's button opens the dialog.
    QTest::mouseClick(m_window->findChild<QPushButton *>(u"signInButton"_s), Qt::LeftButton);
    LoginDialog *dialog = m_window->loginDialog();
    QVERIFY(dialog);
    QVERIFY(dialog->isVisible());
    QVERIFY(dialog->isModal());
    QCOMPARE(dialog->serverUrl(), u"https://override.example.org"_s);
    QVERIFY(!dialog->isReauthentication());
    // Cancelled: back to the welcome page, still signed out.
    dialog->reject();
    QTRY_VERIFY(!m_window->loginDialog());
    QCOMPARE(labelText("connectionStateLabel"), QStringLiteral("Not connected"));
}

void TestMainWindow::signInShowsPages()
{
    signInThroughDialog();
    QVERIFY(m_window->isSignedIn());
    // The event stream started with the session's token (whether it gets through
    // depends on the server: its state, not Offline, is what the indicator shows).
    QVERIFY(m_window->api().eventStream().state() != td::EventStream::State::Disconnected);
    QCOMPARE(labelText("liveIndicatorLabel"), td::LiveIndicator::stateText(m_window->api().eventStream().state()));
    QCOMPARE(labelText("connectionStateLabel"),
             u"Signed in as %1 (administrator) — %2"_s.arg(
                 m_window->session().user.displayName.isEmpty() ? u"admin"_s : m_window->session().user.displayName,
                 m_server->url({}).toDisplayString(QUrl::StripTrailingSlash)));
    auto *navigation = m_window->findChild<QListWidget *>(u"navigationList"_s);
    QVERIFY(navigation);
    QCOMPARE(navigationEntries(), (QStringList{u"Studies"_s, u"Subjects"_s, u"Review"_s, u"Vital Signs"_s,
                                               u"Dashboard"_s, u"Protocol"_s, u"Members"_s, u"Integrations"_s}));
    auto *pages = m_window->findChild<QStackedWidget *>(u"pageStack"_s);
    QCOMPARE(pages->count(), 8);
    QVERIFY(qobject_cast<td::StudiesPage *>(pages->currentWidget()));
    auto *studies = qobject_cast<td::StudiesPage *>(pages->currentWidget());
    QTRY_COMPARE(studies->model()->rowCount(), 20);
    QTRY_VERIFY(!studies->model()->isLoading());
    // Developer aid: TRIALDESK_SCREENSHOT_DIR=/tmp saves what the user sees.
    if (const QString dir = qEnvironmentVariable("TRIALDESK_SCREENSHOT_DIR"); !dir.isEmpty()) {
        QTest::qWait(100);
        QVERIFY(m_window->grab().save(dir + u"/shell-studies.png"_s));
        QTest::mouseClick(studies->findChild<QPushButton *>(u"newStudyButton"_s), Qt::LeftButton);
        auto *dialog = studies->findChild<td::ProjectDialog *>();
        QTRY_VERIFY(dialog && dialog->isVisible());
        dialog->findChild<QLineEdit *>(u"codeEdit"_s)->setText(studies->model()->project(0).code);
        dialog->findChild<QLineEdit *>(u"titleEdit"_s)->setText(u"Duplicate"_s);
        QTest::mouseClick(dialog->findChild<QPushButton *>(u"saveButton"_s), Qt::LeftButton);
        QTRY_VERIFY(!dialog->errors().fieldError(u"code"_s).isEmpty());
        QTest::qWait(50);
        QVERIFY(dialog->grab().save(dir + u"/shell-projectdialog.png"_s));
        dialog->reject();
    }
    navigation->setCurrentRow(4);
    QCOMPARE(pages->currentIndex(), 4);
    QVERIFY(!action("signInAction")->isEnabled());
    QVERIFY(action("signOutAction")->isEnabled());
}

void TestMainWindow::membersPageOnlyForThoseWhoManageMembers_data()
{
    QTest::addColumn<QString>("globalRole");
    QTest::addColumn<QString>("studyRole"); // in every study; empty: member of none
    QTest::addColumn<bool>("membersPage");
    QTest::newRow("pm of the studies") << u"pm"_s << u"pm"_s << true;
    // The study role counts, not the global one (issue #14).
    QTest::newRow("crc who is pm of the studies") << u"crc"_s << u"pm"_s << true;
    QTest::newRow("pm who is only a monitor here") << u"pm"_s << u"monitor"_s << false;
    QTest::newRow("monitor") << u"monitor"_s << u"monitor"_s << false;
    QTest::newRow("crc") << u"crc"_s << u"crc"_s << false;
    QTest::newRow("pm of no study") << u"pm"_s << QString() << false;
}

void TestMainWindow::membersPageOnlyForThoseWhoManageMembers()
{
    QFETCH(QString, globalRole);
    QFETCH(QString, studyRole);
    QFETCH(bool, membersPage);
    const QString username = u"mw-"_s + QString::fromLatin1(QTest::currentDataTag()).replace(u' ', u'-');
    QVERIFY(!m_server->createStaff(username, globalRole).isEmpty());
    if (!studyRole.isEmpty())
        QVERIFY(m_server->grantEveryStudy(username, studyRole));
    signInThroughDialog(username);
    const QStringList entries = navigationEntries();
    QVERIFY2(entries.startsWith(u"Studies"_s), qPrintable(entries.join(u", "_s)));
    QCOMPARE(entries.contains(u"Members"_s), membersPage);
    // Webhooks (issue #16) are managed by the same people, on a page of their own, last.
    QCOMPARE(entries.contains(u"Integrations"_s), membersPage);
    if (membersPage)
        QCOMPARE(entries.constLast(), u"Integrations"_s);
    // Every staff role reads protocols (issue #15); the page offers editing per study.
    QVERIFY(entries.contains(u"Protocol"_s));
}

void TestMainWindow::expiredSessionKeepsWork()
{
    signInThroughDialog();
    auto *studies = m_window->findChild<td::StudiesPage *>();
    QVERIFY(studies);
    // The user starts a new study...
    QTest::mouseClick(studies->findChild<QPushButton *>(u"newStudyButton"_s), Qt::LeftButton);
    auto *projectDialog = studies->findChild<td::ProjectDialog *>();
    QVERIFY(projectDialog);
    QTRY_VERIFY(projectDialog->isVisible());
    projectDialog->findChild<QLineEdit *>(u"codeEdit"_s)->setText(u"EXP1"_s);
    projectDialog->findChild<QLineEdit *>(u"titleEdit"_s)->setText(u"Half-typed study"_s);

    // ... while the session ends on the server (revoked, expired).
    td::test::HttpClient http;
    http.setToken(m_window->api().token());
    QCOMPARE(http.post(m_server->url(u"/api/v1/auth/logout"_s), "{}").status, 204);

    QTest::mouseClick(projectDialog->findChild<QPushButton *>(u"saveButton"_s), Qt::LeftButton);
    QTRY_VERIFY(m_window->loginDialog() && m_window->loginDialog()->isVisible());
    LoginDialog *login = m_window->loginDialog();
    QVERIFY(login->isReauthentication());
    QCOMPARE(login->username(), u"admin"_s);
    QCOMPARE(login->serverUrl(), m_server->url({}).toString(QUrl::StripTrailingSlash));
    QVERIFY(labelText("connectionStateLabel").startsWith(u"Session expired"_s));
    // The work is still there.
    QCOMPARE(m_window->findChild<td::StudiesPage *>(), studies);
    QVERIFY(projectDialog->isVisible());
    QCOMPARE(projectDialog->findChild<QLineEdit *>(u"titleEdit"_s)->text(), u"Half-typed study"_s);
    QVERIFY(projectDialog->errors().message().startsWith(u"Your session has expired."_s));

    QTest::keyClicks(login->findChild<QLineEdit *>(u"passwordEdit"_s), QString::fromUtf16(td::test::kTestPassword));
    QTest::mouseClick(login->findChild<QPushButton *>(u"signInButton"_s), Qt::LeftButton);
    QTRY_VERIFY(!m_window->loginDialog());
    QVERIFY(m_window->isSignedIn());
    QVERIFY(labelText("connectionStateLabel").startsWith(u"Signed in as"_s));

    // Save again: it goes through, and the page shows the new study.
    QSignalSpy saved(projectDialog, &td::ProjectDialog::projectSaved);
    QTest::mouseClick(projectDialog->findChild<QPushButton *>(u"saveButton"_s), Qt::LeftButton);
    QTRY_COMPARE(saved.count(), 1);
    QTRY_VERIFY(studies->model()->rowOf(u"EXP1"_s) >= 0);
}

void TestMainWindow::signOutReturnsToWelcome()
{
    signInThroughDialog();
    const QString token = m_window->api().token();
    QSignalSpy signedOut(m_window.get(), &MainWindow::signedOut);
    action("signOutAction")->trigger();
    QTRY_COMPARE(signedOut.count(), 1);
    QVERIFY(!m_window->isSignedIn());
    QVERIFY(!m_window->findChild<td::StudiesPage *>());
    QCOMPARE(labelText("connectionStateLabel"), QStringLiteral("Not connected"));
    QCOMPARE(m_window->api().eventStream().state(), td::EventStream::State::Disconnected);
    QCOMPARE(labelText("liveIndicatorLabel"), QStringLiteral("Offline"));
    // The sign-in dialog is offered again, for a fresh sign-in.
    QVERIFY(m_window->loginDialog());
    QVERIFY(!m_window->loginDialog()->isReauthentication());
    m_window->loginDialog()->reject();
    // The token was revoked on the server.
    td::test::HttpClient http;
    http.setToken(token);
    QCOMPARE(http.get(m_server->url(u"/api/v1/auth/me"_s)).status, 401);
}

void TestMainWindow::quitClosesWindow()
{
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    action("quitAction")->trigger();
    QVERIFY(!m_window->isVisible());
}

// An edited draft on the Protocol page: closing the window asks first; Cancel keeps the
// window open with the edits, Discard closes it.
void TestMainWindow::closingAsksAboutUnsavedProtocolEdits()
{
    const QString code = u"NCT007"_s;
    const QString key = u"close-window"_s;
    td::test::HttpClient http;
    const QJsonObject definition = td::test::oneItemQuestionnaire(key);
    QCOMPARE(http.post(m_server->url(u"/api/v1/projects/"_s + code + u"/questionnaires"_s),
                       QJsonDocument(definition).toJson())
                 .status,
             201);
    signInThroughDialog();
    auto *page = m_window->findChild<td::ProtocolPage *>();
    QVERIFY(page);
    QSignalSpy listed(page, &td::ProtocolPage::versionsLoaded);
    m_window->findChild<QListWidget *>(u"navigationList"_s)->setCurrentRow(5); // Protocol
    td::StudyChooser *studies = page->studyChooser();
    QTRY_VERIFY(studies->findData(code) >= 0);
    if (studies->currentCode() != code)
        studies->setCurrentIndex(studies->findData(code));
    QTRY_VERIFY(listed.count() > 0 && studies->currentCode() == code && page->versionsModel()->rowOf(key, 1) >= 0);
    page->selectVersion(key, 1);
    QTRY_COMPARE(page->currentVersion().key(), key);
    QTest::keyClicks(page->editor()->findChild<QLineEdit *>(u"titleEnEdit"_s), u" edited"_s);
    QVERIFY(page->hasUnsavedChanges());

    m_window->findChild<QListWidget *>(u"navigationList"_s)->setCurrentRow(0); // elsewhere: the question brings it back
    QVERIFY(!m_window->close());
    QPointer<QMessageBox> box;
    QTRY_VERIFY((box = page->findChild<QMessageBox *>(u"unsavedChangesBox"_s)) && box->isVisible());
    QVERIFY(m_window->isVisible());
    QCOMPARE(m_window->findChild<QStackedWidget *>(u"pageStack"_s)->currentWidget(), page);
    QTest::mouseClick(box->button(QMessageBox::Cancel), Qt::LeftButton);
    QVERIFY(m_window->isVisible());
    QVERIFY(page->hasUnsavedChanges());

    action("quitAction")->trigger();
    QTRY_VERIFY((box = page->findChild<QMessageBox *>(u"unsavedChangesBox"_s)) && box->isVisible());
    QTest::mouseClick(box->button(QMessageBox::Discard), Qt::LeftButton);
    QTRY_VERIFY(!m_window->isVisible());
}

void TestMainWindow::aboutShowsVersion()
{
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

void TestMainWindow::switchesLanguageAtRuntime()
{
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));

    // Settings > Language > 简体中文
    action("languageAction_zh_CN")->trigger();
    QCOMPARE(m_languages->language(), QStringLiteral("zh_CN"));
    QCOMPARE(QSettings().value(LanguageManager::SettingsKey).toString(), QStringLiteral("zh_CN"));
    QTRY_COMPARE(menuBarTitles(),
                 (QStringList{QStringLiteral("文件(&F)"), QStringLiteral("设置(&S)"), QStringLiteral("帮助(&H)")}));
    QCOMPARE(action("quitAction")->text(), QStringLiteral("退出(&Q)"));
    QCOMPARE(action("languageAction_system")->text(), QStringLiteral("跟随系统"));
    QCOMPARE(action("languageAction_en")->text(), QStringLiteral("English"));
    QVERIFY(action("languageAction_zh_CN")->isChecked());
    QCOMPARE(labelText("welcomeTitleLabel"), QStringLiteral("欢迎使用 TrialDesk"));
    QCOMPARE(labelText("connectionStateLabel"), QStringLiteral("未连接"));
    QCOMPARE(m_window->windowTitle(), QStringLiteral("TrialDesk"));

    // ... and back: 设置 > 语言 > English
    action("languageAction_en")->trigger();
    QCOMPARE(m_languages->language(), QStringLiteral("en"));
    QTRY_COMPARE(menuBarTitles(),
                 (QStringList{QStringLiteral("&File"), QStringLiteral("&Settings"), QStringLiteral("&Help")}));
    QCOMPARE(labelText("welcomeTitleLabel"), QStringLiteral("Welcome to TrialDesk"));
    QCOMPARE(labelText("connectionStateLabel"), QStringLiteral("Not connected"));
    QVERIFY(action("languageAction_en")->isChecked());
    QCOMPARE(QSettings().value(LanguageManager::SettingsKey).toString(), QStringLiteral("en"));
}

void TestMainWindow::savedLanguageIsCheckedInMenu()
{
    QSettings().setValue(LanguageManager::SettingsKey, QStringLiteral("zh_CN"));
    m_window.reset();
    m_languages = std::make_unique<LanguageManager>();
    m_languages->loadSavedLanguage();
    m_window = std::make_unique<MainWindow>(m_languages.get());
    // Built after the translator was installed: Chinese from the start.
    QCOMPARE(menuBarTitles().value(0), QStringLiteral("文件(&F)"));
    QCOMPARE(labelText("welcomeTitleLabel"), QStringLiteral("欢迎使用 TrialDesk"));
    QVERIFY(action("languageAction_zh_CN")->isChecked());
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"

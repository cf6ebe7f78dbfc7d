#include "MainWindow.h"

#include "app/AppMetadata.h"
#include "app/LanguageManager.h"
#include "app/LiveIndicator.h"
#include "app/LoginDialog.h"
#include "app/WelcomePage.h"
#include "dashboard/DashboardPage.h"
#include "integrations/IntegrationsPage.h"
#include "members/MembersPage.h"
#include "protocol/ProtocolPage.h"
#include "review/ReviewPage.h"
#include "studies/StudiesPage.h"
#include "subjects/SubjectsPage.h"
#include "vitals/VitalsPage.h"

#include <QAction>
#include <QActionGroup>
#include <QCloseEvent>
#include <QEvent>
#include <QHBoxLayout>
#include <QKeySequence>
#include <QLabel>
#include <QListWidget>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QPointer>
#include <QStackedWidget>
#include <QStatusBar>
#include <QStyle>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace td {

namespace {

// Language names are shown in their own language, so a user can find theirs
// whatever the current UI language is; that is why they are not translated.
QString nativeLanguageName(const QString &code)
{
    if (code == LanguageManager::SimplifiedChinese)
        return u"简体中文"_s;
    return u"English"_s;
}

// The Members and Integrations pages come last, and only for those who manage some
// study's members or webhooks (so the last two indexes are where they are when shown).
enum PageIndex {
    StudiesIndex,
    SubjectsIndex,
    ReviewIndex,
    VitalsIndex,
    DashboardIndex,
    ProtocolIndex,
    MembersIndex,
    IntegrationsIndex
};

} // namespace

MainWindow::MainWindow(LanguageManager *languages, QWidget *parent)
    : QMainWindow(parent)
    , m_languages(languages)
{
    Q_ASSERT(m_languages);
    setObjectName(u"mainWindow"_s);
    // The product name is the same in every language.
    setWindowTitle(AppMetadata::ProductName);
    setWindowIcon(AppMetadata::icon());

    m_api = new ApiClient(this);
    connect(m_api, &ApiClient::sessionExpired, this, &MainWindow::onSessionExpired);

    m_stack = new QStackedWidget(this);
    m_welcomePage = new WelcomePage(this);
    m_welcomePage->setObjectName(u"welcomePage"_s);
    m_stack->addWidget(m_welcomePage);
    setCentralWidget(m_stack);
    connect(m_welcomePage, &WelcomePage::signInRequested, this, &MainWindow::signIn);

    createMenus();
    createStatusBar();
    retranslateUi();
    updateLanguageActions();
    updateSessionState();
    connect(m_languages, &LanguageManager::languageChanged, this, &MainWindow::updateLanguageActions);

    setMinimumSize(760, 480);
    resize(1100, 700);
}

void MainWindow::createMenus()
{
    m_fileMenu = menuBar()->addMenu(QString());
    m_fileMenu->setObjectName(u"fileMenu"_s);
    m_signInAction = m_fileMenu->addAction(QString(), this, &MainWindow::signIn);
    m_signInAction->setObjectName(u"signInAction"_s);
    m_signOutAction = m_fileMenu->addAction(QString(), this, &MainWindow::signOut);
    m_signOutAction->setObjectName(u"signOutAction"_s);
    m_fileMenu->addSeparator();
    m_quitAction = m_fileMenu->addAction(QString(), this, &QWidget::close);
    m_quitAction->setObjectName(u"quitAction"_s);
    m_quitAction->setShortcut(QKeySequence::Quit);
    m_quitAction->setMenuRole(QAction::QuitRole);

    m_settingsMenu = menuBar()->addMenu(QString());
    m_settingsMenu->setObjectName(u"settingsMenu"_s);
    m_languageMenu = m_settingsMenu->addMenu(QString());
    m_languageMenu->setObjectName(u"languageMenu"_s);
    m_languageGroup = new QActionGroup(this);
    m_languageGroup->setExclusive(true);
    const QStringList codes = LanguageManager::availableLanguages();
    for (const QString &code : codes) {
        QAction *action = m_languageMenu->addAction(QString());
        action->setObjectName(u"languageAction_"_s + code);
        action->setData(code);
        action->setCheckable(true);
        m_languageGroup->addAction(action);
        if (code == LanguageManager::System)
            m_systemLanguageAction = action;
        else
            action->setText(nativeLanguageName(code));
    }
    connect(m_languageGroup, &QActionGroup::triggered, this,
            [this](QAction *action) { m_languages->setLanguage(action->data().toString()); });

    m_helpMenu = menuBar()->addMenu(QString());
    m_helpMenu->setObjectName(u"helpMenu"_s);
    m_aboutAction = m_helpMenu->addAction(QString(), this, &MainWindow::showAbout);
    m_aboutAction->setObjectName(u"aboutAction"_s);
    m_aboutAction->setMenuRole(QAction::AboutRole);
}

void MainWindow::createStatusBar()
{
    m_connectionLabel = new QLabel(this);
    m_connectionLabel->setObjectName(u"connectionStateLabel"_s);
    m_connectionLabel->setTextFormat(Qt::PlainText);
    statusBar()->addWidget(m_connectionLabel, 1);
    statusBar()->addPermanentWidget(new LiveIndicator(m_api->eventStream(), this));
}

void MainWindow::createPages()
{
    if (m_workspace)
        return;
    m_workspace = new QWidget(this);
    m_workspace->setObjectName(u"workspace"_s);
    m_navigation = new QListWidget(m_workspace);
    m_navigation->setObjectName(u"navigationList"_s);
    m_navigation->setIconSize(QSize(24, 24));
    m_navigation->setSpacing(2);
    m_navigation->setUniformItemSizes(true);
    m_navigation->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_pages = new QStackedWidget(m_workspace);
    m_pages->setObjectName(u"pageStack"_s);

    QList<QPair<QWidget *, QStyle::StandardPixmap>> pages = {
        {new StudiesPage(*m_api, m_pages), QStyle::SP_FileDialogDetailedView},
        {new SubjectsPage(*m_api, m_pages), QStyle::SP_DirHomeIcon},
        {new ReviewPage(*m_api, m_pages), QStyle::SP_DialogApplyButton},
        {new VitalsPage(*m_api, m_pages), QStyle::SP_FileDialogContentsView},
        {new DashboardPage(*m_api, m_pages), QStyle::SP_ComputerIcon},
        // Every member of a study reads its protocol; the page itself offers editing
        // to those with Permission::EditProtocol there.
        {new ProtocolPage(*m_api, m_pages), QStyle::SP_FileDialogListView},
    };
    // Memberships are known once signed in (ApiClient::login reads them).
    if (m_api->managesMembers())
        pages.append({new MembersPage(*m_api, m_pages), QStyle::SP_DirLinkIcon});
    if (m_api->managesIntegrations())
        pages.append({new IntegrationsPage(*m_api, m_pages), QStyle::SP_DriveNetIcon});
    for (const auto &[page, icon] : pages) {
        m_pages->addWidget(page);
        new QListWidgetItem(style()->standardIcon(icon), QString(), m_navigation);
    }
    connect(m_navigation, &QListWidget::currentRowChanged, m_pages, &QStackedWidget::setCurrentIndex);
    m_navigation->setCurrentRow(StudiesIndex);
    // Offline longer than the server keeps events: the pages that follow the stream
    // cannot be brought up to date event by event, so they load their state again.
    connect(&m_api->eventStream(), &EventStream::eventsPruned, m_workspace, [pages = m_pages] {
        if (auto *review = pages->findChild<ReviewPage *>())
            review->reload();
        if (auto *subjects = pages->findChild<SubjectsPage *>())
            subjects->reload();
        if (auto *dashboard = pages->findChild<DashboardPage *>())
            dashboard->reload();
    });

    auto *layout = new QHBoxLayout(m_workspace);
    layout->setContentsMargins(6, 6, 6, 0);
    layout->addWidget(m_navigation);
    layout->addWidget(m_pages, 1);

    m_stack->addWidget(m_workspace);
    m_stack->setCurrentWidget(m_workspace);
    retranslateUi();
}

void MainWindow::destroyPages()
{
    if (!m_workspace)
        return;
    m_stack->setCurrentWidget(m_welcomePage);
    m_stack->removeWidget(m_workspace);
    delete m_workspace;
    m_workspace = nullptr;
    m_navigation = nullptr;
    m_pages = nullptr;
}

void MainWindow::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QMainWindow::changeEvent(event);
}

void MainWindow::retranslateUi()
{
    m_fileMenu->setTitle(tr("&File"));
    m_signInAction->setText(tr("Sign &In…"));
    m_signOutAction->setText(tr("Sign &Out"));
    m_quitAction->setText(tr("&Quit"));
    m_settingsMenu->setTitle(tr("&Settings"));
    m_languageMenu->setTitle(tr("&Language"));
    //: Language menu entry: follow the operating system's language.
    m_systemLanguageAction->setText(tr("System"));
    m_helpMenu->setTitle(tr("&Help"));
    m_aboutAction->setText(tr("&About TrialDesk"));
    if (m_navigation) {
        const QStringList names = {tr("Studies"),   tr("Subjects"), tr("Review"),  tr("Vital Signs"),
                                   tr("Dashboard"), tr("Protocol"), tr("Members"), tr("Integrations")};
        // The optional pages are named by what they are, not where they ended up.
        for (int i = 0; i < m_navigation->count(); ++i) {
            QWidget *page = m_pages->widget(i);
            const int name = qobject_cast<MembersPage *>(page)        ? MembersIndex
                             : qobject_cast<IntegrationsPage *>(page) ? IntegrationsIndex
                                                                      : i;
            m_navigation->item(i)->setText(names.at(name));
        }
        // Wide enough for the longest name in the current language.
        int width = 0;
        for (const QString &name : names)
            width = qMax(width, m_navigation->fontMetrics().horizontalAdvance(name));
        m_navigation->setFixedWidth(width + m_navigation->iconSize().width() + 40);
    }
    updateSessionState();
}

void MainWindow::updateLanguageActions()
{
    const QString current = m_languages->language();
    const QList<QAction *> actions = m_languageGroup->actions();
    for (QAction *action : actions)
        action->setChecked(action->data().toString() == current);
}

QString MainWindow::roleName(const QString &role) const
{
    if (role == u"admin"_s)
        return tr("administrator");
    if (role == u"pm"_s)
        return tr("project manager");
    if (role == u"crc"_s)
        return tr("research nurse / CRC");
    if (role == u"monitor"_s)
        return tr("monitor");
    return role;
}

void MainWindow::updateSessionState()
{
    if (!m_connectionLabel)
        return;
    const bool signedIn = m_api->isSignedIn();
    m_signInAction->setEnabled(!signedIn);
    m_signOutAction->setEnabled(signedIn || m_workspace);
    QString text;
    if (signedIn) {
        const QString name =
            m_session.user.displayName.isEmpty() ? m_session.user.username : m_session.user.displayName;
        //: Status bar: %1 is the user's name, %2 their role, %3 the server address.
        text = tr("Signed in as %1 (%2) — %3")
                   .arg(name, roleName(td::roleName(m_session.user.role)), m_api->baseUrl().toDisplayString());
    } else if (m_sessionExpired && m_workspace) {
        text = tr("Session expired — sign in again to continue (File > Sign In).");
    } else {
        text = tr("Not connected");
    }
    m_connectionLabel->setText(text);
}

void MainWindow::signIn()
{
    if (m_loginDialog) {
        m_loginDialog->raise();
        m_loginDialog->activateWindow();
        return;
    }
    auto *dialog = new LoginDialog(*m_api, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    if (m_workspace && !m_session.user.username.isEmpty()) {
        // Work is open: the same user on the same server picks it up again.
        dialog->setServerUrl(m_api->baseUrl().toString());
        dialog->setUsername(m_session.user.username);
        dialog->setReauthentication(true);
    } else if (!m_serverUrlOverride.isEmpty()) {
        dialog->setServerUrl(m_serverUrlOverride);
    }
    connect(dialog, &QDialog::finished, this, &MainWindow::onLoginFinished);
    m_loginDialog = dialog;
    // Application-modal but not blocking: open dialogs of the pages (an edited
    // study) stay as they are underneath, and coroutines keep running.
    dialog->setWindowModality(Qt::ApplicationModal);
    dialog->show();
}

void MainWindow::onLoginFinished(int result)
{
    LoginDialog *dialog = m_loginDialog;
    m_loginDialog = nullptr; // deletes itself once closed
    if (result != QDialog::Accepted || !dialog) {
        updateSessionState();
        return;
    }
    m_session = dialog->session();
    m_sessionExpired = false;
    // With work open (a renewed session) the stream resumes where it was; a new
    // sign-in starts afresh, perhaps on another server.
    m_api->startEventStream(m_workspace != nullptr);
    createPages();
    updateSessionState();
    Q_EMIT signedIn();
}

void MainWindow::onSessionExpired()
{
    m_sessionExpired = true;
    updateSessionState();
    // Not from inside the request that noticed: let its coroutine finish first.
    QTimer::singleShot(0, this, [this] {
        if (!m_api->isSignedIn())
            signIn();
    });
}

void MainWindow::signOut()
{
    if (!askAboutUnsavedWork([this] { doSignOut(); }))
        doSignOut();
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (askAboutUnsavedWork([this] { close(); })) {
        event->ignore();
        return;
    }
    QMainWindow::closeEvent(event);
}

bool MainWindow::askAboutUnsavedWork(std::function<void()> proceed)
{
    auto *protocol = m_pages ? m_pages->findChild<ProtocolPage *>() : nullptr;
    if (!protocol || !protocol->hasUnsavedChanges())
        return false;
    m_navigation->setCurrentRow(ProtocolIndex); // the edits in question on screen
    protocol->confirmLeaving(std::move(proceed));
    return true;
}

QCoro::Task<> MainWindow::doSignOut()
{
    m_signOutAction->setEnabled(false);
    m_api->eventStream().stop();
    QPointer<MainWindow> self(this);
    if (m_api->isSignedIn()) {
        // Revokes the token on the server; signed out locally whatever the answer.
        co_await m_api->logout();
        if (!self)
            co_return;
    }
    m_session = {};
    m_sessionExpired = false;
    destroyPages();
    updateSessionState();
    Q_EMIT signedOut();
    signIn();
}

void MainWindow::showAbout()
{
    //: %1 is the TrialDesk version, %2 the Qt version.
    const QString text = tr("<h3>TrialDesk %1</h3>"
                            "<p>The desktop client for clinical studies. Research nurses, clinical research "
                            "coordinators and project managers use it to work with the study data kept on a "
                            "TrialDesk server.</p>"
                            "<p>Built with Qt %2.</p>")
                             .arg(AppMetadata::version(), QString::fromLatin1(qVersion()));
    QMessageBox::about(this, tr("About TrialDesk"), text);
}

} // namespace td

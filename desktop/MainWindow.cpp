#include "MainWindow.h"

#include "AppMetadata.h"
#include "LanguageManager.h"
#include "WelcomePage.h"

#include <QAction>
#include <QActionGroup>
#include <QEvent>
#include <QKeySequence>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QStatusBar>

namespace td {

namespace {

// Language names are shown in their own language, so a user can find theirs
// whatever the current UI language is; that is why they are not translated.
QString nativeLanguageName(const QString &code) {
    if (code == LanguageManager::SimplifiedChinese)
        return QStringLiteral("简体中文");
    return QStringLiteral("English");
}

} // namespace

MainWindow::MainWindow(LanguageManager *languages, QWidget *parent)
    : QMainWindow(parent)
    , m_languages(languages) {
    Q_ASSERT(m_languages);
    setObjectName(QStringLiteral("mainWindow"));
    // The product name is the same in every language.
    setWindowTitle(AppMetadata::ProductName);
    setWindowIcon(AppMetadata::icon());

    m_welcomePage = new WelcomePage(this);
    m_welcomePage->setObjectName(QStringLiteral("welcomePage"));
    m_welcomePage->setServerUrl(QSettings().value(ServerUrlSettingsKey, DefaultServerUrl).toString());
    setCentralWidget(m_welcomePage);
    connect(m_welcomePage, &WelcomePage::connectRequested, this, &MainWindow::checkServerUrl);

    createMenus();
    createStatusBar();
    retranslateUi();
    updateLanguageActions();
    connect(m_languages, &LanguageManager::languageChanged, this, &MainWindow::updateLanguageActions);

    setMinimumSize(640, 460);
    resize(900, 620);
}

void MainWindow::createMenus() {
    m_fileMenu = menuBar()->addMenu(QString());
    m_fileMenu->setObjectName(QStringLiteral("fileMenu"));
    m_quitAction = m_fileMenu->addAction(QString(), this, &QWidget::close);
    m_quitAction->setObjectName(QStringLiteral("quitAction"));
    m_quitAction->setShortcut(QKeySequence::Quit);
    m_quitAction->setMenuRole(QAction::QuitRole);

    m_settingsMenu = menuBar()->addMenu(QString());
    m_settingsMenu->setObjectName(QStringLiteral("settingsMenu"));
    m_languageMenu = m_settingsMenu->addMenu(QString());
    m_languageMenu->setObjectName(QStringLiteral("languageMenu"));
    m_languageGroup = new QActionGroup(this);
    m_languageGroup->setExclusive(true);
    const QStringList codes = LanguageManager::availableLanguages();
    for (const QString &code : codes) {
        QAction *action = m_languageMenu->addAction(QString());
        action->setObjectName(QStringLiteral("languageAction_") + code);
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
    m_helpMenu->setObjectName(QStringLiteral("helpMenu"));
    m_aboutAction = m_helpMenu->addAction(QString(), this, &MainWindow::showAbout);
    m_aboutAction->setObjectName(QStringLiteral("aboutAction"));
    m_aboutAction->setMenuRole(QAction::AboutRole);
}

void MainWindow::createStatusBar() {
    m_statusMessageLabel = new QLabel(this);
    m_statusMessageLabel->setObjectName(QStringLiteral("statusMessageLabel"));
    m_statusMessageLabel->setTextFormat(Qt::PlainText);
    statusBar()->addWidget(m_statusMessageLabel, 1);

    m_connectionLabel = new QLabel(this);
    m_connectionLabel->setObjectName(QStringLiteral("connectionStateLabel"));
    statusBar()->addPermanentWidget(m_connectionLabel);
}

void MainWindow::changeEvent(QEvent *event) {
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QMainWindow::changeEvent(event);
}

void MainWindow::retranslateUi() {
    m_fileMenu->setTitle(tr("&File"));
    m_quitAction->setText(tr("&Quit"));
    m_settingsMenu->setTitle(tr("&Settings"));
    m_languageMenu->setTitle(tr("&Language"));
    //: Language menu entry: follow the operating system's language.
    m_systemLanguageAction->setText(tr("System"));
    m_helpMenu->setTitle(tr("&Help"));
    m_aboutAction->setText(tr("&About TrialDesk"));
    m_connectionLabel->setText(tr("Not connected"));
    showServerUrlCheck();
}

void MainWindow::updateLanguageActions() {
    const QString current = m_languages->language();
    const QList<QAction *> actions = m_languageGroup->actions();
    for (QAction *action : actions)
        action->setChecked(action->data().toString() == current);
}

void MainWindow::checkServerUrl(const QString &text) {
    m_lastCheck = ServerUrlCheck::check(text);
    if (m_lastCheck->isValid())
        QSettings().setValue(ServerUrlSettingsKey, m_lastCheck->input);
    showServerUrlCheck();
}

void MainWindow::showServerUrlCheck() {
    if (!m_lastCheck) {
        m_statusMessageLabel->clear();
        return;
    }
    QString message;
    switch (m_lastCheck->problem) {
    case ServerUrlCheck::Problem::None:
        //: %1 is the server address the user entered.
        message = tr("The server URL %1 is valid. Connecting to the server is not available yet.")
                      .arg(m_lastCheck->url.toDisplayString());
        break;
    case ServerUrlCheck::Problem::Empty:
        message = tr("Please enter the server URL.");
        break;
    case ServerUrlCheck::Problem::UnsupportedScheme:
        message = tr("Invalid server URL: it must start with http:// or https://.");
        break;
    case ServerUrlCheck::Problem::Malformed:
        //: %1 is the text the user entered.
        message = tr("Invalid server URL: \"%1\" is not a valid web address.").arg(m_lastCheck->input);
        break;
    case ServerUrlCheck::Problem::MissingHost:
        message = tr("Invalid server URL: the host name is missing (for example http://127.0.0.1:8080).");
        break;
    }
    m_statusMessageLabel->setText(message);
    m_statusMessageLabel->setStyleSheet(m_lastCheck->isValid() ? QString()
                                                               : QStringLiteral("color: #b3261e;"));
}

void MainWindow::showAbout() {
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

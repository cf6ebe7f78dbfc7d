#pragma once

#include "net/ApiClient.h"

#include <QCoroTask>
#include <QMainWindow>
#include <QPointer>
#include <functional>

class QAction;
class QActionGroup;
class QLabel;
class QListWidget;
class QMenu;
class QStackedWidget;

namespace td {

class LanguageManager;
class LoginDialog;
class WelcomePage;

// The application window. Signed out it shows the welcome page and the sign-in
// dialog; signed in, a navigation list on the left over the work pages (studies,
// subjects, review, vital signs, dashboard), all sharing the window's ApiClient.
//
// When the server says the session is over (ApiClient::sessionExpired) the sign-in
// dialog comes back for the same user while the pages stay as they are, so unsaved
// input survives; File > Sign Out discards the pages. Signing out and closing ask
// first about unsaved protocol edits.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    static inline const QString ServerUrlSettingsKey = QStringLiteral("server/url");

    // `languages` must outlive the window; the Settings > Language menu drives it.
    explicit MainWindow(LanguageManager *languages, QWidget *parent = nullptr);

    ApiClient &api() { return *m_api; }
    bool isSignedIn() const { return m_api->isSignedIn(); }
    const ApiClient::Session &session() const { return m_session; }
    // The sign-in dialog while it is open.
    LoginDialog *loginDialog() const { return m_loginDialog; }
    // Prefills the sign-in dialog's server address (--server).
    void setServerUrlOverride(const QString &url) { m_serverUrlOverride = url; }

public Q_SLOTS:
    // Opens the sign-in dialog (window-modal, non-blocking). With work pages open
    // it signs the same user in again.
    void signIn();
    void signOut();

Q_SIGNALS:
    void signedIn();
    void signedOut();

protected:
    void changeEvent(QEvent *event) override;
    void closeEvent(QCloseEvent *event) override;

private:
    // Unsaved protocol edits would go with the window or the pages: the Protocol page
    // asks about them first, then `proceed` runs. True when it asked.
    bool askAboutUnsavedWork(std::function<void()> proceed);
    void createMenus();
    void createStatusBar();
    void createPages();
    void destroyPages();
    void retranslateUi();
    void updateLanguageActions();
    void updateSessionState();
    void onLoginFinished(int result);
    void onSessionExpired();
    QString roleName(const QString &role) const;
    QCoro::Task<> doSignOut();
    void showAbout();

    LanguageManager *m_languages = nullptr;
    ApiClient *m_api = nullptr;
    ApiClient::Session m_session;
    QString m_serverUrlOverride;
    bool m_sessionExpired = false;

    QStackedWidget *m_stack = nullptr;
    WelcomePage *m_welcomePage = nullptr;
    QWidget *m_workspace = nullptr;
    QListWidget *m_navigation = nullptr;
    QStackedWidget *m_pages = nullptr;
    QPointer<LoginDialog> m_loginDialog;

    QMenu *m_fileMenu = nullptr;
    QMenu *m_settingsMenu = nullptr;
    QMenu *m_languageMenu = nullptr;
    QMenu *m_helpMenu = nullptr;
    QAction *m_signInAction = nullptr;
    QAction *m_signOutAction = nullptr;
    QAction *m_quitAction = nullptr;
    QAction *m_systemLanguageAction = nullptr;
    QActionGroup *m_languageGroup = nullptr;
    QAction *m_aboutAction = nullptr;

    QLabel *m_connectionLabel = nullptr;
};

} // namespace td

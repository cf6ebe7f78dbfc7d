#pragma once

#include "net/ApiClient.h"

#include <QCoroTask>
#include <QDialog>

class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;

namespace td {

class MessageBanner;

// Sign-in: server address, username and password. Sign in first asks the server's
// /healthz (so "cannot reach the server" and "untrusted certificate" are told apart
// from a wrong password), then signs in through ApiClient, which keeps the token.
// The dialog stays open with a message next to the form until sign-in succeeds.
//
// In re-authentication mode (the session expired while the user was working) the
// server and username are fixed: the same person continues where they left off.
class LoginDialog : public QDialog
{
    Q_OBJECT

public:
    static inline const QString ServerUrlSettingsKey = QStringLiteral("server/url");
    static inline const QString UsernameSettingsKey = QStringLiteral("server/username");
    static inline const QString DefaultServerUrl = QStringLiteral("http://127.0.0.1:8080");

    // Prefilled from the settings (last server and username).
    explicit LoginDialog(ApiClient &api, QWidget *parent = nullptr);

    QString serverUrl() const;
    void setServerUrl(const QString &url);
    QString username() const;
    void setUsername(const QString &username);
    void setReauthentication(bool reauthenticate);
    bool isReauthentication() const { return m_reauthenticate; }
    bool isBusy() const { return m_busy; }
    // The message shown next to the form (empty when there is none).
    QString message() const;

    // Valid after the dialog was accepted.
    const ApiClient::Session &session() const { return m_session; }

public Q_SLOTS:
    void reject() override;

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslateUi();
    void updateSignInEnabled();
    void setBusy(bool busy, const QString &progressText = {});
    void showMessage(const QString &text, bool isError = true);
    QString messageFor(const ApiError &error, const QUrl &url, bool duringHealthCheck) const;
    QCoro::Task<> signIn();

    ApiClient &m_api;
    ApiClient::Session m_session;
    bool m_reauthenticate = false;
    bool m_busy = false;
    // Incremented when a running sign-in is abandoned (Cancel), so its result is ignored.
    int m_attempt = 0;

    QLabel *m_introLabel = nullptr;
    QLabel *m_serverUrlLabel = nullptr;
    QLineEdit *m_serverUrlEdit = nullptr;
    QLabel *m_usernameLabel = nullptr;
    QLineEdit *m_usernameEdit = nullptr;
    QLabel *m_passwordLabel = nullptr;
    QLineEdit *m_passwordEdit = nullptr;
    MessageBanner *m_messageLabel = nullptr;
    QProgressBar *m_progressBar = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
    QPushButton *m_signInButton = nullptr;
};

} // namespace td

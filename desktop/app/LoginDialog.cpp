#include "LoginDialog.h"

#include "app/AppMetadata.h"
#include "net/ServerUrlCheck.h"
#include "widgets/MessageBanner.h"

#include <QDialogButtonBox>
#include <QEvent>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace td {

namespace {

constexpr int LogoSize = 48;

} // namespace

LoginDialog::LoginDialog(ApiClient &api, QWidget *parent)
    : QDialog(parent)
    , m_api(api)
{
    setObjectName(u"loginDialog"_s);
    setWindowIcon(AppMetadata::icon());

    auto *logoLabel = new QLabel(this);
    logoLabel->setPixmap(AppMetadata::icon().pixmap(LogoSize, LogoSize));
    logoLabel->setFixedSize(LogoSize, LogoSize);

    m_introLabel = new QLabel(this);
    m_introLabel->setObjectName(u"loginIntroLabel"_s);
    m_introLabel->setWordWrap(true);

    m_serverUrlEdit = new QLineEdit(this);
    m_serverUrlEdit->setObjectName(u"serverUrlEdit"_s);
    m_serverUrlEdit->setInputMethodHints(Qt::ImhUrlCharactersOnly | Qt::ImhNoAutoUppercase);
    m_serverUrlEdit->setClearButtonEnabled(true);
    m_serverUrlLabel = new QLabel(this);
    m_serverUrlLabel->setBuddy(m_serverUrlEdit);

    m_usernameEdit = new QLineEdit(this);
    m_usernameEdit->setObjectName(u"usernameEdit"_s);
    m_usernameEdit->setInputMethodHints(Qt::ImhNoAutoUppercase | Qt::ImhNoPredictiveText);
    m_usernameLabel = new QLabel(this);
    m_usernameLabel->setBuddy(m_usernameEdit);

    m_passwordEdit = new QLineEdit(this);
    m_passwordEdit->setObjectName(u"passwordEdit"_s);
    m_passwordEdit->setEchoMode(QLineEdit::Password);
    m_passwordEdit->setInputMethodHints(Qt::ImhHiddenText | Qt::ImhSensitiveData | Qt::ImhNoPredictiveText);
    m_passwordLabel = new QLabel(this);
    m_passwordLabel->setBuddy(m_passwordEdit);

    m_messageLabel = new MessageBanner(this);
    m_messageLabel->setObjectName(u"loginMessageLabel"_s);

    m_progressBar = new QProgressBar(this);
    m_progressBar->setObjectName(u"loginProgressBar"_s);
    m_progressBar->setRange(0, 0); // busy indicator
    m_progressBar->setTextVisible(false);
    m_progressBar->setMaximumHeight(6);
    // Keeps its place in the layout while hidden, so the dialog does not jump.
    QSizePolicy keepSpace = m_progressBar->sizePolicy();
    keepSpace.setRetainSizeWhenHidden(true);
    m_progressBar->setSizePolicy(keepSpace);
    m_progressBar->setVisible(false);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_signInButton = m_buttons->addButton(QString(), QDialogButtonBox::AcceptRole);
    m_signInButton->setObjectName(u"signInButton"_s);
    m_signInButton->setDefault(true);
    m_buttons->button(QDialogButtonBox::Cancel)->setObjectName(u"cancelButton"_s);

    auto *titleRow = new QHBoxLayout;
    titleRow->setSpacing(12);
    titleRow->addWidget(logoLabel, 0, Qt::AlignTop);
    titleRow->addWidget(m_introLabel, 1);

    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    form->addRow(m_serverUrlLabel, m_serverUrlEdit);
    form->addRow(m_usernameLabel, m_usernameEdit);
    form->addRow(m_passwordLabel, m_passwordEdit);
    form->addRow(QString(), m_messageLabel);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(titleRow);
    layout->addSpacing(8);
    layout->addLayout(form);
    layout->addWidget(m_progressBar);
    layout->addStretch(1);
    layout->addWidget(m_buttons);

    connect(m_buttons, &QDialogButtonBox::accepted, this, [this] { signIn(); });
    connect(m_buttons, &QDialogButtonBox::rejected, this, &LoginDialog::reject);
    for (QLineEdit *edit : {m_serverUrlEdit, m_usernameEdit, m_passwordEdit})
        connect(edit, &QLineEdit::textChanged, this, &LoginDialog::updateSignInEnabled);

    const QSettings settings;
    m_serverUrlEdit->setText(settings.value(ServerUrlSettingsKey, DefaultServerUrl).toString());
    m_usernameEdit->setText(settings.value(UsernameSettingsKey).toString());

    retranslateUi();
    updateSignInEnabled();
    setMinimumWidth(460);
    (m_usernameEdit->text().isEmpty() ? m_usernameEdit : m_passwordEdit)->setFocus();
}

QString LoginDialog::serverUrl() const
{
    return m_serverUrlEdit->text();
}

void LoginDialog::setServerUrl(const QString &url)
{
    m_serverUrlEdit->setText(url);
}

QString LoginDialog::username() const
{
    return m_usernameEdit->text();
}

void LoginDialog::setUsername(const QString &username)
{
    m_usernameEdit->setText(username);
    if (!username.isEmpty())
        m_passwordEdit->setFocus();
}

void LoginDialog::setReauthentication(bool reauthenticate)
{
    m_reauthenticate = reauthenticate;
    // The same person continues on the same server: the open pages belong to them.
    m_serverUrlEdit->setReadOnly(reauthenticate);
    m_usernameEdit->setReadOnly(reauthenticate);
    m_serverUrlEdit->setClearButtonEnabled(!reauthenticate);
    retranslateUi();
    m_passwordEdit->setFocus();
}

QString LoginDialog::message() const
{
    return m_messageLabel->isHidden() ? QString() : m_messageLabel->text();
}

void LoginDialog::reject()
{
    if (m_busy) {
        // Stop waiting for the server; the dialog stays so the user can correct the
        // address. A late answer to the abandoned attempt is ignored.
        ++m_attempt;
        setBusy(false);
        showMessage(tr("Sign-in cancelled."), false);
        return;
    }
    QDialog::reject();
}

void LoginDialog::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QDialog::changeEvent(event);
}

void LoginDialog::retranslateUi()
{
    setWindowTitle(m_reauthenticate ? tr("Session expired — TrialDesk") : tr("Sign in — TrialDesk"));
    m_introLabel->setText(m_reauthenticate
                              ? tr("Your session has expired. Enter your password to continue; nothing you "
                                   "were working on is lost.")
                              : tr("Sign in to your TrialDesk server with the account you received from your "
                                   "study team."));
    m_serverUrlLabel->setText(tr("Server &URL:"));
    m_serverUrlEdit->setPlaceholderText(tr("For example https://trialdesk.example.org"));
    m_usernameLabel->setText(tr("User&name:"));
    m_passwordLabel->setText(tr("&Password:"));
    m_signInButton->setText(tr("&Sign in"));
}

void LoginDialog::updateSignInEnabled()
{
    m_signInButton->setEnabled(!m_busy && !m_serverUrlEdit->text().trimmed().isEmpty()
                               && !m_usernameEdit->text().trimmed().isEmpty() && !m_passwordEdit->text().isEmpty());
}

void LoginDialog::setBusy(bool busy, const QString &progressText)
{
    m_busy = busy;
    m_serverUrlEdit->setEnabled(!busy);
    m_usernameEdit->setEnabled(!busy);
    m_passwordEdit->setEnabled(!busy);
    m_progressBar->setVisible(busy);
    if (busy)
        showMessage(progressText, false);
    updateSignInEnabled();
}

void LoginDialog::showMessage(const QString &text, bool isError)
{
    m_messageLabel->showMessage([text] { return text; },
                                isError ? MessageBanner::Kind::Error : MessageBanner::Kind::Info);
}

QString LoginDialog::messageFor(const ApiError &error, const QUrl &url, bool duringHealthCheck) const
{
    const QString server = url.toDisplayString();
    if (error.kind == ApiError::Kind::Network) {
        if (error.code == u"tls_untrusted"_s)
            //: %1 is the server address.
            return tr("The certificate of %1 is not trusted by this computer, so TrialDesk did not send your "
                      "password. Ask your IT department to install your site's certificate authority.")
                .arg(server);
        //: %1 is the server address.
        return tr("Cannot reach the server at %1. Check the address and your network connection, and that the "
                  "server is running.")
            .arg(server);
    }
    if (duringHealthCheck)
        //: %1 is the server address, %2 the server's answer (in English).
        return tr("%1 answered, but it does not look like a TrialDesk server (%2). Check the address.")
            .arg(server, error.message);
    switch (error.kind) {
    case ApiError::Kind::Unauthorized:
        return tr("The username or password is wrong.");
    case ApiError::Kind::TooManyRequests:
        if (error.code == u"account_locked"_s)
            return tr("This account is locked after too many failed sign-ins. Try again in 15 minutes, or ask "
                      "an administrator to unlock it.");
        return tr("Too many sign-in attempts from this computer. Wait a minute, then try again.");
    case ApiError::Kind::Unavailable:
        return tr("The server is busy. Try again in a moment.");
    default:
        //: %1 is the server's explanation (in English).
        return tr("Sign-in failed: %1").arg(error.message);
    }
}

QCoro::Task<> LoginDialog::signIn()
{
    if (m_busy || !m_signInButton->isEnabled())
        co_return;
    const ServerUrlCheck check = ServerUrlCheck::check(m_serverUrlEdit->text());
    if (!check.isValid()) {
        switch (check.problem) {
        case ServerUrlCheck::Problem::UnsupportedScheme:
            showMessage(tr("Invalid server URL: it must start with http:// or https://."));
            break;
        case ServerUrlCheck::Problem::MissingHost:
            showMessage(tr("Invalid server URL: the host name is missing (for example http://127.0.0.1:8080)."));
            break;
        default:
            //: %1 is the text the user entered.
            showMessage(tr("Invalid server URL: \"%1\" is not a valid web address.").arg(check.input));
            break;
        }
        m_serverUrlEdit->setFocus();
        co_return;
    }
    const QString username = m_usernameEdit->text().trimmed();
    const QString password = m_passwordEdit->text();
    const int attempt = ++m_attempt;
    QPointer<LoginDialog> self(this);

    setBusy(true, tr("Connecting to %1…").arg(check.url.toDisplayString()));
    m_api.setBaseUrl(check.url);
    const Result<QJsonObject> health = co_await m_api.health();
    if (!self || attempt != m_attempt)
        co_return;
    if (!health) {
        setBusy(false);
        showMessage(messageFor(health.error(), check.url, true));
        co_return;
    }

    setBusy(true, tr("Signing in…"));
    const Result<ApiClient::Session> session = co_await m_api.login(username, password);
    if (!self || attempt != m_attempt)
        co_return;
    setBusy(false);
    if (!session) {
        showMessage(messageFor(session.error(), check.url, false));
        if (session.error().kind == ApiError::Kind::Unauthorized) {
            m_passwordEdit->selectAll();
            m_passwordEdit->setFocus();
        }
        co_return;
    }
    m_session = session.value();
    m_passwordEdit->clear();
    showMessage(QString(), false);
    QSettings settings;
    settings.setValue(ServerUrlSettingsKey, check.input);
    settings.setValue(UsernameSettingsKey, username);
    accept();
}

} // namespace td

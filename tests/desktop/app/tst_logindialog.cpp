#include "TestServer.h"
#include "app/AppMetadata.h"
#include "app/LoginDialog.h"
#include "net/ApiClient.h"

#include <QApplication>
#include <QLabel>
#include <QLineEdit>
#include <QProcess>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSslKey>
#include <QSslServer>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <memory>

using namespace Qt::StringLiterals;
using td::ApiClient;
using td::LoginDialog;
using td::test::TestServer;

class TestLoginDialog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void prefilledFromSettings();
    void signInButtonNeedsAllFields();
    void invalidUrlIsRefusedLocally();
    void successSignsInAndRemembers();
    void wrongPasswordShowsMessage();
    void lockedAccountShowsMessage();
    void unreachableServerShowsMessage();
    void untrustedCertificateShowsMessage();
    void reauthenticationFixesServerAndUser();

private:
    template<typename T>
    T *child(const char *name) const
    {
        return m_dialog->findChild<T *>(QString::fromLatin1(name));
    }
    void fillIn(const QString &url, const QString &username, const QString &password);
    QString messageText() const { return child<QLabel>("loginMessageLabel")->text(); }
    bool messageVisible() const { return !child<QLabel>("loginMessageLabel")->isHidden(); }

    QTemporaryDir m_settingsDir;
    std::unique_ptr<TestServer> m_server;
    std::unique_ptr<ApiClient> m_api;
    std::unique_ptr<LoginDialog> m_dialog;
};

void TestLoginDialog::initTestCase()
{
    QVERIFY(m_settingsDir.isValid());
    QStandardPaths::setTestModeEnabled(true);
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_settingsDir.path());
    td::AppMetadata::apply();
    // The lock-out case alone signs in six times: no per-address sign-in rate limit
    // (tst_auth covers it), so the cases do not depend on how fast the machine is.
    m_server = std::make_unique<TestServer>(QStringList{u"--login-rate"_s, u"0"_s});
    QVERIFY2(m_server->start(), m_server->log().constData());
    QVERIFY(!m_server->createStaff(u"nurse"_s, u"crc"_s).isEmpty());
    QVERIFY(!m_server->createStaff(u"locked"_s, u"crc"_s).isEmpty());
}

void TestLoginDialog::init()
{
    QSettings().clear();
    m_api = std::make_unique<ApiClient>();
    m_api->setTimeoutMs(10'000);
    m_dialog = std::make_unique<LoginDialog>(*m_api);
    m_dialog->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_dialog.get()));
}

void TestLoginDialog::cleanup()
{
    m_dialog.reset();
    m_api.reset();
}

void TestLoginDialog::fillIn(const QString &url, const QString &username, const QString &password)
{
    for (const auto &[name, text] :
         {std::pair{"serverUrlEdit", url}, std::pair{"usernameEdit", username}, std::pair{"passwordEdit", password}}) {
        auto *edit = child<QLineEdit>(name);
        QVERIFY(edit);
        edit->clear();
        QTest::keyClicks(edit, text);
    }
}

void TestLoginDialog::prefilledFromSettings()
{
    QCOMPARE(child<QLineEdit>("serverUrlEdit")->text(), u"http://127.0.0.1:8080"_s);
    QCOMPARE(child<QLineEdit>("usernameEdit")->text(), QString());
    QCOMPARE(child<QLineEdit>("passwordEdit")->echoMode(), QLineEdit::Password);

    QSettings().setValue(LoginDialog::ServerUrlSettingsKey, u"https://trial.example.org"_s);
    QSettings().setValue(LoginDialog::UsernameSettingsKey, u"nurse"_s);
    LoginDialog again(*m_api);
    QCOMPARE(again.findChild<QLineEdit *>(u"serverUrlEdit"_s)->text(), u"https://trial.example.org"_s);
    QCOMPARE(again.findChild<QLineEdit *>(u"usernameEdit"_s)->text(), u"nurse"_s);
}

void TestLoginDialog::signInButtonNeedsAllFields()
{
    auto *button = child<QPushButton>("signInButton");
    QCOMPARE(button->text(), u"&Sign in"_s);
    QVERIFY(!button->isEnabled()); // no username, no password
    fillIn(m_server->url({}).toString(), u"admin"_s, QString());
    QVERIFY(!button->isEnabled());
    QTest::keyClicks(child<QLineEdit>("passwordEdit"), u"x"_s);
    QVERIFY(button->isEnabled());
}

void TestLoginDialog::invalidUrlIsRefusedLocally()
{
    fillIn(u"127.0.0.1:8080"_s, u"admin"_s, u"whatever-password"_s);
    QTest::mouseClick(child<QPushButton>("signInButton"), Qt::LeftButton);
    QCOMPARE(messageText(), u"Invalid server URL: it must start with http:// or https://."_s);
    QVERIFY(messageVisible());
    QVERIFY(m_dialog->isVisible());
    QVERIFY(!m_api->isSignedIn());
}

void TestLoginDialog::successSignsInAndRemembers()
{
    const QString url = m_server->url({}).toString();
    fillIn(url, QString::fromUtf16(td::test::kAdminUser), QString::fromUtf16(td::test::kTestPassword));
    QSignalSpy accepted(m_dialog.get(), &QDialog::accepted);
    auto *button = child<QPushButton>("signInButton");
    QTest::mouseClick(button, Qt::LeftButton);
    // Disabled while it works.
    QVERIFY(!button->isEnabled());
    QVERIFY(m_dialog->isBusy());
    QTRY_COMPARE(accepted.count(), 1);
    QVERIFY(!m_dialog->isVisible());
    QVERIFY(m_api->isSignedIn());
    QCOMPARE(m_dialog->session().user.username, u"admin"_s);
    QCOMPARE(td::roleName(m_dialog->session().user.role), u"admin"_s);
    QCOMPARE(QSettings().value(LoginDialog::ServerUrlSettingsKey).toString(), url);
    QCOMPARE(QSettings().value(LoginDialog::UsernameSettingsKey).toString(), u"admin"_s);
    QVERIFY(child<QLineEdit>("passwordEdit")->text().isEmpty());
}

void TestLoginDialog::wrongPasswordShowsMessage()
{
    fillIn(m_server->url({}).toString(), u"nurse"_s, u"not-the-password"_s);
    auto *button = child<QPushButton>("signInButton");
    QTest::mouseClick(button, Qt::LeftButton);
    QVERIFY(!button->isEnabled());
    QTRY_VERIFY(!m_dialog->isBusy());
    QCOMPARE(messageText(), u"The username or password is wrong."_s);
    QVERIFY(messageVisible());
    QVERIFY(m_dialog->isVisible());
    QVERIFY(button->isEnabled());
    QVERIFY(!m_api->isSignedIn());
    QCOMPARE(m_dialog->result(), int(QDialog::Rejected));
}

void TestLoginDialog::lockedAccountShowsMessage()
{
    fillIn(m_server->url({}).toString(), u"locked"_s, u"not-the-password"_s);
    auto *button = child<QPushButton>("signInButton");
    // Five failures lock the account; the sixth attempt is told so.
    for (int attempt = 0; attempt < 6; ++attempt) {
        QTRY_VERIFY(button->isEnabled());
        QTest::mouseClick(button, Qt::LeftButton);
        QTRY_VERIFY(!m_dialog->isBusy());
    }
    QCOMPARE(messageText(), u"This account is locked after too many failed sign-ins. Try again in 15 minutes, or "
                            "ask an administrator to unlock it."_s);
    QVERIFY(m_dialog->isVisible());
}

void TestLoginDialog::unreachableServerShowsMessage()
{
    // A port nobody listens on: bind one, then close it.
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost));
    const quint16 port = probe.serverPort();
    probe.close();
    const QString url = u"http://127.0.0.1:%1"_s.arg(port);

    fillIn(url, u"admin"_s, u"whatever-password"_s);
    QTest::mouseClick(child<QPushButton>("signInButton"), Qt::LeftButton);
    QTRY_VERIFY(!m_dialog->isBusy());
    QCOMPARE(messageText(), u"Cannot reach the server at %1. Check the address and your network connection, and "
                            "that the server is running."_s.arg(url));
    QVERIFY(messageVisible());
    QVERIFY(m_dialog->isVisible());
    QVERIFY(child<QPushButton>("signInButton")->isEnabled());
    // A failed attempt does not overwrite the remembered server.
    QVERIFY(!QSettings().contains(LoginDialog::ServerUrlSettingsKey));
}

void TestLoginDialog::untrustedCertificateShowsMessage()
{
    // An HTTPS server with a self-signed certificate this computer does not trust.
    const QString openssl = QStandardPaths::findExecutable(u"openssl"_s);
    QVERIFY2(!openssl.isEmpty(), "openssl is needed to make the test certificate and is not on PATH");
    QTemporaryDir dir;
    const QString certFile = dir.filePath(u"cert.pem"_s);
    const QString keyFile = dir.filePath(u"key.pem"_s);
    QProcess req;
    req.start(openssl, {u"req"_s, u"-x509"_s, u"-newkey"_s, u"rsa:2048"_s, u"-nodes"_s, u"-keyout"_s, keyFile,
                        u"-out"_s, certFile, u"-days"_s, u"1"_s, u"-subj"_s, u"/CN=127.0.0.1"_s});
    QVERIFY(req.waitForFinished(60000) && req.exitCode() == 0);
    QFile key(keyFile);
    QVERIFY(key.open(QIODevice::ReadOnly));
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    tls.setLocalCertificate(QSslCertificate::fromPath(certFile).value(0));
    tls.setPrivateKey(QSslKey(&key, QSsl::Rsa));
    QSslServer server;
    server.setSslConfiguration(tls);
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    const QString url = u"https://127.0.0.1:%1"_s.arg(server.serverPort());

    fillIn(url, u"admin"_s, u"whatever-password"_s);
    QTest::mouseClick(child<QPushButton>("signInButton"), Qt::LeftButton);
    QTRY_VERIFY(!m_dialog->isBusy());
    QCOMPARE(messageText(),
             u"The certificate of %1 is not trusted by this computer, so TrialDesk did not send "
             "your password. Ask your IT department to install your site's certificate authority."_s.arg(url));
    QVERIFY(messageVisible());
    QVERIFY(m_dialog->isVisible());
    QVERIFY(!m_api->isSignedIn());
    QVERIFY(!QSettings().contains(LoginDialog::ServerUrlSettingsKey));
}

void TestLoginDialog::reauthenticationFixesServerAndUser()
{
    m_dialog->setServerUrl(m_server->url({}).toString());
    m_dialog->setUsername(u"nurse"_s);
    m_dialog->setReauthentication(true);
    QVERIFY(child<QLineEdit>("serverUrlEdit")->isReadOnly());
    QVERIFY(child<QLineEdit>("usernameEdit")->isReadOnly());
    QVERIFY(child<QLabel>("loginIntroLabel")->text().contains(u"session has expired"_s));
    QTest::keyClicks(child<QLineEdit>("passwordEdit"), QString::fromUtf16(td::test::kTestPassword));
    QSignalSpy accepted(m_dialog.get(), &QDialog::accepted);
    QTest::keyClick(child<QLineEdit>("passwordEdit"), Qt::Key_Return);
    QTRY_VERIFY2(accepted.count() == 1, qPrintable(messageText()));
    QCOMPARE(td::roleName(m_dialog->session().user.role), u"crc"_s);
}

QTEST_MAIN(TestLoginDialog)
#include "tst_logindialog.moc"

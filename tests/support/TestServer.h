#pragma once

#include <QByteArray>
#include <QProcess>
#include <QStringList>
#include <QTemporaryDir>
#include <QUrl>

#include <memory>

namespace td::test {

// A real trialdesk-server child process bound to 127.0.0.1 on a port the kernel
// picked (--port 0), with a temporary data dir that outlives restarts of the
// process and is removed with this object.
class TestServer
{
public:
    explicit TestServer(QStringList extraArguments = {});
    ~TestServer();

    // Starts the process and waits until it prints its listening line. Returns
    // false (with the process output in log()) if it did not come up in time.
    // The first start also creates the admin account kAdminUser and signs it in:
    // adminToken() is then set, and every HttpClient without a token of its own
    // sends it (HttpClient::setDefaultToken).
    bool start();
    QString adminToken() const { return m_adminToken; }
    // Creates a staff account through the command line and signs it in; returns its token.
    QString createStaff(const QString &username, const QString &role);
    // Runs `trialdesk-server --data-dir <ours> args...` with `input` on stdin.
    int runCommand(const QStringList &args, const QByteArray &input = {}, QByteArray *output = nullptr) const;
    // SIGTERM and wait: the graceful shutdown path.
    bool stop();
    // SIGKILL: no chance to flush anything.
    void kill();
    bool isRunning() const;

    quint16 port() const { return m_port; }
    QUrl url(const QString &pathAndQuery) const;
    QString dataDir() const { return m_dataDir.path(); }
    QString databaseFile() const;
    // Everything the process wrote to stdout and stderr so far.
    QByteArray log();
    int exitCode() const;

private:
    bool launch();

    QTemporaryDir m_dataDir;
    QStringList m_extraArguments;
    std::unique_ptr<QProcess> m_process;
    QByteArray m_log;
    quint16 m_port = 0;
    QString m_adminToken;
};

inline constexpr char16_t kAdminUser[] = u"admin";
inline constexpr char16_t kTestPassword[] = u"test-password-123";

// Path of the trialdesk-server binary under test.
QString serverBinary();

} // namespace td::test

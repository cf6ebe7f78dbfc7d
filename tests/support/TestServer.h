#pragma once

#include <QByteArray>
#include <QProcess>
#include <QSqlDatabase>
#include <QStringList>
#include <QTemporaryDir>
#include <QUrl>
#include <memory>

namespace td::test {

// A real trialdesk-server child process bound to 127.0.0.1 on a port the kernel
// picked (--port 0), with a temporary data dir that outlives restarts of the
// process and is removed with this object.
//
// With TRIALDESK_TEST_BACKEND=postgresql (set by CTest for the *_pg variants) the
// server runs against a fresh PostgreSQL database instead, created for this object
// in the cluster that TRIALDESK_TEST_PG (a postgresql:// URL of its maintenance
// database, see scripts/pg-test-cluster) points at, and dropped with it. Without a
// reachable cluster start() fails: a PostgreSQL test never silently passes on SQLite.
//
// With TRIALDESK_TEST_CONTRACT_PROXY=/path/to/prism (set by CTest for the *_contract
// variants) every start() also starts `prism proxy --errors` on a free loopback port
// in front of the server, with the OpenAPI document the server itself serves, and
// url() points there: every exchange HttpClient makes is then checked against the
// document, so the document and the server cannot drift apart. HttpClient fails
// the running test on any sl-violations header (an answer the document does not
// allow); a request Prism refuses (the tests send invalid ones on purpose) goes
// to the server directly, which must refuse it too (4xx). port() stays the
// server's own, for the raw-socket tests that a validating proxy would only get
// in the way of.
class TestServer
{
public:
    enum class Backend { FromEnvironment, SQLite };
    explicit TestServer(QStringList extraArguments = {}, Backend backend = Backend::FromEnvironment);
    // A second server on the same database as `primary` (PostgreSQL only: several
    // instances sharing one database). `primary` must outlive this object.
    TestServer(const TestServer &primary, QStringList extraArguments);
    ~TestServer();

    // True in the *_pg test variants.
    static bool usesPostgres();
    // True in the *_contract test variants: requests through url() pass Prism.
    static bool contractChecked();

    // Starts the process and waits until it prints its listening line. Returns
    // false (with the process output in log()) if it did not come up in time.
    // The first start also creates the admin account kAdminUser and signs it in:
    // adminToken() is then set, and every HttpClient without a token of its own
    // sends it (HttpClient::setDefaultToken).
    bool start();
    QString adminToken() const { return m_adminToken; }
    // For a database that already holds the admin account (e.g. one migrated into):
    // the first start() then only signs in.
    void setAdminExists() { m_initialised = true; }
    // Creates a staff account through the command line and signs it in; returns its token.
    QString createStaff(const QString &username, const QString &role);
    // Since #14 a staff account reaches only the studies it is a member of. As the admin:
    // makes `username` a member of study `code` in `studyRole`, limited to `sites` (empty:
    // all); or of every study that exists now in the account's own role. False on failure
    // (with a warning saying why).
    bool grantMembership(const QString &username, const QString &code, const QString &studyRole,
                         const QStringList &sites = {});
    bool grantEveryStudy(const QString &username, const QString &studyRole);
    // Runs `trialdesk-server --data-dir <ours> args...` with `input` on stdin.
    int runCommand(const QStringList &args, const QByteArray &input = {}, QByteArray *output = nullptr) const;
    // The extra arguments of the next start() (e.g. to restart with other options).
    void setExtraArguments(QStringList arguments) { m_extraArguments = std::move(arguments); }
    // SIGTERM and wait: the graceful shutdown path.
    bool stop();
    // SIGTERM without waiting, for tests that act while the server shuts down;
    // waitForExit() then waits (true: it exited by itself, exit code in exitCode()).
    void terminate();
    bool waitForExit(int timeoutMs);
    // SIGKILL: no chance to flush anything.
    void kill();
    bool isRunning() const;

    // The server's own port (never the contract proxy's).
    quint16 port() const { return m_port; }
    QUrl url(const QString &pathAndQuery) const;
    QString dataDir() const { return m_dataDir.path(); }
    // The SQLite file; with PostgreSQL the database's postgresql:// URL. Either way
    // what openTestDatabase() takes.
    QString databaseFile() const;
    // Everything the process wrote to stdout and stderr so far.
    QByteArray log();
    int exitCode() const;

private:
    bool launch();
    bool startContractProxy();
    void stopContractProxy();

    QStringList databaseArguments() const;

    QTemporaryDir m_dataDir;
    QStringList m_extraArguments;
    QString m_databaseUrl;   // PostgreSQL: this server's database; empty with SQLite
    QString m_ownedDatabase; // PostgreSQL: the database this object created and drops
    QString m_setupError;
    bool m_initialised = false;
    std::unique_ptr<QProcess> m_process;
    QByteArray m_log;
    quint16 m_port = 0;
    std::unique_ptr<QProcess> m_proxy;
    std::unique_ptr<QTemporaryDir> m_proxyDir;
    quint16 m_proxyPort = 0;
    QString m_adminToken;
};

inline constexpr char16_t kAdminUser[] = u"admin";
inline constexpr char16_t kTestPassword[] = u"test-password-123";

// Path of the trialdesk-server binary under test.
QString serverBinary();

// Opens `database` (a SQLite file or a postgresql:// URL, as from
// TestServer::databaseFile()) under `connectionName` for the tests' own SQL.
// `readOnly` opens SQLite read-only; PostgreSQL sessions then refuse writes.
// Returns an invalid QSqlDatabase (with `error`) on failure.
QSqlDatabase openTestDatabase(const QString &connectionName, const QString &database, bool readOnly, QString *error);

} // namespace td::test

#include "TestServer.h"

#include "HttpClient.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>
#include <QTcpServer>
#include <QTcpSocket>
#include <QUuid>
#include <csignal>

using namespace Qt::StringLiterals;

namespace td::test {

QString serverBinary()
{
    return QStringLiteral(TRIALDESK_SERVER_BINARY);
}

namespace {

// Runs `sql` on the test cluster's maintenance database.
bool adminExec(const QString &sql, QString *error)
{
    const QString name = u"td-test-admin-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces);
    bool ok = false;
    {
        QSqlDatabase db = openTestDatabase(name, qEnvironmentVariable("TRIALDESK_TEST_PG"), false, error);
        if (db.isValid()) {
            QSqlQuery q(db);
            ok = q.exec(sql);
            if (!ok)
                *error = q.lastError().text();
            q.finish();
            db.close();
        }
    }
    QSqlDatabase::removeDatabase(name);
    return ok;
}

} // namespace

QSqlDatabase openTestDatabase(const QString &connectionName, const QString &database, bool readOnly, QString *error)
{
    if (!database.startsWith(u"postgresql://"_s)) {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, connectionName);
        db.setDatabaseName(database);
        db.setConnectOptions(readOnly ? u"QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=10000"_s
                                      : u"QSQLITE_BUSY_TIMEOUT=10000"_s);
        if (!db.open()) {
            *error = db.lastError().text();
            return {};
        }
        return db;
    }
    const QUrl url(database);
    QSqlDatabase db = QSqlDatabase::addDatabase(u"QPSQL"_s, connectionName);
    db.setHostName(url.host());
    db.setPort(url.port(5432));
    db.setUserName(url.userName());
    db.setPassword(url.password());
    db.setDatabaseName(url.path().mid(1));
    db.setConnectOptions(u"connect_timeout=5"_s);
    if (!db.open()) {
        *error = u"cannot connect to %1: %2"_s.arg(database, db.lastError().text());
        return {};
    }
    if (readOnly)
        QSqlQuery(db).exec(u"SET default_transaction_read_only = on"_s);
    return db;
}

bool TestServer::contractChecked()
{
    return !qEnvironmentVariableIsEmpty("TRIALDESK_TEST_CONTRACT_PROXY");
}

bool TestServer::usesPostgres()
{
    return qEnvironmentVariable("TRIALDESK_TEST_BACKEND") == u"postgresql"_s;
}

TestServer::TestServer(QStringList extraArguments, Backend backend)
    : m_extraArguments(std::move(extraArguments))
{
    if (backend == Backend::SQLite || !usesPostgres())
        return;
    const QUrl cluster(qEnvironmentVariable("TRIALDESK_TEST_PG"));
    if (!cluster.isValid() || cluster.scheme() != u"postgresql"_s) {
        m_setupError = u"TRIALDESK_TEST_BACKEND=postgresql needs TRIALDESK_TEST_PG=postgresql://... "
                       "(scripts/pg-test-cluster start)"_s;
        return;
    }
    const QString name = u"td_test_"_s + QUuid::createUuid().toString(QUuid::Id128);
    // C collation: the same byte order as SQLite, so listings sort alike.
    if (!adminExec(u"CREATE DATABASE %1 TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'"_s.arg(name),
                   &m_setupError))
        return;
    m_ownedDatabase = name;
    QUrl url = cluster;
    url.setPath(u'/' + name);
    m_databaseUrl = url.toString();
}

TestServer::TestServer(const TestServer &primary, QStringList extraArguments)
    : m_extraArguments(std::move(extraArguments))
    , m_databaseUrl(primary.m_databaseUrl)
    , m_setupError(primary.m_setupError)
    , m_initialised(true)
{
    if (m_databaseUrl.isEmpty() && m_setupError.isEmpty())
        m_setupError = u"a server sharing another's database needs PostgreSQL"_s;
}

TestServer::~TestServer()
{
    if (isRunning())
        kill();
    stopContractProxy();
    if (!m_ownedDatabase.isEmpty()) {
        QString error;
        if (!adminExec(u"DROP DATABASE IF EXISTS %1 WITH (FORCE)"_s.arg(m_ownedDatabase), &error))
            qWarning("dropping test database %s: %s", qPrintable(m_ownedDatabase), qPrintable(error));
    }
}

QStringList TestServer::databaseArguments() const
{
    QStringList args{u"--data-dir"_s, m_dataDir.path()};
    if (!m_databaseUrl.isEmpty())
        args << u"--database"_s << m_databaseUrl;
    return args;
}

int TestServer::runCommand(const QStringList &args, const QByteArray &input, QByteArray *output) const
{
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(serverBinary(), databaseArguments() + args);
    p.waitForStarted(10'000);
    p.write(input);
    p.closeWriteChannel();
    p.waitForFinished(60'000);
    if (output)
        *output = p.readAll();
    return p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
}

QString TestServer::createStaff(const QString &username, const QString &role)
{
    const QString password = QString::fromUtf16(kTestPassword);
    QByteArray output;
    if (runCommand({u"users"_s, u"add"_s, username, u"--role"_s, role, u"--password-stdin"_s}, password.toUtf8() + '\n',
                   &output)
        != 0) {
        qWarning("users add %s failed: %s", qPrintable(username), output.constData());
        return {};
    }
    HttpClient http;
    http.setToken(QString());
    const QJsonObject body{{u"username"_s, username}, {u"password"_s, password}};
    const HttpReply reply = http.post(url(u"/api/v1/auth/login"_s), QJsonDocument(body).toJson());
    return reply.json().value(u"token"_s).toString();
}

bool TestServer::grantMembership(const QString &username, const QString &code, const QString &studyRole,
                                 const QStringList &sites)
{
    HttpClient http;
    http.setToken(m_adminToken);
    const QJsonObject body{{u"studyRole"_s, studyRole}, {u"sites"_s, QJsonArray::fromStringList(sites)}};
    const HttpReply reply = http.send("PUT", url(u"/api/v1/users/%1/memberships/%2"_s.arg(username, code)),
                                      QJsonDocument(body).toJson(), {}, "application/json");
    if (reply.status != 200 && reply.status != 201) {
        qWarning("membership of %s in %s failed: HTTP %d %s", qPrintable(username), qPrintable(code), reply.status,
                 reply.body.constData());
        return false;
    }
    return true;
}

bool TestServer::grantEveryStudy(const QString &username, const QString &studyRole)
{
    HttpClient http;
    http.setToken(m_adminToken);
    QString cursor;
    do {
        QString path = u"/api/v1/projects?limit=500"_s;
        if (!cursor.isEmpty())
            path += u"&cursor="_s + QString::fromLatin1(QUrl::toPercentEncoding(cursor));
        const HttpReply page = http.get(url(path));
        if (page.status != 200) {
            qWarning("listing studies failed: HTTP %d", page.status);
            return false;
        }
        for (const QJsonValue &project : page.json().value(u"items"_s).toArray()) {
            if (!grantMembership(username, project.toObject().value(u"code"_s).toString(), studyRole))
                return false;
        }
        cursor = page.json().value(u"nextCursor"_s).toString();
    } while (!cursor.isEmpty());
    return true;
}

bool TestServer::start()
{
    if (!m_setupError.isEmpty()) {
        m_log += "test setup: " + m_setupError.toUtf8() + '\n';
        qWarning("TestServer: %s", qPrintable(m_setupError));
        return false;
    }
    const bool firstStart = m_databaseUrl.isEmpty() ? !QFile::exists(databaseFile()) : !m_initialised;
    m_initialised = true;
    if (firstStart
        && runCommand(
               {u"users"_s, u"add"_s, QString::fromUtf16(kAdminUser), u"--role"_s, u"admin"_s, u"--password-stdin"_s},
               QString::fromUtf16(kTestPassword).toUtf8() + '\n')
               != 0)
        return false;
    if (!launch())
        return false;
    if (contractChecked() && !startContractProxy())
        return false;
    // A restart keeps the database, so the admin's earlier token stays valid.
    if (m_adminToken.isEmpty()) {
        HttpClient http;
        http.setToken(QString());
        const QJsonObject body{{u"username"_s, QString::fromUtf16(kAdminUser)},
                               {u"password"_s, QString::fromUtf16(kTestPassword)}};
        m_adminToken =
            http.post(url(u"/api/v1/auth/login"_s), QJsonDocument(body).toJson()).json().value(u"token"_s).toString();
    }
    HttpClient::setDefaultToken(m_port, m_adminToken);
    if (m_proxyPort)
        HttpClient::setDefaultToken(m_proxyPort, m_adminToken);
    return !m_adminToken.isEmpty();
}

bool TestServer::startContractProxy()
{
    stopContractProxy();
    // The document as this very server serves it, fetched past the proxy.
    HttpClient http;
    http.setToken(QString());
    const HttpReply document = http.get(QUrl(u"http://127.0.0.1:%1/api/v1/openapi.json"_s.arg(m_port)));
    m_proxyDir = std::make_unique<QTemporaryDir>();
    const QString documentFile = m_proxyDir->filePath(u"openapi.json"_s);
    QFile file(documentFile);
    if (document.status != 200 || !file.open(QIODevice::WriteOnly)
        || file.write(document.body) != document.body.size()) {
        m_log += "contract proxy: cannot get the served OpenAPI document\n";
        return false;
    }
    file.close();
    // A port the kernel picks, handed to Prism: another process could take it in
    // between, so a proxy that exits at once is tried again on a new port.
    for (int attempt = 0; attempt < 3; ++attempt) {
        quint16 port = 0;
        {
            QTcpServer probe;
            if (!probe.listen(QHostAddress::LocalHost, 0))
                return false;
            port = probe.serverPort();
        }
        m_proxy = std::make_unique<QProcess>();
        m_proxy->setProcessChannelMode(QProcess::MergedChannels);
        m_proxy->start(qEnvironmentVariable("TRIALDESK_TEST_CONTRACT_PROXY"),
                       {u"proxy"_s, documentFile, u"http://127.0.0.1:%1"_s.arg(m_port), u"--errors"_s, u"--host"_s,
                        u"127.0.0.1"_s, u"--port"_s, QString::number(port)});
        if (!m_proxy->waitForStarted(10'000)) {
            m_log += "contract proxy: " + m_proxy->errorString().toUtf8() + '\n';
            return false;
        }
        // Ready when it accepts connections; Node takes a few seconds to load Prism
        // on a busy machine, hence the generous bound.
        QDeadlineTimer deadline(60'000);
        while (!deadline.hasExpired() && m_proxy->state() == QProcess::Running) {
            QTcpSocket socket;
            socket.connectToHost(QHostAddress::LocalHost, port);
            if (socket.waitForConnected(200)) {
                m_proxyPort = port;
                HttpClient::setContractUpstream(m_proxyPort, m_port);
                return true;
            }
            m_proxy->waitForReadyRead(50);
        }
        m_log += "contract proxy: not ready\n" + m_proxy->readAll();
        stopContractProxy();
    }
    return false;
}

void TestServer::stopContractProxy()
{
    if (m_proxyPort)
        HttpClient::setContractUpstream(m_proxyPort, 0);
    m_proxyPort = 0;
    if (!m_proxy)
        return;
    if (m_proxy->state() != QProcess::NotRunning) {
        m_proxy->terminate();
        if (!m_proxy->waitForFinished(5'000)) {
            m_proxy->kill();
            m_proxy->waitForFinished(5'000);
        }
    }
    m_log += m_proxy->readAll();
    m_proxy.reset();
}

bool TestServer::launch()
{
    m_process = std::make_unique<QProcess>();
    m_process->setProcessChannelMode(QProcess::MergedChannels);
    QStringList args{u"--listen"_s, u"127.0.0.1"_s, u"--port"_s, u"0"_s};
    args += databaseArguments();
    args += m_extraArguments;
    m_process->start(serverBinary(), args);
    if (!m_process->waitForStarted(10'000))
        return false;
    static const QRegularExpression listening(uR"(listening on https?://127\.0\.0\.1:(\d+))"_s);
    // Look only at this run's output: after a restart the log still holds the old port.
    const qsizetype runStart = m_log.size();
    // PostgreSQL: --demo seeds ~80,000 rows one statement at a time over TCP,
    // which takes tens of seconds on a busy machine.
    QDeadlineTimer deadline(m_databaseUrl.isEmpty() ? 30'000 : 120'000);
    while (!deadline.hasExpired() && m_process->state() == QProcess::Running) {
        m_process->waitForReadyRead(100);
        m_log += m_process->readAll();
        const auto match = listening.match(QString::fromUtf8(m_log.mid(runStart)));
        if (match.hasMatch()) {
            m_port = quint16(match.captured(1).toUInt());
            return true;
        }
    }
    m_log += m_process->readAll();
    return false;
}

bool TestServer::stop()
{
    if (!isRunning())
        return true;
    ::kill(pid_t(m_process->processId()), SIGTERM);
    const bool finished = m_process->waitForFinished(20'000);
    m_log += m_process->readAll();
    // A stopped server is unreachable through url() too, as without the proxy.
    stopContractProxy();
    return finished && m_process->exitStatus() == QProcess::NormalExit;
}

void TestServer::terminate()
{
    if (isRunning())
        ::kill(pid_t(m_process->processId()), SIGTERM);
}

bool TestServer::waitForExit(int timeoutMs)
{
    if (!m_process)
        return false;
    const bool finished = m_process->state() == QProcess::NotRunning || m_process->waitForFinished(timeoutMs);
    m_log += m_process->readAll();
    return finished && m_process->exitStatus() == QProcess::NormalExit;
}

void TestServer::kill()
{
    if (!m_process)
        return;
    ::kill(pid_t(m_process->processId()), SIGKILL);
    m_process->waitForFinished(10'000);
    m_log += m_process->readAll();
    stopContractProxy();
}

bool TestServer::isRunning() const
{
    return m_process && m_process->state() != QProcess::NotRunning;
}

QUrl TestServer::url(const QString &pathAndQuery) const
{
    return QUrl(u"http://127.0.0.1:%1%2"_s.arg(m_proxyPort ? m_proxyPort : m_port).arg(pathAndQuery));
}

QString TestServer::databaseFile() const
{
    if (!m_databaseUrl.isEmpty())
        return m_databaseUrl;
    return m_dataDir.filePath(u"trialdesk.sqlite3"_s);
}

QByteArray TestServer::log()
{
    if (m_process)
        m_log += m_process->readAll();
    return m_log;
}

int TestServer::exitCode() const
{
    return m_process ? m_process->exitCode() : -1;
}

} // namespace td::test

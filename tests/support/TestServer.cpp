#include "TestServer.h"

#include "HttpClient.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

#include <csignal>

using namespace Qt::StringLiterals;

namespace td::test {

QString serverBinary()
{
    return QStringLiteral(TRIALDESK_SERVER_BINARY);
}

TestServer::TestServer(QStringList extraArguments)
    : m_extraArguments(std::move(extraArguments))
{
}

TestServer::~TestServer()
{
    if (isRunning())
        kill();
}

int TestServer::runCommand(const QStringList &args, const QByteArray &input, QByteArray *output) const
{
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(serverBinary(), QStringList{u"--data-dir"_s, m_dataDir.path()} + args);
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
    if (runCommand({u"users"_s, u"add"_s, username, u"--role"_s, role, u"--password-stdin"_s},
                   password.toUtf8() + '\n', &output)
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

bool TestServer::start()
{
    const bool firstStart = !QFile::exists(databaseFile());
    if (firstStart
        && runCommand({u"users"_s, u"add"_s, QString::fromUtf16(kAdminUser), u"--role"_s, u"admin"_s,
                       u"--password-stdin"_s},
                      QString::fromUtf16(kTestPassword).toUtf8() + '\n')
               != 0)
        return false;
    if (!launch())
        return false;
    // A restart keeps the database, so the admin's earlier token stays valid.
    if (m_adminToken.isEmpty()) {
        HttpClient http;
        http.setToken(QString());
        const QJsonObject body{{u"username"_s, QString::fromUtf16(kAdminUser)},
                               {u"password"_s, QString::fromUtf16(kTestPassword)}};
        m_adminToken = http.post(url(u"/api/v1/auth/login"_s), QJsonDocument(body).toJson()).json().value(u"token"_s).toString();
    }
    HttpClient::setDefaultToken(m_port, m_adminToken);
    return !m_adminToken.isEmpty();
}

bool TestServer::launch()
{
    m_process = std::make_unique<QProcess>();
    m_process->setProcessChannelMode(QProcess::MergedChannels);
    QStringList args{u"--listen"_s, u"127.0.0.1"_s, u"--port"_s, u"0"_s, u"--data-dir"_s, m_dataDir.path()};
    args += m_extraArguments;
    m_process->start(serverBinary(), args);
    if (!m_process->waitForStarted(10'000))
        return false;
    static const QRegularExpression listening(uR"(listening on https?://127\.0\.0\.1:(\d+))"_s);
    // Look only at this run's output: after a restart the log still holds the old port.
    const qsizetype runStart = m_log.size();
    QDeadlineTimer deadline(30'000);
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
    return finished && m_process->exitStatus() == QProcess::NormalExit;
}

void TestServer::kill()
{
    if (!m_process)
        return;
    ::kill(pid_t(m_process->processId()), SIGKILL);
    m_process->waitForFinished(10'000);
    m_log += m_process->readAll();
}

bool TestServer::isRunning() const
{
    return m_process && m_process->state() != QProcess::NotRunning;
}

QUrl TestServer::url(const QString &pathAndQuery) const
{
    return QUrl(u"http://127.0.0.1:%1%2"_s.arg(m_port).arg(pathAndQuery));
}

QString TestServer::databaseFile() const
{
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

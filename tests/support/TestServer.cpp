#include "TestServer.h"

#include <QDeadlineTimer>
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

bool TestServer::start()
{
    m_process = std::make_unique<QProcess>();
    m_process->setProcessChannelMode(QProcess::MergedChannels);
    QStringList args{u"--listen"_s, u"127.0.0.1"_s, u"--port"_s, u"0"_s, u"--data-dir"_s, m_dataDir.path()};
    args += m_extraArguments;
    m_process->start(serverBinary(), args);
    if (!m_process->waitForStarted(10'000))
        return false;
    static const QRegularExpression listening(uR"(listening on http://127\.0\.0\.1:(\d+))"_s);
    QDeadlineTimer deadline(30'000);
    while (!deadline.hasExpired() && m_process->state() == QProcess::Running) {
        m_process->waitForReadyRead(100);
        m_log += m_process->readAll();
        const auto match = listening.match(QString::fromUtf8(m_log));
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

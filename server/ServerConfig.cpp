#include "ServerConfig.h"

#include <QCommandLineParser>
#include <QStandardPaths>
#include <QThread>

using namespace Qt::StringLiterals;

namespace td {

QString ServerConfig::defaultDataDir()
{
    return QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) + u"/trialdesk-server"_s;
}

std::optional<ServerConfig> ServerConfig::parse(const QStringList &arguments, QString *message, int *exitCode)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(u"TrialDesk server: studies, subjects, questionnaires and vital signs over HTTP."_s);
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption listen(u"listen"_s, u"Address to listen on (default 127.0.0.1)."_s, u"ADDR"_s, u"127.0.0.1"_s);
    const QCommandLineOption port(u"port"_s, u"TCP port (default 8080; 0 picks a free one)."_s, u"N"_s, u"8080"_s);
    const QCommandLineOption dataDir(u"data-dir"_s, u"Where the database lives (default %1)."_s.arg(defaultDataDir()),
                                     u"DIR"_s, defaultDataDir());
    const QCommandLineOption database(
        u"database"_s,
        u"PostgreSQL instead of SQLite: postgresql://user:password@host:port/dbname (default: $TRIALDESK_DATABASE "
        "if set, which keeps the password off the command line; else SQLite in the data dir)."_s,
        u"URL"_s);
    const QCommandLineOption demo(u"demo"_s, u"Seed demo studies, subjects and submissions into an empty database."_s);
    const QCommandLineOption threads(u"http-threads"_s, u"HTTP worker threads (default: one per core)."_s, u"N"_s, u"0"_s);
    const QCommandLineOption readers(u"db-readers"_s, u"Database reader threads (default 2)."_s, u"N"_s, u"2"_s);
    const QCommandLineOption maxQueue(u"max-queued-writes"_s,
                                      u"Writes waiting for the database beyond which new ones get 503 (default 20000)."_s,
                                      u"N"_s, u"20000"_s);
    const QCommandLineOption maxConnections(u"max-connections"_s,
                                            u"Open connections beyond which new ones get 503 (default 10000)."_s,
                                            u"N"_s, u"10000"_s);
    const QCommandLineOption quiet(u"no-request-log"_s, u"Do not log one line per request."_s);
    const QCommandLineOption tokenLifetime(u"token-lifetime"_s, u"Minutes a staff sign-in lasts (default 720)."_s,
                                           u"MINUTES"_s, u"720"_s);
    const QCommandLineOption role(u"role"_s, u"users add: the account's role (admin, pm, crc, monitor)."_s, u"ROLE"_s);
    const QCommandLineOption displayName(u"display-name"_s, u"users add: the name shown for the account."_s, u"NAME"_s);
    const QCommandLineOption passwordStdin(u"password-stdin"_s, u"users add / set-password: read the password from standard input."_s);
    const QCommandLineOption loginRate(u"login-rate"_s, u"Sign-in attempts per minute per address (default 30; 0 off)."_s,
                                       u"N"_s, u"30"_s);
    const QCommandLineOption submitAddressRate(u"submission-rate-per-address"_s,
                                               u"Submissions per minute per address (default 6000; 0 off)."_s, u"N"_s, u"6000"_s);
    const QCommandLineOption submitTokenRate(u"submission-rate-per-token"_s,
                                             u"Submissions per minute per token (default 120; 0 off)."_s, u"N"_s, u"120"_s);
    const QCommandLineOption idleTimeout(u"idle-timeout"_s, u"Seconds an idle connection stays open (default 60)."_s,
                                         u"SECONDS"_s, u"60"_s);
    const QCommandLineOption headerTimeout(u"header-timeout"_s,
                                           u"Seconds a client has to send a request's headers (default 15)."_s,
                                           u"SECONDS"_s, u"15"_s);
    const QCommandLineOption tlsCert(u"tls-cert"_s, u"PEM certificate (chain): serve HTTPS."_s, u"FILE"_s);
    const QCommandLineOption tlsKey(u"tls-key"_s, u"PEM private key for --tls-cert."_s, u"FILE"_s);
    parser.addOptions({listen, port, dataDir, database, demo, threads, readers, maxQueue, maxConnections, quiet, tokenLifetime,
                       loginRate, submitAddressRate, submitTokenRate, idleTimeout, headerTimeout, tlsCert, tlsKey, role,
                       displayName, passwordStdin});
    parser.addPositionalArgument(u"command"_s,
                                 u"Administration instead of serving: users add NAME --role ROLE --password-stdin | "
                                 "users list | users disable NAME | users enable NAME | users set-password NAME --password-stdin | "
                                 "audit verify | migrate-to [postgresql://...]"_s,
                                 u"[command ...]"_s);

    *exitCode = 2;
    if (!parser.parse(arguments)) {
        *message = parser.errorText() + u"\n\n"_s + parser.helpText();
        return std::nullopt;
    }
    if (parser.isSet(u"help"_s)) {
        *message = parser.helpText();
        *exitCode = 0;
        return std::nullopt;
    }
    if (parser.isSet(u"version"_s)) {
        *message = u"trialdesk-server "_s + QStringLiteral(TRIALDESK_VERSION) + u'\n';
        *exitCode = 0;
        return std::nullopt;
    }
    ServerConfig config;
    auto number = [&](const QCommandLineOption &option, int min, int max, int *out) {
        bool ok = false;
        const int n = parser.value(option).toInt(&ok);
        if (!ok || n < min || n > max) {
            *message = u"--%1 must be a number from %2 to %3\n"_s.arg(option.names().first()).arg(min).arg(max);
            return false;
        }
        *out = n;
        return true;
    };
    int portNumber = 0;
    if (!number(port, 0, 65535, &portNumber) || !number(threads, 0, 64, &config.httpThreads)
        || !number(readers, 1, 64, &config.dbReaders) || !number(maxQueue, 1, 10'000'000, &config.maxQueuedWrites)
        || !number(maxConnections, 1, 1'000'000, &config.maxConnections)
        || !number(tokenLifetime, 1, 60 * 24 * 30, &config.tokenLifetimeMinutes)
        || !number(loginRate, 0, 1'000'000, &config.loginRatePerAddress)
        || !number(submitAddressRate, 0, 100'000'000, &config.submissionRatePerAddress)
        || !number(submitTokenRate, 0, 100'000'000, &config.submissionRatePerToken)
        || !number(idleTimeout, 1, 3600, &config.idleTimeoutSeconds)
        || !number(headerTimeout, 1, 3600, &config.headerTimeoutSeconds))
        return std::nullopt;
    config.port = quint16(portNumber);
    if (!config.listenAddress.setAddress(parser.value(listen))) {
        *message = u"--listen: not an IP address: %1\n"_s.arg(parser.value(listen));
        return std::nullopt;
    }
    config.dataDir = parser.value(dataDir);
    config.database = parser.isSet(database) ? parser.value(database) : qEnvironmentVariable("TRIALDESK_DATABASE");
    if (!config.database.isEmpty() && !config.database.startsWith(u"postgresql://"_s)
        && !config.database.startsWith(u"postgres://"_s)) {
        *message = u"--database / TRIALDESK_DATABASE must be a postgresql:// URL\n"_s;
        return std::nullopt;
    }
    config.demo = parser.isSet(demo);
    config.logRequests = !parser.isSet(quiet);
    config.command = parser.positionalArguments();
    config.tlsCertificate = parser.value(tlsCert);
    config.tlsKey = parser.value(tlsKey);
    if (config.tlsCertificate.isEmpty() != config.tlsKey.isEmpty()) {
        *message = u"--tls-cert and --tls-key go together\n"_s;
        return std::nullopt;
    }
    config.role = parser.value(role);
    config.displayName = parser.value(displayName);
    config.passwordFromStdin = parser.isSet(passwordStdin);
    if (config.httpThreads == 0)
        config.httpThreads = std::max(1, QThread::idealThreadCount());
    return config;
}

} // namespace td

#include "ServerConfig.h"

#include "ConfigFile.h"

#include <QCommandLineParser>
#include <QFile>
#include <QHash>
#include <QSet>
#include <QStandardPaths>
#include <QThread>

using namespace Qt::StringLiterals;

namespace td {

namespace {

// The operations options (issue #7), kept apart from the core ones above.
bool parseOperations(const QCommandLineParser &parser, const std::function<QString(const QString &)> &origin,
                     ServerConfig *config, QString *message)
{
    for (const QString &part : parser.value(u"metrics-allow"_s).split(u',', Qt::SkipEmptyParts)) {
        const QString text = part.trimmed();
        QPair<QHostAddress, int> subnet = QHostAddress::parseSubnet(text);
        if (!text.contains(u'/')) {
            subnet.first = QHostAddress(text);
            subnet.second = subnet.first.protocol() == QAbstractSocket::IPv6Protocol ? 128 : 32;
        }
        if (subnet.first.isNull()) {
            *message = u"%1: not an address or subnet: %2\n"_s.arg(origin(u"metrics-allow"_s), text.left(80));
            return false;
        }
        config->metricsAllow.append(subnet);
    }
    config->metricsToken = parser.value(u"metrics-token"_s);
    if (!config->metricsToken.isEmpty()
        && (config->metricsToken.size() < 16 || config->metricsToken.size() > 256
            || !std::all_of(config->metricsToken.cbegin(), config->metricsToken.cend(),
                            [](QChar c) { return c.unicode() > 0x20 && c.unicode() < 0x7f; }))) {
        *message = u"%1 must be 16 to 256 printable ASCII characters\n"_s.arg(origin(u"metrics-token"_s));
        return false;
    }
    config->backupTo = parser.value(u"to"_s);
    config->restoreFrom = parser.value(u"from"_s);
    return true;
}

} // namespace

QString ServerConfig::defaultDataDir()
{
    return QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) + u"/trialdesk-server"_s;
}

std::optional<ServerConfig> ServerConfig::parse(const QStringList &arguments, QString *message, int *exitCode)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"TrialDesk server: studies, subjects, questionnaires and vital signs over HTTP."_s);
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption listen(u"listen"_s, u"Address to listen on (default 127.0.0.1)."_s, u"ADDR"_s,
                                    u"127.0.0.1"_s);
    const QCommandLineOption port(u"port"_s, u"TCP port (default 8080; 0 picks a free one)."_s, u"N"_s, u"8080"_s);
    const QCommandLineOption dataDir(u"data-dir"_s, u"Where the database lives (default %1)."_s.arg(defaultDataDir()),
                                     u"DIR"_s, defaultDataDir());
    const QCommandLineOption database(
        u"database"_s,
        u"PostgreSQL instead of SQLite: postgresql://user:password@host:port/dbname (default: $TRIALDESK_DATABASE "
        "if set, which keeps the password off the command line; else SQLite in the data dir)."_s,
        u"URL"_s);
    const QCommandLineOption demo(u"demo"_s, u"Seed demo studies, subjects and submissions into an empty database."_s);
    const QCommandLineOption threads(u"http-threads"_s, u"HTTP worker threads (default: one per core)."_s, u"N"_s,
                                     u"0"_s);
    const QCommandLineOption readers(u"db-readers"_s, u"Database reader threads (default 2)."_s, u"N"_s, u"2"_s);
    const QCommandLineOption maxQueue(
        u"max-queued-writes"_s, u"Writes waiting for the database beyond which new ones get 503 (default 20000)."_s,
        u"N"_s, u"20000"_s);
    const QCommandLineOption maxConnections(
        u"max-connections"_s, u"Open connections beyond which new ones get 503 (default 10000)."_s, u"N"_s, u"10000"_s);
    const QCommandLineOption quiet(u"no-request-log"_s, u"Do not log one line per request."_s);
    const QCommandLineOption tokenLifetime(u"token-lifetime"_s, u"Minutes a staff sign-in lasts (default 720)."_s,
                                           u"MINUTES"_s, u"720"_s);
    const QCommandLineOption role(u"role"_s, u"users add: the account's role (admin, pm, crc, monitor)."_s, u"ROLE"_s);
    const QCommandLineOption displayName(u"display-name"_s, u"users add: the name shown for the account."_s, u"NAME"_s);
    const QCommandLineOption passwordStdin(u"password-stdin"_s,
                                           u"users add / set-password: read the password from standard input."_s);
    const QCommandLineOption loginRate(
        u"login-rate"_s, u"Sign-in attempts per minute per address (default 30; 0 off)."_s, u"N"_s, u"30"_s);
    const QCommandLineOption submitAddressRate(u"submission-rate-per-address"_s,
                                               u"Submissions per minute per address (default 6000; 0 off)."_s, u"N"_s,
                                               u"6000"_s);
    const QCommandLineOption submitTokenRate(
        u"submission-rate-per-token"_s, u"Submissions per minute per token (default 120; 0 off)."_s, u"N"_s, u"120"_s);
    const QCommandLineOption idleTimeout(u"idle-timeout"_s, u"Seconds an idle connection stays open (default 60)."_s,
                                         u"SECONDS"_s, u"60"_s);
    const QCommandLineOption streamHeartbeat(u"stream-heartbeat"_s,
                                             u"Seconds between heartbeats of the event stream (default 15)."_s,
                                             u"SECONDS"_s, u"15"_s);
    const QCommandLineOption streamHelloTimeout(u"stream-hello-timeout"_s,
                                                u"Seconds an event stream client has to send its hello (default 10)."_s,
                                                u"SECONDS"_s, u"10"_s);
    const QCommandLineOption maxStreams(u"max-streams"_s, u"Open event streams at most (default 1000)."_s, u"N"_s,
                                        u"1000"_s);
    const QCommandLineOption webhookAllowHosts(
        u"webhook-allow-hosts"_s,
        u"Comma-separated webhook hosts allowed although they are or resolve to loopback, private or link-local "
        "addresses (http only to such a loopback host; default none)."_s,
        u"HOSTS"_s);
    const QCommandLineOption webhookMaxAttempts(
        u"webhook-max-attempts"_s, u"Tries of a webhook delivery before it is dead (default 8)."_s, u"N"_s, u"8"_s);
    const QCommandLineOption webhookRetryBase(
        u"webhook-retry-base"_s,
        u"Seconds of the first webhook retry delay, doubled per try up to an hour, with full jitter (default 10)."_s,
        u"SECONDS"_s, u"10"_s);
    const QCommandLineOption headerTimeout(u"header-timeout"_s,
                                           u"Seconds a client has to send a request's headers (default 15)."_s,
                                           u"SECONDS"_s, u"15"_s);
    const QCommandLineOption drainTimeout(
        u"drain-timeout"_s,
        u"Seconds a graceful stop (SIGTERM) waits for requests in flight before closing their connections "
        "(default 10; queued writes are committed either way)."_s,
        u"SECONDS"_s, u"10"_s);
    const QCommandLineOption tlsCert(u"tls-cert"_s, u"PEM certificate (chain): serve HTTPS."_s, u"FILE"_s);
    const QCommandLineOption tlsKey(u"tls-key"_s, u"PEM private key for --tls-cert."_s, u"FILE"_s);
    const QCommandLineOption configFile(u"config"_s,
                                        u"Read options from FILE (`key = value` lines, keys as the long options below; "
                                        "the command line overrides it). Default: %1 when it exists."_s.arg(
                                            QString::fromUtf16(ConfigFile::kDefaultPath)),
                                        u"FILE"_s);
    const QCommandLineOption metricsAllow(u"metrics-allow"_s,
                                          u"Comma-separated client addresses allowed to read GET /metrics "
                                          "(default 127.0.0.1,::1; empty: none)."_s,
                                          u"ADDRS"_s, u"127.0.0.1,::1"_s);
    const QCommandLineOption metricsToken(
        u"metrics-token"_s,
        u"Bearer token that also allows GET /metrics from any address "
        "(at least 16 characters; put it in the config file, not on the command line)."_s,
        u"TOKEN"_s);
    const QCommandLineOption backupTo(u"to"_s, u"backup: the file to write (must not exist)."_s, u"FILE"_s);
    const QCommandLineOption restoreFrom(u"from"_s, u"restore: the backup file to restore."_s, u"FILE"_s);
    // Every option but --config can also be set in the configuration file: keys
    // are the long names of this list, so options added here need nothing else.
    const QList<QCommandLineOption> options{listen,
                                            port,
                                            dataDir,
                                            database,
                                            demo,
                                            threads,
                                            readers,
                                            maxQueue,
                                            maxConnections,
                                            quiet,
                                            tokenLifetime,
                                            loginRate,
                                            submitAddressRate,
                                            submitTokenRate,
                                            idleTimeout,
                                            headerTimeout,
                                            drainTimeout,
                                            tlsCert,
                                            tlsKey,
                                            role,
                                            displayName,
                                            passwordStdin,
                                            streamHeartbeat,
                                            maxStreams,
                                            streamHelloTimeout,
                                            webhookAllowHosts,
                                            webhookMaxAttempts,
                                            webhookRetryBase};
    const QList<QCommandLineOption> operationsOptions{configFile, metricsAllow, metricsToken, backupTo, restoreFrom};
    parser.addOptions(options);
    parser.addOptions(operationsOptions);
    parser.addPositionalArgument(
        u"command"_s,
        u"Administration instead of serving: users add NAME --role ROLE --password-stdin | "
        "users list | users disable NAME | users enable NAME | users set-password NAME --password-stdin | "
        "audit verify | backup --to FILE | restore --from FILE | check | migrate-to [postgresql://...]"_s,
        u"[command ...]"_s);

    *exitCode = 2;
    if (!parser.parse(arguments)) {
        *message = parser.errorText() + u"\n\n"_s + parser.helpText();
        return std::nullopt;
    }
    // The file's options go before the command line's: for an option given twice
    // QCommandLineParser::value() returns the last, so the command line wins.
    const QSet<QString> fromCommandLine(parser.optionNames().cbegin(), parser.optionNames().cend());
    QString configPath = parser.value(configFile);
    if (!parser.isSet(configFile) && QFile::exists(QString::fromUtf16(ConfigFile::kDefaultPath)))
        configPath = QString::fromUtf16(ConfigFile::kDefaultPath);
    QHash<QString, int> fileLine; // option name -> line of the file that set it
    if (!configPath.isEmpty() && !parser.isSet(u"help"_s) && !parser.isSet(u"version"_s)) {
        const auto entries = ConfigFile::read(configPath, message);
        if (!entries)
            return std::nullopt;
        QHash<QString, const QCommandLineOption *> byName;
        for (const auto *list : {&options, &operationsOptions}) {
            for (const QCommandLineOption &option : *list) {
                if (option.names().first() != u"config"_s)
                    byName.insert(option.names().first(), &option);
            }
        }
        QStringList fileArguments;
        for (const ConfigFile::Entry &entry : *entries) {
            const QCommandLineOption *option = byName.value(entry.key);
            if (!option) {
                *message = u"%1:%2: unknown key `%3` (see --help for the options)\n"_s.arg(configPath)
                               .arg(entry.line)
                               .arg(entry.key);
                return std::nullopt;
            }
            fileLine.insert(entry.key, entry.line);
            if (!option->valueName().isEmpty()) {
                fileArguments << u"--%1=%2"_s.arg(entry.key, entry.value);
                continue;
            }
            static const QStringList yes{u"true"_s, u"yes"_s, u"on"_s, u"1"_s};
            static const QStringList no{u"false"_s, u"no"_s, u"off"_s, u"0"_s};
            if (yes.contains(entry.value.toLower())) {
                fileArguments << u"--"_s + entry.key;
            } else if (!no.contains(entry.value.toLower())) {
                *message = u"%1:%2: %3 is a switch: true or false, not `%4`\n"_s.arg(configPath)
                               .arg(entry.line)
                               .arg(entry.key, entry.value.left(80));
                return std::nullopt;
            }
        }
        const QStringList merged = arguments.mid(0, 1) + fileArguments + arguments.mid(1);
        if (!parser.parse(merged)) {
            *message = configPath + u": "_s + parser.errorText() + u'\n';
            return std::nullopt;
        }
    }
    // Where a value came from, for error messages: the file's line unless the
    // command line overrode it.
    auto origin = [&](const QString &name) -> QString {
        if (fileLine.contains(name) && !fromCommandLine.contains(name))
            return u"%1:%2: %3"_s.arg(configPath).arg(fileLine.value(name)).arg(name);
        return u"--"_s + name;
    };
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
            *message = u"%1 must be a number from %2 to %3\n"_s.arg(origin(option.names().first())).arg(min).arg(max);
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
        || !number(headerTimeout, 1, 3600, &config.headerTimeoutSeconds)
        || !number(drainTimeout, 0, 3600, &config.drainTimeoutSeconds)
        || !number(streamHeartbeat, 1, 3600, &config.streamHeartbeatSeconds)
        || !number(maxStreams, 0, 1'000'000, &config.maxStreams)
        || !number(streamHelloTimeout, 1, 3600, &config.streamHelloTimeoutSeconds)
        || !number(webhookMaxAttempts, 1, 100, &config.webhookMaxAttempts)
        || !number(webhookRetryBase, 1, 3600, &config.webhookRetryBaseSeconds))
        return std::nullopt;
    config.port = quint16(portNumber);
    if (!config.listenAddress.setAddress(parser.value(listen))) {
        *message = u"%1: not an IP address: %2\n"_s.arg(origin(u"listen"_s), parser.value(listen));
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
        *message = u"%1 and %2 go together\n"_s.arg(origin(u"tls-cert"_s), origin(u"tls-key"_s));
        return std::nullopt;
    }
    for (const QString &host : parser.value(webhookAllowHosts).split(u',', Qt::SkipEmptyParts))
        config.webhookAllowHosts << host.trimmed();
    config.role = parser.value(role);
    config.displayName = parser.value(displayName);
    config.passwordFromStdin = parser.isSet(passwordStdin);
    config.configFile = configPath;
    if (!parseOperations(parser, origin, &config, message))
        return std::nullopt;
    if (config.httpThreads == 0)
        config.httpThreads = std::max(1, QThread::idealThreadCount());
    return config;
}

} // namespace td

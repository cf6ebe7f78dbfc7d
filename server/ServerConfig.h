#pragma once

#include <QHostAddress>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>
#include <optional>

namespace td {

// Everything the server can be told on its command line.
struct ServerConfig {
    QHostAddress listenAddress = QHostAddress::LocalHost;
    quint16 port = 8080; // 0: any free port (printed on start)
    QString dataDir;
    // postgresql://user:password@host:port/dbname (--database or $TRIALDESK_DATABASE);
    // empty: SQLite in dataDir.
    QString database;
    bool demo = false;
    int httpThreads = 0; // 0: one per core
    int dbReaders = 2;
    int maxQueuedWrites = 20000;
    int maxConnections = 10000;
    bool logRequests = true;
    int tokenLifetimeMinutes = 12 * 60;
    // Requests per minute (0: unlimited); bursts of a third more are allowed.
    int loginRatePerAddress = 30;
    int submissionRatePerAddress = 6000;
    int submissionRatePerToken = 120;
    int idleTimeoutSeconds = 60;
    int headerTimeoutSeconds = 15;
    int drainTimeoutSeconds = 10;    // shutdown: how long requests in flight may still take
    int streamHeartbeatSeconds = 15; // the event stream's heartbeat (issue #16)
    int maxStreams = 1000;           // open event streams per process
    int streamHelloTimeoutSeconds = 10;
    // Outgoing webhooks (issue #16, docs/webhooks.md): hosts allowed although they are
    // or resolve to loopback/private addresses, tries before a delivery is dead, and
    // the backoff's base delay.
    QStringList webhookAllowHosts;
    int webhookMaxAttempts = 8;
    int webhookRetryBaseSeconds = 10;
    QString tlsCertificate; // PEM files; both set: serve HTTPS only
    QString tlsKey;

    // Operations (issue #7): the configuration file read (empty: none), who may
    // read GET /metrics, and the backup/restore commands' files.
    QString configFile;
    QList<QPair<QHostAddress, int>> metricsAllow; // subnets; a single address has its full prefix
    QString metricsToken;                         // empty: no token access
    QString backupTo;
    QString restoreFrom;

    // Administration commands run instead of the server, e.g. {"users","add","alice"}.
    QStringList command;
    QString role;        // users add / users set-role
    QString displayName; // users add
    bool passwordFromStdin = false;

    // Parses `arguments` (argv). On error or --help returns nullopt with `message`
    // to print and `exitCode` to exit with.
    static std::optional<ServerConfig> parse(const QStringList &arguments, QString *message, int *exitCode);
    static QString defaultDataDir();
};

} // namespace td

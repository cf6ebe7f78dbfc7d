#include "AdminCommands.h"
#include "ServerApp.h"
#include "ServerConfig.h"
#include "SystemdNotify.h"
#include "auth/PasswordHasher.h"
#include "storage/Database.h"

#include <QCoreApplication>
#include <QSocketNotifier>
#include <QTimer>
#include <csignal>
#include <cstdio>
#include <fcntl.h>
#include <malloc.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace {

int g_signalPipe[2] = {-1, -1};

void onSignal(int)
{
    const char byte = 1;
    [[maybe_unused]] const auto written = ::write(g_signalPipe[1], &byte, 1);
}

// SIGINT/SIGTERM become an event-loop notification, so shutdown runs as normal
// code (finishing requests, committing writes) instead of inside a signal handler.
void installSignalHandlers(td::ServerApp &server)
{
    if (::pipe2(g_signalPipe, O_CLOEXEC | O_NONBLOCK) != 0)
        return;
    auto *notifier = new QSocketNotifier(g_signalPipe[0], QSocketNotifier::Read, &server);
    QObject::connect(notifier, &QSocketNotifier::activated, &server, [&server] {
        char buffer[16];
        while (::read(g_signalPipe[0], buffer, sizeof buffer) > 0) {
        }
        td::SystemdNotify::stopping();
        server.shutdown();
    });
    struct sigaction action {
    };
    action.sa_handler = onSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    ::sigaction(SIGINT, &action, nullptr);
    ::sigaction(SIGTERM, &action, nullptr);
    std::signal(SIGPIPE, SIG_IGN);
}

// glibc gives freed memory back to the kernel as soon as the top of a thread's heap
// passes 128 KiB free. SQLite frees a savepoint's memory after every job, so the
// writer thread was trimming (madvise + a TLB flush on every core) thousands of times a
// second: 13 % of the server's CPU under the submit benchmark. Keep up to 8 MiB free per
// heap instead, and at most 4 heaps (glibc's default, 8 per core, lets every thread
// keep its own and RSS grow with the number of threads that ever allocated).
void tuneAllocator()
{
    mallopt(M_TRIM_THRESHOLD, 8 * 1024 * 1024);
    mallopt(M_MMAP_THRESHOLD, 4 * 1024 * 1024);
    mallopt(M_ARENA_MAX, 4);
}

// Heap the bursts freed but glibc keeps (free chunks in the middle of a heap are
// never given back on their own, only the top above M_TRIM_THRESHOLD) goes back to the
// kernel every few seconds instead: resident memory after an 08:00 burst then follows
// what is in use, not the burst's high-water mark. One malloc_trim walk per interval
// costs far less than trimming on every free did (see tuneAllocator).
void trimHeapPeriodically(QCoreApplication &app)
{
    auto *timer = new QTimer(&app);
    QObject::connect(timer, &QTimer::timeout, [] { malloc_trim(0); });
    timer->start(std::chrono::seconds(2));
}

} // namespace

int main(int argc, char *argv[])
{
    tuneAllocator();
    // Qt's plain UNIX event dispatcher costs less per wake-up than the GLib one, and
    // every database answer wakes an HTTP thread: measured 10-20 % less CPU per request
    // (docs/performance.md). Honoured only if the environment does not say otherwise.
    if (!qEnvironmentVariableIsSet("QT_NO_GLIB"))
        qputenv("QT_NO_GLIB", "1");
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"trialdesk-server"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(TRIALDESK_VERSION));

    QString message;
    int exitCode = 0;
    const auto config = td::ServerConfig::parse(QCoreApplication::arguments(), &message, &exitCode);
    if (!config) {
        std::fputs(qPrintable(message), exitCode == 0 ? stdout : stderr);
        return exitCode;
    }

    if (!td::PasswordHasher::initialize()) {
        std::fputs("trialdesk-server: libsodium failed to initialise\n", stderr);
        return 1;
    }
    if (!config->command.isEmpty())
        return td::AdminCommands::run(*config, stdin, stdout, stderr);

    td::ServerApp server(*config);
    QObject::connect(&server, &td::ServerApp::stopped, &app, &QCoreApplication::quit);
    installSignalHandlers(server);
    QString error;
    if (!server.start(&error)) {
        std::fprintf(stderr, "trialdesk-server: %s\n", qPrintable(error));
        return 1;
    }
    const char *scheme = config->tlsCertificate.isEmpty() ? "http" : "https";
    const QString host = config->listenAddress.protocol() == QAbstractSocket::IPv6Protocol
                             ? u'[' + config->listenAddress.toString() + u']'
                             : config->listenAddress.toString();
    // Tests and scripts read this line to learn the port (with --port 0).
    const QString data =
        config->database.isEmpty() ? config->dataDir : td::PostgresLocation::redacted(config->database);
    std::printf("trialdesk-server listening on %s://%s:%u (data in %s)\n", scheme, qPrintable(host), server.port(),
                qPrintable(data));
    std::fflush(stdout);
    td::SystemdNotify::ready(u"listening on port %1"_s.arg(server.port()));
    trimHeapPeriodically(app);
    return app.exec();
}

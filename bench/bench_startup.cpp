// How long the desktop app takes from process start to a populated studies table.
// Starts its own trialdesk-server (--demo, 127.0.0.1, a port the kernel picks, a
// throw-away data dir and account), then launches itself N times as a fresh
// process that builds the real MainWindow, signs in through the real sign-in
// dialog (filled in by code, so no typing time) and exits once the first page of
// studies is in the table. Prints the median, minimum and maximum of each step.
//   QT_QPA_PLATFORM=offscreen ./bench_startup [runs] [--server-binary PATH]
// Not a test: it prints figures and asserts nothing about them.
#include "app/AppMetadata.h"
#include "app/LanguageManager.h"
#include "app/LoginDialog.h"
#include "app/MainWindow.h"
#include "studies/ProjectTableModel.h"
#include "studies/StudiesPage.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QLineEdit>
#include <QProcess>
#include <QPushButton>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTimer>
#include <algorithm>
#include <cstdio>
#include <optional>

using namespace Qt::StringLiterals;

namespace {

const QString ChildFlag = u"--child"_s;

// One app start, in its own process: prints "populated <rows> <shown> <signed-in> <rows-in>"
// (milliseconds since main() was entered) and exits.
int runChild(int argc, char **argv, const QElapsedTimer &sinceMain)
{
    QApplication app(argc, argv);
    const QStringList args = app.arguments();
    const QString url = args.value(2);
    const QString username = args.value(3);
    QFile passwordFile(args.value(4));
    if (!passwordFile.open(QIODevice::ReadOnly))
        return 2;
    const QString password = QString::fromUtf8(passwordFile.readAll()).trimmed();

    td::AppMetadata::apply();
    td::LanguageManager languages;
    languages.applyLanguage(td::LanguageManager::English);
    td::MainWindow window(&languages);
    window.setServerUrlOverride(url);
    window.resize(1280, 800);
    window.show();
    const qint64 shown = sinceMain.elapsed();
    window.signIn();
    td::LoginDialog *dialog = window.loginDialog();
    dialog->findChild<QLineEdit *>(u"usernameEdit"_s)->setText(username);
    dialog->findChild<QLineEdit *>(u"passwordEdit"_s)->setText(password);

    qint64 signedIn = -1;
    QObject::connect(&window, &td::MainWindow::signedIn, &window, [&] {
        signedIn = sinceMain.elapsed();
        auto *page = window.findChild<td::StudiesPage *>(u"studiesPage"_s);
        QObject::connect(page->model(), &td::ProjectTableModel::pageLoaded, &window, [&, page](int rows) {
            const qint64 rowsIn = sinceMain.elapsed();
            // One more turn of the event loop: the table lays out and paints the rows.
            QTimer::singleShot(0, &window, [&, page, rows, rowsIn] {
                page->repaint();
                std::printf("populated %d %lld %lld %lld %lld\n", rows, static_cast<long long>(shown),
                            static_cast<long long>(signedIn), static_cast<long long>(rowsIn),
                            static_cast<long long>(sinceMain.elapsed()));
                std::fflush(stdout);
                QCoreApplication::exit(rows > 0 ? 0 : 3);
            });
        });
    });
    dialog->findChild<QPushButton *>(u"signInButton"_s)->click();
    QTimer::singleShot(60'000, &app, [] { QCoreApplication::exit(4); });
    return QApplication::exec();
}

struct Figures {
    QList<double> wall, shown, signedIn, rowsIn, painted;
};

double median(QList<double> values)
{
    std::sort(values.begin(), values.end());
    const qsizetype n = values.size();
    return n % 2 ? values.at(n / 2) : (values.at(n / 2 - 1) + values.at(n / 2)) / 2;
}

void printRow(const char *what, const QList<double> &values)
{
    std::printf("  %-44s %8.1f %8.1f %8.1f\n", what, median(values), *std::min_element(values.begin(), values.end()),
                *std::max_element(values.begin(), values.end()));
}

} // namespace

int main(int argc, char **argv)
{
    QElapsedTimer sinceMain;
    sinceMain.start();
    if (argc > 1 && QString::fromLocal8Bit(argv[1]) == ChildFlag)
        return runChild(argc, argv, sinceMain);

    QCoreApplication app(argc, argv);
    QStringList args = app.arguments();
    QString serverBinary = QStringLiteral(TRIALDESK_SERVER_BINARY);
    if (const qsizetype i = args.indexOf(u"--server-binary"_s); i > 0 && i + 1 < args.size()) {
        serverBinary = args.at(i + 1);
        args.remove(i, 2);
    }
    const int runs = args.size() > 1 ? std::max(1, args.at(1).toInt()) : 7;

    QTemporaryDir work;
    const QString data = work.filePath(u"data"_s);
    const QString passwordPath = work.filePath(u"password"_s);
    const QByteArray password = "bench-password-" + QByteArray::number(QCoreApplication::applicationPid());
    {
        QFile file(passwordPath);
        if (!file.open(QIODevice::WriteOnly) || file.write(password) != password.size())
            return 2;
    }
    QProcess addUser;
    addUser.start(serverBinary, {u"--data-dir"_s, data, u"users"_s, u"add"_s, u"bench"_s, u"--role"_s, u"crc"_s,
                                 u"--password-stdin"_s});
    addUser.write(password + '\n');
    addUser.closeWriteChannel();
    if (!addUser.waitForFinished(30'000) || addUser.exitCode() != 0) {
        std::fprintf(stderr, "cannot create the account with %s\n", qPrintable(serverBinary));
        return 2;
    }

    QProcess server;
    server.setProcessChannelMode(QProcess::MergedChannels);
    server.start(serverBinary, {u"--listen"_s, u"127.0.0.1"_s, u"--port"_s, u"0"_s, u"--data-dir"_s, data, u"--demo"_s,
                                u"--no-request-log"_s});
    static const QRegularExpression listening(u"listening on (http://127\\.0\\.0\\.1:\\d+)"_s);
    QString url;
    QByteArray log;
    QElapsedTimer waiting;
    waiting.start();
    while (url.isEmpty() && waiting.elapsed() < 30'000 && server.state() != QProcess::NotRunning) {
        server.waitForReadyRead(200);
        log += server.readAll();
        if (const auto match = listening.match(QString::fromUtf8(log)); match.hasMatch())
            url = match.captured(1);
    }
    if (url.isEmpty()) {
        std::fprintf(stderr, "the server did not start:\n%s\n", log.constData());
        return 2;
    }

    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    if (!env.contains(u"QT_QPA_PLATFORM"_s))
        env.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
    // Own settings, so the runs neither read nor change the user's.
    env.insert(u"XDG_CONFIG_HOME"_s, work.filePath(u"config"_s));

    Figures figures;
    int rows = 0;
    for (int run = 0; run < runs; ++run) {
        QProcess child;
        child.setProcessEnvironment(env);
        QElapsedTimer wall;
        wall.start();
        child.start(QCoreApplication::applicationFilePath(), {ChildFlag, url, u"bench"_s, passwordPath});
        if (!child.waitForFinished(90'000) || child.exitCode() != 0) {
            std::fprintf(stderr, "run %d failed (exit %d): %s\n", run + 1, child.exitCode(),
                         child.readAllStandardError().constData());
            return 1;
        }
        const double total = double(wall.nsecsElapsed()) / 1e6;
        const QList<QByteArray> line = child.readAllStandardOutput().trimmed().split(' ');
        if (line.size() != 6 || line.at(0) != "populated") {
            std::fprintf(stderr, "run %d: unexpected output\n", run + 1);
            return 1;
        }
        rows = line.at(1).toInt();
        figures.shown << line.at(2).toDouble();
        figures.signedIn << line.at(3).toDouble();
        figures.rowsIn << line.at(4).toDouble();
        figures.painted << line.at(5).toDouble();
        // Until the process has exited: start-up plus tear-down.
        figures.wall << total;
    }
    server.terminate();
    server.waitForFinished(10'000);

    std::printf("Desktop start to a populated studies table (%d rows on the first page), %d runs, ms:\n", rows, runs);
    std::printf("  %-44s %8s %8s %8s\n", "", "median", "min", "max");
    printRow("main() to main window shown", figures.shown);
    printRow("main() to signed in (health check + login)", figures.signedIn);
    printRow("main() to first page of studies in the model", figures.rowsIn);
    printRow("main() to the table painted with those rows", figures.painted);
    printRow("process launch to process exit (wall clock)", figures.wall);
    return 0;
}

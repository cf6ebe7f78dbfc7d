// The configuration file (--config): every option as `key = value`, the command
// line overriding it, and invalid files failing fast with the key and line.

#include "HttpClient.h"
#include "TestServer.h"

#include <QFile>
#include <QHash>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace td::test;

namespace {

struct Run {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

Run runServer(const QStringList &args)
{
    QProcess p;
    p.start(serverBinary(), args);
    p.waitForFinished(30'000);
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(),
            p.readAllStandardError()};
}

QString writeFile(const QTemporaryDir &dir, const QString &name, const QByteArray &text)
{
    const QString path = dir.filePath(name);
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(text) != text.size())
        return {};
    return path;
}

} // namespace

class TestConfigFile : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void invalidFileFailsFast_data();
    void invalidFileFailsFast();
    void missingFileFails();
    void fileConfiguresServerAndCommandLineOverrides();
    void helpDocumentsEveryOptionAndTheFile();
};

void TestConfigFile::invalidFileFailsFast_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("expected"); // in stderr, after "<file>:"

    QTest::newRow("port out of range") << QByteArray("# a comment\nport = 99999\n") << u"2: port must be a number"_s;
    QTest::newRow("port not a number") << QByteArray("port = eighty\n") << u"1: port must be a number"_s;
    QTest::newRow("unknown key") << QByteArray("\n\nbogus = 1\n") << u"3: unknown key `bogus`"_s;
    QTest::newRow("config is no key") << QByteArray("config = other.conf\n") << u"1: unknown key `config`"_s;
    QTest::newRow("switch not boolean") << QByteArray("demo = maybe\n") << u"1: demo is a switch"_s;
    QTest::newRow("no equals sign") << QByteArray("port 8080\n") << u"1: expected `key = value`"_s;
    QTest::newRow("uppercase key") << QByteArray("Port = 8080\n") << u"1: not a key: `Port`"_s;
    QTest::newRow("dashes kept") << QByteArray("--port = 8080\n") << u"1: unknown key `--port`"_s;
    QTest::newRow("set twice") << QByteArray("port = 1\nlisten = 127.0.0.1\nport = 2\n")
                               << u"3: port: set twice (first on line 1)"_s;
    QTest::newRow("listen not an address") << QByteArray("listen = localhost\n") << u"1: listen: not an IP address"_s;
    QTest::newRow("tls half") << QByteArray("tls-cert = /tmp/x.pem\n") << u"1: tls-cert and --tls-key go together"_s;
    QTest::newRow("idle timeout zero") << QByteArray("idle-timeout = 0\n") << u"1: idle-timeout must be a number"_s;
    QTest::newRow("metrics subnet") << QByteArray("metrics-allow = 10.0.0.300\n")
                                    << u"1: metrics-allow: not an address or subnet"_s;
    QTest::newRow("metrics token short") << QByteArray("metrics-token = short\n")
                                         << u"1: metrics-token must be 16 to 256"_s;
    QTest::newRow("unbalanced quotes") << QByteArray("data-dir = \"/var/lib/x\n")
                                       << u"1: data-dir: unbalanced quotes"_s;
    QTest::newRow("not utf-8") << QByteArray("display-name = \xff\xfe\n") << u" not UTF-8 text"_s;
}

void TestConfigFile::invalidFileFailsFast()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, expected);
    QTemporaryDir dir;
    const QString file = writeFile(dir, u"server.conf"_s, text);
    QVERIFY(!file.isEmpty());
    // `check` would run (and print "ok") if the configuration were accepted.
    const Run run = runServer({u"--config"_s, file, u"--data-dir"_s, dir.path(), u"check"_s});
    QVERIFY2(run.exitCode != 0 && run.exitCode != 1, run.out.constData());
    const QString err = QString::fromUtf8(run.err);
    QVERIFY2(err.startsWith(file + u":"_s + expected), qPrintable(err));
    QVERIFY2(run.out.isEmpty(), run.out.constData());
}

void TestConfigFile::missingFileFails()
{
    const Run run = runServer({u"--config"_s, u"/nonexistent/trialdesk.conf"_s, u"check"_s});
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains("/nonexistent/trialdesk.conf: cannot read"), run.err.constData());
}

void TestConfigFile::fileConfiguresServerAndCommandLineOverrides()
{
    QTemporaryDir dir;
    // port and data-dir are overridden by TestServer's command line (--port 0,
    // --data-dir <its own>); the rest comes from the file.
    const QString file = writeFile(dir, u"server.conf"_s,
                                   "# TrialDesk test configuration\n"
                                   "   \n"
                                   "port = 99999\n"
                                   "data-dir = /nonexistent/never-used\n"
                                   "listen = 127.0.0.1\n"
                                   "  no-request-log = true  \n"
                                   "demo = false\n"
                                   "token-lifetime = \"30\"\n"
                                   "login-rate=2\n"
                                   "metrics-allow = 192.0.2.0/24, ::1\n");
    QVERIFY(!file.isEmpty());
    TestServer server({u"--config"_s, file});
    QVERIFY2(server.start(), server.log().constData());
    HttpClient http;
    QCOMPARE(http.get(server.url(u"/healthz"_s)).status, 200);
    // demo = false: nothing seeded.
    QCOMPARE(http.get(server.url(u"/api/v1/projects"_s)).json().value(u"items"_s).toArray().size(), 0);
    // login-rate = 2 (bursts of 2/3+1 = 1 more): the third wrong sign-in in a row is rate limited.
    http.setToken(QString());
    QList<int> statuses;
    for (int i = 0; i < 4; ++i)
        statuses << http.post(server.url(u"/api/v1/auth/login"_s),
                              R"({"username":"nobody","password":"wrong-password-1"})")
                        .status;
    QVERIFY2(statuses.contains(429), qPrintable(QString::number(statuses.count(429))));
    // no-request-log = true: no request lines.
    QVERIFY(server.stop());
    QVERIFY2(!server.log().contains("GET /healthz"), server.log().constData());
    // `check` accepts the same file (the command line's --data-dir overrides it).
    QByteArray output;
    QCOMPARE(server.runCommand({u"--config"_s, file, u"--port"_s, u"0"_s, u"check"_s}, {}, &output), 0);
    QVERIFY2(output.contains(QByteArray("configuration: " + file.toUtf8())), output.constData());
}

void TestConfigFile::helpDocumentsEveryOptionAndTheFile()
{
    const Run run = runServer({u"--help"_s});
    QCOMPARE(run.exitCode, 0);
    const QString help = QString::fromUtf8(run.out);
    for (const char *option :
         {"--config", "--listen", "--port", "--data-dir", "--tls-cert", "--tls-key", "--token-lifetime",
          "--max-connections", "--metrics-allow", "--metrics-token", "--to", "--from"})
        QVERIFY2(help.contains(QLatin1StringView(option)), option);
    QVERIFY(help.contains(u"/etc/trialdesk/server.conf"_s));
    const QString flowing = help.simplified(); // the parser wraps long descriptions
    QVERIFY(flowing.contains(u"backup --to FILE"_s) && flowing.contains(u"restore --from FILE"_s)
            && flowing.contains(u"| check"_s));
    // Every documented option is a valid configuration key: write each one with
    // a valid value (`false` for switches) and the file must be accepted.
    QTemporaryDir dir;
    const QHash<QString, QString> samples{{u"N"_s, u"1"_s},
                                          {u"MINUTES"_s, u"60"_s},
                                          {u"SECONDS"_s, u"30"_s},
                                          {u"DAYS"_s, u"90"_s},
                                          {u"ADDR"_s, u"127.0.0.1"_s},
                                          {u"ADDRS"_s, u"127.0.0.1"_s},
                                          {u"DIR"_s, dir.path()},
                                          {u"ROLE"_s, u"crc"_s},
                                          {u"NAME"_s, u"Sample"_s},
                                          {u"TOKEN"_s, u"0123456789abcdef"_s}};
    static const QRegularExpression optionLine(uR"(^\s+(?:-\w, )?--([a-z][a-z0-9-]*)(?: <([^>]+)>)?\s)"_s,
                                               QRegularExpression::MultilineOption);
    QByteArray text;
    int keys = 0;
    const QString optionsPart = help.left(help.indexOf(u"\nArguments:"_s)); // not the commands' synopsis
    for (auto it = optionLine.globalMatch(optionsPart); it.hasNext();) {
        const auto match = it.next();
        const QString key = match.captured(1);
        if (key == u"help"_s || key == u"help-all"_s || key == u"version"_s || key == u"config"_s)
            continue;
        ++keys;
        // Switches are off; file options (TLS, backup) stay empty: unset.
        const QString value = match.captured(2).isEmpty() ? u"false"_s : samples.value(match.captured(2));
        text += key.toUtf8() + " = \"" + value.toUtf8() + "\"\n";
    }
    QVERIFY2(keys >= 20, text.constData());
    const QString file = writeFile(dir, u"all.conf"_s, text);
    const Run check = runServer({u"--config"_s, file, u"--data-dir"_s, dir.path(), u"check"_s});
    QVERIFY2(check.out.startsWith(QByteArray("ok    configuration: " + file.toUtf8())), check.err.constData());
}

QTEST_GUILESS_MAIN(TestConfigFile)
#include "tst_configfile.moc"

#include "net/ServerUrlCheck.h"

#include <QTest>

using td::ServerUrlCheck;
using Problem = td::ServerUrlCheck::Problem;

class TestServerUrlCheck : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void check_data();
    void check();
    void trimsInput();
};

void TestServerUrlCheck::check_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<Problem>("problem");

    QTest::newRow("default") << QStringLiteral("http://127.0.0.1:8080") << Problem::None;
    QTest::newRow("https host") << QStringLiteral("https://trialdesk.example.org") << Problem::None;
    QTest::newRow("path") << QStringLiteral("https://example.org/trialdesk/") << Problem::None;
    QTest::newRow("upper-case scheme") << QStringLiteral("HTTP://localhost:8080") << Problem::None;
    QTest::newRow("ipv6") << QStringLiteral("http://[::1]:8080") << Problem::None;
    QTest::newRow("empty") << QString() << Problem::Empty;
    QTest::newRow("blank") << QStringLiteral("   ") << Problem::Empty;
    QTest::newRow("no scheme") << QStringLiteral("127.0.0.1:8080") << Problem::UnsupportedScheme;
    QTest::newRow("host only") << QStringLiteral("localhost") << Problem::UnsupportedScheme;
    QTest::newRow("ftp") << QStringLiteral("ftp://example.org") << Problem::UnsupportedScheme;
    QTest::newRow("file") << QStringLiteral("file:///etc/passwd") << Problem::UnsupportedScheme;
    QTest::newRow("no host") << QStringLiteral("http://") << Problem::MissingHost;
    QTest::newRow("path without host") << QStringLiteral("https:///api") << Problem::MissingHost;
    QTest::newRow("space in host") << QStringLiteral("http://exa mple.org") << Problem::Malformed;
    QTest::newRow("port too large") << QStringLiteral("http://localhost:99999") << Problem::Malformed;
}

void TestServerUrlCheck::check()
{
    QFETCH(QString, input);
    QFETCH(Problem, problem);

    const ServerUrlCheck result = ServerUrlCheck::check(input);
    QCOMPARE(result.problem, problem);
    QCOMPARE(result.isValid(), problem == Problem::None);
    if (result.isValid()) {
        QVERIFY(result.url.isValid());
        QVERIFY(!result.url.host().isEmpty());
    }
}

void TestServerUrlCheck::trimsInput()
{
    const ServerUrlCheck result = ServerUrlCheck::check(QStringLiteral("  http://127.0.0.1:8080 \n"));
    QVERIFY(result.isValid());
    QCOMPARE(result.input, QStringLiteral("http://127.0.0.1:8080"));
    QCOMPARE(result.url.port(), 8080);
}

QTEST_APPLESS_MAIN(TestServerUrlCheck)
#include "tst_serverurlcheck.moc"

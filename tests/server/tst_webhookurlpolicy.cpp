// Where webhooks may point (docs/webhooks.md "URL rules"), the rules alone: the form of
// a URL (checked when it is saved and before every attempt) and the addresses its host
// resolves to (checked before every attempt, on the addresses the attempt connects to,
// so a DNS answer that changes after the URL was saved cannot point it inwards).

#include "services/WebhookUrlPolicy.h"

#include <QTest>

using namespace Qt::StringLiterals;

class TestWebhookUrlPolicy : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void nonPublicAddresses_data();
    void nonPublicAddresses();
    void urlForm_data();
    void urlForm();
    void resolvedAddresses_data();
    void resolvedAddresses();
};

void TestWebhookUrlPolicy::nonPublicAddresses_data()
{
    QTest::addColumn<QString>("address");
    QTest::addColumn<bool>("nonPublic");
    const std::pair<const char *, bool> rows[] = {{"127.0.0.1", true},
                                                  {"127.255.0.9", true},
                                                  {"10.0.0.1", true},
                                                  {"172.16.0.1", true},
                                                  {"172.31.255.255", true},
                                                  {"172.32.0.1", false},
                                                  {"192.168.10.20", true},
                                                  {"169.254.169.254", true},
                                                  {"100.64.0.1", true},
                                                  {"0.0.0.0", true},
                                                  {"224.0.0.1", true},
                                                  {"255.255.255.255", true},
                                                  {"::1", true},
                                                  {"::", true},
                                                  {"fe80::1", true},
                                                  {"fd12:3456::1", true},
                                                  {"::ffff:10.1.2.3", true},
                                                  {"::ffff:8.8.8.8", false},
                                                  {"8.8.8.8", false},
                                                  {"93.184.216.34", false},
                                                  {"2606:4700::1111", false}};
    for (const auto &[address, nonPublic] : rows)
        QTest::newRow(address) << QString::fromLatin1(address) << nonPublic;
}

void TestWebhookUrlPolicy::nonPublicAddresses()
{
    QFETCH(QString, address);
    QFETCH(bool, nonPublic);
    QCOMPARE(td::WebhookUrlPolicy::isNonPublic(QHostAddress(address)), nonPublic);
}

void TestWebhookUrlPolicy::urlForm_data()
{
    QTest::addColumn<QString>("allowed");
    QTest::addColumn<QString>("url");
    QTest::addColumn<bool>("accepted");
    QTest::newRow("https public name") << QString() << u"https://hooks.example.org/x"_s << true;
    QTest::newRow("https public address") << QString() << u"https://93.184.216.34/x"_s << true;
    QTest::newRow("https private address") << QString() << u"https://10.0.0.7/x"_s << false;
    QTest::newRow("https private address, listed") << u"10.0.0.7"_s << u"https://10.0.0.7/x"_s << true;
    QTest::newRow("http public name") << QString() << u"http://hooks.example.org/x"_s << false;
    QTest::newRow("http public name, listed") << u"hooks.example.org"_s << u"http://hooks.example.org/x"_s << false;
    QTest::newRow("http loopback, not listed") << QString() << u"http://127.0.0.1:8080/x"_s << false;
    QTest::newRow("http loopback, listed") << u"127.0.0.1"_s << u"http://127.0.0.1:8080/x"_s << true;
    QTest::newRow("http other loopback, one listed") << u"127.0.0.1"_s << u"http://127.0.0.2/x"_s << false;
    QTest::newRow("listed case-insensitively") << u"LOCALHOST"_s << u"http://localhost:9/x"_s << true;
    QTest::newRow("ftp") << QString() << u"ftp://hooks.example.org/x"_s << false;
    QTest::newRow("relative") << QString() << u"/hook"_s << false;
    QTest::newRow("user info") << QString() << u"https://a:b@hooks.example.org/x"_s << false;
    QTest::newRow("fragment") << QString() << u"https://hooks.example.org/x#f"_s << false;
    QTest::newRow("too long") << QString() << u"https://hooks.example.org/"_s + QString(2100, u'a') << false;
}

void TestWebhookUrlPolicy::urlForm()
{
    QFETCH(QString, allowed);
    QFETCH(QString, url);
    QFETCH(bool, accepted);
    const td::WebhookUrlPolicy policy(allowed.split(u',', Qt::SkipEmptyParts));
    const QString why = policy.refusalOfForm(QUrl(url, QUrl::StrictMode));
    QVERIFY2(why.isEmpty() == accepted, qPrintable(why));
}

void TestWebhookUrlPolicy::resolvedAddresses_data()
{
    QTest::addColumn<QString>("allowed");
    QTest::addColumn<QString>("host");
    QTest::addColumn<QStringList>("addresses");
    QTest::addColumn<bool>("accepted");
    QTest::newRow("public") << QString() << u"hooks.example.org"_s << QStringList{u"93.184.216.34"_s} << true;
    // A name that pointed outwards when saved and inwards now (DNS rebinding).
    QTest::newRow("rebound to private") << QString() << u"hooks.example.org"_s << QStringList{u"10.0.0.5"_s} << false;
    QTest::newRow("one of several private")
        << QString() << u"hooks.example.org"_s << QStringList{u"93.184.216.34"_s, u"192.168.0.2"_s} << false;
    QTest::newRow("metadata service") << QString() << u"hooks.example.org"_s << QStringList{u"169.254.169.254"_s}
                                      << false;
    QTest::newRow("private, host listed")
        << u"relay.hospital.local"_s << u"relay.hospital.local"_s << QStringList{u"10.1.1.1"_s} << true;
    QTest::newRow("does not resolve") << QString() << u"nowhere.invalid"_s << QStringList{} << false;
}

void TestWebhookUrlPolicy::resolvedAddresses()
{
    QFETCH(QString, allowed);
    QFETCH(QString, host);
    QFETCH(QStringList, addresses);
    QFETCH(bool, accepted);
    const td::WebhookUrlPolicy policy(allowed.split(u',', Qt::SkipEmptyParts));
    QList<QHostAddress> resolved;
    for (const QString &a : addresses)
        resolved << QHostAddress(a);
    const QString why = policy.refusalOfAddresses(host, resolved);
    QVERIFY2(why.isEmpty() == accepted, qPrintable(why));
}

QTEST_MAIN(TestWebhookUrlPolicy)
#include "tst_webhookurlpolicy.moc"

// GET /metrics against a real server: the answer parses as Prometheus text
// (checked by a small parser of the exposition format here), counters move with
// requests, and only the configured addresses or the metrics token get it (through
// a proxy, which the X-Forwarded-For, Forwarded and X-Real-IP headers betray, only
// the token).

#include "IntakeTestKit.h"

#include <QHash>
#include <QRegularExpression>
#include <QTest>
#include <cmath>

using namespace Qt::StringLiterals;
using namespace td::test;
using namespace td::test::intake;

namespace {

// One sample: metric name plus its labels in a canonical order.
struct Exposition {
    QHash<QString, double> samples; // "name{a=\"x\",b=\"y\"}" (labels sorted) -> value
    QHash<QString, QString> types;  // family -> counter/gauge/histogram/...
};

// Parses Prometheus text format 0.0.4; returns an empty string or the first problem.
QString parseExposition(const QByteArray &text, Exposition *out)
{
    static const QRegularExpression help(uR"(^# HELP ([a-zA-Z_:][a-zA-Z0-9_:]*) .*\z)"_s);
    static const QRegularExpression type(
        uR"(^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)\z)"_s);
    static const QRegularExpression sample(uR"(^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)(?: -?\d+)?\z)"_s);
    static const QRegularExpression label(
        u"\\G([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\\\n]|\\\\[\\\\\"n])*)\"(,|\\z)"_s);
    if (!text.endsWith('\n'))
        return u"does not end with a newline"_s;
    const QList<QByteArray> lines = text.left(text.size() - 1).split('\n');
    QSet<QString> seenFamilies;
    QString lastFamily;
    for (qsizetype n = 0; n < lines.size(); ++n) {
        const QString line = QString::fromUtf8(lines.at(n));
        const QString where = u"line %1: %2"_s.arg(n + 1).arg(line);
        if (line.startsWith(u"# HELP "_s)) {
            if (!help.match(line).hasMatch())
                return u"bad HELP, "_s + where;
            continue;
        }
        if (line.startsWith(u"# TYPE "_s)) {
            const auto m = type.match(line);
            if (!m.hasMatch())
                return u"bad TYPE, "_s + where;
            if (out->types.contains(m.captured(1)))
                return u"TYPE twice, "_s + where;
            out->types.insert(m.captured(1), m.captured(2));
            continue;
        }
        if (line.startsWith(u'#') || line.isEmpty())
            return u"unexpected comment or empty line, "_s + where;
        const auto m = sample.match(line);
        if (!m.hasMatch())
            return u"not a sample, "_s + where;
        QString family = m.captured(1);
        QString suffix;
        for (const QString &s : {u"_bucket"_s, u"_sum"_s, u"_count"_s}) {
            if (family.endsWith(s) && out->types.value(family.chopped(s.size())) == u"histogram"_s) {
                family.chop(s.size());
                suffix = s;
            }
        }
        if (!out->types.contains(family))
            return u"sample before its TYPE, "_s + where;
        // A family's samples are contiguous.
        if (family != lastFamily && seenFamilies.contains(family))
            return u"family split, "_s + where;
        seenFamilies.insert(family);
        lastFamily = family;
        QStringList labels;
        const QString labelText = m.captured(2);
        qsizetype pos = 0;
        while (pos < labelText.size()) {
            const auto l = label.match(labelText, pos);
            if (!l.hasMatch())
                return u"bad labels, "_s + where;
            labels << l.captured(1) + u"=\""_s + l.captured(2) + u'"';
            pos = l.capturedEnd();
        }
        if (suffix == u"_bucket"_s && !labelText.contains(u"le=\""_s))
            return u"bucket without le, "_s + where;
        labels.sort();
        bool ok = false;
        const QString valueText = m.captured(3);
        double value = valueText.toDouble(&ok);
        if (valueText == u"+Inf"_s || valueText == u"-Inf"_s || valueText == u"NaN"_s)
            ok = true, value = valueText == u"NaN"_s ? NAN : (valueText.startsWith(u'-') ? -INFINITY : INFINITY);
        if (!ok)
            return u"bad value, "_s + where;
        const QString key = m.captured(1) + u'{' + labels.join(u',') + u'}';
        if (out->samples.contains(key))
            return u"duplicate series, "_s + where;
        out->samples.insert(key, value);
    }
    // Histograms: cumulative buckets ending in +Inf equal to _count.
    for (auto it = out->types.cbegin(); it != out->types.cend(); ++it) {
        if (it.value() != u"histogram"_s)
            continue;
        QList<QPair<double, double>> buckets;
        for (auto s = out->samples.cbegin(); s != out->samples.cend(); ++s) {
            static const QRegularExpression le(u"le=\"([^\"]+)\""_s);
            if (s.key().startsWith(it.key() + u"_bucket{"_s)) {
                const QString bound = le.match(s.key()).captured(1);
                buckets.append({bound == u"+Inf"_s ? INFINITY : bound.toDouble(), s.value()});
            }
        }
        std::sort(buckets.begin(), buckets.end());
        if (buckets.isEmpty() || !std::isinf(buckets.last().first))
            return it.key() + u": no +Inf bucket"_s;
        for (qsizetype i = 1; i < buckets.size(); ++i) {
            if (buckets[i].second < buckets[i - 1].second)
                return it.key() + u": buckets not cumulative"_s;
        }
        if (buckets.last().second != out->samples.value(it.key() + u"_count{}"_s, -1))
            return it.key() + u": +Inf bucket differs from _count"_s;
        if (!out->samples.contains(it.key() + u"_sum{}"_s))
            return it.key() + u": no _sum"_s;
    }
    return {};
}

Exposition scrape(HttpClient &http, const TestServer &server)
{
    const HttpReply reply = http.get(server.url(u"/metrics"_s));
    Exposition e;
    if (reply.status != 200 || !reply.header("Content-Type").startsWith("text/plain; version=0.0.4")) {
        qWarning("GET /metrics: %d %s", reply.status, reply.body.constData());
        return e;
    }
    const QString problem = parseExposition(reply.body, &e);
    if (!problem.isEmpty()) {
        qWarning("not Prometheus text: %s\n%s", qPrintable(problem), reply.body.constData());
        e.samples.clear();
    }
    return e;
}

const QString kHealthOk = u"trialdesk_http_requests_total{code=\"200\",method=\"GET\",route=\"/healthz\"}"_s;

} // namespace

class TestMetrics : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parserRejectsMalformedText_data();
    void parserRejectsMalformedText();
    void countersMoveWithRequests();
    void accessIsRestricted_data();
    void accessIsRestricted();
};

void TestMetrics::parserRejectsMalformedText_data()
{
    // The parser must be able to fail, or the real check proves nothing.
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<bool>("valid");
    QTest::newRow("valid") << QByteArray("# HELP a_total A.\n# TYPE a_total counter\na_total{x=\"1\"} 3\n") << true;
    QTest::newRow("no type") << QByteArray("a_total 3\n") << false;
    QTest::newRow("bad value") << QByteArray("# TYPE a counter\na three\n") << false;
    QTest::newRow("bad label") << QByteArray("# TYPE a counter\na{x=1} 3\n") << false;
    QTest::newRow("duplicate") << QByteArray("# TYPE a counter\na 1\na 2\n") << false;
    QTest::newRow("no newline") << QByteArray("# TYPE a counter\na 1") << false;
    QTest::newRow("histogram not cumulative")
        << QByteArray("# TYPE h histogram\nh_bucket{le=\"1\"} 5\nh_bucket{le=\"+Inf\"} 4\nh_sum 1\nh_count 4\n")
        << false;
    QTest::newRow("histogram count differs")
        << QByteArray("# TYPE h histogram\nh_bucket{le=\"1\"} 1\nh_bucket{le=\"+Inf\"} 4\nh_sum 1\nh_count 5\n")
        << false;
}

void TestMetrics::parserRejectsMalformedText()
{
    QFETCH(QByteArray, text);
    QFETCH(bool, valid);
    Exposition e;
    QCOMPARE(parseExposition(text, &e).isEmpty(), valid);
}

void TestMetrics::countersMoveWithRequests()
{
    TestServer server;
    QVERIFY2(server.start(), server.log().constData());
    HttpClient http;
    QCOMPARE(createStudy(http, server, u"MET"_s).status, 201);
    QCOMPARE(enrol(http, server, u"MET"_s, u"MET-1"_s).status, 201);

    const Exposition before = scrape(http, server);
    QVERIFY(!before.samples.isEmpty());
    QCOMPARE(before.types.value(u"trialdesk_http_requests_total"_s), u"counter"_s);
    QCOMPARE(before.types.value(u"trialdesk_http_request_duration_seconds"_s), u"histogram"_s);
    QCOMPARE(before.types.value(u"trialdesk_db_commit_batch_size"_s), u"histogram"_s);
    QVERIFY(before.samples.contains(u"trialdesk_db_errors_total{}"_s));
    QVERIFY(before.samples.contains(u"trialdesk_submissions_stored_total{}"_s));

    for (int i = 0; i < 7; ++i)
        QCOMPARE(http.get(server.url(u"/healthz"_s)).status, 200);
    for (int i = 0; i < 3; ++i)
        QCOMPARE(http.get(server.url(u"/no/such/thing"_s)).status, 404);
    for (int i = 0; i < 4; ++i) {
        const HttpReply stored =
            http.post(questionnairesUrl(server, u"MET-1"_s),
                      jsonBytes({{u"subjectId"_s, u"MET-1"_s}, {u"answers"_s, QJsonObject{{u"q"_s, i}}}}));
        QCOMPARE(stored.status, 201);
    }
    const Exposition after = scrape(http, server);
    QVERIFY(!after.samples.isEmpty());
    auto delta = [&](const QString &key) { return after.samples.value(key) - before.samples.value(key); };
    QCOMPARE(delta(kHealthOk), 7.0);
    QCOMPARE(delta(u"trialdesk_http_requests_total{code=\"404\",method=\"any\",route=\"unmatched\"}"_s), 3.0);
    QCOMPARE(delta(u"trialdesk_http_requests_total{code=\"201\",method=\"POST\","
                   "route=\"/api/v1/subjects/{subjectId}/questionnaires\"}"_s),
             4.0);
    QCOMPARE(delta(u"trialdesk_submissions_stored_total{}"_s), 4.0);
    // The first scrape itself was counted too.
    QCOMPARE(delta(u"trialdesk_http_request_duration_seconds_count{}"_s), 7.0 + 3 + 4 + 1);
    QVERIFY(delta(u"trialdesk_http_request_duration_seconds_sum{}"_s) > 0);
    QVERIFY(delta(u"trialdesk_db_commit_batch_size_count{}"_s) >= 1);
    QVERIFY(delta(u"trialdesk_db_commit_batch_size_sum{}"_s) >= 4);
    QCOMPARE(delta(u"trialdesk_db_errors_total{}"_s), 0.0);
}

void TestMetrics::accessIsRestricted_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QByteArray>("authorization");
    // A header a reverse proxy adds ("Name: value"): the connection is then the
    // proxy's (nginx on the same host connects from 127.0.0.1), so the address
    // allow-list must not admit it; only the token does.
    QTest::addColumn<QByteArray>("forwarded");
    QTest::addColumn<int>("status");
    const QString token = u"metrics-secret-0123456789"_s;
    const QByteArray bearer = "Bearer " + token.toLatin1();
    const QStringList withToken{u"--metrics-token"_s, token};
    QTest::newRow("loopback by default") << QStringList{} << QByteArray() << QByteArray() << 200;
    QTest::newRow("subnet allowed") << QStringList{u"--metrics-allow"_s, u"127.0.0.0/8"_s} << QByteArray()
                                    << QByteArray() << 200;
    QTest::newRow("address not listed") << QStringList{u"--metrics-allow"_s, u"192.0.2.7"_s} << QByteArray()
                                        << QByteArray() << 403;
    QTest::newRow("nobody listed") << QStringList{u"--metrics-allow"_s, u""_s} << QByteArray() << QByteArray() << 403;
    QTest::newRow("token") << QStringList{u"--metrics-allow"_s, u"192.0.2.7"_s, u"--metrics-token"_s, token} << bearer
                           << QByteArray() << 200;
    QTest::newRow("wrong token") << QStringList{u"--metrics-allow"_s, u"192.0.2.7"_s, u"--metrics-token"_s, token}
                                 << QByteArray("Bearer metrics-secret-0123456780") << QByteArray() << 403;
    QTest::newRow("staff token is not enough")
        << QStringList{u"--metrics-allow"_s, u"192.0.2.7"_s} << QByteArray("admin") << QByteArray() << 403;
    QTest::newRow("proxied from loopback (X-Forwarded-For)")
        << QStringList{} << QByteArray() << QByteArray("X-Forwarded-For: 203.0.113.9") << 403;
    QTest::newRow("proxied from loopback (Forwarded)")
        << QStringList{} << QByteArray() << QByteArray("Forwarded: for=203.0.113.9;proto=https") << 403;
    QTest::newRow("proxied from loopback (X-Real-IP)")
        << QStringList{} << QByteArray() << QByteArray("X-Real-IP: 203.0.113.9") << 403;
    QTest::newRow("proxied, header in lower case")
        << QStringList{} << QByteArray() << QByteArray("x-forwarded-for: 127.0.0.1") << 403;
    QTest::newRow("proxied with the token") << withToken << bearer << QByteArray("X-Forwarded-For: 203.0.113.9") << 200;
    QTest::newRow("proxied with a wrong token") << withToken << QByteArray("Bearer metrics-secret-0123456780")
                                                << QByteArray("X-Forwarded-For: 203.0.113.9") << 403;
}

void TestMetrics::accessIsRestricted()
{
    QFETCH(QStringList, arguments);
    QFETCH(QByteArray, authorization);
    QFETCH(QByteArray, forwarded);
    QFETCH(int, status);
    TestServer server(arguments);
    QVERIFY2(server.start(), server.log().constData());
    HttpClient http;
    Headers headers;
    if (authorization == "admin") {
        headers = adminAuthorization(server);
    } else {
        http.setToken(QString());
        if (!authorization.isEmpty())
            headers = {{"Authorization", authorization}};
    }
    if (!forwarded.isEmpty()) {
        const qsizetype colon = forwarded.indexOf(':');
        headers.append({forwarded.left(colon), forwarded.mid(colon + 1).trimmed()});
    }
    const HttpReply reply = http.get(server.url(u"/metrics"_s), headers);
    QCOMPARE(reply.status, status);
    if (status == 200) {
        Exposition e;
        QCOMPARE(parseExposition(reply.body, &e), QString());
    } else {
        QCOMPARE(reply.json().value(u"code"_s).toString(), u"forbidden"_s);
        QVERIFY(!reply.body.contains("trialdesk_"));
    }
}

QTEST_GUILESS_MAIN(TestMetrics)
#include "tst_metrics.moc"

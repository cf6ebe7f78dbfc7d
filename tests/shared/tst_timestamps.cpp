#include "Timestamps.h"

#include <QRegularExpression>
#include <QTest>
#include <QTimeZone>
#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

QDateTime utc(int y, int mo, int d, int h = 0, int mi = 0, int s = 0, int ms = 0)
{
    return QDateTime(QDate(y, mo, d), QTime(h, mi, s, ms), QTimeZone::utc());
}

} // namespace

class TestTimestamps : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parseTimestamp_data();
    void parseTimestamp();
    void formatTimestamp_data();
    void formatTimestamp();
    void acceptedTimestampsFormatAndRoundTrip_data();
    void acceptedTimestampsFormatAndRoundTrip();
    void formattedTimestampsSortAsText();
    void parseDate_data();
    void parseDate();
    void formatDate_data();
    void formatDate();
};

void TestTimestamps::parseTimestamp_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected"); // formatted UTC instant; empty: rejected

    const QString rejected;
    const QString midnight = u"2024-05-01T00:00:00.000Z"_s;

    // Accepted forms.
    QTest::newRow("Z") << u"2024-05-01T00:00:00Z"_s << midnight;
    QTest::newRow("lowercase t and z") << u"2024-05-01t00:00:00z"_s << midnight;
    QTest::newRow("+00:00") << u"2024-05-01T00:00:00+00:00"_s << midnight;
    QTest::newRow("-00:00") << u"2024-05-01T00:00:00-00:00"_s << midnight;
    QTest::newRow("+08:00 converted to UTC") << u"2024-05-01T08:00:00+08:00"_s << midnight;
    QTest::newRow("-05:00 converted to UTC") << u"2024-04-30T19:00:00-05:00"_s << midnight;
    QTest::newRow("+05:45 (minutes)") << u"2024-05-01T05:45:00+05:45"_s << midnight;
    QTest::newRow("-09:30 (minutes)") << u"2024-04-30T14:30:00-09:30"_s << midnight;
    QTest::newRow("+14:00") << u"2024-05-01T14:00:00+14:00"_s << midnight;
    QTest::newRow("-12:00") << u"2024-04-30T12:00:00-12:00"_s << midnight;
    QTest::newRow("offset crosses into the previous day")
        << u"2024-03-01T01:00:00+02:00"_s << u"2024-02-29T23:00:00.000Z"_s;
    QTest::newRow("offset crosses into the next year")
        << u"2024-12-31T23:30:00-01:00"_s << u"2025-01-01T00:30:00.000Z"_s;
    QTest::newRow("one fraction digit") << u"2024-05-01T00:00:00.5Z"_s << u"2024-05-01T00:00:00.500Z"_s;
    QTest::newRow("two fraction digits") << u"2024-05-01T00:00:00.25Z"_s << u"2024-05-01T00:00:00.250Z"_s;
    QTest::newRow("milliseconds") << u"2024-05-01T00:00:00.007Z"_s << u"2024-05-01T00:00:00.007Z"_s;
    QTest::newRow("microseconds truncated") << u"2024-05-01T00:00:00.123999Z"_s << u"2024-05-01T00:00:00.123Z"_s;
    QTest::newRow("nanoseconds truncated") << u"2024-05-01T00:00:00.999999999Z"_s << u"2024-05-01T00:00:00.999Z"_s;
    QTest::newRow("fraction with offset") << u"2024-05-01T08:00:00.250+08:00"_s << u"2024-05-01T00:00:00.250Z"_s;
    QTest::newRow("leap day") << u"2024-02-29T12:00:00Z"_s << u"2024-02-29T12:00:00.000Z"_s;
    QTest::newRow("last second of the day") << u"2024-05-01T23:59:59Z"_s << u"2024-05-01T23:59:59.000Z"_s;

    // Rejected: the zone is mandatory.
    QTest::newRow("no zone") << u"2024-05-01T00:00:00"_s << rejected;
    QTest::newRow("no zone, fraction") << u"2024-05-01T00:00:00.000"_s << rejected;
    QTest::newRow("zone name") << u"2024-05-01T00:00:00 UTC"_s << rejected;
    QTest::newRow("offset without colon") << u"2024-05-01T00:00:00+0800"_s << rejected;
    QTest::newRow("offset hours only") << u"2024-05-01T00:00:00+08"_s << rejected;
    QTest::newRow("offset hour 24") << u"2024-05-01T00:00:00+24:00"_s << rejected;
    QTest::newRow("offset minute 60") << u"2024-05-01T00:00:00+08:60"_s << rejected;
    // Rejected: invalid calendar dates and clock times.
    QTest::newRow("month 13") << u"2024-13-01T00:00:00Z"_s << rejected;
    QTest::newRow("month 00") << u"2024-00-01T00:00:00Z"_s << rejected;
    QTest::newRow("day 00") << u"2024-05-00T00:00:00Z"_s << rejected;
    QTest::newRow("february 30") << u"2024-02-30T00:00:00Z"_s << rejected;
    QTest::newRow("february 29 in a common year") << u"2023-02-29T00:00:00Z"_s << rejected;
    QTest::newRow("april 31") << u"2024-04-31T00:00:00Z"_s << rejected;
    QTest::newRow("hour 24") << u"2024-05-01T24:00:00Z"_s << rejected;
    QTest::newRow("minute 60") << u"2024-05-01T23:60:00Z"_s << rejected;
    QTest::newRow("leap second") << u"2024-06-30T23:59:60Z"_s << rejected;
    // Rejected: wrong shape.
    QTest::newRow("empty") << QString() << rejected;
    QTest::newRow("date only") << u"2024-05-01"_s << rejected;
    QTest::newRow("space instead of T") << u"2024-05-01 00:00:00Z"_s << rejected;
    QTest::newRow("no seconds") << u"2024-05-01T00:00Z"_s << rejected;
    QTest::newRow("single-digit month") << u"2024-5-01T00:00:00Z"_s << rejected;
    QTest::newRow("basic format") << u"20240501T000000Z"_s << rejected;
    QTest::newRow("slashes") << u"2024/05/01T00:00:00Z"_s << rejected;
    QTest::newRow("empty fraction") << u"2024-05-01T00:00:00.Z"_s << rejected;
    QTest::newRow("ten fraction digits") << u"2024-05-01T00:00:00.1234567890Z"_s << rejected;
    QTest::newRow("comma fraction") << u"2024-05-01T00:00:00,5Z"_s << rejected;
    QTest::newRow("leading space") << u" 2024-05-01T00:00:00Z"_s << rejected;
    QTest::newRow("trailing space") << u"2024-05-01T00:00:00Z "_s << rejected;
    QTest::newRow("trailing text") << u"2024-05-01T00:00:00Zjunk"_s << rejected;
    QTest::newRow("five-digit year") << u"12024-05-01T00:00:00Z"_s << rejected;
    QTest::newRow("negative year") << u"-2024-05-01T00:00:00Z"_s << rejected;
    QTest::newRow("epoch seconds") << u"1714521600"_s << rejected;
    QTest::newRow("over 40 characters") << u"2024-05-01T00:00:00.123456789+08:00:00:00:00"_s << rejected;
    // Bug: QRegularExpression's `$` also matches before a final newline.
    QTest::newRow("trailing newline (bug)") << u"2024-05-01T00:00:00Z\n"_s << rejected;
}

void TestTimestamps::parseTimestamp()
{
    QFETCH(QString, text);
    QFETCH(QString, expected);

    const auto parsed = td::parseTimestamp(text);
    if (expected.isEmpty()) {
        QVERIFY2(!parsed, qPrintable(u"accepted as "_s + (parsed ? td::formatTimestamp(*parsed) : QString())));
        return;
    }
    QVERIFY(parsed);
    QVERIFY(parsed->isValid());
    QCOMPARE(parsed->timeSpec(), Qt::UTC);
    QCOMPARE(parsed->offsetFromUtc(), 0);
    QCOMPARE(td::formatTimestamp(*parsed), expected);
    QCOMPARE(*parsed, QDateTime::fromString(expected, Qt::ISODateWithMs));
}

void TestTimestamps::formatTimestamp_data()
{
    QTest::addColumn<QDateTime>("instant");
    QTest::addColumn<QString>("expected");

    QTest::newRow("utc midnight") << utc(2024, 5, 1) << u"2024-05-01T00:00:00.000Z"_s;
    QTest::newRow("milliseconds") << utc(2024, 5, 1, 8, 30, 15, 42) << u"2024-05-01T08:30:15.042Z"_s;
    QTest::newRow("last millisecond of the year")
        << utc(2024, 12, 31, 23, 59, 59, 999) << u"2024-12-31T23:59:59.999Z"_s;
    QTest::newRow("+08:00 offset shown in UTC")
        << QDateTime(QDate(2024, 5, 1), QTime(8, 0), QTimeZone(8 * 3600)) << u"2024-05-01T00:00:00.000Z"_s;
    QTest::newRow("-03:30 offset shown in UTC")
        << QDateTime(QDate(2024, 4, 30), QTime(20, 30), QTimeZone(-(3 * 3600 + 30 * 60)))
        << u"2024-05-01T00:00:00.000Z"_s;
    QTest::newRow("named zone shown in UTC")
        << QDateTime(QDate(2024, 5, 1), QTime(8, 0), QTimeZone("Asia/Shanghai")) << u"2024-05-01T00:00:00.000Z"_s;
    QTest::newRow("year below 1000 padded") << utc(999, 1, 2, 3, 4, 5) << u"0999-01-02T03:04:05.000Z"_s;
    QTest::newRow("epoch") << QDateTime::fromMSecsSinceEpoch(0, QTimeZone::utc()) << u"1970-01-01T00:00:00.000Z"_s;
}

void TestTimestamps::formatTimestamp()
{
    QFETCH(QDateTime, instant);
    QFETCH(QString, expected);
    const QString text = td::formatTimestamp(instant);
    QCOMPARE(text, expected);
    QCOMPARE(text.size(), 24); // fixed width
}

void TestTimestamps::acceptedTimestampsFormatAndRoundTrip_data()
{
    QTest::addColumn<QString>("text");

    QTest::newRow("ordinary") << u"2025-06-15T12:00:00.123+08:00"_s;
    QTest::newRow("first instant of year 1") << u"0001-01-01T00:00:00Z"_s;
    QTest::newRow("last instant of year 9999") << u"9999-12-31T23:59:59.999Z"_s;
    // Bug: these parse to instants outside years 1..9999, which formatTimestamp()
    // renders as an empty string (and would be stored as such).
    QTest::newRow("positive offset before year 1 (bug)") << u"0001-01-01T00:30:00+01:00"_s;
    QTest::newRow("negative offset after year 9999 (bug)") << u"9999-12-31T23:00:00-05:00"_s;
}

// Whatever parseTimestamp() accepts must format as a 24-character UTC timestamp that
// parses back to the same instant: the database stores exactly that text.
void TestTimestamps::acceptedTimestampsFormatAndRoundTrip()
{
    QFETCH(QString, text);

    const auto parsed = td::parseTimestamp(text);
    if (!parsed)
        return; // rejecting is also acceptable
    const QString formatted = td::formatTimestamp(*parsed);
    QVERIFY2(formatted.size() == 24, qPrintable(u"formatted as \"%1\""_s.arg(formatted)));
    const auto again = td::parseTimestamp(formatted);
    QVERIFY(again);
    QCOMPARE(*again, *parsed);
    QCOMPARE(td::formatTimestamp(*again), formatted);
}

void TestTimestamps::formattedTimestampsSortAsText()
{
    const QStringList inputs = {
        u"2024-05-01T08:00:00+08:00"_s,   u"2024-04-30T23:59:59.999Z"_s, u"2024-05-01T00:00:00.001Z"_s,
        u"2023-12-31T23:00:00-05:00"_s,   u"0999-01-01T00:00:00Z"_s,     u"2024-05-01T00:00:00.010Z"_s,
        u"2024-05-01T09:00:00.5+09:00"_s, u"2024-05-01T00:00:00.1Z"_s,   u"9999-12-31T23:59:59.999Z"_s,
        u"2024-05-01T00:00:10Z"_s,
    };
    QList<QDateTime> instants;
    QStringList texts;
    for (const QString &input : inputs) {
        const auto parsed = td::parseTimestamp(input);
        QVERIFY2(parsed, qPrintable(input));
        instants << *parsed;
        texts << td::formatTimestamp(*parsed);
    }
    std::sort(instants.begin(), instants.end());
    QStringList chronological;
    for (const QDateTime &instant : instants)
        chronological << td::formatTimestamp(instant);
    texts.sort();
    QCOMPARE(texts, chronological);

    static const QRegularExpression shape(uR"(^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z\z)"_s);
    for (const QString &text : texts)
        QVERIFY2(shape.match(text).hasMatch(), qPrintable(text));
}

void TestTimestamps::parseDate_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QDate>("expected"); // invalid: rejected

    QTest::newRow("ordinary") << u"2024-05-01"_s << QDate(2024, 5, 1);
    QTest::newRow("leap day") << u"2024-02-29"_s << QDate(2024, 2, 29);
    QTest::newRow("year 2000 leap day") << u"2000-02-29"_s << QDate(2000, 2, 29);
    QTest::newRow("end of year") << u"2024-12-31"_s << QDate(2024, 12, 31);
    QTest::newRow("year 1") << u"0001-01-01"_s << QDate(1, 1, 1);

    QTest::newRow("february 29 in a common year") << u"2023-02-29"_s << QDate();
    QTest::newRow("1900 is not a leap year") << u"1900-02-29"_s << QDate();
    QTest::newRow("february 30") << u"2024-02-30"_s << QDate();
    QTest::newRow("month 13") << u"2024-13-01"_s << QDate();
    QTest::newRow("month 00") << u"2024-00-10"_s << QDate();
    QTest::newRow("day 00") << u"2024-05-00"_s << QDate();
    QTest::newRow("day 32") << u"2024-05-32"_s << QDate();
    QTest::newRow("year 0000") << u"0000-01-01"_s << QDate();
    QTest::newRow("single digits") << u"2024-5-1"_s << QDate();
    QTest::newRow("slashes") << u"2024/05/01"_s << QDate();
    QTest::newRow("basic format") << u"20240501"_s << QDate();
    QTest::newRow("day first") << u"01-05-2024"_s << QDate();
    QTest::newRow("timestamp") << u"2024-05-01T00:00:00Z"_s << QDate();
    QTest::newRow("leading space") << u" 2024-05-01"_s << QDate();
    QTest::newRow("trailing space") << u"2024-05-01 "_s << QDate();
    QTest::newRow("empty") << QString() << QDate();
    // Bug: QRegularExpression's `$` also matches before a final newline.
    QTest::newRow("trailing newline (bug)") << u"2024-05-01\n"_s << QDate();
}

void TestTimestamps::parseDate()
{
    QFETCH(QString, text);
    QFETCH(QDate, expected);

    const auto parsed = td::parseDate(text);
    if (!expected.isValid()) {
        QVERIFY2(!parsed, qPrintable(u"accepted as "_s + (parsed ? parsed->toString(Qt::ISODate) : QString())));
        return;
    }
    QVERIFY(parsed);
    QCOMPARE(*parsed, expected);
    QCOMPARE(td::formatDate(*parsed), text);
}

void TestTimestamps::formatDate_data()
{
    QTest::addColumn<QDate>("date");
    QTest::addColumn<QString>("expected");

    QTest::newRow("ordinary") << QDate(2024, 5, 1) << u"2024-05-01"_s;
    QTest::newRow("end of year") << QDate(2024, 12, 31) << u"2024-12-31"_s;
    QTest::newRow("padded year") << QDate(999, 1, 2) << u"0999-01-02"_s;
}

void TestTimestamps::formatDate()
{
    QFETCH(QDate, date);
    QFETCH(QString, expected);
    QCOMPARE(td::formatDate(date), expected);
    const auto back = td::parseDate(expected);
    QVERIFY(back);
    QCOMPARE(*back, date);
}

QTEST_GUILESS_MAIN(TestTimestamps)
#include "tst_timestamps.moc"

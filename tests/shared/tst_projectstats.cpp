#include "ProjectStats.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>
#include <QTimeZone>

using namespace Qt::StringLiterals;

class TestProjectStats : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void utcOffset_data();
    void utcOffset();
    void roundTrip();
    void wireFormat();
    void scheduleBasisRoundTrip();
    void fromJsonDefaults();
};

void TestProjectStats::utcOffset_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("seconds"); // -1: refused
    QTest::addColumn<QString>("formatted");

    QTest::newRow("UTC") << u"+00:00"_s << 0 << u"+00:00"_s;
    QTest::newRow("Beijing") << u"+08:00"_s << 8 * 3600 << u"+08:00"_s;
    QTest::newRow("Newfoundland") << u"-03:30"_s << -(3 * 3600 + 1800) << u"-03:30"_s;
    QTest::newRow("Kiribati") << u"+14:00"_s << 14 * 3600 << u"+14:00"_s;
    QTest::newRow("15 hours") << u"+15:00"_s << -1 << QString();
    QTest::newRow("60 minutes") << u"+01:60"_s << -1 << QString();
    QTest::newRow("no sign") << u"08:00"_s << -1 << QString();
    QTest::newRow("space for plus") << u" 08:00"_s << -1 << QString();
    QTest::newRow("no colon") << u"+0800"_s << -1 << QString();
    QTest::newRow("trailing newline") << u"+08:00\n"_s << -1 << QString();
    QTest::newRow("empty") << QString() << -1 << QString();
}

void TestProjectStats::utcOffset()
{
    QFETCH(QString, text);
    QFETCH(int, seconds);
    QFETCH(QString, formatted);
    const auto parsed = td::ProjectStats::parseUtcOffset(text);
    if (seconds == -1) {
        QVERIFY(!parsed);
        return;
    }
    QCOMPARE(parsed, std::optional<int>(seconds));
    QCOMPARE(td::ProjectStats::formatUtcOffset(seconds), formatted);
}

td::ProjectStats sampleStats()
{
    td::ProjectStats stats;
    stats.projectCode = u"ST-1"_s;
    stats.today = QDate(2025, 6, 15);
    stats.utcOffsetSeconds = 8 * 3600;
    stats.enrolled = 3;
    stats.submittedToday = 1;
    stats.days = {{QDate(2025, 6, 14), 2, 2}, {QDate(2025, 6, 15), 3, 1}};
    td::Subject missing;
    missing.subjectId = u"ST-1-0002"_s;
    missing.projectCode = u"ST-1"_s;
    missing.name = u"Li Lei"_s;
    missing.enrolledAt = QDateTime(QDate(2025, 6, 1), QTime(8, 0), QTimeZone::utc());
    stats.missingToday = {missing};
    return stats;
}

void TestProjectStats::roundTrip()
{
    const td::ProjectStats stats = sampleStats();
    const QByteArray wire = QJsonDocument(stats.toJson()).toJson(QJsonDocument::Compact);
    const td::ProjectStats back = td::ProjectStats::fromJson(QJsonDocument::fromJson(wire).object());
    QCOMPARE(back.projectCode, stats.projectCode);
    QCOMPARE(back.today, stats.today);
    QCOMPARE(back.utcOffsetSeconds, stats.utcOffsetSeconds);
    QCOMPARE(back.enrolled, stats.enrolled);
    QCOMPARE(back.submittedToday, stats.submittedToday);
    QCOMPARE(back.days.size(), stats.days.size());
    for (qsizetype i = 0; i < stats.days.size(); ++i) {
        QCOMPARE(back.days.at(i).date, stats.days.at(i).date);
        QCOMPARE(back.days.at(i).expected, stats.days.at(i).expected);
        QCOMPARE(back.days.at(i).submitted, stats.days.at(i).submitted);
    }
    QCOMPARE(back.missingToday.size(), 1);
    QCOMPARE(back.missingToday.constFirst().toJson(), stats.missingToday.constFirst().toJson());
    QCOMPARE(back.toJson(), stats.toJson());
}

// The field names and formats clients already read.
void TestProjectStats::wireFormat()
{
    const QJsonObject json = sampleStats().toJson();
    QCOMPARE(json.keys(), (QStringList{u"basis"_s, u"days"_s, u"enrolled"_s, u"entriesToday"_s, u"missingToday"_s,
                                       u"projectCode"_s, u"submittedToday"_s, u"today"_s, u"utcOffset"_s}));
    QCOMPARE(json.value(u"basis"_s).toString(), u"enrolment"_s);
    QCOMPARE(json.value(u"today"_s).toString(), u"2025-06-15"_s);
    QCOMPARE(json.value(u"utcOffset"_s).toString(), u"+08:00"_s);
    QCOMPARE(json.value(u"days"_s).toArray().first().toObject(), (QJsonObject{{u"date"_s, u"2025-06-14"_s},
                                                                              {u"expected"_s, 2},
                                                                              {u"submitted"_s, 2},
                                                                              {u"late"_s, 0},
                                                                              {u"missed"_s, 0},
                                                                              {u"open"_s, 0}}));
}

// The schedule basis (issue #15): the day's states and today's entries survive the trip.
void TestProjectStats::scheduleBasisRoundTrip()
{
    td::ProjectStats stats = sampleStats();
    stats.basis = td::ProjectStats::Basis::Schedule;
    stats.days = {{QDate(2025, 6, 14), 3, 2, 1, 1, 0}, {QDate(2025, 6, 15), 2, 0, 0, 1, 1}};
    const QDateTime opens(QDate(2025, 6, 15), QTime(0, 0), QTimeZone::utc());
    stats.entriesToday = {
        {stats.missingToday.constFirst(), u"diary"_s, 14, opens, opens.addSecs(7200), td::EntryState::Open}};
    const QJsonObject json = stats.toJson();
    QCOMPARE(json.value(u"basis"_s).toString(), u"schedule"_s);
    const QJsonObject entry = json.value(u"entriesToday"_s).toArray().first().toObject();
    QCOMPARE(entry.value(u"state"_s).toString(), u"open"_s);
    QCOMPARE(entry.value(u"closesAt"_s).toString(), u"2025-06-15T02:00:00.000Z"_s);
    const td::ProjectStats back = td::ProjectStats::fromJson(json);
    QCOMPARE(back.basis, td::ProjectStats::Basis::Schedule);
    QCOMPARE(back.days.at(0).late, 1);
    QCOMPARE(back.days.at(1).open, 1);
    QCOMPARE(back.entriesToday.size(), 1);
    QCOMPARE(back.entriesToday.at(0).state, td::EntryState::Open);
    QCOMPARE(back.entriesToday.at(0).closesAt, opens.addSecs(7200));
    QCOMPARE(back.entriesToday.at(0).subject.subjectId, u"ST-1-0002"_s);
    QCOMPARE(back.toJson(), json);
}

void TestProjectStats::fromJsonDefaults()
{
    const td::ProjectStats stats = td::ProjectStats::fromJson({});
    QVERIFY(stats.projectCode.isEmpty());
    QVERIFY(!stats.today.isValid());
    QCOMPARE(stats.utcOffsetSeconds, 0);
    QCOMPARE(stats.enrolled, 0);
    QVERIFY(stats.days.isEmpty());
    QVERIFY(stats.missingToday.isEmpty());
}

QTEST_GUILESS_MAIN(TestProjectStats)
#include "tst_projectstats.moc"

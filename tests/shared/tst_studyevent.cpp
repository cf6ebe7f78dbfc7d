#include "StudyEvent.h"

#include <QJsonDocument>
#include <QTest>

using namespace Qt::StringLiterals;
using td::StudyEvent;

class TestStudyEvent : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void fromJson_data();
    void fromJson();
    void roundTrip();
};

void TestStudyEvent::fromJson_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<bool>("valid");
    const auto row = [](const char *name, const QByteArray &json, bool valid) { QTest::newRow(name) << json << valid; };
    row("complete",
        R"({"seq":42,"type":"submission.stored","project":"NCT007","site":"SITE-01","entityId":"17","at":"2026-12-03T08:00:01.123Z"})",
        true);
    row("site null",
        R"({"seq":1,"type":"subject.enrolled","project":"NCT007","site":null,"entityId":"SUB1","at":"2026-12-03T08:00:01.123Z"})",
        true);
    row("site absent",
        R"({"seq":1,"type":"vitals.stored","project":"P","entityId":"S","at":"2026-12-03T08:00:01.123Z"})", true);
    row("unknown keys ignored",
        R"({"seq":1,"type":"schedule.changed","project":"P","entityId":"k","at":"2026-12-03T08:00:01.123Z","x":1})",
        true);
    row("seq zero", R"({"seq":0,"type":"vitals.stored","project":"P","entityId":"S","at":"2026-12-03T08:00:01.123Z"})",
        false);
    row("seq fractional",
        R"({"seq":1.5,"type":"vitals.stored","project":"P","entityId":"S","at":"2026-12-03T08:00:01.123Z"})", false);
    row("seq a string",
        R"({"seq":"1","type":"vitals.stored","project":"P","entityId":"S","at":"2026-12-03T08:00:01.123Z"})", false);
    row("seq beyond 2^53",
        R"({"seq":1e17,"type":"vitals.stored","project":"P","entityId":"S","at":"2026-12-03T08:00:01.123Z"})", false);
    row("unknown type",
        R"({"seq":1,"type":"vitals.deleted","project":"P","entityId":"S","at":"2026-12-03T08:00:01.123Z"})", false);
    row("project missing", R"({"seq":1,"type":"vitals.stored","entityId":"S","at":"2026-12-03T08:00:01.123Z"})", false);
    row("project empty",
        R"({"seq":1,"type":"vitals.stored","project":"","entityId":"S","at":"2026-12-03T08:00:01.123Z"})", false);
    row("project too long",
        R"({"seq":1,"type":"vitals.stored","project":")" + QByteArray(65, 'P')
            + R"(","entityId":"S","at":"2026-12-03T08:00:01.123Z"})",
        false);
    row("entity a number",
        R"({"seq":1,"type":"vitals.stored","project":"P","entityId":5,"at":"2026-12-03T08:00:01.123Z"})", false);
    row("entity with a control character",
        R"({"seq":1,"type":"vitals.stored","project":"P","entityId":"a\u0001","at":"2026-12-03T08:00:01.123Z"})",
        false);
    row("site a number",
        R"({"seq":1,"type":"vitals.stored","project":"P","site":3,"entityId":"S","at":"2026-12-03T08:00:01.123Z"})",
        false);
    row("bad time", R"({"seq":1,"type":"vitals.stored","project":"P","entityId":"S","at":"yesterday"})", false);
    row("time missing", R"({"seq":1,"type":"vitals.stored","project":"P","entityId":"S"})", false);
}

void TestStudyEvent::fromJson()
{
    QFETCH(QByteArray, json);
    QFETCH(bool, valid);
    const std::optional<StudyEvent> event = StudyEvent::fromJson(QJsonDocument::fromJson(json).object());
    QCOMPARE(event.has_value(), valid);
}

void TestStudyEvent::roundTrip()
{
    for (const QString &type : StudyEvent::types()) {
        StudyEvent event;
        event.seq = 9007199254740991; // 2^53 - 1: the largest a JSON number holds exactly
        event.type = type;
        event.projectCode = u"NCT007"_s;
        event.site = type == StudyEvent::DefinitionPublished ? QString() : u"SITE-01"_s;
        event.entityId = u"42"_s;
        event.occurredAt = QDateTime(QDate(2026, 12, 3), QTime(8, 0, 1, 123), Qt::UTC);
        const std::optional<StudyEvent> back = StudyEvent::fromJson(event.toJson());
        QVERIFY2(back, qPrintable(type));
        QCOMPARE(back->seq, event.seq);
        QCOMPARE(back->type, event.type);
        QCOMPARE(back->projectCode, event.projectCode);
        QCOMPARE(back->site, event.site);
        QCOMPARE(back->entityId, event.entityId);
        QCOMPARE(back->occurredAt, event.occurredAt);
    }
    QCOMPARE(StudyEvent::types().size(), 9);
}

QTEST_GUILESS_MAIN(TestStudyEvent)
#include "tst_studyevent.moc"

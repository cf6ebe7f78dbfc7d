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
    const QByteArray reminder =
        R"({"seq":1,"type":"reminder.due","project":"P","entityId":"7","at":"2026-12-03T08:00:01.123Z")";
    row("data", reminder + R"(,"data":{"subjectId":"S1","entryDay":3,"kind":"open","x":true}})", true);
    row("data null", reminder + R"(,"data":null})", true);
    row("data not an object", reminder + R"(,"data":"S1"})", false);
    row("data nested", reminder + R"(,"data":{"subject":{"id":"S1"}}})", false);
    row("data with an array", reminder + R"(,"data":{"days":[1,2]}})", false);
    row("data text too long", reminder + R"(,"data":{"subjectId":")" + QByteArray(129, 's') + R"("}})", false);
    QByteArray many = reminder + R"(,"data":{)";
    for (int i = 0; i < 17; ++i)
        many += (i ? "," : "") + QByteArray("\"k") + QByteArray::number(i) + "\":1";
    row("data with 17 members", many + "}}", false);
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
        if (type == StudyEvent::ReminderDue)
            event.data = {{u"subjectId"_s, u"S1"_s}, {u"entryDay"_s, 3}};
        QCOMPARE(event.toJson().contains(u"data"_s), !event.data.isEmpty());
        const std::optional<StudyEvent> back = StudyEvent::fromJson(event.toJson());
        QVERIFY2(back, qPrintable(type));
        QCOMPARE(back->seq, event.seq);
        QCOMPARE(back->type, event.type);
        QCOMPARE(back->projectCode, event.projectCode);
        QCOMPARE(back->site, event.site);
        QCOMPARE(back->entityId, event.entityId);
        QCOMPARE(back->occurredAt, event.occurredAt);
        QCOMPARE(back->data, event.data);
        const std::optional<StudyEvent> streamed = StudyEvent::fromStreamJson(event.toStreamJson());
        QVERIFY2(streamed, qPrintable(type));
        QCOMPARE(streamed->data, event.data);
    }
    QCOMPARE(StudyEvent::types().size(), 12);
}

QTEST_GUILESS_MAIN(TestStudyEvent)
#include "tst_studyevent.moc"

#include "SubjectPatch.h"
#include "TestSupport.h"

#include <QTest>

using namespace Qt::StringLiterals;

// PATCH /api/v1/subjects/{id}: the subject's time zone and anchor date only.
class TestSubjectPatch : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void fromJson_data();
    void fromJson();
    void nullClears();
    void betweenAndApply();
};

void TestSubjectPatch::fromJson_data()
{
    tdtest::addColumns();
    using tdtest::row;
    row("zone", R"({"timeZone":"Europe/London"})"_ba);
    row("zone null", R"({"timeZone":null})"_ba);
    row("date", R"({"anchorDate":"2026-05-04"})"_ba);
    row("date null", R"({"anchorDate":null})"_ba);
    row("both", R"({"timeZone":"Asia/Tokyo","anchorDate":"2026-05-04"})"_ba);
    row("empty", "{}"_ba, u"missing_field"_s, u"timeZone"_s);
    row("zone unknown", R"({"timeZone":"Asia/Beijing"})"_ba, u"invalid_value"_s, u"timeZone"_s);
    row("zone empty", R"({"timeZone":""})"_ba, u"invalid_value"_s, u"timeZone"_s);
    row("zone 65 characters", R"({"timeZone":")" + QByteArray(65, 'z') + R"("})", u"too_long"_s, u"timeZone"_s);
    row("zone array", R"({"timeZone":["Asia/Tokyo"]})"_ba, u"invalid_type"_s, u"timeZone"_s);
    row("date impossible", R"({"anchorDate":"2026-04-31"})"_ba, u"invalid_type"_s, u"anchorDate"_s);
    row("date 2200", R"({"anchorDate":"2200-01-01"})"_ba, u"implausible_value"_s, u"anchorDate"_s);
    row("unknown field", R"({"name":"x"})"_ba, u"unknown_field"_s, u"name"_s);
    row("read-only field", R"({"effectiveTimeZone":"Asia/Tokyo"})"_ba, u"unknown_field"_s, u"effectiveTimeZone"_s);
}

void TestSubjectPatch::fromJson()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, code);
    QFETCH(QString, field);
    td::ApiError error;
    std::optional<td::SubjectPatch> patch;
    if (const auto json = tdtest::parse(body, &error))
        patch = td::SubjectPatch::fromJson(*json, &error);
    TD_VERIFY_OUTCOME(patch.has_value(), error, code, field);
    if (patch) // what it read is what it writes
        QCOMPARE(patch->toJson(), *tdtest::parse(body, &error));
}

void TestSubjectPatch::nullClears()
{
    td::Subject subject;
    subject.timeZone = u"Asia/Tokyo"_s;
    subject.anchorDate = QDate(2026, 5, 4);
    td::ApiError error;
    const auto patch = td::SubjectPatch::fromJson(*tdtest::parse(R"({"timeZone":null})"_ba, &error), &error);
    QVERIFY(patch);
    QVERIFY(patch->changes(subject));
    patch->applyTo(subject);
    QVERIFY(!subject.timeZone);
    QCOMPARE(subject.anchorDate, std::optional<QDate>(QDate(2026, 5, 4))); // absent: untouched
    QVERIFY(!patch->changes(subject));
}

void TestSubjectPatch::betweenAndApply()
{
    td::Subject original;
    original.subjectId = u"S-1"_s;
    original.name = u"Wang"_s;
    td::Subject edited = original;
    QVERIFY(td::SubjectPatch::between(original, edited).isEmpty());
    edited.name = u"Other"_s; // not a schedule setting: not in the patch
    QVERIFY(td::SubjectPatch::between(original, edited).isEmpty());
    edited.timeZone = u"Europe/Berlin"_s;
    edited.anchorDate = QDate(2026, 1, 2);
    const td::SubjectPatch patch = td::SubjectPatch::between(original, edited);
    QCOMPARE(patch.toJson(), (QJsonObject{{u"timeZone"_s, u"Europe/Berlin"_s}, {u"anchorDate"_s, u"2026-01-02"_s}}));
    td::Subject applied = original;
    patch.applyTo(applied);
    QCOMPARE(applied.timeZone, edited.timeZone);
    QCOMPARE(applied.anchorDate, edited.anchorDate);
    QCOMPARE(applied.name, original.name);
    // And back: both cleared, sent as null.
    QCOMPARE(td::SubjectPatch::between(edited, original).toJson(),
             (QJsonObject{{u"timeZone"_s, QJsonValue()}, {u"anchorDate"_s, QJsonValue()}}));
}

QTEST_GUILESS_MAIN(TestSubjectPatch)
#include "tst_subjectpatch.moc"

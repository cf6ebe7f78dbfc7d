#include "ProjectPatch.h"
#include "TestSupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace Qt::StringLiterals;
using tdtest::row;

namespace {

QJsonObject object(const QByteArray &json)
{
    return QJsonDocument::fromJson(json).object();
}

// A stored study, as the server would hold it, for applyTo() and between().
td::Project storedStudy()
{
    td::ApiError error;
    auto project = td::Project::fromCreateRequest(
        object(R"({"code":"PP-1","title":"Stored","phase":"III","status":"active","sponsor":"Acme",)"
               R"("startDate":"2025-01-01","endDate":"2025-12-31","targetEnrollment":40,"sites":["A","B"]})"),
        &error);
    return project.value_or(td::Project());
}

} // namespace

class TestProjectPatch : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void fromJson_data();
    void fromJson();
    void absentNullAndValue_data();
    void absentNullAndValue();
    void roundTrip_data();
    void roundTrip();
    void applyTo_data();
    void applyTo();
    void betweenSendsOnlyChanges();
    void betweenClearsWithNull();
};

void TestProjectPatch::fromJson_data()
{
    tdtest::addColumns();
    row("empty patch", "{}");
    row("every field", R"({"code":"X","title":"T","phase":"I","status":"planning","sponsor":"S",)"
                       R"("principalInvestigator":"P","startDate":"2025-01-01","endDate":"2025-02-01",)"
                       R"("targetEnrollment":5,"sites":["A"]})");
    row("optional fields null", R"({"sponsor":null,"principalInvestigator":null,"startDate":null,)"
                                R"("endDate":null,"targetEnrollment":null,"sites":null})");
    // Needs the stored study to judge, so applyTo() does.
    row("end before start", R"({"startDate":"2025-02-01","endDate":"2025-01-01"})");
    row("code a number", R"({"code":42})", u"read_only_field"_s, u"code"_s);
    row("code null", R"({"code":null})", u"read_only_field"_s, u"code"_s);
    row("title null", R"({"title":null})", u"missing_field"_s, u"title"_s);
    row("title empty", R"({"title":" "})", u"invalid_value"_s, u"title"_s);
    row("title too long", R"({"title":")" + QByteArray(201, 'x') + R"("})", u"too_long"_s, u"title"_s);
    row("phase null", R"({"phase":null})", u"invalid_type"_s, u"phase"_s);
    row("phase unknown", R"({"phase":"V"})", u"invalid_value"_s, u"phase"_s);
    row("status null", R"({"status":null})", u"invalid_type"_s, u"status"_s);
    row("status unknown", R"({"status":"closed"})", u"invalid_value"_s, u"status"_s);
    row("sponsor a number", R"({"sponsor":1})", u"invalid_type"_s, u"sponsor"_s);
    row("principalInvestigator too long", R"({"principalInvestigator":")" + QByteArray(201, 'x') + R"("})",
        u"too_long"_s, u"principalInvestigator"_s);
    row("startDate malformed", R"({"startDate":"2025-1-1"})", u"invalid_type"_s, u"startDate"_s);
    row("endDate impossible", R"({"endDate":"2025-02-30"})", u"invalid_type"_s, u"endDate"_s);
    row("targetEnrollment negative", R"({"targetEnrollment":-1})", u"invalid_value"_s, u"targetEnrollment"_s);
    row("targetEnrollment a text", R"({"targetEnrollment":"5"})", u"invalid_type"_s, u"targetEnrollment"_s);
    row("sites an object", R"({"sites":{}})", u"invalid_type"_s, u"sites"_s);
    row("sites with an empty item", R"({"sites":[""]})", u"invalid_value"_s, u"sites"_s);
    row("read-only enrolledCount", R"({"enrolledCount":1})", u"unknown_field"_s, u"enrolledCount"_s);
    row("unknown field first", R"({"phase":"V","colour":"red"})", u"unknown_field"_s, u"colour"_s);
}

void TestProjectPatch::fromJson()
{
    tdtest::verifyDecoding(&td::ProjectPatch::fromJson);
}

void TestProjectPatch::absentNullAndValue_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<bool>("present");
    QTest::addColumn<bool>("cleared");

    for (const char *key : {"startDate", "endDate", "targetEnrollment"}) {
        const QByteArray k(key);
        const QByteArray value = k == "targetEnrollment" ? "7" : "\"2025-03-01\"";
        QTest::addRow("%s absent", key) << "{}"_ba << false << false;
        QTest::addRow("%s null", key) << "{\"" + k + "\":null}" << true << true;
        QTest::addRow("%s set", key) << "{\"" + k + "\":" + value + '}' << true << false;
    }
}

// Absent leaves the field alone, null clears it: the two must stay apart.
void TestProjectPatch::absentNullAndValue()
{
    QFETCH(QByteArray, body);
    QFETCH(bool, present);
    QFETCH(bool, cleared);
    const QString key = QString::fromUtf8(QTest::currentDataTag()).section(u' ', 0, 0);

    td::ApiError error;
    const auto patch = td::ProjectPatch::fromJson(object(body), &error);
    QVERIFY2(patch, qPrintable(error.message));
    const bool hasValue = key == u"startDate"_s ? patch->startDate && patch->startDate->has_value()
                          : key == u"endDate"_s ? patch->endDate && patch->endDate->has_value()
                                                : patch->targetEnrollment && patch->targetEnrollment->has_value();
    const bool isPresent = key == u"startDate"_s ? patch->startDate.has_value()
                           : key == u"endDate"_s ? patch->endDate.has_value()
                                                 : patch->targetEnrollment.has_value();
    QCOMPARE(isPresent, present);
    QCOMPARE(present && !hasValue, cleared);

    // And back: the encoder keeps the distinction.
    const QJsonObject encoded = patch->toJson();
    QCOMPARE(encoded.contains(key), present);
    QCOMPARE(encoded.value(key).isNull(), cleared);
    QCOMPARE(patch->isEmpty(), !present);

    // Applied: absent keeps the stored value, null clears it.
    const td::Project stored = storedStudy();
    const auto applied = patch->applyTo(stored, &error);
    QVERIFY2(applied, qPrintable(error.message));
    const QJsonValue before = stored.toJson().value(key);
    const QJsonValue after = applied->toJson().value(key);
    if (!present)
        QCOMPARE(after, before);
    else if (cleared)
        QVERIFY(after.isNull());
    else
        QCOMPARE(after, encoded.value(key));
}

void TestProjectPatch::roundTrip_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::newRow("nothing") << "{}"_ba;
    QTest::newRow("texts") << R"({"title":"T","phase":"IV","status":"completed","sponsor":"S",)"
                              R"("principalInvestigator":"Dr. \u738b"})"_ba;
    QTest::newRow("texts cleared") << R"({"sponsor":null,"principalInvestigator":null})"_ba;
    QTest::newRow("dates and target") << R"({"startDate":"2024-02-29","endDate":null,"targetEnrollment":0})"_ba;
    QTest::newRow("sites") << R"({"sites":["A","\u4e2d\u5fc3"]})"_ba;
    QTest::newRow("sites emptied") << R"({"sites":[]})"_ba;
    QTest::newRow("own code") << R"({"code":"PP-1"})"_ba;
}

void TestProjectPatch::roundTrip()
{
    QFETCH(QByteArray, body);
    td::ApiError error;
    const auto patch = td::ProjectPatch::fromJson(object(body), &error);
    QVERIFY2(patch, qPrintable(error.message));
    QCOMPARE(patch->toJson(), object(body));
    const auto again = td::ProjectPatch::fromJson(patch->toJson(), &error);
    QVERIFY2(again, qPrintable(error.message));
    QCOMPARE(again->toJson(), patch->toJson());
}

void TestProjectPatch::applyTo_data()
{
    tdtest::addColumns();
    row("own code", R"({"code":"PP-1","title":"New"})");
    row("other code", R"({"code":"PP-2"})", u"read_only_field"_s, u"code"_s);
    row("code differing in case", R"({"code":"pp-1"})", u"read_only_field"_s, u"code"_s);
    row("endDate before the stored startDate", R"({"endDate":"2024-12-31"})", u"invalid_value"_s, u"endDate"_s);
    row("startDate after the stored endDate", R"({"startDate":"2026-01-01"})", u"invalid_value"_s, u"endDate"_s);
    row("both dates, end before start", R"({"startDate":"2025-05-02","endDate":"2025-05-01"})", u"invalid_value"_s,
        u"endDate"_s);
    row("startDate cleared, endDate earlier", R"({"startDate":null,"endDate":"2020-01-01"})");
}

void TestProjectPatch::applyTo()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, code);
    QFETCH(QString, field);
    td::ApiError error;
    const auto patch = td::ProjectPatch::fromJson(object(body), &error);
    QVERIFY2(patch, qPrintable(error.message));
    const td::Project stored = storedStudy();
    const auto applied = patch->applyTo(stored, &error);
    TD_VERIFY_OUTCOME(applied.has_value(), error, code, field);
    if (applied)
        QCOMPARE(applied->code, stored.code);
}

void TestProjectPatch::betweenSendsOnlyChanges()
{
    const td::Project original = storedStudy();
    QVERIFY(td::ProjectPatch::between(original, original).isEmpty());
    QCOMPARE(td::ProjectPatch::between(original, original).toJson(), QJsonObject());

    td::Project edited = original;
    edited.title = u"Renamed"_s;
    edited.sites << u"C"_s;
    edited.code = u"IGNORED"_s; // codes never change, so never compared
    QCOMPARE(td::ProjectPatch::between(original, edited).toJson(),
             object(R"({"title":"Renamed","sites":["A","B","C"]})"));
}

void TestProjectPatch::betweenClearsWithNull()
{
    const td::Project original = storedStudy();
    td::Project edited = original;
    edited.sponsor.clear();
    edited.startDate.reset();
    edited.targetEnrollment.reset();
    const td::ProjectPatch patch = td::ProjectPatch::between(original, edited);
    QCOMPARE(patch.toJson(), object(R"({"sponsor":null,"startDate":null,"targetEnrollment":null})"));
    td::ApiError error;
    const auto applied = patch.applyTo(original, &error);
    QVERIFY2(applied, qPrintable(error.message));
    QCOMPARE(applied->toJson(), edited.toJson());
}

QTEST_GUILESS_MAIN(TestProjectPatch)
#include "tst_projectpatch.moc"

// Vital sign measurements over HTTP against a real trialdesk-server: the
// plausibility bounds of every type (just inside and just outside each limit),
// unit handling and glucose conversion, refusals that store nothing, and the
// time-ordered listing with its filters and keyset pagination.

#include "IntakeTestKit.h"
#include "PageCursor.h"

#include <QJsonArray>
#include <QTest>
#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;
using namespace td::test;
using namespace td::test::intake;

namespace {

const QString kStudy = u"VT-MAIN"_s;
const QString kTable = u"VT-TABLE"_s; // target of the validation table
const QString kListed = u"VT-LIST"_s; // the listing data set
const QString kMany = u"VT-MANY"_s;   // more than one default page

struct Posted {
    qint64 id = 0;
    QString type;
    QDateTime measuredAt;
};

QString percent(const QString &value)
{
    return QString::fromLatin1(QUrl::toPercentEncoding(value));
}

// Empty when every key of `expected` is in `actual` with the same value (numbers
// compared to 1e-9).
QString subsetMismatch(const QJsonObject &expected, const QJsonObject &actual)
{
    for (auto it = expected.begin(); it != expected.end(); ++it) {
        const QJsonValue got = actual.value(it.key());
        const bool same = it.value().isDouble()
                              ? got.isDouble() && std::abs(got.toDouble() - it.value().toDouble()) < 1e-9
                              : got == it.value();
        if (!same)
            return u"%1: got %2, expected %3"_s.arg(
                it.key(), QString::fromUtf8(QJsonDocument(QJsonArray{got}).toJson(QJsonDocument::Compact)),
                QString::fromUtf8(QJsonDocument(QJsonArray{it.value()}).toJson(QJsonDocument::Compact)));
    }
    return {};
}

} // namespace

class TestVitalsApi : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void validatesEachType_data();
    void validatesEachType();
    void storesWhatWasSent();
    void rejectsUnknownSubject();
    void rejectsInactiveStudy();
    void listsInMeasuredAtOrder_data();
    void listsInMeasuredAtOrder();
    void defaultPageHoldsAThousand();
    void rejectsBadListParameters_data();
    void rejectsBadListParameters();
    void unknownSubjectOrVital();

private:
    qint64 storedVitals(const QString &subjectId = {}) const
    {
        return DatabasePeek(m_server.databaseFile()).count(u"vital_signs"_s, subjectId);
    }

    TestServer m_server{burstServerArguments()};
    HttpClient m_http;
    QList<Posted> m_listed;
    QDateTime m_base;
};

void TestVitalsApi::initTestCase()
{
    QVERIFY2(m_server.start(), m_server.log().constData());
    QCOMPARE(createStudy(m_http, m_server, kStudy).status, 201);
    for (const QString &id : {kTable, kListed, kMany})
        QCOMPARE(enrol(m_http, m_server, kStudy, id).status, 201);

    // Measurements posted out of time order, several sharing a measuredAt (a
    // cuff and a pulse reading taken together), so the listing has to sort and
    // its cursor has to break ties.
    m_base = QDateTime(QDateTime::currentDateTimeUtc().date().addDays(-5), QTime(8, 0), Qt::UTC);
    const QList<QPair<int, QJsonObject>> readings = {
        {40, {{u"type"_s, u"heart_rate"_s}, {u"value"_s, 71}}},
        {0, {{u"type"_s, u"blood_pressure"_s}, {u"systolic"_s, 142}, {u"diastolic"_s, 91}}},
        {20, {{u"type"_s, u"glucose"_s}, {u"value"_s, 7.2}, {u"unit"_s, u"mmol/L"_s}}},
        {10, {{u"type"_s, u"heart_rate"_s}, {u"value"_s, 80}}},
        {30, {{u"type"_s, u"blood_pressure"_s}, {u"systolic"_s, 138}, {u"diastolic"_s, 88}}},
        {10, {{u"type"_s, u"blood_pressure"_s}, {u"systolic"_s, 140}, {u"diastolic"_s, 90}}},
        {50, {{u"type"_s, u"weight"_s}, {u"value"_s, 72.4}}},
        {20, {{u"type"_s, u"heart_rate"_s}, {u"value"_s, 77}}},
        {60, {{u"type"_s, u"spo2"_s}, {u"value"_s, 97}}},
        {5, {{u"type"_s, u"temperature"_s}, {u"value"_s, 36.8}}},
        {45, {{u"type"_s, u"heart_rate"_s}, {u"value"_s, 69}}},
        {15, {{u"type"_s, u"blood_pressure"_s}, {u"systolic"_s, 135}, {u"diastolic"_s, 85}}},
        {35, {{u"type"_s, u"glucose"_s}, {u"value"_s, 126}, {u"unit"_s, u"mg/dL"_s}}},
        {25, {{u"type"_s, u"heart_rate"_s}, {u"value"_s, 75}}},
        {55, {{u"type"_s, u"blood_pressure"_s}, {u"systolic"_s, 131}, {u"diastolic"_s, 84}}},
        {10, {{u"type"_s, u"glucose"_s}, {u"value"_s, 6.1}, {u"unit"_s, u"mmol/L"_s}}},
        {70, {{u"type"_s, u"heart_rate"_s}, {u"value"_s, 66}}},
        {65, {{u"type"_s, u"blood_pressure"_s}, {u"systolic"_s, 129}, {u"diastolic"_s, 83}}},
    };
    for (const auto &[minute, reading] : readings) {
        QJsonObject body = reading;
        Posted p;
        p.type = reading.value(u"type"_s).toString();
        p.measuredAt = m_base.addSecs(60 * minute);
        body.insert(u"measuredAt"_s, rfc3339(p.measuredAt));
        const HttpReply reply = m_http.post(vitalsUrl(m_server, kListed), jsonBytes(body));
        QVERIFY2(reply.status == 201, reply.body.constData());
        p.id = reply.json().value(u"id"_s).toInteger();
        QVERIFY(p.id > 0);
        m_listed << p;
    }
}

void TestVitalsApi::cleanupTestCase()
{
    QVERIFY(m_server.stop());
}

void TestVitalsApi::validatesEachType_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("code");         // for refusals
    QTest::addColumn<QString>("field");        // for refusals
    QTest::addColumn<QJsonObject>("expected"); // for 201: fields the stored record must have

    auto accepted = [](const char *name, const QJsonObject &body, const QJsonObject &expected) {
        QTest::newRow(name) << jsonBytes(body) << 201 << QString() << QString() << expected;
    };
    auto refused = [](const char *name, const QJsonObject &body, const QString &code, const QString &field) {
        QTest::newRow(name) << jsonBytes(body) << 400 << code << field << QJsonObject();
    };
    auto bp = [](double systolic, double diastolic) {
        return QJsonObject{{u"type"_s, u"blood_pressure"_s}, {u"systolic"_s, systolic}, {u"diastolic"_s, diastolic}};
    };
    auto bpStored = [](double systolic, double diastolic) {
        return QJsonObject{{u"type"_s, u"blood_pressure"_s},
                           {u"systolic"_s, systolic},
                           {u"diastolic"_s, diastolic},
                           {u"unit"_s, u"mmHg"_s}};
    };
    auto one = [](const QString &type, double value, const QString &unit = {}) {
        QJsonObject o{{u"type"_s, type}, {u"value"_s, value}};
        if (!unit.isEmpty())
            o.insert(u"unit"_s, unit);
        return o;
    };
    auto oneStored = [](const QString &type, double value, const QString &unit) {
        return QJsonObject{{u"type"_s, type}, {u"value"_s, value}, {u"unit"_s, unit}};
    };
    const QString implausible = u"implausible_value"_s;

    // Blood pressure: 40 <= diastolic < systolic <= 300 mmHg.
    accepted("bp typical", bp(120, 80), bpStored(120, 80));
    accepted("bp systolic at 300", bp(300, 80), bpStored(300, 80));
    refused("bp systolic 301", bp(301, 80), implausible, u"systolic"_s);
    accepted("bp diastolic at 40", bp(90, 40), bpStored(90, 40));
    refused("bp diastolic 39", bp(90, 39), implausible, u"diastolic"_s);
    accepted("bp lowest pair 41/40", bp(41, 40), bpStored(41, 40));
    accepted("bp highest pair 300/299", bp(300, 299), bpStored(300, 299));
    accepted("bp diastolic just below systolic", bp(120.5, 120), bpStored(120.5, 120));
    refused("bp diastolic equals systolic", bp(120, 120), implausible, u"diastolic"_s);
    refused("bp diastolic above systolic", bp(80, 120), implausible, u"diastolic"_s);
    refused("bp both at 40", bp(40, 40), implausible, u"diastolic"_s);
    refused("bp systolic 0", bp(0, 0), implausible, u"systolic"_s);
    refused("bp missing diastolic", {{u"type"_s, u"blood_pressure"_s}, {u"systolic"_s, 120}}, u"missing_field"_s,
            u"diastolic"_s);
    refused("bp missing systolic", {{u"type"_s, u"blood_pressure"_s}, {u"diastolic"_s, 80}}, u"missing_field"_s,
            u"systolic"_s);
    refused("bp systolic a string", {{u"type"_s, u"blood_pressure"_s}, {u"systolic"_s, u"120"_s}, {u"diastolic"_s, 80}},
            u"invalid_type"_s, u"systolic"_s);
    QJsonObject bpUnit = bp(118, 76);
    bpUnit.insert(u"unit"_s, u"mmHg"_s);
    accepted("bp with its unit", bpUnit, bpStored(118, 76));
    bpUnit.insert(u"unit"_s, u"kPa"_s);
    refused("bp in kPa", bpUnit, u"invalid_value"_s, u"unit"_s);
    refused("bp as a single value", {{u"type"_s, u"blood_pressure"_s}, {u"value"_s, 120}}, u"unknown_field"_s,
            u"value"_s);

    // Glucose: 0.5-50 mmol/L; mg/dL converted (18.016 mg/dL per mmol/L), stored
    // in mmol/L rounded to 2 decimals, what was entered kept.
    const QString mmol = u"mmol/L"_s;
    const QString mgdl = u"mg/dL"_s;
    accepted("glucose 0.5 mmol/L", one(u"glucose"_s, 0.5, mmol), oneStored(u"glucose"_s, 0.5, mmol));
    refused("glucose 0.49 mmol/L", one(u"glucose"_s, 0.49, mmol), implausible, u"value"_s);
    accepted("glucose 50 mmol/L", one(u"glucose"_s, 50, mmol), oneStored(u"glucose"_s, 50, mmol));
    refused("glucose 50.01 mmol/L", one(u"glucose"_s, 50.01, mmol), implausible, u"value"_s);
    accepted("glucose 5.6 mmol/L", one(u"glucose"_s, 5.6, mmol), oneStored(u"glucose"_s, 5.6, mmol));
    accepted("glucose 6.127 mmol/L stored rounded", one(u"glucose"_s, 6.127, mmol),
             oneStored(u"glucose"_s, 6.13, mmol));
    QJsonObject converted = oneStored(u"glucose"_s, 5.99, mmol);
    converted.insert(u"enteredValue"_s, 108);
    converted.insert(u"enteredUnit"_s, mgdl);
    accepted("glucose 108 mg/dL", one(u"glucose"_s, 108, mgdl), converted);
    converted = oneStored(u"glucose"_s, 5, mmol);
    converted.insert(u"enteredValue"_s, 90);
    converted.insert(u"enteredUnit"_s, mgdl);
    accepted("glucose 90 mg/dL", one(u"glucose"_s, 90, mgdl), converted);
    converted = oneStored(u"glucose"_s, 49.96, mmol);
    converted.insert(u"enteredValue"_s, 900);
    converted.insert(u"enteredUnit"_s, mgdl);
    accepted("glucose 900 mg/dL (49.96 mmol/L)", one(u"glucose"_s, 900, mgdl), converted);
    refused("glucose 901 mg/dL (50.01 mmol/L)", one(u"glucose"_s, 901, mgdl), implausible, u"value"_s);
    converted = oneStored(u"glucose"_s, 0.56, mmol);
    converted.insert(u"enteredValue"_s, 10);
    converted.insert(u"enteredUnit"_s, mgdl);
    accepted("glucose 10 mg/dL (0.56 mmol/L)", one(u"glucose"_s, 10, mgdl), converted);
    refused("glucose 8 mg/dL (0.44 mmol/L)", one(u"glucose"_s, 8, mgdl), implausible, u"value"_s);
    refused("glucose in mg", one(u"glucose"_s, 100, u"mg"_s), u"invalid_value"_s, u"unit"_s);
    refused("glucose in mmHg", one(u"glucose"_s, 5, u"mmHg"_s), u"invalid_value"_s, u"unit"_s);
    refused("glucose unit in the wrong case", one(u"glucose"_s, 5, u"MMOL/L"_s), u"invalid_value"_s, u"unit"_s);

    // Heart rate 20-300 bpm.
    accepted("heart rate 20", one(u"heart_rate"_s, 20), oneStored(u"heart_rate"_s, 20, u"bpm"_s));
    refused("heart rate 19.9", one(u"heart_rate"_s, 19.9), implausible, u"value"_s);
    accepted("heart rate 300", one(u"heart_rate"_s, 300), oneStored(u"heart_rate"_s, 300, u"bpm"_s));
    refused("heart rate 300.1", one(u"heart_rate"_s, 300.1), implausible, u"value"_s);
    refused("heart rate 0", one(u"heart_rate"_s, 0), implausible, u"value"_s);
    refused("heart rate negative", one(u"heart_rate"_s, -72), implausible, u"value"_s);
    accepted("heart rate with its unit", one(u"heart_rate"_s, 72, u"bpm"_s), oneStored(u"heart_rate"_s, 72, u"bpm"_s));
    refused("heart rate in Hz", one(u"heart_rate"_s, 1.2, u"Hz"_s), u"invalid_value"_s, u"unit"_s);

    // Weight 1-500 kg.
    accepted("weight 1", one(u"weight"_s, 1), oneStored(u"weight"_s, 1, u"kg"_s));
    refused("weight 0.9", one(u"weight"_s, 0.9), implausible, u"value"_s);
    accepted("weight 500", one(u"weight"_s, 500), oneStored(u"weight"_s, 500, u"kg"_s));
    refused("weight 500.1", one(u"weight"_s, 500.1), implausible, u"value"_s);
    accepted("weight 68.35", one(u"weight"_s, 68.35, u"kg"_s), oneStored(u"weight"_s, 68.35, u"kg"_s));
    refused("weight in lb", one(u"weight"_s, 150, u"lb"_s), u"invalid_value"_s, u"unit"_s);

    // Temperature 30-45 °C.
    accepted("temperature 30", one(u"temperature"_s, 30), oneStored(u"temperature"_s, 30, u"°C"_s));
    refused("temperature 29.9", one(u"temperature"_s, 29.9), implausible, u"value"_s);
    accepted("temperature 45", one(u"temperature"_s, 45), oneStored(u"temperature"_s, 45, u"°C"_s));
    refused("temperature 45.1", one(u"temperature"_s, 45.1), implausible, u"value"_s);
    accepted("temperature with its unit", one(u"temperature"_s, 36.6, u"°C"_s),
             oneStored(u"temperature"_s, 36.6, u"°C"_s));
    refused("temperature in °F", one(u"temperature"_s, 98.6, u"°F"_s), u"invalid_value"_s, u"unit"_s);

    // SpO2 50-100 %.
    accepted("spo2 50", one(u"spo2"_s, 50), oneStored(u"spo2"_s, 50, u"%"_s));
    refused("spo2 49.9", one(u"spo2"_s, 49.9), implausible, u"value"_s);
    accepted("spo2 100", one(u"spo2"_s, 100), oneStored(u"spo2"_s, 100, u"%"_s));
    refused("spo2 100.1", one(u"spo2"_s, 100.1), implausible, u"value"_s);
    refused("spo2 as a fraction", one(u"spo2"_s, 0.97), implausible, u"value"_s);

    // Shape of the body.
    refused("unknown type", one(u"pulse"_s, 72), u"invalid_value"_s, u"type"_s);
    refused("type in capitals", one(u"HEART_RATE"_s, 72), u"invalid_value"_s, u"type"_s);
    refused("type missing", {{u"value"_s, 72}}, u"missing_field"_s, u"type"_s);
    refused("type a number", {{u"type"_s, 3}, {u"value"_s, 72}}, u"invalid_value"_s, u"type"_s);
    refused("value missing", {{u"type"_s, u"heart_rate"_s}}, u"missing_field"_s, u"value"_s);
    refused("value null", {{u"type"_s, u"weight"_s}, {u"value"_s, QJsonValue()}}, u"missing_field"_s, u"value"_s);
    refused("value a string", {{u"type"_s, u"heart_rate"_s}, {u"value"_s, u"72"_s}}, u"invalid_type"_s, u"value"_s);
    refused("glucose value missing", {{u"type"_s, u"glucose"_s}, {u"unit"_s, mmol}}, u"missing_field"_s, u"value"_s);
    refused("unknown field", {{u"type"_s, u"heart_rate"_s}, {u"value"_s, 72}, {u"note"_s, u"after run"_s}},
            u"unknown_field"_s, u"note"_s);
    QTest::newRow("malformed JSON") << QByteArray(R"({"type":"heart_rate","value":)") << 400 << u"invalid_json"_s
                                    << QString() << QJsonObject();
    QTest::newRow("JSON array") << QByteArray(R"([{"type":"heart_rate","value":72}])") << 400 << u"invalid_json"_s
                                << QString() << QJsonObject();

    // Subject in the body: optional, but must match the path.
    QJsonObject withSubject = one(u"heart_rate"_s, 64);
    withSubject.insert(u"subjectId"_s, kTable);
    QJsonObject storedWithSubject = oneStored(u"heart_rate"_s, 64, u"bpm"_s);
    storedWithSubject.insert(u"subjectId"_s, kTable);
    accepted("matching subjectId", withSubject, storedWithSubject);
    withSubject.insert(u"subjectId"_s, kListed);
    QTest::newRow("other subjectId") << jsonBytes(withSubject) << 400 << u"subject_id_mismatch"_s << u"subjectId"_s
                                     << QJsonObject();

    // measuredAt: RFC 3339, at most 5 minutes ahead of the server clock.
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QJsonObject timed = one(u"heart_rate"_s, 70);
    timed.insert(u"measuredAt"_s, rfc3339(now.addSecs(240)));
    QJsonObject storedTimed = oneStored(u"heart_rate"_s, 70, u"bpm"_s);
    storedTimed.insert(u"measuredAt"_s, rfc3339(now.addSecs(240)));
    accepted("measuredAt 4 minutes ahead", timed, storedTimed);
    timed.insert(u"measuredAt"_s, rfc3339(now.addSecs(360)));
    refused("measuredAt 6 minutes ahead", timed, implausible, u"measuredAt"_s);
    timed.insert(u"measuredAt"_s, rfc3339(now.addDays(2)));
    refused("measuredAt 2 days ahead", timed, implausible, u"measuredAt"_s);
    QJsonObject futureBp = bp(120, 80);
    futureBp.insert(u"measuredAt"_s, rfc3339(now.addSecs(3600)));
    refused("blood pressure measured in an hour", futureBp, implausible, u"measuredAt"_s);
    timed.insert(u"measuredAt"_s, u"this morning"_s);
    refused("measuredAt not a timestamp", timed, u"invalid_type"_s, u"measuredAt"_s);
    timed.insert(u"measuredAt"_s, u"2024-05-01T07:55:00"_s);
    refused("measuredAt without a zone", timed, u"invalid_type"_s, u"measuredAt"_s);
    timed.insert(u"measuredAt"_s, u"2024-05-01T07:55:00+08:00"_s);
    storedTimed.insert(u"measuredAt"_s, u"2024-04-30T23:55:00.000Z"_s);
    accepted("measuredAt with +08:00", timed, storedTimed);
}

void TestVitalsApi::validatesEachType()
{
    QFETCH(QByteArray, body);
    QFETCH(int, status);
    QFETCH(QString, code);
    QFETCH(QString, field);
    QFETCH(QJsonObject, expected);

    const qint64 before = storedVitals();
    QVERIFY2(before >= 0, qPrintable(DatabasePeek(m_server.databaseFile()).lastError()));
    const QDateTime sent = QDateTime::currentDateTimeUtc();
    const HttpReply reply = m_http.post(vitalsUrl(m_server, kTable), body);

    if (status != 201) {
        const QString mismatch = errorMismatch(reply, status, code, field);
        QVERIFY2(mismatch.isEmpty(), qPrintable(mismatch));
        QVERIFY(reply.header("Location").isEmpty());
        QCOMPARE(storedVitals(), before);
        return;
    }

    QVERIFY2(reply.status == 201, reply.body.constData());
    const QJsonObject record = reply.json();
    const QString mismatch = subsetMismatch(expected, record);
    QVERIFY2(mismatch.isEmpty(), qPrintable(mismatch + u"; body: "_s + QString::fromUtf8(reply.body)));
    const qint64 id = record.value(u"id"_s).toInteger();
    QVERIFY(id > 0);
    QCOMPARE(record.value(u"subjectId"_s).toString(), kTable);
    // Only converted glucose carries what was entered; only blood pressure two values.
    QCOMPARE(record.contains(u"enteredValue"_s), expected.contains(u"enteredValue"_s));
    QCOMPARE(record.contains(u"enteredUnit"_s), expected.contains(u"enteredUnit"_s));
    const bool isBp = expected.value(u"type"_s).toString() == u"blood_pressure"_s;
    QCOMPARE(record.contains(u"systolic"_s), isBp);
    QCOMPARE(record.contains(u"diastolic"_s), isBp);
    QCOMPARE(record.contains(u"value"_s), !isBp);
    if (!expected.contains(u"measuredAt"_s)) {
        // Defaults to when it arrived.
        const QDateTime measuredAt = parseInstant(record.value(u"measuredAt"_s));
        QVERIFY2(measuredAt >= sent.addSecs(-1) && measuredAt <= QDateTime::currentDateTimeUtc().addSecs(1),
                 qPrintable(record.value(u"measuredAt"_s).toString()));
    }
    QVERIFY(parseInstant(record.value(u"receivedAt"_s)).isValid());

    QCOMPARE(reply.header("Location"), QByteArray("/api/v1/vitals/" + QByteArray::number(id)));
    const HttpReply stored = m_http.get(m_server.url(QString::fromLatin1(reply.header("Location"))));
    QCOMPARE(stored.status, 200);
    QCOMPARE(stored.json(), record);
    QCOMPARE(storedVitals(), before + 1);
}

void TestVitalsApi::storesWhatWasSent()
{
    // The database row itself: canonical value, entered value and unit.
    const HttpReply reply =
        m_http.post(vitalsUrl(m_server, kTable),
                    jsonBytes({{u"type"_s, u"glucose"_s}, {u"value"_s, 108}, {u"unit"_s, u"mg/dL"_s}}));
    QVERIFY2(reply.status == 201, reply.body.constData());
    const qint64 id = reply.json().value(u"id"_s).toInteger();
    const auto rows = DatabasePeek(m_server.databaseFile())
                          .rows(u"SELECT subject_id, type, value, entered_value, entered_unit FROM vital_signs "
                                "WHERE id = ?"_s,
                                {id});
    QCOMPARE(rows.size(), 1);
    QCOMPARE(rows.first().at(0).toString(), kTable);
    QCOMPARE(rows.first().at(1).toString(), u"glucose"_s);
    QCOMPARE(rows.first().at(2).toDouble(), 5.99);
    QCOMPARE(rows.first().at(3).toDouble(), 108.0);
    QCOMPARE(rows.first().at(4).toString(), u"mg/dL"_s);
}

void TestVitalsApi::rejectsUnknownSubject()
{
    const qint64 before = storedVitals();
    QVERIFY(before >= 0);
    const HttpReply reply =
        m_http.post(vitalsUrl(m_server, u"VT-NOBODY"_s), jsonBytes({{u"type"_s, u"heart_rate"_s}, {u"value"_s, 72}}));
    const QString mismatch = errorMismatch(reply, 404, u"subject_not_found"_s);
    QVERIFY2(mismatch.isEmpty(), qPrintable(mismatch));
    QCOMPARE(storedVitals(), before);
}

void TestVitalsApi::rejectsInactiveStudy()
{
    const QString code = u"VT-SUSPENDED"_s;
    const QString subject = u"VT-SUS-1"_s;
    QCOMPARE(createStudy(m_http, m_server, code).status, 201);
    QCOMPARE(enrol(m_http, m_server, code, subject).status, 201);
    const QByteArray body = jsonBytes({{u"type"_s, u"heart_rate"_s}, {u"value"_s, 72}});
    QCOMPARE(m_http.post(vitalsUrl(m_server, subject), body).status, 201);
    QCOMPARE(setStudyStatus(m_http, m_server, code, u"suspended"_s).status, 200);

    const qint64 before = storedVitals();
    const HttpReply reply = m_http.post(vitalsUrl(m_server, subject), body);
    const QString mismatch = errorMismatch(reply, 409, u"project_not_active"_s);
    QVERIFY2(mismatch.isEmpty(), qPrintable(mismatch));
    QCOMPARE(storedVitals(), before);
    QCOMPARE(storedVitals(subject), 1);
    const HttpReply list = m_http.get(vitalsUrl(m_server, subject));
    QCOMPARE(list.status, 200);
    QCOMPARE(list.json().value(u"items"_s).toArray().size(), 1);
}

void TestVitalsApi::listsInMeasuredAtOrder_data()
{
    QTest::addColumn<QString>("type");
    QTest::addColumn<int>("fromSecond"); // seconds after m_base; -1: no filter
    QTest::addColumn<int>("toSecond");
    QTest::addColumn<bool>("offsetNotation"); // write from/to as +08:00
    QTest::addColumn<int>("limit");           // 0: the default
    QTest::addColumn<int>("expectedCount");

    const QString any;
    // Filters fall between measurements (which are on whole minutes).
    QTest::newRow("everything, default page") << any << -1 << -1 << false << 0 << 18;
    QTest::newRow("everything, 1 per page") << any << -1 << -1 << false << 1 << 18;
    QTest::newRow("everything, 2 per page (ties split)") << any << -1 << -1 << false << 2 << 18;
    QTest::newRow("everything, 4 per page") << any << -1 << -1 << false << 4 << 18;
    QTest::newRow("everything, page = count") << any << -1 << -1 << false << 18 << 18;
    QTest::newRow("everything, page = count - 1") << any << -1 << -1 << false << 17 << 18;
    QTest::newRow("heart_rate") << u"heart_rate"_s << -1 << -1 << false << 2 << 6;
    QTest::newRow("blood_pressure") << u"blood_pressure"_s << -1 << -1 << false << 0 << 6;
    QTest::newRow("glucose") << u"glucose"_s << -1 << -1 << false << 1 << 3;
    QTest::newRow("spo2") << u"spo2"_s << -1 << -1 << false << 5 << 1;
    QTest::newRow("from") << any << 9 * 60 + 30 << -1 << false << 3 << 16;
    QTest::newRow("to") << any << -1 << 20 * 60 + 30 << false << 3 << 8;
    QTest::newRow("from and to") << any << 9 * 60 + 30 << 35 * 60 + 30 << false << 4 << 9;
    QTest::newRow("from and to in +08:00") << any << 9 * 60 + 30 << 35 * 60 + 30 << true << 4 << 9;
    QTest::newRow("type, from and to") << u"heart_rate"_s << 9 * 60 + 30 << 45 * 60 + 30 << false << 1 << 5;
    QTest::newRow("type and to") << u"blood_pressure"_s << -1 << 12 * 60 << false << 1 << 2;
    QTest::newRow("window without measurements") << any << 71 * 60 << 120 * 60 << false << 0 << 0;
    QTest::newRow("from after to") << any << 40 * 60 + 30 << 20 * 60 + 30 << false << 0 << 0;
    QTest::newRow("type without measurements") << u"temperature"_s << 6 * 60 << -1 << false << 0 << 0;
}

void TestVitalsApi::listsInMeasuredAtOrder()
{
    QFETCH(QString, type);
    QFETCH(int, fromSecond);
    QFETCH(int, toSecond);
    QFETCH(bool, offsetNotation);
    QFETCH(int, limit);
    QFETCH(int, expectedCount);

    const std::optional<QDateTime> from = fromSecond < 0 ? std::nullopt : std::optional(m_base.addSecs(fromSecond));
    const std::optional<QDateTime> to = toSecond < 0 ? std::nullopt : std::optional(m_base.addSecs(toSecond));
    QList<Posted> expected;
    for (const Posted &p : std::as_const(m_listed)) {
        if ((type.isEmpty() || p.type == type) && (!from || p.measuredAt >= *from) && (!to || p.measuredAt <= *to))
            expected << p;
    }
    std::sort(expected.begin(), expected.end(), [](const Posted &a, const Posted &b) {
        return a.measuredAt != b.measuredAt ? a.measuredAt < b.measuredAt : a.id < b.id;
    });
    QCOMPARE(expected.size(), expectedCount);

    auto stamp = [&](const QDateTime &t) {
        return offsetNotation ? t.toUTC().addSecs(8 * 3600).toString(u"yyyy-MM-dd'T'HH:mm:ss"_s) + u"+08:00"_s
                              : rfc3339(t);
    };
    QStringList query;
    if (!type.isEmpty())
        query << u"type="_s + type;
    if (from)
        query << u"from="_s + percent(stamp(*from));
    if (to)
        query << u"to="_s + percent(stamp(*to));
    if (limit > 0)
        query << u"limit=%1"_s.arg(limit);
    const QString path =
        u"/api/v1/subjects/%1/vitals"_s.arg(kListed) + (query.isEmpty() ? QString() : u"?"_s + query.join(u'&'));
    int pages = 0;
    QString failure;
    const QJsonArray items = collectPages(m_http, m_server, path, &pages, &failure);
    QVERIFY2(failure.isEmpty(), qPrintable(failure));

    QList<qint64> expectedIds;
    for (const Posted &p : std::as_const(expected))
        expectedIds << p.id;
    QCOMPARE(idsOf(items), expectedIds);
    const int pageSize = limit > 0 ? limit : 1000;
    QCOMPARE(pages, std::max(1, int((expected.size() + pageSize - 1) / pageSize)));
    for (qsizetype i = 0; i < items.size(); ++i) {
        const QJsonObject item = items.at(i).toObject();
        QCOMPARE(item.value(u"subjectId"_s).toString(), kListed);
        QCOMPARE(item.value(u"type"_s).toString(), expected.at(i).type);
        QCOMPARE(item.value(u"measuredAt"_s).toString(), rfc3339(expected.at(i).measuredAt));
    }
}

void TestVitalsApi::defaultPageHoldsAThousand()
{
    // 1,001 measurements (sent concurrently to keep this quick): the default
    // page has 1,000 of them, the next the last one.
    const QDateTime start = QDateTime::currentDateTimeUtc().addDays(-20);
    QList<PendingRequest> requests;
    for (int i = 0; i < 1001; ++i) {
        PendingRequest r;
        r.url = vitalsUrl(m_server, kMany);
        r.headers = adminAuthorization(m_server);
        r.body = jsonBytes({{u"type"_s, u"heart_rate"_s},
                            {u"value"_s, 60 + i % 40},
                            {u"measuredAt"_s, rfc3339(start.addSecs(60 * i))}});
        requests << r;
    }
    const QList<HttpReply> replies = runConcurrently(requests, 32, 8);
    for (const HttpReply &reply : replies)
        QVERIFY2(reply.status == 201, reply.body.constData());
    QCOMPARE(storedVitals(kMany), 1001);

    const HttpReply first = m_http.get(vitalsUrl(m_server, kMany));
    QCOMPARE(first.status, 200);
    const QJsonArray items = first.json().value(u"items"_s).toArray();
    QCOMPARE(items.size(), 1000);
    QCOMPARE(items.first().toObject().value(u"measuredAt"_s).toString(), rfc3339(start));
    const QString cursor = first.json().value(u"nextCursor"_s).toString();
    QVERIFY(!cursor.isEmpty());
    const HttpReply second = m_http.get(vitalsUrl(m_server, kMany, u"?cursor="_s + percent(cursor)));
    QCOMPARE(second.status, 200);
    const QJsonArray rest = second.json().value(u"items"_s).toArray();
    QCOMPARE(rest.size(), 1);
    QCOMPARE(rest.first().toObject().value(u"measuredAt"_s).toString(), rfc3339(start.addSecs(60 * 1000)));
    QVERIFY(second.json().value(u"nextCursor"_s).isNull());

    // The largest page allowed holds everything.
    const HttpReply all = m_http.get(vitalsUrl(m_server, kMany, u"?limit=10000"_s));
    QCOMPARE(all.status, 200);
    QCOMPARE(all.json().value(u"items"_s).toArray().size(), 1001);
    QVERIFY(all.json().value(u"nextCursor"_s).isNull());
}

void TestVitalsApi::rejectsBadListParameters_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("field");

    QTest::newRow("unknown type") << u"type=pulse"_s << u"invalid_parameter"_s << u"type"_s;
    QTest::newRow("from not a timestamp") << u"from=yesterday"_s << u"invalid_parameter"_s << u"from"_s;
    QTest::newRow("from without a zone") << u"from=2024-05-01T00:00:00"_s << u"invalid_parameter"_s << u"from"_s;
    QTest::newRow("to not a timestamp") << u"to=2024-02-30T00:00:00Z"_s << u"invalid_parameter"_s << u"to"_s;
    QTest::newRow("limit 0") << u"limit=0"_s << u"invalid_parameter"_s << u"limit"_s;
    QTest::newRow("limit 10001") << u"limit=10001"_s << u"invalid_parameter"_s << u"limit"_s;
    QTest::newRow("limit not a number") << u"limit=all"_s << u"invalid_parameter"_s << u"limit"_s;
    QTest::newRow("cursor garbage") << u"cursor=zzz"_s << u"invalid_cursor"_s << u"cursor"_s;
    // A well-formed cursor with the wrong number of parts (this listing's key is
    // measuredAt and id).
    QTest::newRow("cursor of one part") << u"cursor="_s + percent(td::PageCursor::encode({u"5"_s}))
                                        << u"invalid_cursor"_s << u"cursor"_s;
}

void TestVitalsApi::rejectsBadListParameters()
{
    QFETCH(QString, query);
    QFETCH(QString, code);
    QFETCH(QString, field);

    const HttpReply reply = m_http.get(vitalsUrl(m_server, kListed, u"?"_s + query));
    const QString mismatch = errorMismatch(reply, 400, code, field);
    QVERIFY2(mismatch.isEmpty(), qPrintable(mismatch));
}

void TestVitalsApi::unknownSubjectOrVital()
{
    const HttpReply list = m_http.get(vitalsUrl(m_server, u"VT-NOBODY"_s));
    QString mismatch = errorMismatch(list, 404, u"subject_not_found"_s);
    QVERIFY2(mismatch.isEmpty(), qPrintable(mismatch));
    for (const QString &id : {u"999999999"_s, u"0"_s, u"abc"_s}) {
        const HttpReply reply = m_http.get(m_server.url(u"/api/v1/vitals/"_s + id));
        mismatch = errorMismatch(reply, 404, u"vital_not_found"_s);
        QVERIFY2(mismatch.isEmpty(), qPrintable(id + u": "_s + mismatch));
    }
}

QTEST_GUILESS_MAIN(TestVitalsApi)
#include "tst_vitalsapi.moc"

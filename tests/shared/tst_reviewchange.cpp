#include "ReviewChange.h"
#include "TestSupport.h"

#include <QJsonDocument>
#include <QTest>

using namespace Qt::StringLiterals;
using tdtest::row;

class TestReviewChange : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void fromJson_data();
    void fromJson();
    void decodedValues();
    void roundTrip_data();
    void roundTrip();
};

void TestReviewChange::fromJson_data()
{
    tdtest::addColumns();
    row("reviewed", R"({"reviewStatus":"reviewed"})");
    row("queried with a comment", R"({"reviewStatus":"queried","comment":"Check q3"})");
    row("query answered", R"({"queryStatus":"answered"})");
    row("query closed and reviewed", R"({"queryStatus":"closed","reviewStatus":"reviewed"})");
    row("re-signed", R"({"reviewStatus":"reviewed","password":"pw","meaning":"Approved"})");
    row("comment null", R"({"reviewStatus":"reviewed","comment":null})");
    row("nothing to do", "{}", u"missing_field"_s, u"reviewStatus"_s);
    row("only a comment", R"({"comment":"x"})", u"missing_field"_s, u"reviewStatus"_s);
    row("reviewStatus unknown", R"({"reviewStatus":"approved"})", u"invalid_value"_s, u"reviewStatus"_s);
    row("reviewStatus a number", R"({"reviewStatus":1})", u"invalid_value"_s, u"reviewStatus"_s);
    row("queryStatus open", R"({"queryStatus":"open"})", u"invalid_value"_s, u"queryStatus"_s);
    row("comment too long", R"({"reviewStatus":"queried","comment":")" + QByteArray(2001, 'x') + R"("})", u"too_long"_s,
        u"comment"_s);
    row("comment a number", R"({"reviewStatus":"queried","comment":5})", u"invalid_type"_s, u"comment"_s);
    row("password without meaning", R"({"reviewStatus":"reviewed","password":"pw"})", u"missing_field"_s, u"meaning"_s);
    row("meaning without password", R"({"reviewStatus":"reviewed","meaning":"Approved"})", u"missing_field"_s,
        u"password"_s);
    row("meaning blank", R"({"reviewStatus":"reviewed","password":"pw","meaning":"  "})", u"missing_field"_s,
        u"meaning"_s);
    row("meaning too long",
        R"({"reviewStatus":"reviewed","password":"pw","meaning":")" + QByteArray(201, 'm') + R"("})", u"too_long"_s,
        u"meaning"_s);
    row("unknown field", R"({"reviewStatus":"reviewed","status":"x"})", u"unknown_field"_s, u"status"_s);
}

void TestReviewChange::fromJson()
{
    tdtest::verifyDecoding(&td::ReviewChange::fromJson);
}

void TestReviewChange::decodedValues()
{
    td::ApiError error;
    const auto json = tdtest::parse(
        R"({"reviewStatus":"queried","comment":"Why?","password":"pw","meaning":" Approved "})"_ba, &error);
    QVERIFY(json);
    const auto change = td::ReviewChange::fromJson(*json, &error);
    QVERIFY2(change, qPrintable(error.message));
    QCOMPARE(change->reviewStatus, u"queried"_s);
    QVERIFY(change->queryStatus.isEmpty());
    QCOMPARE(change->comment, std::optional<QString>(u"Why?"_s));
    QVERIFY(change->signature);
    QCOMPARE(change->signature->password, u"pw"_s);
    QCOMPARE(change->signature->meaning, u"Approved"_s); // trimmed

    const auto plain = td::ReviewChange::fromJson({{u"queryStatus"_s, u"closed"_s}}, &error);
    QVERIFY2(plain, qPrintable(error.message));
    QVERIFY(!plain->comment);
    QVERIFY(!plain->signature);
}

void TestReviewChange::roundTrip_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::newRow("reviewed") << R"({"reviewStatus":"reviewed"})"_ba;
    QTest::newRow("query raised") << R"({"reviewStatus":"queried","comment":"Check q3"})"_ba;
    QTest::newRow("query answered") << R"({"queryStatus":"answered"})"_ba;
    QTest::newRow("closed and re-signed") << R"({"queryStatus":"closed","password":"secret","meaning":"Approved"})"_ba;
    QTest::newRow("empty comment") << R"({"reviewStatus":"reviewed","comment":""})"_ba;
}

void TestReviewChange::roundTrip()
{
    QFETCH(QByteArray, body);
    const QJsonObject json = QJsonDocument::fromJson(body).object();
    td::ApiError error;
    const auto change = td::ReviewChange::fromJson(json, &error);
    QVERIFY2(change, qPrintable(error.message));
    QCOMPARE(change->toJson(), json);
}

QTEST_GUILESS_MAIN(TestReviewChange)
#include "tst_reviewchange.moc"

#include "Signature.h"
#include "TestSupport.h"

#include <QTest>

using namespace Qt::StringLiterals;
using tdtest::row;

class TestSignature : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void fromJson_data();
    void fromJson();
    void roundTrip();
};

void TestSignature::fromJson_data()
{
    tdtest::addColumns();
    row("both", R"({"password":"pw","meaning":"Reviewed and approved"})");
    row("password missing", R"({"meaning":"Approved"})", u"missing_field"_s, u"password"_s);
    row("password null", R"({"password":null,"meaning":"Approved"})", u"missing_field"_s, u"password"_s);
    row("password empty", R"({"password":"","meaning":"Approved"})", u"invalid_value"_s, u"password"_s);
    row("password a number", R"({"password":1,"meaning":"Approved"})", u"invalid_type"_s, u"password"_s);
    row("password too long", R"({"password":")" + QByteArray(1025, 'p') + R"(","meaning":"Approved"})", u"too_long"_s,
        u"password"_s);
    row("meaning missing", R"({"password":"pw"})", u"missing_field"_s, u"meaning"_s);
    row("meaning blank", R"({"password":"pw","meaning":"   "})", u"invalid_value"_s, u"meaning"_s);
    row("meaning too long", R"({"password":"pw","meaning":")" + QByteArray(201, 'm') + R"("})", u"too_long"_s,
        u"meaning"_s);
    row("unknown field", R"({"password":"pw","meaning":"Approved","reason":"x"})", u"unknown_field"_s, u"reason"_s);
}

void TestSignature::fromJson()
{
    tdtest::verifyDecoding(&td::Signature::fromJson);
}

void TestSignature::roundTrip()
{
    const td::Signature signature{u"pässword"_s, u"Reviewed and approved"_s};
    td::ApiError error;
    const auto back = td::Signature::fromJson(signature.toJson(), &error);
    QVERIFY2(back, qPrintable(error.message));
    QCOMPARE(back->password, signature.password);
    QCOMPARE(back->meaning, signature.meaning);

    // The meaning is stored trimmed.
    const auto padded = td::Signature::fromJson(td::Signature{u"pw"_s, u"  Approved "_s}.toJson(), &error);
    QVERIFY2(padded, qPrintable(error.message));
    QCOMPARE(padded->meaning, u"Approved"_s);
}

QTEST_GUILESS_MAIN(TestSignature)
#include "tst_signature.moc"

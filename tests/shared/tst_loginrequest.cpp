#include "LoginRequest.h"
#include "TestSupport.h"

#include <QTest>

using namespace Qt::StringLiterals;
using tdtest::row;

class TestLoginRequest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void fromJson_data();
    void fromJson();
    void roundTrip();
};

void TestLoginRequest::fromJson_data()
{
    tdtest::addColumns();
    row("both", R"({"username":"admin","password":"pw"})");
    row("username missing", R"({"password":"pw"})", u"missing_field"_s, u"username"_s);
    row("username too long", R"({"username":")" + QByteArray(65, 'u') + R"(","password":"pw"})", u"too_long"_s,
        u"username"_s);
    row("username a number", R"({"username":7,"password":"pw"})", u"invalid_type"_s, u"username"_s);
    row("password null", R"({"username":"admin","password":null})", u"missing_field"_s, u"password"_s);
    row("password empty", R"({"username":"admin","password":""})", u"invalid_value"_s, u"password"_s);
    row("password too long", R"({"username":"admin","password":")" + QByteArray(1025, 'p') + R"("})", u"too_long"_s,
        u"password"_s);
    row("unknown field", R"({"username":"admin","password":"pw","remember":true})", u"unknown_field"_s, u"remember"_s);
}

void TestLoginRequest::fromJson()
{
    tdtest::verifyDecoding(&td::LoginRequest::fromJson);
}

void TestLoginRequest::roundTrip()
{
    const td::LoginRequest login{u"wang"_s, u"s3cret with spaces"_s};
    td::ApiError error;
    const auto back = td::LoginRequest::fromJson(login.toJson(), &error);
    QVERIFY2(back, qPrintable(error.message));
    QCOMPARE(back->username, login.username);
    QCOMPARE(back->password, login.password);
}

QTEST_GUILESS_MAIN(TestLoginRequest)
#include "tst_loginrequest.moc"

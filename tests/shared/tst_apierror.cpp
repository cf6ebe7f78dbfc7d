#include "ApiError.h"

#include <QJsonDocument>
#include <QTest>

using namespace Qt::StringLiterals;

using Fields = QMap<QString, QString>;
using Kind = td::ApiError::Kind;

class TestApiError : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void factories();
    void kindForStatus_data();
    void kindForStatus();
    void toJson_data();
    void toJson();
    void roundTrip_data();
    void roundTrip();
    void fromJsonToleratesMissingParts();
};

void TestApiError::factories()
{
    const Fields fields{{u"code"_s, u"is required"_s}};

    const auto invalid = td::ApiError::invalid(u"missing_field"_s, u"Invalid request."_s, fields);
    QVERIFY(invalid.kind == Kind::Invalid);
    QCOMPARE(invalid.code, u"missing_field"_s);
    QCOMPARE(invalid.message, u"Invalid request."_s);
    QCOMPARE(invalid.fields, fields);

    const auto notFound = td::ApiError::notFound(u"project_not_found"_s, u"No such project."_s);
    QVERIFY(notFound.kind == Kind::NotFound);
    QCOMPARE(notFound.code, u"project_not_found"_s);
    QVERIFY(notFound.fields.isEmpty());

    const auto conflict = td::ApiError::conflict(u"duplicate_code"_s, u"Taken."_s, fields);
    QVERIFY(conflict.kind == Kind::Conflict);
    QCOMPARE(conflict.code, u"duplicate_code"_s);
    QCOMPARE(conflict.fields, fields);

    const auto internal = td::ApiError::internal();
    QVERIFY(internal.kind == Kind::Internal);
    QCOMPARE(internal.code, u"internal_error"_s);
    QVERIFY(!internal.message.isEmpty());
    QVERIFY(internal.fields.isEmpty());

    // A default-constructed error is an internal one, never a silent success.
    QVERIFY(td::ApiError().kind == Kind::Internal);
}

void TestApiError::kindForStatus_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<Kind>("kind");

    QTest::newRow("0 (no answer)") << 0 << Kind::Network;
    QTest::newRow("400") << 400 << Kind::Invalid;
    QTest::newRow("401") << 401 << Kind::Unauthorized;
    QTest::newRow("403") << 403 << Kind::Forbidden;
    QTest::newRow("404") << 404 << Kind::NotFound;
    QTest::newRow("405") << 405 << Kind::MethodNotAllowed;
    QTest::newRow("409") << 409 << Kind::Conflict;
    QTest::newRow("413") << 413 << Kind::PayloadTooLarge;
    QTest::newRow("415") << 415 << Kind::UnsupportedMedia;
    QTest::newRow("429") << 429 << Kind::TooManyRequests;
    QTest::newRow("503") << 503 << Kind::Unavailable;
    QTest::newRow("500") << 500 << Kind::Internal;
    QTest::newRow("502 (unmapped)") << 502 << Kind::Internal;
    QTest::newRow("418 (unmapped)") << 418 << Kind::Internal;
}

void TestApiError::kindForStatus()
{
    QFETCH(int, status);
    QFETCH(Kind, kind);
    QVERIFY(td::ApiError::kindForStatus(status) == kind);
}

void TestApiError::toJson_data()
{
    QTest::addColumn<td::ApiError>("error");
    QTest::addColumn<QByteArray>("expected");

    QTest::newRow("without fields") << td::ApiError::notFound(u"not_found"_s, u"Nothing here."_s)
                                    << R"({"code":"not_found","error":"Nothing here."})"_ba;
    QTest::newRow("with fields") << td::ApiError::invalid(
        u"invalid_value"_s, u"Bad."_s, {{u"title"_s, u"must not be empty"_s}, {u"code"_s, u"has an invalid format"_s}})
                                 << R"({"code":"invalid_value","error":"Bad.",)"
                                    R"("fields":{"code":"has an invalid format","title":"must not be empty"}})"_ba;
    QTest::newRow("internal") << td::ApiError::internal()
                              << R"({"code":"internal_error","error":"The server could not complete the request."})"_ba;
}

void TestApiError::toJson()
{
    QFETCH(td::ApiError, error);
    QFETCH(QByteArray, expected);
    QCOMPARE(QJsonDocument(error.toJson()).toJson(QJsonDocument::Compact), expected);
}

void TestApiError::roundTrip_data()
{
    QTest::addColumn<td::ApiError>("error");
    QTest::addColumn<int>("status");

    QTest::newRow("invalid with fields") << td::ApiError::invalid(
        u"implausible_value"_s, u"Invalid request: value: must be between 20 and 300 bpm."_s,
        {{u"value"_s, u"must be between 20 and 300 bpm"_s}, {u"unit"_s, u"must be bpm"_s}})
                                         << 400;
    QTest::newRow("invalid without fields") << td::ApiError::invalid(u"invalid_json"_s, u"Malformed."_s) << 400;
    QTest::newRow("not found") << td::ApiError::notFound(u"subject_not_found"_s, u"No such subject."_s) << 404;
    QTest::newRow("conflict") << td::ApiError::conflict(u"duplicate_code"_s, u"Code taken."_s,
                                                        {{u"code"_s, u"already exists"_s}})
                              << 409;
    QTest::newRow("internal") << td::ApiError::internal() << 500;
    QTest::newRow("unicode text") << td::ApiError::invalid(u"invalid_value"_s, u"\u65e0\u6548 \U0001F600"_s,
                                                           {{u"\u540d\u79f0"_s, u"\u5fc5\u586b"_s}})
                                  << 400;
    td::ApiError unavailable{Kind::Unavailable, u"shutting_down"_s, u"Try again later."_s, {}};
    QTest::newRow("unavailable") << unavailable << 503;
    td::ApiError tooMany{Kind::TooManyRequests, u"rate_limited"_s, u"Slow down."_s, {}};
    QTest::newRow("too many requests") << tooMany << 429;
}

void TestApiError::roundTrip()
{
    QFETCH(td::ApiError, error);
    QFETCH(int, status);

    // Through text, as a client receives it.
    const QByteArray wire = QJsonDocument(error.toJson()).toJson();
    const td::ApiError back = td::ApiError::fromJson(QJsonDocument::fromJson(wire).object(), status);
    QVERIFY(back.kind == error.kind);
    QCOMPARE(back.code, error.code);
    QCOMPARE(back.message, error.message);
    QCOMPARE(back.fields, error.fields);
}

void TestApiError::fromJsonToleratesMissingParts()
{
    const auto empty = td::ApiError::fromJson({}, 0);
    QVERIFY(empty.kind == Kind::Network);
    QVERIFY(empty.code.isEmpty());
    QVERIFY(empty.message.isEmpty());
    QVERIFY(empty.fields.isEmpty());

    const auto odd = td::ApiError::fromJson(
        QJsonDocument::fromJson(R"({"code":7,"error":"x","fields":["title"]})"_ba).object(), 400);
    QVERIFY(odd.kind == Kind::Invalid);
    QVERIFY(odd.code.isEmpty());
    QCOMPARE(odd.message, u"x"_s);
    QVERIFY(odd.fields.isEmpty());
}

QTEST_GUILESS_MAIN(TestApiError)
#include "tst_apierror.moc"

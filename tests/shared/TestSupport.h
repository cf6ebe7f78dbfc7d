#pragma once

// Helpers shared by the tests of the shared library. Header-only on purpose: every
// test executable stays one .cpp file plus this header.

#include "ApiError.h"
#include "JsonInput.h"

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QString>
#include <QTest>
#include <QTimeZone>
#include <optional>

namespace tdtest {

using namespace Qt::StringLiterals;

// The fixed "now" every validation test runs against, so bounds that depend on the
// clock (future timestamps, birth years) are deterministic.
inline QDateTime fixedNow()
{
    return QDateTime(QDate(2025, 6, 15), QTime(12, 0), QTimeZone::utc());
}

// Adds one row to a table with the columns (QByteArray body, QString code, QString
// field): an empty `code` means the body must be accepted; otherwise it must be
// rejected with that error code and `field` (if not empty) among the offending fields.
inline void addColumns()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("field");
}

inline void row(const char *name, const QByteArray &body, const QString &code = {}, const QString &field = {})
{
    QTest::newRow(name) << body << code << field;
}

// Parses `body` the way the server does. Returns nullopt and fills `error` when the
// text is not acceptable JSON.
inline std::optional<QJsonObject> parse(const QByteArray &body, td::ApiError *error)
{
    return td::parseJsonObject(body, error);
}

// Checks the outcome of a validation against the expectation of a table row.
inline void verifyOutcome(bool accepted, const td::ApiError &error, const QString &code, const QString &field)
{
    if (code.isEmpty()) {
        QVERIFY2(accepted, qPrintable(u"rejected with %1: %2"_s.arg(error.code, error.message)));
        return;
    }
    QVERIFY2(!accepted, "accepted input that must be rejected");
    QVERIFY(error.kind == td::ApiError::Kind::Invalid);
    QCOMPARE(error.code, code);
    QVERIFY(!error.message.isEmpty());
    if (!field.isEmpty()) {
        QVERIFY2(error.fields.contains(field),
                 qPrintable(u"fields were: [%1], message: %2"_s.arg(error.fields.keys().join(u", "_s), error.message)));
        QVERIFY(!error.fields.value(field).isEmpty());
    }
}

// Runs the current row of an addColumns() table through `decode`, a codec's
// fromJson(const QJsonObject &, td::ApiError *) returning an optional.
template<typename Decode>
inline void verifyDecoding(Decode decode)
{
    QFETCH(QByteArray, body);
    QFETCH(QString, code);
    QFETCH(QString, field);
    td::ApiError error;
    const auto json = parse(body, &error);
    QVERIFY(json);
    const auto decoded = decode(*json, &error);
    verifyOutcome(decoded.has_value(), error, code, field);
}

} // namespace tdtest

// Stops the calling test function when verifyOutcome() failed.
#define TD_VERIFY_OUTCOME(accepted, error, code, field)                                                                \
    do {                                                                                                               \
        tdtest::verifyOutcome(accepted, error, code, field);                                                           \
        if (QTest::currentTestFailed())                                                                                \
            return;                                                                                                    \
    } while (false)

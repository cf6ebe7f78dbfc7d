#include "JsonInput.h"
#include "TestSupport.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QTest>

using namespace Qt::StringLiterals;
using tdtest::row;

namespace {

// {"a":{"a":{}}} for depth 3: `depth` levels of objects.
QByteArray nestedObjects(int depth)
{
    QByteArray s;
    for (int i = 1; i < depth; ++i)
        s += R"({"a":)"_ba;
    s += "{}"_ba;
    s += QByteArray(depth - 1, '}');
    return s;
}

// {"a":[[]]} for depth 3: one object holding `depth - 1` levels of arrays.
QByteArray nestedArrays(int depth)
{
    QByteArray s = R"({"a":)"_ba;
    s += QByteArray(depth - 1, '[');
    s += QByteArray(depth - 1, ']');
    s += '}';
    return s;
}

QString withChar(char16_t c, const QString &before = u"a"_s, const QString &after = u"b"_s)
{
    QString s = before;
    s += QChar(c);
    s += after;
    return s;
}

td::FieldReader readerFor(const QByteArray &body)
{
    td::ApiError error;
    const auto json = td::parseJsonObject(body, &error);
    if (!json)
        qFatal("test data is not a JSON object: %s", body.constData());
    return td::FieldReader(*json);
}

} // namespace

class TestJsonInput : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parseJsonObject_data();
    void parseJsonObject();
    void parseJsonObjectKeepsContent();
    void hasForbiddenCharacters_data();
    void hasForbiddenCharacters();
    void requiredString_data();
    void requiredString();
    void optionalString_data();
    void optionalString();
    void enumString_data();
    void enumString();
    void optionalInteger_data();
    void optionalInteger();
    void numbers_data();
    void numbers();
    void optionalDate_data();
    void optionalDate();
    void optionalTimestamp_data();
    void optionalTimestamp();
    void stringList_data();
    void stringList();
    void requiredObject_data();
    void requiredObject();
    void rejectUnknown_data();
    void rejectUnknown();
    void hasTreatsNullAsAbsent();
    void errorNamesEveryFieldAndKeepsFirstCode();
};

void TestJsonInput::parseJsonObject_data()
{
    tdtest::addColumns();
    row("empty object", "{}"_ba);
    row("flat object", R"({"a":1,"b":"x","c":true,"d":null,"e":[1,2]})"_ba);
    row("surrounding whitespace", " \n\t{\"a\":1} \r\n"_ba);
    row("utf-8 text", "{\"a\":\"\xe4\xb8\xad\xe6\x96\x87\"}"_ba);
    row("largest finite double", R"({"a":1.7976931348623157e308})"_ba);

    // Depth limit: 16 levels are fine, 17 are refused before parsing.
    row("16 nested objects", nestedObjects(16));
    row("17 nested objects", nestedObjects(17), u"too_deep"_s);
    row("16 levels with arrays", nestedArrays(16));
    row("17 levels with arrays", nestedArrays(17), u"too_deep"_s);
    row("10000 levels", nestedArrays(10000), u"too_deep"_s);
    row("17 levels, unterminated", QByteArray(R"({"a":)"_ba + QByteArray(16, '[')), u"too_deep"_s);
    row("brackets inside a string do not nest", QByteArray("{\"a\":\""_ba + QByteArray(40, '[') + "\"}"_ba));
    row("escaped quote keeps the string open",
        QByteArray("{\"a\":\"\\\"{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{\"}"_ba));
    row("escaped backslash closes the string",
        QByteArray(R"({"a":"\\","b":)"_ba + QByteArray(16, '[') + QByteArray(16, ']') + '}'), u"too_deep"_s);

    // Malformed text.
    row("empty body", ""_ba, u"invalid_json"_s);
    row("whitespace only", "  \n"_ba, u"invalid_json"_s);
    row("unterminated object", "{"_ba, u"invalid_json"_s);
    row("unterminated string", "{\"a\":\"x"_ba, u"invalid_json"_s);
    row("trailing comma", R"({"a":1,})"_ba, u"invalid_json"_s);
    // Qt drops a raw U+FEFF at the start of a string; the strict check refuses it.
    row("raw U+FEFF starting a key", "{\"\xef\xbb\xbfq1\":1}"_ba, u"invalid_json"_s);
    row("raw U+FEFF starting a value", "{\"q1\":\"\xef\xbb\xbfx\"}"_ba, u"invalid_json"_s);
    row("invalid escape", R"({"a":"x\qy"})"_ba, u"invalid_json"_s);
    row("number with a bare dot", R"({"a":70.})"_ba, u"invalid_json"_s);
    row("single quotes", "{'a':1}"_ba, u"invalid_json"_s);
    row("unquoted key", "{a:1}"_ba, u"invalid_json"_s);
    row("leading zero", R"({"a":01})"_ba, u"invalid_json"_s);
    row("garbage after the object", R"({"a":1} x)"_ba, u"invalid_json"_s);
    row("two objects", R"({"a":1}{})"_ba, u"invalid_json"_s);
    row("unbalanced closers first", R"(]]{"a":1})"_ba, u"invalid_json"_s);

    // Numbers JSON cannot represent as a finite double.
    row("huge number", R"({"a":1e400})"_ba, u"invalid_json"_s);
    row("huge negative number", R"({"a":-1e400})"_ba, u"invalid_json"_s);
    row("NaN literal", R"({"a":NaN})"_ba, u"invalid_json"_s);
    row("Infinity literal", R"({"a":Infinity})"_ba, u"invalid_json"_s);

    // The top level must be an object.
    row("array", "[]"_ba, u"invalid_json"_s);
    row("array of objects", R"([{"a":1}])"_ba, u"invalid_json"_s);
    row("string", R"("text")"_ba, u"invalid_json"_s);
    row("number", "42"_ba, u"invalid_json"_s);
    row("true", "true"_ba, u"invalid_json"_s);
    row("null", "null"_ba, u"invalid_json"_s);

    // Invalid UTF-8.
    row("invalid byte in a value", "{\"a\":\"\xff\"}"_ba, u"invalid_json"_s);
    row("invalid byte in a key", "{\"\xfe\":1}"_ba, u"invalid_json"_s);
    row("overlong encoding", "{\"a\":\"\xc0\xaf\"}"_ba, u"invalid_json"_s);
    row("truncated sequence", "{\"a\":\"\xe4\xb8\"}"_ba, u"invalid_json"_s);
    row("encoded surrogate", "{\"a\":\"\xed\xa0\x80\"}"_ba, u"invalid_json"_s);
    row("latin-1 text", "{\"a\":\"caf\xe9\"}"_ba, u"invalid_json"_s);
}

void TestJsonInput::parseJsonObject()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, code);
    QFETCH(QString, field);

    td::ApiError error;
    const auto json = td::parseJsonObject(body, &error);
    TD_VERIFY_OUTCOME(json.has_value(), error, code, field);
    if (code.isEmpty())
        QVERIFY(error.code.isEmpty()); // untouched on success
    else
        QVERIFY(error.fields.isEmpty());
}

void TestJsonInput::parseJsonObjectKeepsContent()
{
    td::ApiError error;
    const auto json = td::parseJsonObject(R"({"n":1.5,"s":"x","b":false,"z":null,"a":[1,"y"],"o":{"k":2}})"_ba, &error);
    QVERIFY(json);
    QCOMPARE(json->size(), 6);
    QCOMPARE(json->value(u"n"_s).toDouble(), 1.5);
    QCOMPARE(json->value(u"s"_s).toString(), u"x"_s);
    QCOMPARE(json->value(u"b"_s).toBool(true), false);
    QVERIFY(json->value(u"z"_s).isNull());
    QCOMPARE(json->value(u"a"_s).toArray(), QJsonArray({1, u"y"_s}));
    QCOMPARE(json->value(u"o"_s).toObject().value(u"k"_s).toInt(), 2);

    const auto deep = td::parseJsonObject(nestedObjects(16), &error);
    QVERIFY(deep);
    QJsonObject level = *deep;
    int depth = 1;
    while (level.contains(u"a"_s)) {
        level = level.value(u"a"_s).toObject();
        ++depth;
    }
    QCOMPARE(depth, td::kMaxJsonDepth);
}

void TestJsonInput::hasForbiddenCharacters_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("allowNewlines");
    QTest::addColumn<bool>("forbidden");

    QTest::newRow("empty") << QString() << false << false;
    QTest::newRow("plain ascii") << u"Hello, world!"_s << false << false;
    QTest::newRow("cjk") << u"\u4e2d\u6587"_s << false << false;
    QTest::newRow("emoji (surrogate pair)") << u"ok \U0001F600"_s << false << false;
    QTest::newRow("no-break space") << withChar(0xa0) << false << false;
    QTest::newRow("tab") << u"a\tb"_s << false << false;
    QTest::newRow("newline, not allowed") << u"a\nb"_s << false << true;
    QTest::newRow("newline, allowed") << u"a\nb"_s << true << false;
    QTest::newRow("carriage return, not allowed") << u"a\rb"_s << false << true;
    QTest::newRow("crlf, allowed") << u"a\r\nb"_s << true << false;
    QTest::newRow("NUL") << withChar(0) << true << true;
    QTest::newRow("U+0001") << withChar(1) << true << true;
    QTest::newRow("vertical tab, newlines allowed") << u"a\vb"_s << true << true;
    QTest::newRow("form feed, newlines allowed") << u"a\fb"_s << true << true;
    QTest::newRow("escape") << withChar(0x1b) << false << true;
    QTest::newRow("U+001F") << withChar(0x1f) << false << true;
    QTest::newRow("space U+0020") << withChar(0x20) << false << false;
    QTest::newRow("tilde U+007E") << withChar(0x7e) << false << false;
    QTest::newRow("DEL U+007F") << withChar(0x7f) << false << true;
    QTest::newRow("C1 U+0085") << withChar(0x85) << true << true;
    QTest::newRow("C1 U+009F") << withChar(0x9f) << false << true;
    QTest::newRow("control at the start") << withChar(2, QString(), u"abc"_s) << false << true;
    QTest::newRow("control at the end") << withChar(2, u"abc"_s, QString()) << false << true;
    QTest::newRow("lone high surrogate") << withChar(0xd83d) << false << true;
    QTest::newRow("lone high surrogate at the end") << withChar(0xd83d, u"a"_s, QString()) << false << true;
    QTest::newRow("lone low surrogate") << withChar(0xde00) << false << true;
    QTest::newRow("reversed surrogate pair")
        << QString(QString(QChar(char16_t(0xde00))) + QChar(char16_t(0xd83d))) << false << true;
    QTest::newRow("two high surrogates") << QString(QString(QChar(char16_t(0xd83d))) + QChar(char16_t(0xd83d))) << false
                                         << true;
}

void TestJsonInput::hasForbiddenCharacters()
{
    QFETCH(QString, text);
    QFETCH(bool, allowNewlines);
    QFETCH(bool, forbidden);
    QCOMPARE(td::hasForbiddenCharacters(text, allowNewlines), forbidden);
}

void TestJsonInput::requiredString_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("pattern");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("expected");

    const QString none;
    QTest::newRow("present") << R"({"k":"abc"})"_ba << none << QString() << u"abc"_s;
    QTest::newRow("exactly max length") << R"({"k":"abcde"})"_ba << none << QString() << u"abcde"_s;
    QTest::newRow("tab inside") << R"({"k":"a\tb"})"_ba << none << QString() << u"a\tb"_s;
    QTest::newRow("escaped unicode") << R"({"k":"\u00e9"})"_ba << none << QString() << u"\u00e9"_s;
    QTest::newRow("not trimmed") << R"({"k":" a "})"_ba << none << QString() << u" a "_s;
    QTest::newRow("missing") << R"({"other":"x"})"_ba << none << u"missing_field"_s << QString();
    QTest::newRow("null") << R"({"k":null})"_ba << none << u"missing_field"_s << QString();
    QTest::newRow("number") << R"({"k":1})"_ba << none << u"invalid_type"_s << QString();
    QTest::newRow("boolean") << R"({"k":true})"_ba << none << u"invalid_type"_s << QString();
    QTest::newRow("array") << R"({"k":["a"]})"_ba << none << u"invalid_type"_s << QString();
    QTest::newRow("object") << R"({"k":{}})"_ba << none << u"invalid_type"_s << QString();
    QTest::newRow("empty") << R"({"k":""})"_ba << none << u"invalid_value"_s << QString();
    QTest::newRow("blank") << R"({"k":"   "})"_ba << none << u"invalid_value"_s << QString();
    QTest::newRow("one over max length") << R"({"k":"abcdef"})"_ba << none << u"too_long"_s << QString();
    QTest::newRow("newline") << R"({"k":"a\nb"})"_ba << none << u"invalid_value"_s << QString();
    QTest::newRow("NUL escape") << R"({"k":"a\u0000"})"_ba << none << u"invalid_value"_s << QString();
    QTest::newRow("lone surrogate escape") << R"({"k":"\ud800"})"_ba << none << u"invalid_value"_s << QString();
    QTest::newRow("matches pattern") << R"({"k":"abc"})"_ba << u"^[a-z]+$"_s << QString() << u"abc"_s;
    QTest::newRow("violates pattern") << R"({"k":"aBc"})"_ba << u"^[a-z]+$"_s << u"invalid_value"_s << QString();
}

void TestJsonInput::requiredString()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, pattern);
    QFETCH(QString, code);
    QFETCH(QString, expected);

    const QRegularExpression re(pattern);
    td::FieldReader reader = readerFor(body);
    const QString value = reader.requiredString(u"k"_s, 5, pattern.isEmpty() ? nullptr : &re);
    TD_VERIFY_OUTCOME(reader.ok(), reader.error(), code, code.isEmpty() ? QString() : u"k"_s);
    QCOMPARE(value, expected);
}

void TestJsonInput::optionalString_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("code");
    QTest::addColumn<bool>("present");
    QTest::addColumn<QString>("expected");

    QTest::newRow("present") << R"({"k":"abc"})"_ba << QString() << true << u"abc"_s;
    QTest::newRow("empty string is a value") << R"({"k":""})"_ba << QString() << true << QString();
    QTest::newRow("missing") << "{}"_ba << QString() << false << QString();
    QTest::newRow("null") << R"({"k":null})"_ba << QString() << false << QString();
    QTest::newRow("number") << R"({"k":5})"_ba << u"invalid_type"_s << false << QString();
    QTest::newRow("too long") << R"({"k":"abcdef"})"_ba << u"too_long"_s << false << QString();
    QTest::newRow("control character") << R"({"k":"a\u0007"})"_ba << u"invalid_value"_s << false << QString();
}

void TestJsonInput::optionalString()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, code);
    QFETCH(bool, present);
    QFETCH(QString, expected);

    td::FieldReader reader = readerFor(body);
    const auto value = reader.optionalString(u"k"_s, 5);
    TD_VERIFY_OUTCOME(reader.ok(), reader.error(), code, code.isEmpty() ? QString() : u"k"_s);
    QCOMPARE(value.has_value(), present);
    if (present)
        QCOMPARE(*value, expected);
}

void TestJsonInput::enumString_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("fallback");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("expected");

    QTest::newRow("first allowed") << R"({"k":"red"})"_ba << QString() << QString() << u"red"_s;
    QTest::newRow("last allowed") << R"({"k":"blue"})"_ba << QString() << QString() << u"blue"_s;
    QTest::newRow("missing with fallback") << "{}"_ba << u"red"_s << QString() << u"red"_s;
    QTest::newRow("null with fallback") << R"({"k":null})"_ba << u"red"_s << QString() << u"red"_s;
    QTest::newRow("missing without fallback") << "{}"_ba << QString() << u"missing_field"_s << QString();
    QTest::newRow("null without fallback") << R"({"k":null})"_ba << QString() << u"missing_field"_s << QString();
    QTest::newRow("not allowed") << R"({"k":"green"})"_ba << u"red"_s << u"invalid_value"_s << u"red"_s;
    QTest::newRow("case differs") << R"({"k":"Red"})"_ba << QString() << u"invalid_value"_s << QString();
    QTest::newRow("surrounding space") << R"({"k":" red"})"_ba << QString() << u"invalid_value"_s << QString();
    QTest::newRow("number") << R"({"k":1})"_ba << QString() << u"invalid_value"_s << QString();
    QTest::newRow("array") << R"({"k":["red"]})"_ba << QString() << u"invalid_value"_s << QString();
}

void TestJsonInput::enumString()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, fallback);
    QFETCH(QString, code);
    QFETCH(QString, expected);

    td::FieldReader reader = readerFor(body);
    const QString value = reader.enumString(u"k"_s, {u"red"_s, u"blue"_s}, fallback);
    TD_VERIFY_OUTCOME(reader.ok(), reader.error(), code, code.isEmpty() ? QString() : u"k"_s);
    QCOMPARE(value, expected);
}

void TestJsonInput::optionalInteger_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("code");
    QTest::addColumn<bool>("present");
    QTest::addColumn<qint64>("expected");

    QTest::newRow("lower bound") << R"({"k":-10})"_ba << QString() << true << qint64(-10);
    QTest::newRow("upper bound") << R"({"k":100})"_ba << QString() << true << qint64(100);
    QTest::newRow("zero") << R"({"k":0})"_ba << QString() << true << qint64(0);
    QTest::newRow("integral float") << R"({"k":50.0})"_ba << QString() << true << qint64(50);
    QTest::newRow("exponent") << R"({"k":1e2})"_ba << QString() << true << qint64(100);
    QTest::newRow("missing") << "{}"_ba << QString() << false << qint64(0);
    QTest::newRow("null") << R"({"k":null})"_ba << QString() << false << qint64(0);
    QTest::newRow("below lower bound") << R"({"k":-11})"_ba << u"invalid_value"_s << false << qint64(0);
    QTest::newRow("above upper bound") << R"({"k":101})"_ba << u"invalid_value"_s << false << qint64(0);
    QTest::newRow("far above") << R"({"k":1e300})"_ba << u"invalid_value"_s << false << qint64(0);
    QTest::newRow("fraction") << R"({"k":1.5})"_ba << u"invalid_type"_s << false << qint64(0);
    QTest::newRow("tiny fraction") << R"({"k":99.999})"_ba << u"invalid_type"_s << false << qint64(0);
    QTest::newRow("numeric string") << R"({"k":"5"})"_ba << u"invalid_type"_s << false << qint64(0);
    QTest::newRow("boolean") << R"({"k":true})"_ba << u"invalid_type"_s << false << qint64(0);
    QTest::newRow("array") << R"({"k":[5]})"_ba << u"invalid_type"_s << false << qint64(0);
}

void TestJsonInput::optionalInteger()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, code);
    QFETCH(bool, present);
    QFETCH(qint64, expected);

    td::FieldReader reader = readerFor(body);
    const auto value = reader.optionalInteger(u"k"_s, -10, 100);
    TD_VERIFY_OUTCOME(reader.ok(), reader.error(), code, code.isEmpty() ? QString() : u"k"_s);
    QCOMPARE(value.has_value(), present);
    if (present)
        QCOMPARE(*value, expected);
}

void TestJsonInput::numbers_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<bool>("required");
    QTest::addColumn<QString>("code");
    QTest::addColumn<bool>("present");
    QTest::addColumn<double>("expected");

    for (const bool required : {true, false}) {
        const char *kind = required ? "required" : "optional";
        QTest::addRow("%s: fraction", kind) << R"({"k":1.5})"_ba << required << QString() << true << 1.5;
        QTest::addRow("%s: negative", kind) << R"({"k":-3})"_ba << required << QString() << true << -3.0;
        QTest::addRow("%s: zero", kind) << R"({"k":0})"_ba << required << QString() << true << 0.0;
        QTest::addRow("%s: large", kind) << R"({"k":1e308})"_ba << required << QString() << true << 1e308;
        QTest::addRow("%s: numeric string", kind)
            << R"({"k":"1.5"})"_ba << required << u"invalid_type"_s << false << 0.0;
        QTest::addRow("%s: boolean", kind) << R"({"k":false})"_ba << required << u"invalid_type"_s << false << 0.0;
        QTest::addRow("%s: array", kind) << R"({"k":[]})"_ba << required << u"invalid_type"_s << false << 0.0;
    }
    QTest::newRow("required: missing") << "{}"_ba << true << u"missing_field"_s << false << 0.0;
    QTest::newRow("required: null") << R"({"k":null})"_ba << true << u"missing_field"_s << false << 0.0;
    QTest::newRow("optional: missing") << "{}"_ba << false << QString() << false << 0.0;
    QTest::newRow("optional: null") << R"({"k":null})"_ba << false << QString() << false << 0.0;
}

void TestJsonInput::numbers()
{
    QFETCH(QByteArray, body);
    QFETCH(bool, required);
    QFETCH(QString, code);
    QFETCH(bool, present);
    QFETCH(double, expected);

    td::FieldReader reader = readerFor(body);
    const auto value = required ? reader.requiredNumber(u"k"_s) : reader.optionalNumber(u"k"_s);
    TD_VERIFY_OUTCOME(reader.ok(), reader.error(), code, code.isEmpty() ? QString() : u"k"_s);
    QCOMPARE(value.has_value(), present);
    if (present)
        QCOMPARE(*value, expected);
}

void TestJsonInput::optionalDate_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QDate>("expected"); // invalid: no value

    QTest::newRow("date") << R"({"k":"2024-05-01"})"_ba << QString() << QDate(2024, 5, 1);
    QTest::newRow("leap day") << R"({"k":"2024-02-29"})"_ba << QString() << QDate(2024, 2, 29);
    QTest::newRow("missing") << "{}"_ba << QString() << QDate();
    QTest::newRow("null") << R"({"k":null})"_ba << QString() << QDate();
    QTest::newRow("february 30") << R"({"k":"2024-02-30"})"_ba << u"invalid_type"_s << QDate();
    QTest::newRow("timestamp") << R"({"k":"2024-05-01T00:00:00Z"})"_ba << u"invalid_type"_s << QDate();
    QTest::newRow("number") << R"({"k":20240501})"_ba << u"invalid_type"_s << QDate();
    QTest::newRow("empty") << R"({"k":""})"_ba << u"invalid_type"_s << QDate();
}

void TestJsonInput::optionalDate()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, code);
    QFETCH(QDate, expected);

    td::FieldReader reader = readerFor(body);
    const auto value = reader.optionalDate(u"k"_s);
    TD_VERIFY_OUTCOME(reader.ok(), reader.error(), code, code.isEmpty() ? QString() : u"k"_s);
    QCOMPARE(value.has_value(), expected.isValid());
    if (value)
        QCOMPARE(*value, expected);
}

void TestJsonInput::optionalTimestamp_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QDateTime>("expected"); // invalid: no value

    const QDateTime midnight(QDate(2024, 5, 1), QTime(0, 0), QTimeZone::utc());
    QTest::newRow("utc") << R"({"k":"2024-05-01T00:00:00Z"})"_ba << QString() << midnight;
    QTest::newRow("offset") << R"({"k":"2024-05-01T08:00:00+08:00"})"_ba << QString() << midnight;
    QTest::newRow("missing") << "{}"_ba << QString() << QDateTime();
    QTest::newRow("null") << R"({"k":null})"_ba << QString() << QDateTime();
    QTest::newRow("no zone") << R"({"k":"2024-05-01T00:00:00"})"_ba << u"invalid_type"_s << QDateTime();
    QTest::newRow("date only") << R"({"k":"2024-05-01"})"_ba << u"invalid_type"_s << QDateTime();
    QTest::newRow("epoch number") << R"({"k":1714521600})"_ba << u"invalid_type"_s << QDateTime();
}

void TestJsonInput::optionalTimestamp()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, code);
    QFETCH(QDateTime, expected);

    td::FieldReader reader = readerFor(body);
    const auto value = reader.optionalTimestamp(u"k"_s);
    TD_VERIFY_OUTCOME(reader.ok(), reader.error(), code, code.isEmpty() ? QString() : u"k"_s);
    QCOMPARE(value.has_value(), expected.isValid());
    if (value) {
        QCOMPARE(*value, expected);
        QCOMPARE(value->offsetFromUtc(), 0);
    }
}

void TestJsonInput::stringList_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QStringList>("expected");

    QTest::newRow("two items") << R"({"k":["a","b"]})"_ba << QString() << QStringList{u"a"_s, u"b"_s};
    QTest::newRow("max items, max length")
        << R"({"k":["aaaaa","b","c"]})"_ba << QString() << QStringList{u"aaaaa"_s, u"b"_s, u"c"_s};
    QTest::newRow("duplicates dropped, order kept")
        << R"({"k":["b","a","b"]})"_ba << QString() << QStringList{u"b"_s, u"a"_s};
    QTest::newRow("empty array") << R"({"k":[]})"_ba << QString() << QStringList();
    QTest::newRow("missing") << "{}"_ba << QString() << QStringList();
    QTest::newRow("null") << R"({"k":null})"_ba << QString() << QStringList();
    QTest::newRow("string instead of array") << R"({"k":"a"})"_ba << u"invalid_type"_s << QStringList();
    QTest::newRow("object instead of array") << R"({"k":{"a":1}})"_ba << u"invalid_type"_s << QStringList();
    QTest::newRow("too many items") << R"({"k":["a","b","c","d"]})"_ba << u"too_long"_s << QStringList();
    QTest::newRow("number item") << R"({"k":["a",1]})"_ba << u"invalid_value"_s << QStringList();
    QTest::newRow("null item") << R"({"k":[null]})"_ba << u"invalid_value"_s << QStringList();
    QTest::newRow("empty item") << R"({"k":[""]})"_ba << u"invalid_value"_s << QStringList();
    QTest::newRow("blank item") << R"({"k":["  "]})"_ba << u"invalid_value"_s << QStringList();
    QTest::newRow("item too long") << R"({"k":["abcdef"]})"_ba << u"invalid_value"_s << QStringList();
    QTest::newRow("item with control") << R"({"k":["a\u0001"]})"_ba << u"invalid_value"_s << QStringList();
    QTest::newRow("item with newline") << R"({"k":["a\nb"]})"_ba << u"invalid_value"_s << QStringList();
}

void TestJsonInput::stringList()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, code);
    QFETCH(QStringList, expected);

    td::FieldReader reader = readerFor(body);
    const QStringList value = reader.stringList(u"k"_s, 3, 5);
    TD_VERIFY_OUTCOME(reader.ok(), reader.error(), code, code.isEmpty() ? QString() : u"k"_s);
    QCOMPARE(value, expected);
}

void TestJsonInput::requiredObject_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("code");
    QTest::addColumn<int>("size"); // -1: no value

    QTest::newRow("object") << R"({"k":{"a":1,"b":2}})"_ba << QString() << 2;
    QTest::newRow("empty object") << R"({"k":{}})"_ba << QString() << 0;
    QTest::newRow("missing") << "{}"_ba << u"missing_field"_s << -1;
    QTest::newRow("null") << R"({"k":null})"_ba << u"missing_field"_s << -1;
    QTest::newRow("array") << R"({"k":[]})"_ba << u"invalid_type"_s << -1;
    QTest::newRow("string") << R"({"k":"{}"})"_ba << u"invalid_type"_s << -1;
}

void TestJsonInput::requiredObject()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, code);
    QFETCH(int, size);

    td::FieldReader reader = readerFor(body);
    const auto value = reader.requiredObject(u"k"_s);
    TD_VERIFY_OUTCOME(reader.ok(), reader.error(), code, code.isEmpty() ? QString() : u"k"_s);
    QCOMPARE(value.has_value(), size >= 0);
    if (value)
        QCOMPARE(value->size(), size);
}

void TestJsonInput::rejectUnknown_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QStringList>("unknown");

    QTest::newRow("nothing") << "{}"_ba << QStringList();
    QTest::newRow("all known") << R"({"alpha":1,"beta":null})"_ba << QStringList();
    QTest::newRow("one unknown") << R"({"alpha":1,"gamma":2})"_ba << QStringList{u"gamma"_s};
    QTest::newRow("unknown even when null") << R"({"gamma":null})"_ba << QStringList{u"gamma"_s};
    QTest::newRow("case differs") << R"({"Alpha":1})"_ba << QStringList{u"Alpha"_s};
    QTest::newRow("every unknown is named")
        << R"({"alpha":1,"gamma":2,"delta":3})"_ba << QStringList{u"delta"_s, u"gamma"_s};
    QTest::newRow("long key is cut to 64 characters")
        << QByteArray("{\"" + QByteArray(100, 'x') + "\":1}") << QStringList{QString(64, u'x')};
}

void TestJsonInput::rejectUnknown()
{
    QFETCH(QByteArray, body);
    QFETCH(QStringList, unknown);

    td::FieldReader reader = readerFor(body);
    reader.rejectUnknown({u"alpha"_s, u"beta"_s});
    QCOMPARE(reader.ok(), unknown.isEmpty());
    if (unknown.isEmpty())
        return;
    const td::ApiError error = reader.error();
    QCOMPARE(error.code, u"unknown_field"_s);
    QCOMPARE(error.fields.keys(), unknown);
}

void TestJsonInput::hasTreatsNullAsAbsent()
{
    td::FieldReader reader = readerFor(R"({"a":null,"b":0,"c":"","d":false})"_ba);
    QVERIFY(!reader.has(u"a"_s));
    QVERIFY(reader.has(u"b"_s));
    QVERIFY(reader.has(u"c"_s));
    QVERIFY(reader.has(u"d"_s));
    QVERIFY(!reader.has(u"missing"_s));
    QVERIFY(reader.ok());
}

void TestJsonInput::errorNamesEveryFieldAndKeepsFirstCode()
{
    td::FieldReader reader = readerFor(R"({"name":5,"age":-1})"_ba);
    QVERIFY(reader.ok());
    reader.requiredString(u"name"_s, 10);                // invalid_type
    reader.optionalInteger(u"age"_s, 0, 150);            // invalid_value
    reader.requiredString(u"city"_s, 10);                // missing_field
    reader.fail(u"name"_s, u"second problem"_s, u"x"_s); // ignored: name already failed
    QVERIFY(!reader.ok());

    const td::ApiError error = reader.error();
    QVERIFY(error.kind == td::ApiError::Kind::Invalid);
    QCOMPARE(error.code, u"invalid_type"_s);
    QCOMPARE(error.fields.keys(), (QStringList{u"age"_s, u"city"_s, u"name"_s}));
    QCOMPARE(error.fields.value(u"name"_s), u"must be a string"_s);
    QCOMPARE(error.fields.value(u"city"_s), u"is required"_s);
    for (const QString &field : error.fields.keys())
        QVERIFY2(error.message.contains(field + u": "_s), qPrintable(error.message));
}

QTEST_GUILESS_MAIN(TestJsonInput)
#include "tst_jsoninput.moc"

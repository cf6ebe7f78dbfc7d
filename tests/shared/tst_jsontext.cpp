#include "JsonText.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace Qt::StringLiterals;

class TestJsonText : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void insertMembersWritesWhatQtWrites_data();
    void insertMembersWritesWhatQtWrites();
    void stringReadsBackExactly_data();
    void stringReadsBackExactly();
    void stringIsWhatQtWrites_data();
    void stringIsWhatQtWrites();
};

void TestJsonText::insertMembersWritesWhatQtWrites_data()
{
    QTest::addColumn<QJsonObject>("whole");

    const QJsonObject answers{{u"q1"_s, 3}, {u"q2"_s, u"no, pain: {none}"_s}, {u"q3"_s, QJsonArray{1, 4}}};
    QTest::newRow("members before, between and after")
        << QJsonObject{{u"answers"_s, answers},       {u"id"_s, 42},
                       {u"projectCode"_s, u"NCT1"_s}, {u"questionnaire"_s, QJsonValue()},
                       {u"subjectId"_s, u"SUB1"_s},   {u"zeta"_s, true}};
    QTest::newRow("only the inserted members")
        << QJsonObject{{u"answers"_s, QJsonObject()}, {u"id"_s, 1}, {u"projectCode"_s, u"P"_s}};
    QTest::newRow("all inserted members last") << QJsonObject{
        {u"a"_s, 1}, {u"answers"_s, QJsonArray()}, {u"b"_s, u"x"_s}, {u"id"_s, 7}, {u"projectCode"_s, u"Q"_s}};
    QTest::newRow("strings holding quotes, brackets and commas")
        << QJsonObject{{u"answers"_s, answers},
                       {u"b"_s, u"\"},[\\\"{"_s},
                       {u"id"_s, 9},
                       {u"note"_s, QJsonObject{{u"x"_s, u"]}"_s}}},
                       {u"projectCode"_s, u"a\"b\\c\n\u00e9\u4e2d"_s}};
}

// The record encoded without its writer-side members, then completed, must read
// exactly as the whole record encoded at once: a replayed 201 repeats the first byte
// for byte, and the audit entry's hash covers this text.
void TestJsonText::insertMembersWritesWhatQtWrites()
{
    QFETCH(QJsonObject, whole);

    QJsonObject rest = whole;
    for (const QString &key : {u"id"_s, u"projectCode"_s, u"answers"_s})
        rest.remove(key);
    const QByteArray id = QByteArray::number(whole.value(u"id"_s).toInteger());
    const QByteArray code = td::JsonText::string(whole.value(u"projectCode"_s).toString());
    const QJsonValue value = whole.value(u"answers"_s);
    const QJsonDocument answersDocument =
        value.isArray() ? QJsonDocument(value.toArray()) : QJsonDocument(value.toObject());
    const QByteArray answers = answersDocument.toJson(QJsonDocument::Compact);

    const QByteArray joined = td::JsonText::insertMembers(td::JsonText::compact(rest),
                                                          {{"projectCode", code}, {"id", id}, {"answers", answers}});
    QCOMPARE(joined, td::JsonText::compact(whole));
}

void TestJsonText::stringReadsBackExactly_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("empty") << QString();
    QTest::newRow("plain") << u"NCT001"_s;
    QTest::newRow("quotes and backslash") << u"say \"hi\" \\ bye"_s;
    QTest::newRow("control characters") << u"tab\there\u0001\u001f"_s;
    QTest::newRow("non-ASCII") << u"\u4e2d\u6587 \U0001F600"_s;
}

void TestJsonText::stringReadsBackExactly()
{
    QFETCH(QString, text);
    const QByteArray literal = td::JsonText::string(text);
    QVERIFY(literal.startsWith('"') && literal.endsWith('"'));
    const QJsonDocument parsed = QJsonDocument::fromJson("[" + literal + "]");
    QVERIFY(parsed.isArray());
    QCOMPARE(parsed.array().at(0).toString(), text);
}

void TestJsonText::stringIsWhatQtWrites_data()
{
    stringReadsBackExactly_data();
    QTest::newRow("every escape") << u"\b\f\n\r\t\u0000\u001b\"\\/"_s;
    QTest::newRow("DEL and the ends of the BMP") << u"\u007f\u0080\u07ff\u0800\uffff"_s;
    QTest::newRow("lone high surrogate") << QString(QChar(0xd800)) + u"x"_s;
    QTest::newRow("lone low surrogate at the end") << u"x"_s + QChar(0xdc00);
    QTest::newRow("surrogate pair") << u"\U0010FFFF"_s;
}

// Hand-written encoders (QuestionnaireSubmission::toJsonText) rely on this being the
// same bytes as Qt's writer, for every string a client could send.
void TestJsonText::stringIsWhatQtWrites()
{
    QFETCH(QString, text);
    const QByteArray qt = QJsonDocument(QJsonArray{text}).toJson(QJsonDocument::Compact);
    QCOMPARE(td::JsonText::string(text), qt.mid(1, qt.size() - 2));
}

QTEST_GUILESS_MAIN(TestJsonText)
#include "tst_jsontext.moc"

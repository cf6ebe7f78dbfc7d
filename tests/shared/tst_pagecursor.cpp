#include "PageCursor.h"

#include <QRegularExpression>
#include <QTest>

using namespace Qt::StringLiterals;

class TestPageCursor : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void roundTrip_data();
    void roundTrip();
    void rejectsWrongPartCount_data();
    void rejectsWrongPartCount();
    void rejectsGarbage_data();
    void rejectsGarbage();
    void distinctKeysGiveDistinctCursors();
    void lengthLimit();
};

void TestPageCursor::roundTrip_data()
{
    QTest::addColumn<QStringList>("key");

    QTest::newRow("timestamp and id") << QStringList{u"2024-05-01T00:00:00.000Z"_s, u"42"_s};
    QTest::newRow("single part") << QStringList{u"ABC-01"_s};
    QTest::newRow("three parts") << QStringList{u"Site A"_s, u"2024-05-01T00:00:00.000Z"_s, u"S-001"_s};
    QTest::newRow("empty parts") << QStringList{QString(), QString()};
    QTest::newRow("one empty part") << QStringList{u"x"_s, QString()};
    QTest::newRow("non-ascii") << QStringList{u"\u4e2d\u6587 \u00e9"_s, u"\U0001F600"_s};
    QTest::newRow("base64 special characters in the text") << QStringList{u"a+b/c=="_s, u"-_"_s};
    QTest::newRow("bytes that need the url alphabet") << QStringList{u"\u00ff\u00ff\u00fe"_s, u"?>?"_s};
    QTest::newRow("long part") << QStringList{QString(300, u'x'), u"1"_s};
}

void TestPageCursor::roundTrip()
{
    QFETCH(QStringList, key);

    const QString cursor = td::PageCursor::encode(key);
    QVERIFY(!cursor.isEmpty());
    // Opaque and safe to put in a URL query without escaping.
    static const QRegularExpression urlSafe(u"^[A-Za-z0-9_-]+\\z"_s);
    QVERIFY2(urlSafe.match(cursor).hasMatch(), qPrintable(cursor));
    for (const QString &part : key) {
        if (part.size() > 2)
            QVERIFY2(!cursor.contains(part), "the cursor shows its key in plain text");
    }

    const auto decoded = td::PageCursor::decode(cursor, int(key.size()));
    QVERIFY(decoded);
    QCOMPARE(*decoded, key);
}

void TestPageCursor::rejectsWrongPartCount_data()
{
    QTest::addColumn<QStringList>("key");
    QTest::addColumn<int>("expectedParts");

    QTest::newRow("1 part, 2 expected") << QStringList{u"a"_s} << 2;
    QTest::newRow("2 parts, 1 expected") << QStringList{u"a"_s, u"b"_s} << 1;
    QTest::newRow("2 parts, 3 expected") << QStringList{u"a"_s, u"b"_s} << 3;
    QTest::newRow("3 parts, 2 expected") << QStringList{u"a"_s, u"b"_s, u"c"_s} << 2;
    QTest::newRow("2 empty parts, 1 expected") << QStringList{QString(), QString()} << 1;
}

void TestPageCursor::rejectsWrongPartCount()
{
    QFETCH(QStringList, key);
    QFETCH(int, expectedParts);
    QVERIFY(!td::PageCursor::decode(td::PageCursor::encode(key), expectedParts));
    QVERIFY(td::PageCursor::decode(td::PageCursor::encode(key), int(key.size())));
}

void TestPageCursor::rejectsGarbage_data()
{
    QTest::addColumn<QString>("cursor");

    const QString valid = td::PageCursor::encode({u"2024-05-01T00:00:00.000Z"_s, u"42"_s});
    QTest::newRow("empty") << QString();
    QTest::newRow("punctuation") << u"!!!!"_s;
    QTest::newRow("standard alphabet plus") << QString(valid + u"+"_s);
    QTest::newRow("standard alphabet slash") << QString(u"/"_s + valid);
    QTest::newRow("padding in the middle") << QString(valid.left(4) + u"="_s + valid.mid(4));
    QTest::newRow("space inside") << QString(valid.left(4) + u" "_s + valid.mid(4));
    QTest::newRow("percent-encoded") << QString(valid.left(4) + u"%3D"_s);
    QTest::newRow("non-latin-1") << QString(valid + u"\u4e2d"_s);
    QTest::newRow("latin-1 letter") << QString(valid + u"\u00e9"_s);
    QTest::newRow("json instead of a cursor") << u"{\"after\":42}"_s;
    QTest::newRow("plain text key") << u"2024-05-01T00:00:00.000Z,42"_s;
    QTest::newRow("longer than 512 characters") << QString(td::PageCursor::encode({QString(400, u'x'), u"1"_s}));
    QTest::newRow("arbitrary base64 with two parts")
        << QString::fromLatin1(QByteArray("2024-05-01T00:00:00.000Z\x1f"
                                          "42")
                                   .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

void TestPageCursor::rejectsGarbage()
{
    QFETCH(QString, cursor);
    QVERIFY(!td::PageCursor::decode(cursor, 2));
}

void TestPageCursor::distinctKeysGiveDistinctCursors()
{
    const QList<QStringList> keys = {
        {u"a"_s, u"b"_s}, {u"ab"_s, QString()}, {QString(), u"ab"_s}, {u"a"_s, u"c"_s}, {u"b"_s, u"a"_s},
    };
    QStringList cursors;
    for (const QStringList &key : keys)
        cursors << td::PageCursor::encode(key);
    cursors.removeDuplicates();
    QCOMPARE(cursors.size(), keys.size());
}

// Cursors up to 512 characters are accepted, longer ones refused unread.
void TestPageCursor::lengthLimit()
{
    int n = 1;
    while (td::PageCursor::encode({QString(n + 1, u'x'), u"1"_s}).size() <= 512)
        ++n;
    const QStringList longest{QString(n, u'x'), u"1"_s};
    const QString fits = td::PageCursor::encode(longest);
    QVERIFY(fits.size() <= 512);
    QVERIFY(fits.size() > 500);
    const auto decoded = td::PageCursor::decode(fits, 2);
    QVERIFY(decoded);
    QCOMPARE(*decoded, longest);

    const QString tooLong = td::PageCursor::encode({QString(n + 1, u'x'), u"1"_s});
    QVERIFY(tooLong.size() > 512);
    QVERIFY(!td::PageCursor::decode(tooLong, 2));
}

QTEST_GUILESS_MAIN(TestPageCursor)
#include "tst_pagecursor.moc"

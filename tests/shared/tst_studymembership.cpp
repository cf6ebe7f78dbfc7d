#include "CurrentUser.h"
#include "StudyMembership.h"
#include "TestSupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace Qt::StringLiterals;
using tdtest::row;

class TestStudyMembership : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void changeFromJson_data();
    void changeFromJson();
    void changeKeepsSitesInOrderWithoutDuplicates();
    void membershipRoundTrip_data();
    void membershipRoundTrip();
    void coversSite();
    void currentUserCarriesMemberships();
};

void TestStudyMembership::changeFromJson_data()
{
    tdtest::addColumns();
    row("crc at one site", R"({"studyRole":"crc","sites":["Beijing"]})");
    row("pm, every site", R"({"studyRole":"pm","sites":[]})");
    row("monitor, sites absent", R"({"studyRole":"monitor"})");
    row("role missing", R"({"sites":["Beijing"]})", u"missing_field"_s, u"studyRole"_s);
    row("role admin", R"({"studyRole":"admin"})", u"invalid_value"_s, u"studyRole"_s);
    row("role subject", R"({"studyRole":"subject"})", u"invalid_value"_s, u"studyRole"_s);
    row("role a number", R"({"studyRole":2})", u"invalid_value"_s, u"studyRole"_s);
    row("role upper case", R"({"studyRole":"CRC"})", u"invalid_value"_s, u"studyRole"_s);
    row("sites not an array", R"({"studyRole":"crc","sites":"Beijing"})", u"invalid_type"_s, u"sites"_s);
    row("site empty", R"({"studyRole":"crc","sites":[""]})", u"invalid_value"_s, u"sites"_s);
    row("site blank", R"({"studyRole":"crc","sites":["  "]})", u"invalid_value"_s, u"sites"_s);
    row("site a number", R"({"studyRole":"crc","sites":[1]})", u"invalid_value"_s, u"sites"_s);
    row("site too long", R"({"studyRole":"crc","sites":[")" + QByteArray(101, 's') + R"("]})", u"invalid_value"_s,
        u"sites"_s);
    row("unknown field", R"({"studyRole":"crc","role":"crc"})", u"unknown_field"_s, u"role"_s);
}

void TestStudyMembership::changeFromJson()
{
    tdtest::verifyDecoding(&td::MembershipChange::fromJson);
}

void TestStudyMembership::changeKeepsSitesInOrderWithoutDuplicates()
{
    td::ApiError error;
    const auto change = td::MembershipChange::fromJson(
        QJsonObject{{u"studyRole"_s, u"crc"_s}, {u"sites"_s, QJsonArray{u"上海"_s, u"Beijing"_s, u"上海"_s}}}, &error);
    QVERIFY2(change, qPrintable(error.message));
    QVERIFY(change->studyRole == td::Role::Crc);
    QCOMPARE(change->sites, (QStringList{u"上海"_s, u"Beijing"_s}));
    const auto back = td::MembershipChange::fromJson(change->toJson(), &error);
    QVERIFY2(back, qPrintable(error.message));
    QCOMPARE(back->sites, change->sites);
}

void TestStudyMembership::membershipRoundTrip_data()
{
    QTest::addColumn<QString>("role");
    QTest::addColumn<QStringList>("sites");
    QTest::newRow("pm, all sites") << u"pm"_s << QStringList();
    QTest::newRow("crc, one site") << u"crc"_s << QStringList{u"Beijing"_s};
    QTest::newRow("monitor, two sites") << u"monitor"_s << QStringList{u"Beijing"_s, u"成都"_s};
}

void TestStudyMembership::membershipRoundTrip()
{
    QFETCH(QString, role);
    QFETCH(QStringList, sites);
    const td::StudyMembership m{u"NCT007"_s, u"li"_s,
                                u"Li Lei"_s, *td::roleFromName(role),
                                sites,       QDateTime(QDate(2026, 5, 1), QTime(8, 30), Qt::UTC),
                                u"admin"_s};
    const QJsonObject json = m.toJson();
    // The exact shape the desktop reads.
    QCOMPARE(json.keys(), (QStringList{u"createdAt"_s, u"createdBy"_s, u"displayName"_s, u"projectCode"_s, u"sites"_s,
                                       u"studyRole"_s, u"username"_s}));
    QCOMPARE(json.value(u"studyRole"_s).toString(), role);
    QCOMPARE(json.value(u"createdAt"_s).toString(), u"2026-05-01T08:30:00.000Z"_s);
    const QJsonObject wire = QJsonDocument::fromJson(QJsonDocument(json).toJson()).object();
    const td::StudyMembership back = td::StudyMembership::fromJson(wire);
    QCOMPARE(back.projectCode, m.projectCode);
    QCOMPARE(back.username, m.username);
    QCOMPARE(back.displayName, m.displayName);
    QVERIFY(back.studyRole == m.studyRole);
    QCOMPARE(back.sites, m.sites);
    QCOMPARE(back.createdAt, m.createdAt);
    QCOMPARE(back.createdBy, m.createdBy);
    const QJsonObject scope = m.toScopeJson();
    QCOMPARE(scope.keys(), (QStringList{u"projectCode"_s, u"sites"_s, u"studyRole"_s}));
}

void TestStudyMembership::coversSite()
{
    td::StudyMembership everywhere;
    QVERIFY(everywhere.coversSite(u"Beijing"_s));
    QVERIFY(everywhere.coversSite(QString()));
    td::StudyMembership one;
    one.sites = {u"Beijing"_s};
    QVERIFY(one.coversSite(u"Beijing"_s));
    QVERIFY(!one.coversSite(u"Shanghai"_s));
    QVERIFY(!one.coversSite(QString())); // a subject without a site is not at the member's site
}

void TestStudyMembership::currentUserCarriesMemberships()
{
    td::StudyMembership m;
    m.projectCode = u"NCT007"_s;
    m.studyRole = td::Role::Crc;
    m.sites = {u"Beijing"_s};
    const td::CurrentUser me{u"li"_s, td::Role::Monitor, u"Li Lei"_s, std::nullopt, {m}};
    const QJsonObject json = me.toJson();
    const QJsonArray memberships = json.value(u"memberships"_s).toArray();
    QCOMPARE(memberships.size(), 1);
    QCOMPARE(memberships.first().toObject(), m.toScopeJson());
    const td::CurrentUser back = td::CurrentUser::fromJson(json);
    QCOMPARE(back.memberships.size(), 1);
    QCOMPARE(back.memberships.first().projectCode, u"NCT007"_s);
    QVERIFY(back.memberships.first().studyRole == td::Role::Crc);
    QCOMPARE(back.memberships.first().sites, m.sites);
    // An admin's answer: an empty list, meaning every study.
    const td::CurrentUser admin{u"root"_s, td::Role::Admin, u"Root"_s, std::nullopt, {}};
    QVERIFY(admin.toJson().value(u"memberships"_s).isArray());
    QVERIFY(admin.toJson().value(u"memberships"_s).toArray().isEmpty());
}

QTEST_GUILESS_MAIN(TestStudyMembership)
#include "tst_studymembership.moc"

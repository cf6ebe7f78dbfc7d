#include "CurrentUser.h"
#include "Session.h"

#include <QJsonDocument>
#include <QTest>
#include <QTimeZone>

using namespace Qt::StringLiterals;

// Session, its StaffAccount and CurrentUser: the answers that say who is signed in.
class TestSession : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void sessionRoundTrip_data();
    void sessionRoundTrip();
    void accountNeverCarriesTheHash();
    void currentUserRoundTrip_data();
    void currentUserRoundTrip();
};

namespace {

QDateTime at(int hour)
{
    return QDateTime(QDate(2025, 6, 15), QTime(hour, 0), QTimeZone::utc());
}

QJsonObject overTheWire(const QJsonObject &json)
{
    return QJsonDocument::fromJson(QJsonDocument(json).toJson(QJsonDocument::Compact)).object();
}

} // namespace

void TestSession::sessionRoundTrip_data()
{
    QTest::addColumn<QString>("role");
    QTest::addColumn<bool>("locked");
    for (const QString &role : td::staffRoleNames()) {
        QTest::addRow("%s", qPrintable(role)) << role << false;
        QTest::addRow("%s, locked before", qPrintable(role)) << role << true;
    }
}

void TestSession::sessionRoundTrip()
{
    QFETCH(QString, role);
    QFETCH(bool, locked);
    td::Session session;
    session.token = u"td_abc"_s;
    session.expiresAt = at(20);
    session.user.username = u"wang"_s;
    session.user.displayName = u"Wang Fang"_s;
    session.user.role = *td::roleFromName(role);
    session.user.createdAt = at(1);
    session.user.updatedAt = at(2);
    if (locked)
        session.user.lockedUntil = at(3);

    const QJsonObject json = session.toJson();
    QCOMPARE(json.value(u"user"_s).toObject().value(u"role"_s).toString(), role);
    const td::Session back = td::Session::fromJson(overTheWire(json));
    QCOMPARE(back.token, session.token);
    QCOMPARE(back.expiresAt, session.expiresAt);
    QCOMPARE(back.user.username, session.user.username);
    QCOMPARE(back.user.displayName, session.user.displayName);
    QCOMPARE(td::roleName(back.user.role), role);
    QCOMPARE(back.user.lockedUntil, session.user.lockedUntil);
    QCOMPARE(back.toJson(), json);
}

void TestSession::accountNeverCarriesTheHash()
{
    td::StaffAccount account;
    account.username = u"admin"_s;
    account.passwordHash = u"$argon2id$v=19$secret"_s;
    const QJsonObject json = account.toJson();
    QCOMPARE(json.keys(), (QStringList{u"createdAt"_s, u"disabled"_s, u"displayName"_s, u"lockedUntil"_s, u"role"_s,
                                       u"updatedAt"_s, u"username"_s}));
    QVERIFY(!QJsonDocument(json).toJson().contains("argon2id"));
    QVERIFY(json.value(u"lockedUntil"_s).isNull());
    QVERIFY(td::StaffAccount::fromJson(json).passwordHash.isEmpty());
}

void TestSession::currentUserRoundTrip_data()
{
    QTest::addColumn<bool>("expires");
    QTest::newRow("expiring token") << true;
    QTest::newRow("token without expiry") << false;
}

void TestSession::currentUserRoundTrip()
{
    QFETCH(bool, expires);
    const td::CurrentUser me{u"li"_s, td::Role::Crc, u"Li Lei"_s, expires ? std::optional(at(9)) : std::nullopt, {}};
    const QJsonObject json = me.toJson();
    QVERIFY(json.contains(u"expiresAt"_s)); // null when the token does not expire
    QCOMPARE(json.value(u"expiresAt"_s).isNull(), !expires);
    const td::CurrentUser back = td::CurrentUser::fromJson(overTheWire(json));
    QCOMPARE(back.username, me.username);
    QVERIFY(back.role == me.role);
    QCOMPARE(back.displayName, me.displayName);
    QCOMPARE(back.expiresAt, me.expiresAt);
}

QTEST_GUILESS_MAIN(TestSession)
#include "tst_session.moc"

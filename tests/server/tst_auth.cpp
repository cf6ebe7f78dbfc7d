// Accounts and sign-in against a real trialdesk-server process (docs/security.md,
// "The first account" and "Signing in"): login answers, identical refusals for a
// wrong password and an unknown account, bearer tokens (missing, garbage, expired,
// revoked, also while the session is busy), equal timing for unknown accounts,
// tokens stored only as SHA-256, --token-lifetime, lock-out, the password rule, the
// users API and the users command line (also while the server writes), and the
// per-address sign-in and per-token submission rate limits.

#include "HttpClient.h"
#include "SecurityTestKit.h"
#include "TestServer.h"
#include "Timestamps.h"

#include <QCryptographicHash>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QProcess>
#include <QTest>
#include <QTimer>
#include <algorithm>
#include <memory>

using namespace Qt::StringLiterals;
using namespace td::test::security;
using td::test::HttpClient;
using td::test::HttpReply;
using td::test::TestServer;

namespace {

const QString kNewPassword = u"another-passphrase-42"_s;

qint64 medianMs(QList<qint64> values)
{
    std::sort(values.begin(), values.end());
    return values.isEmpty() ? 0 : values.at(values.size() / 2);
}

QStringList usernamesOf(const QJsonArray &users)
{
    QStringList names;
    for (const QJsonValue &u : users)
        names << u.toObject().value(u"username"_s).toString();
    return names;
}

} // namespace

class TestAuth : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void loginAnswersTokenExpiryAndUser();
    void wrongPasswordAndUnknownUserAnswerAlike();
    void unknownAccountTakesAsLongAsWrongPassword();
    void tokensAreStoredOnlyAsSha256();
    void tokenLifetimeOption();
    void malformedLoginIsRefused_data();
    void malformedLoginIsRefused();
    void missingOrBadTokenIs401_data();
    void missingOrBadTokenIs401();
    void expiredTokenIs401();
    void logoutRevokesOnlyThatToken();
    void logoutEndsASessionInUseAtOnce();
    void fiveFailuresLockTheAccount();
    void shortPasswordRefusedByCommandLine();
    void shortPasswordRefusedByApi();
    void usersApiListsAndCreates();
    void usersApiRefusesDuplicatesAndBadInput();
    void roleChangeTakesEffectAndRevokesSessions();
    void disablingStopsTokenImmediately();
    void disablingEndsSessionsInUseAtOnce();
    void passwordChangeRevokesSessions();
    void commandLineListsUsers();
    void commandLineDisablesAndEnables();
    void commandLineDisableEndsSessionsInUseAtOnce();
    void commandLineSetsPassword();
    void commandLineRefusesUnknownAccount();
    void commandLineWaitsForABusyDatabase();
    void serverWaitsForABusyDatabase();
    void loginRateLimitPerAddress();
    void submissionRatePerToken();

private:
    // A fresh staff account made through the users API; returns its first token.
    QString newAccount(const QString &username, const QString &role);
    QUrl url(const QString &path) const { return m_server->url(path); }

    std::unique_ptr<TestServer> m_server;
    HttpClient m_http;
    QString m_admin;
};

void TestAuth::initTestCase()
{
    // Sign-in rate limiting is tested on its own server below: this one signs in a lot.
    m_server = std::make_unique<TestServer>(QStringList{u"--no-request-log"_s, u"--login-rate"_s, u"0"_s});
    QVERIFY2(m_server->start(), m_server->log().constData());
    m_admin = m_server->adminToken();
}

QString TestAuth::newAccount(const QString &username, const QString &role)
{
    const HttpReply created =
        call(m_http, m_admin, "POST", url(u"/api/v1/users"_s),
             jsonBytes({{u"username"_s, username}, {u"role"_s, role}, {u"password"_s, password()}}));
    if (created.status != 201) {
        qWarning("creating %s: %s", qPrintable(username), describe(created).constData());
        return {};
    }
    return tokenOf(login(m_http, *m_server, username));
}

void TestAuth::loginAnswersTokenExpiryAndUser()
{
    const QString pm = m_server->createStaff(u"login-pm"_s, u"pm"_s);
    QVERIFY(!pm.isEmpty());
    const QDateTime before = QDateTime::currentDateTimeUtc();
    const HttpReply reply = login(m_http, *m_server, u"login-pm"_s);
    QVERIFY2(reply.status == 200, describe(reply).constData());
    const QJsonObject body = reply.json();
    const QString token = body.value(u"token"_s).toString();
    QVERIFY2(token.size() >= 40, describe(reply).constData());
    QVERIFY(token != pm); // every sign-in gets its own token
    // Staff tokens last 12 hours by default.
    const auto expiresAt = td::parseTimestamp(body.value(u"expiresAt"_s).toString());
    QVERIFY2(expiresAt.has_value(), describe(reply).constData());
    QVERIFY2(*expiresAt >= before.addSecs(12 * 3600 - 60) && *expiresAt <= before.addSecs(12 * 3600 + 120),
             describe(reply).constData());
    const QJsonObject user = body.value(u"user"_s).toObject();
    QCOMPARE(user.value(u"username"_s).toString(), u"login-pm"_s);
    QCOMPARE(user.value(u"role"_s).toString(), u"pm"_s);
    QCOMPARE(user.value(u"disabled"_s), QJsonValue(false));
    QVERIFY2(!user.contains(u"passwordHash"_s) && !reply.body.contains("argon2"), describe(reply).constData());

    // The token works and says who it is.
    const HttpReply me = call(m_http, token, "GET", url(u"/api/v1/auth/me"_s));
    QVERIFY2(me.status == 200, describe(me).constData());
    QCOMPARE(me.json().value(u"username"_s).toString(), u"login-pm"_s);
    QCOMPARE(me.json().value(u"role"_s).toString(), u"pm"_s);
    QCOMPARE(me.json().value(u"expiresAt"_s).toString(), body.value(u"expiresAt"_s).toString());
}

void TestAuth::wrongPasswordAndUnknownUserAnswerAlike()
{
    QVERIFY(!m_server->createStaff(u"alike"_s, u"crc"_s).isEmpty());
    const HttpReply wrongPassword = login(m_http, *m_server, u"alike"_s, u"not-the-password"_s);
    const HttpReply unknownUser = login(m_http, *m_server, u"nobody-here"_s, u"not-the-password"_s);
    const HttpReply unknownRightPassword = login(m_http, *m_server, u"nobody-either"_s);
    SECURITY_CHECK(checkError(wrongPassword, 401, u"invalid_credentials"_s));
    SECURITY_CHECK(checkError(unknownUser, 401, u"invalid_credentials"_s));
    QCOMPARE(unknownUser.body, wrongPassword.body);
    QCOMPARE(unknownRightPassword.body, wrongPassword.body);
    QVERIFY(!wrongPassword.json().contains(u"token"_s));
    // Usernames are exact: another case is another (unknown) account.
    const HttpReply otherCase = login(m_http, *m_server, u"ALIKE"_s);
    QCOMPARE(otherCase.status, 401);
    QCOMPARE(otherCase.body, wrongPassword.body);
}

void TestAuth::unknownAccountTakesAsLongAsWrongPassword()
{
    // "the same timing whether or not the account exists": a dummy hash is checked
    // for unknown accounts. Medians of a few attempts each, interleaved; an
    // unchecked unknown account would answer many times faster.
    QVERIFY(!m_server->createStaff(u"timed"_s, u"crc"_s).isEmpty());
    login(m_http, *m_server, u"timed-warmup"_s, u"wrong-password-0"_s); // the dummy hash is made on first use
    QList<qint64> wrong;
    QList<qint64> unknown;
    for (int i = 0; i < 4; ++i) { // fewer than the five failures that lock
        QElapsedTimer timer;
        timer.start();
        QCOMPARE(login(m_http, *m_server, u"timed"_s, u"wrong-password-%1"_s.arg(i)).status, 401);
        wrong << timer.restart();
        QCOMPARE(login(m_http, *m_server, u"timed-ghost-%1"_s.arg(i), u"wrong-password-%1"_s.arg(i)).status, 401);
        unknown << timer.elapsed();
    }
    const qint64 w = medianMs(wrong);
    const qint64 u = medianMs(unknown);
    const QByteArray what =
        "median wrong password " + QByteArray::number(w) + " ms, unknown account " + QByteArray::number(u) + " ms";
    QVERIFY2(w >= 5, what.constData()); // the password hash really is checked
    QVERIFY2(u * 2 >= w && w * 2 >= u, what.constData());
    QCOMPARE(login(m_http, *m_server, u"timed"_s).status, 200); // clears the failures
}

void TestAuth::tokensAreStoredOnlyAsSha256()
{
    QVERIFY(!m_server->createStaff(u"hashed"_s, u"monitor"_s).isEmpty());
    const QString token = tokenOf(login(m_http, *m_server, u"hashed"_s));
    QVERIFY(token.size() >= 40);
    const QString sha256 =
        QString::fromLatin1(QCryptographicHash::hash(token.toUtf8(), QCryptographicHash::Sha256).toHex());
    SqlFile db(m_server->databaseFile());
    QCOMPARE(db.scalar(u"SELECT COUNT(*) FROM access_tokens WHERE token_hash = ? AND principal = 'hashed'"_s, {sha256})
                 .toInt(),
             1);
    QCOMPARE(db.scalar(u"SELECT COUNT(*) FROM access_tokens WHERE token_hash = ?"_s, {token}).toInt(), 0);
    if (TestServer::usesPostgres()) {
        // The token's text is in no row of any table (PostgreSQL's files are the
        // cluster's, shared with other tests; what the server stored is the rows).
        const QList<QVariantList> tables = db.rows(u"SELECT table_name FROM information_schema.tables "
                                                   "WHERE table_schema = current_schema()"_s);
        QVERIFY(tables.size() >= 9);
        for (const QVariantList &table : tables) {
            const QString sql = u"SELECT COUNT(*) FROM %1 t WHERE t::text LIKE ?"_s.arg(table.first().toString());
            QCOMPARE(db.scalar(sql, {QVariant(QString(u"%"_s + token.mid(3) + u"%"_s))}).toInt(), 0);
        }
        return;
    }
    // The token's text is nowhere in the database files (main file and write-ahead log).
    const QStringList files = QDir(m_server->dataDir()).entryList({u"trialdesk.sqlite3*"_s}, QDir::Files);
    QVERIFY(!files.isEmpty());
    for (const QString &name : files) {
        QFile file(QDir(m_server->dataDir()).filePath(name));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray bytes = file.readAll();
        QVERIFY2(!bytes.contains(token.toLatin1()), qPrintable(name));
        QVERIFY2(!bytes.contains(token.mid(3).toLatin1()), qPrintable(name)); // nor without its td_ prefix
    }
}

void TestAuth::tokenLifetimeOption()
{
    TestServer shortLived({u"--no-request-log"_s, u"--token-lifetime"_s, u"1"_s});
    QVERIFY2(shortLived.start(), shortLived.log().constData());
    const QDateTime before = QDateTime::currentDateTimeUtc();
    const HttpReply reply = login(m_http, shortLived, u"admin"_s);
    QVERIFY2(reply.status == 200, describe(reply).constData());
    const auto expiresAt = td::parseTimestamp(reply.json().value(u"expiresAt"_s).toString());
    QVERIFY2(expiresAt && *expiresAt >= before.addSecs(55) && *expiresAt <= before.addSecs(70),
             describe(reply).constData());
    SqlFile db(shortLived.databaseFile());
    const auto stored = td::parseTimestamp(
        db.scalar(u"SELECT expires_at FROM access_tokens WHERE token_hash = ?"_s,
                  {QString::fromLatin1(
                      QCryptographicHash::hash(tokenOf(reply).toUtf8(), QCryptographicHash::Sha256).toHex())})
            .toString());
    QVERIFY(stored && *stored == *expiresAt);
}

void TestAuth::malformedLoginIsRefused_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::newRow("no password") << QByteArray("{\"username\":\"admin\"}");
    QTest::newRow("no username") << QByteArray("{\"password\":\"test-password-123\"}");
    QTest::newRow("password not a string") << QByteArray("{\"username\":\"admin\",\"password\":12345678901}");
    QTest::newRow("unknown field") << QByteArray("{\"username\":\"admin\",\"password\":\"x\",\"role\":\"admin\"}");
    QTest::newRow("not json") << QByteArray("username=admin&password=test-password-123");
}

void TestAuth::malformedLoginIsRefused()
{
    QFETCH(QByteArray, body);
    const HttpReply reply = call(m_http, QString(), "POST", url(u"/api/v1/auth/login"_s), body);
    QVERIFY2(reply.status == 400, describe(reply).constData());
    QVERIFY(!reply.json().contains(u"token"_s));
}

void TestAuth::missingOrBadTokenIs401_data()
{
    QTest::addColumn<QByteArray>("authorization");
    QTest::newRow("none") << QByteArray();
    QTest::newRow("garbage") << QByteArray("Bearer garbage");
    QTest::newRow("well-formed but unknown") << QByteArray("Bearer td_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
    QTest::newRow("empty bearer") << QByteArray("Bearer ");
    QTest::newRow("basic scheme") << QByteArray("Basic YWRtaW46dGVzdC1wYXNzd29yZC0xMjM=");
    QTest::newRow("token without scheme") << QByteArray("td_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
    QTest::newRow("very long") << QByteArray("Bearer " + QByteArray(4000, 'a'));
}

void TestAuth::missingOrBadTokenIs401()
{
    QFETCH(QByteArray, authorization);
    for (const QString &path : {u"/api/v1/projects"_s, u"/api/v1/auth/me"_s, u"/api/v1/users"_s}) {
        m_http.setToken(QString());
        td::test::Headers headers;
        if (!authorization.isEmpty())
            headers.append({"Authorization", authorization});
        const HttpReply reply = m_http.get(url(path), headers);
        SECURITY_CHECK(checkUnauthorized(reply));
        QCOMPARE(reply.json().value(u"code"_s).toString(), u"unauthorized"_s);
    }
}

void TestAuth::expiredTokenIs401()
{
    QVERIFY(!m_server->createStaff(u"expiring"_s, u"monitor"_s).isEmpty());
    const QString token = tokenOf(login(m_http, *m_server, u"expiring"_s));
    QVERIFY(!token.isEmpty());
    // Age every session of this account past its expiry, as if 12 hours had gone by
    // (the tokens were not used yet, so the server has nothing cached for them).
    SqlFile db(m_server->databaseFile(), true);
    const int aged = db.change(u"UPDATE access_tokens SET expires_at = ? WHERE principal = ? AND kind = 'staff'"_s,
                               {td::formatTimestamp(QDateTime::currentDateTimeUtc().addSecs(-60)), u"expiring"_s});
    QVERIFY2(aged == 2, qPrintable(db.lastError()));
    const HttpReply reply = call(m_http, token, "GET", url(u"/api/v1/auth/me"_s));
    SECURITY_CHECK(checkUnauthorized(reply));
    // Signing in again gives a working token.
    const QString fresh = tokenOf(login(m_http, *m_server, u"expiring"_s));
    QCOMPARE(call(m_http, fresh, "GET", url(u"/api/v1/auth/me"_s)).status, 200);
}

void TestAuth::logoutRevokesOnlyThatToken()
{
    QVERIFY(!m_server->createStaff(u"leaver"_s, u"crc"_s).isEmpty());
    const QString first = tokenOf(login(m_http, *m_server, u"leaver"_s));
    const QString second = tokenOf(login(m_http, *m_server, u"leaver"_s));
    QVERIFY(!first.isEmpty() && !second.isEmpty());
    QCOMPARE(call(m_http, first, "GET", url(u"/api/v1/projects"_s)).status, 200); // now cached by the server
    const HttpReply out = call(m_http, first, "POST", url(u"/api/v1/auth/logout"_s));
    QVERIFY2(out.status == 204, describe(out).constData());
    SECURITY_CHECK(checkUnauthorized(call(m_http, first, "GET", url(u"/api/v1/projects"_s))));
    SECURITY_CHECK(checkUnauthorized(call(m_http, first, "POST", url(u"/api/v1/auth/logout"_s))));
    // The account's other session is untouched.
    QCOMPARE(call(m_http, second, "GET", url(u"/api/v1/auth/me"_s)).status, 200);
}

void TestAuth::logoutEndsASessionInUseAtOnce()
{
    // "POST /api/v1/auth/logout revokes one at once" - also while the same session
    // is busy with other requests (several tabs, a polling client).
    QVERIFY(!m_server->createStaff(u"busy-leaver"_s, u"crc"_s).isEmpty());
    for (int round = 0; round < 3; ++round) {
        const QString token = tokenOf(login(m_http, *m_server, u"busy-leaver"_s));
        QVERIFY(!token.isEmpty());
        TokenInUse inUse(url(u"/api/v1/auth/me"_s), token);
        spin(300);
        const HttpReply out = call(m_http, token, "POST", url(u"/api/v1/auth/logout"_s));
        QVERIFY2(out.status == 204, describe(out).constData());
        inUse.stop();
        QVERIFY(inUse.answered(200) > 0);
        const HttpReply after = call(m_http, token, "GET", url(u"/api/v1/auth/me"_s));
        QVERIFY2(after.status == 401,
                 qPrintable(u"round %1, after logout: "_s.arg(round) + QString::fromUtf8(describe(after))));
    }
}

void TestAuth::fiveFailuresLockTheAccount()
{
    QVERIFY(!m_server->createStaff(u"locky"_s, u"crc"_s).isEmpty()); // signs in once
    for (int i = 1; i <= 5; ++i) {
        const HttpReply failed = login(m_http, *m_server, u"locky"_s, u"wrong-password-%1"_s.arg(i));
        QVERIFY2(failed.status == 401, qPrintable(u"attempt %1: "_s.arg(i) + QString::fromUtf8(describe(failed))));
    }
    const HttpReply locked = login(m_http, *m_server, u"locky"_s, u"wrong-password-6"_s);
    SECURITY_CHECK(checkError(locked, 429, u"account_locked"_s));
    bool ok = false;
    const int retryAfter = locked.header("Retry-After").toInt(&ok);
    QVERIFY2(ok && retryAfter > 14 * 60 && retryAfter <= 15 * 60 + 1, locked.header("Retry-After").constData());
    // While locked, even the right password is refused.
    const HttpReply right = login(m_http, *m_server, u"locky"_s);
    SECURITY_CHECK(checkError(right, 429, u"account_locked"_s));
    QVERIFY(!right.header("Retry-After").isEmpty());
    QVERIFY(!right.json().contains(u"token"_s));
    const HttpReply users = call(m_http, m_admin, "GET", url(u"/api/v1/users"_s));
    for (const QJsonValue &u : users.jsonArray()) {
        if (u.toObject().value(u"username"_s).toString() == u"locky"_s)
            QVERIFY2(!u.toObject().value(u"lockedUntil"_s).isNull(), describe(users).constData());
    }
    // Other accounts are not affected.
    QCOMPARE(login(m_http, *m_server, u"alike"_s).status, 200);

    // Audited: five failures and the lock.
    QString failure;
    const QJsonArray entries = auditEntries(m_http, *m_server, m_admin, u"entity=user&id=locky"_s, &failure);
    QVERIFY2(failure.isEmpty(), qPrintable(failure));
    const QList<QJsonObject> failures = withAction(entries, u"login_failed"_s);
    QVERIFY2(failures.size() >= 5, qPrintable(compactText(entries)));
    for (const QJsonObject &f : failures) {
        QCOMPARE(f.value(u"actor"_s).toString(), u"locky"_s);
        QCOMPARE(f.value(u"after"_s).toObject().value(u"remoteAddress"_s).toString(), u"127.0.0.1"_s);
    }
    const QList<QJsonObject> locks = withAction(entries, u"lock"_s);
    QVERIFY2(locks.size() == 1, qPrintable(compactText(entries)));
    QCOMPARE(locks.first().value(u"actor"_s).toString(), u"system"_s);
    QVERIFY(!locks.first().value(u"after"_s).toObject().value(u"lockedUntil"_s).toString().isEmpty());
    // No successful sign-in after the failures began.
    const qint64 firstFailure = failures.first().value(u"id"_s).toInteger();
    for (const QJsonObject &signIn : withAction(entries, u"login"_s))
        QVERIFY2(signIn.value(u"id"_s).toInteger() < firstFailure, qPrintable(compactText(entries)));

    // A new password set by an admin lifts the lock.
    const HttpReply reset =
        call(m_http, m_admin, "PATCH", url(u"/api/v1/users/locky"_s), jsonBytes({{u"password"_s, kNewPassword}}));
    QVERIFY2(reset.status == 200, describe(reset).constData());
    QCOMPARE(login(m_http, *m_server, u"locky"_s, kNewPassword).status, 200);
}

void TestAuth::shortPasswordRefusedByCommandLine()
{
    QByteArray output;
    QVERIFY(m_server->runCommand({u"users"_s, u"add"_s, u"shorty"_s, u"--role"_s, u"crc"_s, u"--password-stdin"_s},
                                 "123456789\n", &output)
            != 0);
    QVERIFY2(output.contains("10"), output.constData()); // says how long it must be
    QVERIFY(m_server->runCommand({u"users"_s, u"list"_s}, {}, &output) == 0);
    QVERIFY2(!output.contains("shorty"), output.constData());
    QCOMPARE(login(m_http, *m_server, u"shorty"_s, u"123456789"_s).status, 401);
    // Ten characters are enough.
    QVERIFY(m_server->runCommand({u"users"_s, u"add"_s, u"tenner"_s, u"--role"_s, u"crc"_s, u"--password-stdin"_s},
                                 "1234567890\n", &output)
            == 0);
    QCOMPARE(login(m_http, *m_server, u"tenner"_s, u"1234567890"_s).status, 200);
    // set-password keeps the rule too.
    QVERIFY(
        m_server->runCommand({u"users"_s, u"set-password"_s, u"tenner"_s, u"--password-stdin"_s}, "short\n", &output)
        != 0);
    QCOMPARE(login(m_http, *m_server, u"tenner"_s, u"1234567890"_s).status, 200);
}

void TestAuth::shortPasswordRefusedByApi()
{
    const HttpReply created =
        call(m_http, m_admin, "POST", url(u"/api/v1/users"_s),
             jsonBytes({{u"username"_s, u"weakling"_s}, {u"role"_s, u"crc"_s}, {u"password"_s, u"123456789"_s}}));
    SECURITY_CHECK(checkError(created, 400, u"weak_password"_s));
    QVERIFY2(created.json().value(u"fields"_s).toObject().contains(u"password"_s), describe(created).constData());
    const HttpReply users = call(m_http, m_admin, "GET", url(u"/api/v1/users"_s));
    QVERIFY(!usernamesOf(users.jsonArray()).contains(u"weakling"_s));

    QVERIFY(!newAccount(u"keeper"_s, u"crc"_s).isEmpty());
    const HttpReply changed =
        call(m_http, m_admin, "PATCH", url(u"/api/v1/users/keeper"_s), jsonBytes({{u"password"_s, u"short"_s}}));
    SECURITY_CHECK(checkError(changed, 400, u"weak_password"_s));
    QCOMPARE(login(m_http, *m_server, u"keeper"_s).status, 200); // old password still valid
}

void TestAuth::usersApiListsAndCreates()
{
    const HttpReply created = call(m_http, m_admin, "POST", url(u"/api/v1/users"_s),
                                   jsonBytes({{u"username"_s, u"api-crc"_s},
                                              {u"role"_s, u"crc"_s},
                                              {u"password"_s, password()},
                                              {u"displayName"_s, u"Api Nurse"_s}}));
    QVERIFY2(created.status == 201, describe(created).constData());
    QCOMPARE(created.header("Location"), QByteArray("/api/v1/users/api-crc"));
    QCOMPARE(created.json().value(u"username"_s).toString(), u"api-crc"_s);
    QCOMPARE(created.json().value(u"role"_s).toString(), u"crc"_s);
    QCOMPARE(created.json().value(u"displayName"_s).toString(), u"Api Nurse"_s);
    QVERIFY(!created.body.contains("argon2"));

    const HttpReply list = call(m_http, m_admin, "GET", url(u"/api/v1/users"_s));
    QVERIFY2(list.status == 200, describe(list).constData());
    const QStringList names = usernamesOf(list.jsonArray());
    QVERIFY2(names.contains(u"admin"_s) && names.contains(u"api-crc"_s), describe(list).constData());
    QVERIFY2(!list.body.contains("argon2") && !list.body.contains("password"), describe(list).constData());
    for (const QJsonValue &u : list.jsonArray()) {
        if (u.toObject().value(u"username"_s).toString() == u"admin"_s)
            QCOMPARE(u.toObject().value(u"role"_s).toString(), u"admin"_s);
    }

    const QString token = tokenOf(login(m_http, *m_server, u"api-crc"_s));
    QVERIFY(!token.isEmpty());
    const HttpReply me = call(m_http, token, "GET", url(u"/api/v1/auth/me"_s));
    QCOMPARE(me.json().value(u"role"_s).toString(), u"crc"_s);
    QCOMPARE(me.json().value(u"displayName"_s).toString(), u"Api Nurse"_s);
    // Only admins manage accounts.
    QCOMPARE(call(m_http, token, "GET", url(u"/api/v1/users"_s)).status, 403);
    QCOMPARE(call(m_http, token, "POST", url(u"/api/v1/users"_s),
                  jsonBytes({{u"username"_s, u"sneaky"_s}, {u"role"_s, u"admin"_s}, {u"password"_s, password()}}))
                 .status,
             403);
    QCOMPARE(call(m_http, token, "PATCH", url(u"/api/v1/users/api-crc"_s), jsonBytes({{u"role"_s, u"admin"_s}})).status,
             403);
    QCOMPARE(login(m_http, *m_server, u"sneaky"_s).status, 401);
}

void TestAuth::usersApiRefusesDuplicatesAndBadInput()
{
    const QByteArray body =
        jsonBytes({{u"username"_s, u"twin"_s}, {u"role"_s, u"monitor"_s}, {u"password"_s, password()}});
    QCOMPARE(call(m_http, m_admin, "POST", url(u"/api/v1/users"_s), body).status, 201);
    const HttpReply duplicate = call(
        m_http, m_admin, "POST", url(u"/api/v1/users"_s),
        jsonBytes({{u"username"_s, u"twin"_s}, {u"role"_s, u"admin"_s}, {u"password"_s, u"a-different-password"_s}}));
    SECURITY_CHECK(checkError(duplicate, 409, u"duplicate_username"_s));
    // The first account is unchanged: still a monitor with its password.
    const HttpReply twin = login(m_http, *m_server, u"twin"_s);
    QCOMPARE(twin.json().value(u"user"_s).toObject().value(u"role"_s).toString(), u"monitor"_s);

    const HttpReply subjectRole =
        call(m_http, m_admin, "POST", url(u"/api/v1/users"_s),
             jsonBytes({{u"username"_s, u"patient"_s}, {u"role"_s, u"subject"_s}, {u"password"_s, password()}}));
    QCOMPARE(subjectRole.status, 400);
    const HttpReply badName = call(
        m_http, m_admin, "POST", url(u"/api/v1/users"_s),
        jsonBytes({{u"username"_s, u"bad name/with slash"_s}, {u"role"_s, u"crc"_s}, {u"password"_s, password()}}));
    QCOMPARE(badName.status, 400);
    const HttpReply unknown =
        call(m_http, m_admin, "PATCH", url(u"/api/v1/users/no-such-user"_s), jsonBytes({{u"displayName"_s, u"X"_s}}));
    SECURITY_CHECK(checkError(unknown, 404, u"user_not_found"_s));
    const HttpReply disabledNotBool =
        call(m_http, m_admin, "PATCH", url(u"/api/v1/users/twin"_s), jsonBytes({{u"disabled"_s, u"yes"_s}}));
    QCOMPARE(disabledNotBool.status, 400);
    QCOMPARE(login(m_http, *m_server, u"twin"_s).status, 200);
}

void TestAuth::roleChangeTakesEffectAndRevokesSessions()
{
    const QString token = newAccount(u"promoted"_s, u"monitor"_s);
    QVERIFY(!token.isEmpty());
    QCOMPARE(call(m_http, token, "POST", url(u"/api/v1/projects"_s),
                  jsonBytes({{u"code"_s, u"PROMO-1"_s}, {u"title"_s, u"Promotion"_s}}))
                 .status,
             403);
    const HttpReply changed =
        call(m_http, m_admin, "PATCH", url(u"/api/v1/users/promoted"_s), jsonBytes({{u"role"_s, u"pm"_s}}));
    QVERIFY2(changed.status == 200, describe(changed).constData());
    QCOMPARE(changed.json().value(u"role"_s).toString(), u"pm"_s);
    SECURITY_CHECK(checkUnauthorized(call(m_http, token, "GET", url(u"/api/v1/projects"_s))));
    const QString fresh = tokenOf(login(m_http, *m_server, u"promoted"_s));
    QCOMPARE(call(m_http, fresh, "GET", url(u"/api/v1/auth/me"_s)).json().value(u"role"_s).toString(), u"pm"_s);
    const HttpReply project = call(m_http, fresh, "POST", url(u"/api/v1/projects"_s),
                                   jsonBytes({{u"code"_s, u"PROMO-1"_s}, {u"title"_s, u"Promotion"_s}}));
    QVERIFY2(project.status == 201, describe(project).constData());
}

void TestAuth::disablingStopsTokenImmediately()
{
    const QString token = newAccount(u"leaving-nurse"_s, u"crc"_s);
    QVERIFY(!token.isEmpty());
    QCOMPARE(call(m_http, token, "GET", url(u"/api/v1/projects"_s)).status, 200); // the server now caches it
    const HttpReply disabled =
        call(m_http, m_admin, "PATCH", url(u"/api/v1/users/leaving-nurse"_s), jsonBytes({{u"disabled"_s, true}}));
    QVERIFY2(disabled.status == 200, describe(disabled).constData());
    QCOMPARE(disabled.json().value(u"disabled"_s), QJsonValue(true));
    SECURITY_CHECK(checkUnauthorized(call(m_http, token, "GET", url(u"/api/v1/projects"_s))));
    const HttpReply refused = login(m_http, *m_server, u"leaving-nurse"_s);
    SECURITY_CHECK(checkError(refused, 401, u"invalid_credentials"_s));
    QCOMPARE(refused.body, login(m_http, *m_server, u"no-such-nurse"_s).body);

    QCOMPARE(call(m_http, m_admin, "PATCH", url(u"/api/v1/users/leaving-nurse"_s), jsonBytes({{u"disabled"_s, false}}))
                 .status,
             200);
    // Enabling does not bring the old session back; signing in again works.
    SECURITY_CHECK(checkUnauthorized(call(m_http, token, "GET", url(u"/api/v1/projects"_s))));
    const QString fresh = tokenOf(login(m_http, *m_server, u"leaving-nurse"_s));
    QCOMPARE(call(m_http, fresh, "GET", url(u"/api/v1/projects"_s)).status, 200);
}

void TestAuth::disablingEndsSessionsInUseAtOnce()
{
    // "Disabling an account ... revokes its sessions at once" - also a session that
    // is busy at that moment.
    QVERIFY(!newAccount(u"busy-nurse"_s, u"crc"_s).isEmpty());
    const QUrl account = url(u"/api/v1/users/busy-nurse"_s);
    for (int round = 0; round < 3; ++round) {
        QCOMPARE(call(m_http, m_admin, "PATCH", account, jsonBytes({{u"disabled"_s, false}})).status, 200);
        const QString token = tokenOf(login(m_http, *m_server, u"busy-nurse"_s));
        QVERIFY(!token.isEmpty());
        TokenInUse inUse(url(u"/api/v1/projects"_s), token);
        spin(300);
        const HttpReply disabled = call(m_http, m_admin, "PATCH", account, jsonBytes({{u"disabled"_s, true}}));
        QVERIFY2(disabled.status == 200, describe(disabled).constData());
        inUse.stop();
        QVERIFY(inUse.answered(200) > 0);
        const HttpReply after = call(m_http, token, "GET", url(u"/api/v1/projects"_s));
        QVERIFY2(after.status == 401, qPrintable(u"round %1, after disabling: "_s.arg(round)
                                                 + QString::fromUtf8(describe(after).left(120))));
    }
}

void TestAuth::passwordChangeRevokesSessions()
{
    const QString token = newAccount(u"forgetful"_s, u"pm"_s);
    QVERIFY(!token.isEmpty());
    QCOMPARE(call(m_http, token, "GET", url(u"/api/v1/projects"_s)).status, 200);
    const HttpReply changed =
        call(m_http, m_admin, "PATCH", url(u"/api/v1/users/forgetful"_s), jsonBytes({{u"password"_s, kNewPassword}}));
    QVERIFY2(changed.status == 200, describe(changed).constData());
    QVERIFY(!changed.body.contains("argon2"));
    SECURITY_CHECK(checkUnauthorized(call(m_http, token, "GET", url(u"/api/v1/projects"_s))));
    QCOMPARE(login(m_http, *m_server, u"forgetful"_s).status, 401);
    const QString fresh = tokenOf(login(m_http, *m_server, u"forgetful"_s, kNewPassword));
    QCOMPARE(call(m_http, fresh, "GET", url(u"/api/v1/projects"_s)).status, 200);
    // A display name change is not a security change: sessions survive it.
    QCOMPARE(call(m_http, m_admin, "PATCH", url(u"/api/v1/users/forgetful"_s),
                  jsonBytes({{u"displayName"_s, u"Forgetful PM"_s}}))
                 .status,
             200);
    QCOMPARE(call(m_http, fresh, "GET", url(u"/api/v1/projects"_s)).status, 200);
}

void TestAuth::commandLineListsUsers()
{
    QVERIFY(m_server->runCommand({u"users"_s, u"add"_s, u"listed"_s, u"--role"_s, u"monitor"_s, u"--password-stdin"_s,
                                  u"--display-name"_s, u"Listed Monitor"_s},
                                 password().toUtf8() + '\n')
            == 0);
    QByteArray output;
    QCOMPARE(m_server->runCommand({u"users"_s, u"list"_s}, {}, &output), 0);
    const QList<QByteArray> lines = output.trimmed().split('\n');
    QVERIFY2(lines.contains("admin\tadmin\tactive\tadmin"), output.constData());
    QVERIFY2(lines.contains("listed\tmonitor\tactive\tListed Monitor"), output.constData());
    QVERIFY2(!output.contains("argon2"), output.constData());
    // The API sees the same account.
    const HttpReply users = call(m_http, m_admin, "GET", url(u"/api/v1/users"_s));
    QVERIFY(usernamesOf(users.jsonArray()).contains(u"listed"_s));
    // A duplicate from the command line is refused.
    QVERIFY(m_server->runCommand({u"users"_s, u"add"_s, u"listed"_s, u"--role"_s, u"admin"_s, u"--password-stdin"_s},
                                 password().toUtf8() + '\n')
            != 0);
}

void TestAuth::commandLineDisablesAndEnables()
{
    QVERIFY(!m_server->createStaff(u"cli-off"_s, u"crc"_s).isEmpty());
    const QString token = tokenOf(login(m_http, *m_server, u"cli-off"_s));
    QVERIFY(!token.isEmpty());
    QByteArray output;
    QCOMPARE(m_server->runCommand({u"users"_s, u"disable"_s, u"cli-off"_s}, {}, &output), 0);
    QVERIFY2(output.contains("cli-off: disable"), output.constData());
    SECURITY_CHECK(checkUnauthorized(call(m_http, token, "GET", url(u"/api/v1/projects"_s))));
    QCOMPARE(login(m_http, *m_server, u"cli-off"_s).status, 401);
    QCOMPARE(m_server->runCommand({u"users"_s, u"list"_s}, {}, &output), 0);
    QVERIFY2(output.contains("cli-off\tcrc\tdisabled"), output.constData());
    const HttpReply users = call(m_http, m_admin, "GET", url(u"/api/v1/users"_s));
    for (const QJsonValue &u : users.jsonArray()) {
        if (u.toObject().value(u"username"_s).toString() == u"cli-off"_s)
            QCOMPARE(u.toObject().value(u"disabled"_s), QJsonValue(true));
    }
    QCOMPARE(m_server->runCommand({u"users"_s, u"enable"_s, u"cli-off"_s}, {}, &output), 0);
    QCOMPARE(login(m_http, *m_server, u"cli-off"_s).status, 200);
    QCOMPARE(m_server->runCommand({u"users"_s, u"list"_s}, {}, &output), 0);
    QVERIFY2(output.contains("cli-off\tcrc\tactive"), output.constData());
    // Enabling does not bring back the session that disabling ended.
    SECURITY_CHECK(checkUnauthorized(call(m_http, token, "GET", url(u"/api/v1/projects"_s))));
}

void TestAuth::commandLineDisableEndsSessionsInUseAtOnce()
{
    // The same from the command line while the account's session is in use (the
    // server has just checked it): "revokes its sessions at once".
    QVERIFY(!m_server->createStaff(u"cli-busy"_s, u"crc"_s).isEmpty());
    const QString token = tokenOf(login(m_http, *m_server, u"cli-busy"_s));
    QCOMPARE(call(m_http, token, "GET", url(u"/api/v1/projects"_s)).status, 200);
    QElapsedTimer timer;
    timer.start();
    QByteArray output;
    QCOMPARE(m_server->runCommand({u"users"_s, u"disable"_s, u"cli-busy"_s}, {}, &output), 0);
    const HttpReply after = call(m_http, token, "GET", url(u"/api/v1/projects"_s));
    const QByteArray what = "token used " + QByteArray::number(timer.elapsed()) + " ms after the check before "
                            + "users disable: " + describe(after).left(120);
    QVERIFY2(after.status == 401, what.constData());
}

void TestAuth::commandLineSetsPassword()
{
    QVERIFY(!m_server->createStaff(u"cli-pw"_s, u"pm"_s).isEmpty());
    const QString token = tokenOf(login(m_http, *m_server, u"cli-pw"_s));
    QVERIFY(!token.isEmpty());
    QByteArray output;
    QCOMPARE(m_server->runCommand({u"users"_s, u"set-password"_s, u"cli-pw"_s, u"--password-stdin"_s},
                                  kNewPassword.toUtf8() + '\n', &output),
             0);
    QCOMPARE(login(m_http, *m_server, u"cli-pw"_s).status, 401);
    const HttpReply fresh = login(m_http, *m_server, u"cli-pw"_s, kNewPassword);
    QVERIFY2(fresh.status == 200, describe(fresh).constData());
    SECURITY_CHECK(checkUnauthorized(call(m_http, token, "GET", url(u"/api/v1/auth/me"_s))));
    // The change is audited by the command line actor, never with the password.
    QString failure;
    const QJsonArray entries = auditEntries(m_http, *m_server, m_admin, u"entity=user&id=cli-pw"_s, &failure);
    QVERIFY2(failure.isEmpty(), qPrintable(failure));
    const QList<QJsonObject> updates = withAction(entries, u"update"_s);
    QVERIFY2(updates.size() == 1, qPrintable(compactText(entries)));
    QCOMPARE(updates.first().value(u"actor"_s).toString(), u"cli"_s);
    QCOMPARE(updates.first().value(u"after"_s).toObject().value(u"passwordChanged"_s), QJsonValue(true));
    QVERIFY(!compactText(entries).contains(kNewPassword));
}

void TestAuth::commandLineRefusesUnknownAccount()
{
    QByteArray output;
    QVERIFY(m_server->runCommand({u"users"_s, u"disable"_s, u"nobody-at-all"_s}, {}, &output) != 0);
    QVERIFY(m_server->runCommand({u"users"_s, u"set-password"_s, u"nobody-at-all"_s, u"--password-stdin"_s},
                                 kNewPassword.toUtf8() + '\n', &output)
            != 0);
    QVERIFY(m_server->runCommand({u"users"_s, u"add"_s, u"no-role"_s, u"--password-stdin"_s},
                                 password().toUtf8() + '\n', &output)
            != 0);
    QVERIFY(m_server->runCommand(
                {u"users"_s, u"add"_s, u"subject-role"_s, u"--role"_s, u"subject"_s, u"--password-stdin"_s},
                password().toUtf8() + '\n', &output)
            != 0);
    QCOMPARE(m_server->runCommand({u"users"_s, u"list"_s}, {}, &output), 0);
    QVERIFY2(!output.contains("no-role") && !output.contains("subject-role"), output.constData());
}

void TestAuth::commandLineWaitsForABusyDatabase()
{
    // "Accounts are created on the command line ... before or while the server runs":
    // the command and the server write the same database, so a command that meets
    // the other's transaction must wait for it (both use a 10 s busy timeout), not fail.
    QVERIFY(!m_server->createStaff(u"cli-wait"_s, u"crc"_s).isEmpty());
    WriteLock lock(m_server->databaseFile());
    QVERIFY2(lock.held(), qPrintable(lock.error()));
    QProcess command;
    command.setProcessChannelMode(QProcess::MergedChannels);
    QStringList arguments{u"--data-dir"_s, m_server->dataDir(), u"users"_s, u"disable"_s, u"cli-wait"_s};
    if (TestServer::usesPostgres())
        arguments << u"--database"_s << m_server->databaseFile();
    command.start(td::test::serverBinary(), arguments);
    QVERIFY(command.waitForStarted(10000));
    spin(1500); // another writer's transaction, still running
    lock.release();
    // (waitForFinished() is false for a process that already ended.)
    QVERIFY(command.state() == QProcess::NotRunning || command.waitForFinished(30000));
    const QByteArray output = command.readAll();
    QVERIFY2(command.exitStatus() == QProcess::NormalExit && command.exitCode() == 0, output.constData());
    QCOMPARE(login(m_http, *m_server, u"cli-wait"_s).status, 401);
}

void TestAuth::serverWaitsForABusyDatabase()
{
    // The same from the server's side: an API write that meets a command line
    // transaction waits for it.
    QVERIFY(!newAccount(u"api-wait"_s, u"crc"_s).isEmpty());
    WriteLock lock(m_server->databaseFile());
    QVERIFY2(lock.held(), qPrintable(lock.error()));
    QTimer releaser; // fires while the request below waits
    releaser.setSingleShot(true);
    QObject::connect(&releaser, &QTimer::timeout, &releaser, [&lock] { lock.release(); });
    releaser.start(1500);
    const HttpReply changed =
        call(m_http, m_admin, "PATCH", url(u"/api/v1/users/api-wait"_s), jsonBytes({{u"displayName"_s, u"Waited"_s}}));
    lock.release();
    QVERIFY2(changed.status == 200, describe(changed).constData());
    QCOMPARE(changed.json().value(u"displayName"_s).toString(), u"Waited"_s);
}

void TestAuth::loginRateLimitPerAddress()
{
    // 6 a minute: a burst of 3 (the fixture's own admin sign-in took one).
    TestServer limited({u"--no-request-log"_s, u"--login-rate"_s, u"6"_s});
    QVERIFY2(limited.start(), limited.log().constData());
    QList<int> statuses;
    int firstLimited = -1;
    HttpReply limitedReply;
    for (int i = 0; i < 8; ++i) {
        const HttpReply reply = login(m_http, limited, u"admin"_s, u"wrong-password-x"_s);
        statuses << reply.status;
        if (reply.status == 429 && firstLimited < 0) {
            firstLimited = i;
            limitedReply = reply;
        }
    }
    const QByteArray seen = QByteArray::number(statuses.size()) + " answers: " + QByteArray::number(statuses.value(0))
                            + ' ' + QByteArray::number(statuses.value(1)) + ' ' + QByteArray::number(statuses.value(2))
                            + ' ' + QByteArray::number(statuses.value(3));
    QVERIFY2(firstLimited >= 2 && firstLimited <= 4, seen.constData());
    for (int i = firstLimited; i < statuses.size(); ++i)
        QCOMPARE(statuses.at(i), 429);
    SECURITY_CHECK(checkError(limitedReply, 429, u"rate_limited"_s));
    bool ok = false;
    const int retryAfter = limitedReply.header("Retry-After").toInt(&ok);
    QVERIFY2(ok && retryAfter >= 1 && retryAfter <= 60, limitedReply.header("Retry-After").constData());
    // Even the right password waits: the limit is on attempts, not failures.
    QCOMPARE(login(m_http, limited, u"admin"_s).status, 429);
    // Only sign-in is limited: the admin's token keeps working.
    QCOMPARE(call(m_http, limited.adminToken(), "GET", limited.url(u"/api/v1/projects"_s)).status, 200);
    QCOMPARE(call(m_http, QString(), "GET", limited.url(u"/healthz"_s)).status, 200);
    // Rate-limited attempts never reached the account: it is not locked.
    SqlFile db(limited.databaseFile());
    QVERIFY(db.scalar(u"SELECT locked_until FROM users WHERE username = 'admin'"_s).isNull());
}

void TestAuth::submissionRatePerToken()
{
    TestServer limited({u"--no-request-log"_s, u"--submission-rate-per-token"_s, u"6"_s});
    QVERIFY2(limited.start(), limited.log().constData());
    const QString admin = limited.adminToken();
    QCOMPARE(createProject(m_http, limited, admin, u"RATE-1"_s).status, 201);
    const HttpReply first = enrol(m_http, limited, admin, u"RATE-1"_s, u"rate-a"_s);
    const HttpReply second = enrol(m_http, limited, admin, u"RATE-1"_s, u"rate-b"_s);
    QVERIFY2(first.status == 201 && second.status == 201, describe(first).constData());
    const QString tokenA = first.json().value(u"subjectToken"_s).toString();
    const QString tokenB = second.json().value(u"subjectToken"_s).toString();

    QList<int> statuses;
    HttpReply limitedReply;
    for (int i = 0; i < 6; ++i) {
        const HttpReply reply = i % 2 == 0 ? submitQuestionnaire(m_http, limited, tokenA, u"rate-a"_s)
                                           : submitVital(m_http, limited, tokenA, u"rate-a"_s);
        statuses << reply.status;
        if (reply.status == 429 && limitedReply.status == 0)
            limitedReply = reply;
    }
    QVERIFY2(statuses.first() == 201, describe(limitedReply).constData());
    QVERIFY2(statuses.contains(429), QByteArray::number(statuses.count(201)).constData());
    QVERIFY(statuses.indexOf(429) >= 2);
    SECURITY_CHECK(checkError(limitedReply, 429, u"rate_limited"_s));
    bool ok = false;
    const int retryAfter = limitedReply.header("Retry-After").toInt(&ok);
    QVERIFY2(ok && retryAfter >= 1 && retryAfter <= 60, limitedReply.header("Retry-After").constData());
    // Refused submissions were not stored.
    SqlFile db(limited.databaseFile());
    const qint64 stored = db.scalar(u"SELECT (SELECT COUNT(*) FROM questionnaire_submissions) + "
                                    "(SELECT COUNT(*) FROM vital_signs)"_s)
                              .toLongLong();
    QCOMPARE(stored, qint64(statuses.count(201)));
    // The limit is per token: another subject's token and a staff token still submit,
    // and reading is not limited.
    QCOMPARE(submitQuestionnaire(m_http, limited, tokenB, u"rate-b"_s).status, 201);
    QCOMPARE(submitQuestionnaire(m_http, limited, admin, u"rate-a"_s).status, 201);
    QCOMPARE(call(m_http, tokenA, "GET", limited.url(u"/api/v1/subjects/rate-a/questionnaires"_s)).status, 200);
    QCOMPARE(submitVital(m_http, limited, tokenA, u"rate-a"_s).status, 429);
}

QTEST_GUILESS_MAIN(TestAuth)
#include "tst_auth.moc"

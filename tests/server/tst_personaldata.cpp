// Personal data (docs/security.md, "Roles" and "Personal data") against a real
// trialdesk-server: names and phone numbers in full for admin, pm and crc, masked
// for monitors (full record and subject lists) and on the profile endpoint (phone
// always masked; name masked for monitors and subject tokens); what a subject
// token may reach; and re-issuing a subject token revoking the old one.

#include "HttpClient.h"
#include "SecurityTestKit.h"
#include "TestServer.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTest>
#include <memory>

using namespace Qt::StringLiterals;
using namespace td::test::security;
using td::test::HttpClient;
using td::test::HttpReply;
using td::test::TestServer;

namespace {

const QString kName = u"张三丰"_s;
const QString kPhone = u"18812345678"_s;
const QString kMaskedPhone = u"188****5678"_s;
const QString kOtherName = u"Maria Lopez"_s;
const QString kOtherPhone = u"13900001111"_s;

// The name masked as the spec shows it: its first character, the rest starred.
void checkMaskedName(const QString &masked, const QString &full)
{
    QVERIFY2(masked != full, qPrintable(masked));
    QVERIFY2(masked.startsWith(full.left(1)), qPrintable(masked));
    const QString rest = masked.mid(1);
    QVERIFY2(!rest.isEmpty() && rest.count(u'*') == rest.size(), qPrintable(masked));
    for (qsizetype i = 1; i < full.size(); ++i)
        QVERIFY2(!masked.contains(full.at(i)), qPrintable(masked));
}

void checkMaskedPhone(const QString &masked)
{
    static const QRegularExpression form(u"^188\\*{4}5678$"_s);
    QVERIFY2(form.match(masked).hasMatch(), qPrintable(masked));
}

} // namespace

class TestPersonalData : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void fullRecord_data();
    void fullRecord();
    void subjectList_data();
    void subjectList();
    void profile_data();
    void profile();
    void enrolmentAnswerIsForStaffThatSeePersonalData();
    void subjectTokenReachesItsOwnData();
    void subjectTokenCannotReachAnotherSubject_data();
    void subjectTokenCannotReachAnotherSubject();
    void subjectTokenCannotReachStaffRoutes_data();
    void subjectTokenCannotReachStaffRoutes();
    void reissuingTheTokenRevokesTheOldOne();
    void reissuingRevokesATokenInUseAtOnce();
    void subjectTokensDoNotExpire();

private:
    void addStaffRows();
    QUrl url(const QString &path) const { return m_server->url(path); }

    std::unique_ptr<TestServer> m_server;
    HttpClient m_http;
    QHash<QString, QString> m_tokens; // admin, pm, crc, monitor, subject, other
    const QString m_code = u"PD-1"_s;
    const QString m_subjectId = u"pd-s1"_s;
    const QString m_otherId = u"pd-s2"_s;
};

void TestPersonalData::initTestCase()
{
    m_server = std::make_unique<TestServer>(QStringList{u"--no-request-log"_s});
    QVERIFY2(m_server->start(), m_server->log().constData());
    m_tokens.insert(u"admin"_s, m_server->adminToken());
    for (const QString &role : {u"pm"_s, u"crc"_s, u"monitor"_s}) {
        const QString token = m_server->createStaff(u"pd-"_s + role, role);
        QVERIFY(!token.isEmpty());
        m_tokens.insert(role, token);
    }
    QCOMPARE(createProject(m_http, *m_server, m_tokens.value(u"pm"_s), m_code).status, 201);
    SECURITY_CHECK(grant(m_http, *m_server, u"pd-crc"_s, m_code, u"crc"_s));
    SECURITY_CHECK(grant(m_http, *m_server, u"pd-monitor"_s, m_code, u"monitor"_s));
    const HttpReply first = enrol(m_http, *m_server, m_tokens.value(u"crc"_s), m_code, m_subjectId, kName, kPhone);
    QVERIFY2(first.status == 201, describe(first).constData());
    m_tokens.insert(u"subject"_s, first.json().value(u"subjectToken"_s).toString());
    const HttpReply second =
        enrol(m_http, *m_server, m_tokens.value(u"crc"_s), m_code, m_otherId, kOtherName, kOtherPhone);
    QVERIFY2(second.status == 201, describe(second).constData());
    m_tokens.insert(u"other"_s, second.json().value(u"subjectToken"_s).toString());
    QVERIFY(!m_tokens.value(u"subject"_s).isEmpty() && !m_tokens.value(u"other"_s).isEmpty());
}

void TestPersonalData::addStaffRows()
{
    QTest::addColumn<QString>("role");
    QTest::addColumn<bool>("full");
    QTest::newRow("admin") << u"admin"_s << true;
    QTest::newRow("pm") << u"pm"_s << true;
    QTest::newRow("crc") << u"crc"_s << true;
    QTest::newRow("monitor") << u"monitor"_s << false;
}

void TestPersonalData::fullRecord_data()
{
    addStaffRows();
}

void TestPersonalData::fullRecord()
{
    QFETCH(QString, role);
    QFETCH(bool, full);
    const HttpReply reply = call(m_http, m_tokens.value(role), "GET", url(u"/api/v1/subjects/"_s + m_subjectId));
    QVERIFY2(reply.status == 200, describe(reply).constData());
    const QJsonObject subject = reply.json();
    QCOMPARE(subject.value(u"subjectId"_s).toString(), m_subjectId);
    QCOMPARE(subject.value(u"projectCode"_s).toString(), m_code);
    if (full) {
        QCOMPARE(subject.value(u"name"_s).toString(), kName);
        QCOMPARE(subject.value(u"phone"_s).toString(), kPhone);
    } else {
        SECURITY_CHECK(checkMaskedName(subject.value(u"name"_s).toString(), kName));
        SECURITY_CHECK(checkMaskedPhone(subject.value(u"phone"_s).toString()));
        QCOMPARE(subject.value(u"phone"_s).toString(), kMaskedPhone);
        QVERIFY2(!reply.body.contains(kPhone.toUtf8()), reply.body.constData());
        QVERIFY2(!reply.body.contains(kName.mid(1).toUtf8()), reply.body.constData());
    }
}

void TestPersonalData::subjectList_data()
{
    addStaffRows();
}

void TestPersonalData::subjectList()
{
    QFETCH(QString, role);
    QFETCH(bool, full);
    const HttpReply reply =
        call(m_http, m_tokens.value(role), "GET", url(u"/api/v1/projects/%1/subjects"_s.arg(m_code)));
    QVERIFY2(reply.status == 200, describe(reply).constData());
    const QJsonArray items = reply.json().value(u"items"_s).toArray();
    QCOMPARE(items.size(), 2);
    bool seen = false;
    for (const QJsonValue &item : items) {
        const QJsonObject s = item.toObject();
        const bool first = s.value(u"subjectId"_s).toString() == m_subjectId;
        seen = seen || first;
        const QString name = first ? kName : kOtherName;
        const QString phone = first ? kPhone : kOtherPhone;
        if (full) {
            QCOMPARE(s.value(u"name"_s).toString(), name);
            QCOMPARE(s.value(u"phone"_s).toString(), phone);
        } else {
            SECURITY_CHECK(checkMaskedName(s.value(u"name"_s).toString(), name));
            QCOMPARE(s.value(u"phone"_s).toString(), QString(phone.left(3) + u"****"_s + phone.right(4)));
        }
    }
    QVERIFY(seen);
    if (!full) {
        QVERIFY2(!reply.body.contains(kPhone.toUtf8()) && !reply.body.contains(kOtherPhone.toUtf8()),
                 reply.body.constData());
        QVERIFY2(!reply.body.contains("Lopez"), reply.body.constData());
    }
}

void TestPersonalData::profile_data()
{
    QTest::addColumn<QString>("role");
    QTest::addColumn<bool>("fullName");
    QTest::newRow("admin") << u"admin"_s << true;
    QTest::newRow("pm") << u"pm"_s << true;
    QTest::newRow("crc") << u"crc"_s << true;
    QTest::newRow("monitor") << u"monitor"_s << false;
    QTest::newRow("subject") << u"subject"_s << false;
}

void TestPersonalData::profile()
{
    QFETCH(QString, role);
    QFETCH(bool, fullName);
    const HttpReply reply =
        call(m_http, m_tokens.value(role), "GET", url(u"/api/v1/subjects/%1/profile"_s.arg(m_subjectId)));
    QVERIFY2(reply.status == 200, describe(reply).constData());
    const QJsonObject profile = reply.json();
    QCOMPARE(profile.value(u"subjectId"_s).toString(), m_subjectId);
    QCOMPARE(profile.value(u"trialCode"_s).toString(), m_code);
    // The phone is always masked on the profile.
    QCOMPARE(profile.value(u"phone"_s).toString(), kMaskedPhone);
    QVERIFY2(!reply.body.contains(kPhone.toUtf8()), reply.body.constData());
    if (fullName)
        QCOMPARE(profile.value(u"name"_s).toString(), kName);
    else
        SECURITY_CHECK(checkMaskedName(profile.value(u"name"_s).toString(), kName));
}

void TestPersonalData::enrolmentAnswerIsForStaffThatSeePersonalData()
{
    // Only roles that see personal data may enrol; the answer echoes the values.
    const HttpReply byCrc =
        enrol(m_http, *m_server, m_tokens.value(u"crc"_s), m_code, u"pd-s3"_s, u"李四"_s, u"18899990000"_s);
    QVERIFY2(byCrc.status == 201, describe(byCrc).constData());
    QCOMPARE(byCrc.json().value(u"name"_s).toString(), u"李四"_s);
    QCOMPARE(byCrc.json().value(u"phone"_s).toString(), u"18899990000"_s);
    const HttpReply byMonitor =
        enrol(m_http, *m_server, m_tokens.value(u"monitor"_s), m_code, u"pd-s4"_s, u"王五"_s, u"18899990001"_s);
    SECURITY_CHECK(checkError(byMonitor, 403, u"forbidden"_s));
    // The monitor reading the new subject sees it masked.
    const HttpReply read = call(m_http, m_tokens.value(u"monitor"_s), "GET", url(u"/api/v1/subjects/pd-s3"_s));
    QCOMPARE(read.json().value(u"name"_s).toString(), u"李*"_s);
    QCOMPARE(read.json().value(u"phone"_s).toString(), u"188****0000"_s);
}

void TestPersonalData::subjectTokenReachesItsOwnData()
{
    const QString token = m_tokens.value(u"subject"_s);
    const HttpReply me = call(m_http, token, "GET", url(u"/api/v1/auth/me"_s));
    QVERIFY2(me.status == 200, describe(me).constData());
    QCOMPARE(me.json().value(u"role"_s).toString(), u"subject"_s);
    QCOMPARE(me.json().value(u"username"_s).toString(), m_subjectId);

    const HttpReply submitted = submitQuestionnaire(m_http, *m_server, token, m_subjectId, {{u"pain"_s, 2}});
    QVERIFY2(submitted.status == 201, describe(submitted).constData());
    QCOMPARE(submitted.json().value(u"subjectId"_s).toString(), m_subjectId);
    const HttpReply vital = submitVital(m_http, *m_server, token, m_subjectId, 64);
    QVERIFY2(vital.status == 201, describe(vital).constData());

    const HttpReply questionnaires =
        call(m_http, token, "GET", url(u"/api/v1/subjects/%1/questionnaires"_s.arg(m_subjectId)));
    QVERIFY2(questionnaires.status == 200, describe(questionnaires).constData());
    const QJsonArray items = questionnaires.json().value(u"items"_s).toArray();
    QCOMPARE(items.size(), 1);
    QCOMPARE(items.first().toObject().value(u"id"_s), submitted.json().value(u"id"_s));
    const HttpReply vitals = call(m_http, token, "GET", url(u"/api/v1/subjects/%1/vitals"_s.arg(m_subjectId)));
    QVERIFY2(vitals.status == 200, describe(vitals).constData());
    QCOMPARE(vitals.json().value(u"items"_s).toArray().size(), 1);
    const HttpReply active = call(m_http, token, "GET", url(u"/api/v1/projects/active"_s));
    QVERIFY2(active.status == 200, describe(active).constData());
    // A subject cannot submit in another subject's name through its own path.
    const HttpReply mismatch =
        call(m_http, token, "POST", url(u"/api/v1/subjects/%1/questionnaires"_s.arg(m_subjectId)),
             jsonBytes({{u"subjectId"_s, m_otherId}, {u"answers"_s, QJsonObject{{u"q"_s, 1}}}}));
    QCOMPARE(mismatch.status, 400);
}

void TestPersonalData::subjectTokenCannotReachAnotherSubject_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QByteArray>("body");
    const QString other = u"/api/v1/subjects/pd-s2"_s;
    QTest::newRow("profile") << QByteArray("GET") << other + u"/profile"_s << QByteArray();
    QTest::newRow("questionnaires") << QByteArray("GET") << other + u"/questionnaires"_s << QByteArray();
    QTest::newRow("vitals") << QByteArray("GET") << other + u"/vitals"_s << QByteArray();
    QTest::newRow("post questionnaire") << QByteArray("POST") << other + u"/questionnaires"_s
                                        << jsonBytes({{u"subjectId"_s, u"pd-s2"_s},
                                                      {u"answers"_s, QJsonObject{{u"q"_s, 1}}}});
    QTest::newRow("post vital") << QByteArray("POST") << other + u"/vitals"_s
                                << jsonBytes({{u"type"_s, u"weight"_s}, {u"value"_s, 70}});
    QTest::newRow("full record") << QByteArray("GET") << other << QByteArray();
    QTest::newRow("encoded id") << QByteArray("GET") << u"/api/v1/subjects/pd%2Ds2/profile"_s << QByteArray();
}

void TestPersonalData::subjectTokenCannotReachAnotherSubject()
{
    QFETCH(QByteArray, method);
    QFETCH(QString, path);
    QFETCH(QByteArray, body);
    const qsizetype storedBefore =
        SqlFile(m_server->databaseFile())
            .scalar(u"SELECT (SELECT COUNT(*) FROM questionnaire_submissions WHERE subject_id = 'pd-s2') + "
                    "(SELECT COUNT(*) FROM vital_signs WHERE subject_id = 'pd-s2')"_s)
            .toLongLong();
    const HttpReply reply = call(m_http, m_tokens.value(u"subject"_s), method, url(path), body);
    SECURITY_CHECK(checkError(reply, 403, u"forbidden"_s));
    QVERIFY(!reply.body.contains("Lopez") && !reply.body.contains("1111"));
    const qsizetype storedAfter =
        SqlFile(m_server->databaseFile())
            .scalar(u"SELECT (SELECT COUNT(*) FROM questionnaire_submissions WHERE subject_id = 'pd-s2') + "
                    "(SELECT COUNT(*) FROM vital_signs WHERE subject_id = 'pd-s2')"_s)
            .toLongLong();
    QCOMPARE(storedAfter, storedBefore);
    // The other subject's own token does reach it.
    const HttpReply own = call(m_http, m_tokens.value(u"other"_s), method, url(path), body);
    if (!path.endsWith(u"pd-s2"_s))
        QVERIFY2(own.status == 200 || own.status == 201, describe(own).constData());
}

void TestPersonalData::subjectTokenCannotReachStaffRoutes_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("path");
    QTest::newRow("own full record") << QByteArray("GET") << u"/api/v1/subjects/pd-s1"_s;
    QTest::newRow("study subjects") << QByteArray("GET") << u"/api/v1/projects/PD-1/subjects"_s;
    QTest::newRow("study submissions") << QByteArray("GET") << u"/api/v1/projects/PD-1/submissions"_s;
    QTest::newRow("projects") << QByteArray("GET") << u"/api/v1/projects"_s;
    QTest::newRow("audit") << QByteArray("GET") << u"/api/v1/audit"_s;
    QTest::newRow("users") << QByteArray("GET") << u"/api/v1/users"_s;
    QTest::newRow("own new token") << QByteArray("POST") << u"/api/v1/subjects/pd-s1/token"_s;
}

void TestPersonalData::subjectTokenCannotReachStaffRoutes()
{
    QFETCH(QByteArray, method);
    QFETCH(QString, path);
    const HttpReply reply = call(m_http, m_tokens.value(u"subject"_s), method, url(path));
    SECURITY_CHECK(checkError(reply, 403, u"forbidden"_s));
    QVERIFY(!reply.body.contains(kPhone.toUtf8()));
}

void TestPersonalData::reissuingTheTokenRevokesTheOldOne()
{
    const QString old = m_tokens.value(u"subject"_s);
    const QUrl profile = url(u"/api/v1/subjects/%1/profile"_s.arg(m_subjectId));
    QCOMPARE(call(m_http, old, "GET", profile).status, 200); // cached by the server now
    // A monitor may not issue one.
    SECURITY_CHECK(checkError(
        call(m_http, m_tokens.value(u"monitor"_s), "POST", url(u"/api/v1/subjects/%1/token"_s.arg(m_subjectId))), 403,
        u"forbidden"_s));
    QCOMPARE(call(m_http, old, "GET", profile).status, 200);

    const HttpReply issued =
        call(m_http, m_tokens.value(u"crc"_s), "POST", url(u"/api/v1/subjects/%1/token"_s.arg(m_subjectId)));
    QVERIFY2(issued.status == 201, describe(issued).constData());
    QCOMPARE(issued.json().value(u"subjectId"_s).toString(), m_subjectId);
    const QString fresh = issued.json().value(u"subjectToken"_s).toString();
    QVERIFY(!fresh.isEmpty() && fresh != old);

    SECURITY_CHECK(checkUnauthorized(call(m_http, old, "GET", profile)));
    SECURITY_CHECK(checkUnauthorized(submitQuestionnaire(m_http, *m_server, old, m_subjectId)));
    QCOMPARE(call(m_http, fresh, "GET", profile).status, 200);
    QCOMPARE(submitQuestionnaire(m_http, *m_server, fresh, m_subjectId).status, 201);
    // Another subject's token is unaffected.
    QCOMPARE(call(m_http, m_tokens.value(u"other"_s), "GET", url(u"/api/v1/subjects/pd-s2/profile"_s)).status, 200);
    // Issuing again revokes the one just issued.
    const HttpReply again =
        call(m_http, m_tokens.value(u"pm"_s), "POST", url(u"/api/v1/subjects/%1/token"_s.arg(m_subjectId)));
    QCOMPARE(again.status, 201);
    SECURITY_CHECK(checkUnauthorized(call(m_http, fresh, "GET", profile)));
    QCOMPARE(call(m_http, again.json().value(u"subjectToken"_s).toString(), "GET", profile).status, 200);
    // No token for a subject that does not exist.
    QCOMPARE(call(m_http, m_tokens.value(u"crc"_s), "POST", url(u"/api/v1/subjects/nobody/token"_s)).status, 404);
}

void TestPersonalData::reissuingRevokesATokenInUseAtOnce()
{
    // A lost phone keeps polling with the old token while the nurse issues a new
    // one: "issues a new one and revokes the old" - at once, not a few seconds later.
    const HttpReply enrolled =
        enrol(m_http, *m_server, m_tokens.value(u"crc"_s), m_code, u"pd-lost"_s, u"Lost Phone"_s, u"18811112222"_s);
    QVERIFY2(enrolled.status == 201, describe(enrolled).constData());
    QString old = enrolled.json().value(u"subjectToken"_s).toString();
    const QUrl profile = url(u"/api/v1/subjects/pd-lost/profile"_s);
    for (int round = 0; round < 3; ++round) {
        TokenInUse inUse(profile, old);
        spin(300);
        const HttpReply issued =
            call(m_http, m_tokens.value(u"crc"_s), "POST", url(u"/api/v1/subjects/pd-lost/token"_s));
        QVERIFY2(issued.status == 201, describe(issued).constData());
        inUse.stop();
        QVERIFY(inUse.answered(200) > 0);
        const HttpReply after = call(m_http, old, "GET", profile);
        QVERIFY2(after.status == 401,
                 qPrintable(u"round %1, old token after re-issue: "_s.arg(round) + QString::fromUtf8(describe(after))));
        old = issued.json().value(u"subjectToken"_s).toString();
    }
}

void TestPersonalData::subjectTokensDoNotExpire()
{
    const HttpReply me = call(m_http, m_tokens.value(u"other"_s), "GET", url(u"/api/v1/auth/me"_s));
    QVERIFY2(me.status == 200, describe(me).constData());
    QCOMPARE(me.json().value(u"role"_s).toString(), u"subject"_s);
    QVERIFY(me.json().value(u"expiresAt"_s).isNull());
    // A subject token is not a staff session: it cannot sign out.
    QCOMPARE(call(m_http, m_tokens.value(u"other"_s), "POST", url(u"/api/v1/auth/logout"_s)).status, 403);
}

QTEST_GUILESS_MAIN(TestPersonalData)
#include "tst_personaldata.moc"

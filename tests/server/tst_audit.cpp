// The audit trail (docs/security.md, "Audit trail"): every audited action leaves its
// entry with actor, role, entity and values before/after; GET /api/v1/audit filters
// and pages; who may read it; `audit verify` passes on an intact trail and names the
// entry when a row was edited, re-hashed or deleted with plain SQL; and nothing in
// the API changes or deletes entries.

#include "HttpClient.h"
#include "SecurityTestKit.h"
#include "TestServer.h"
#include "Timestamps.h"
#include "storage/AuditStore.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>
#include <QTest>
#include <memory>

using namespace Qt::StringLiterals;
using namespace td::test::security;
using td::test::HttpClient;
using td::test::HttpReply;
using td::test::TestServer;

namespace {

QJsonObject afterOf(const QJsonObject &entry)
{
    return entry.value(u"after"_s).toObject();
}

QJsonObject beforeOf(const QJsonObject &entry)
{
    return entry.value(u"before"_s).toObject();
}

} // namespace

class TestAudit : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void projectCreateIsAudited();
    void projectUpdateKeepsBeforeAndAfter();
    void enrolmentAuditsSubjectAndToken();
    void tokenReissueAuditsRevokeAndIssue();
    void submissionAndVitalAreAudited();
    void signInOutAndFailuresAreAudited();
    void reviewSignAndFailedSignatureAreAudited();
    void userCreateAndUpdateAreAuditedWithoutSecrets();
    void everyEntryIsWellFormed();
    void filtersByEntityIdActorAndSince();
    void paginationWalksEveryEntryOnce();
    void badFiltersAreRefused_data();
    void badFiltersAreRefused();
    void whoMayReadIt_data();
    void whoMayReadIt();
    void apiCannotChangeOrDeleteEntries_data();
    void apiCannotChangeOrDeleteEntries();
    void verifyPassesOnIntactTrail();
    // These stop the server and tamper with its database: keep them last.
    void verifyNamesAnEditedEntry();
    void verifyNamesARehashedEntrysSuccessor();
    void verifyNamesADeletedEntry();

private:
    QJsonArray entries(const QString &query);
    QJsonObject onlyEntry(const QString &query, const QString &action);
    int verify(QByteArray *output);
    QUrl url(const QString &path) const { return m_server->url(path); }

    std::unique_ptr<TestServer> m_server;
    HttpClient m_http;
    QString m_admin;
    QString m_pm;
    QString m_crc;
    QString m_monitor;
    QString m_subjectToken;
    const QString m_code = u"AUDIT-1"_s;
    const QString m_subjectId = u"audit-s1"_s;
};

void TestAudit::initTestCase()
{
    m_server = std::make_unique<TestServer>(QStringList{u"--no-request-log"_s, u"--login-rate"_s, u"0"_s});
    QVERIFY2(m_server->start(), m_server->log().constData());
    m_admin = m_server->adminToken();
    m_pm = m_server->createStaff(u"audit-pm"_s, u"pm"_s);
    m_crc = m_server->createStaff(u"audit-crc"_s, u"crc"_s);
    m_monitor = m_server->createStaff(u"audit-monitor"_s, u"monitor"_s);
    QVERIFY(!m_pm.isEmpty() && !m_crc.isEmpty() && !m_monitor.isEmpty());
}

QJsonArray TestAudit::entries(const QString &query)
{
    QString failure;
    const QJsonArray all = auditEntries(m_http, *m_server, m_admin, query, &failure);
    if (!failure.isEmpty())
        qWarning("audit query %s failed: %s", qPrintable(query), qPrintable(failure));
    return all;
}

// The one entry with `action` among those matching `query`; empty (and a warning) otherwise.
QJsonObject TestAudit::onlyEntry(const QString &query, const QString &action)
{
    const QJsonArray all = entries(query);
    const QList<QJsonObject> matching = withAction(all, action);
    if (matching.size() != 1) {
        qWarning("%lld '%s' entries for %s: %s", qlonglong(matching.size()), qPrintable(action), qPrintable(query),
                 qPrintable(compactText(all)));
        return {};
    }
    return matching.first();
}

int TestAudit::verify(QByteArray *output)
{
    return m_server->runCommand({u"audit"_s, u"verify"_s}, {}, output);
}

void TestAudit::projectCreateIsAudited()
{
    const HttpReply created = createProject(m_http, *m_server, m_pm, m_code);
    QVERIFY2(created.status == 201, describe(created).constData());
    // The creator (pm) is a member; the others are made members of the study.
    SECURITY_CHECK(grant(m_http, *m_server, u"audit-crc"_s, m_code, u"crc"_s));
    SECURITY_CHECK(grant(m_http, *m_server, u"audit-monitor"_s, m_code, u"monitor"_s));
    const QJsonObject entry = onlyEntry(u"entity=project&id="_s + m_code, u"create"_s);
    QVERIFY(!entry.isEmpty());
    QCOMPARE(entry.value(u"actor"_s).toString(), u"audit-pm"_s);
    QCOMPARE(entry.value(u"actorRole"_s).toString(), u"pm"_s);
    QCOMPARE(entry.value(u"entityType"_s).toString(), u"project"_s);
    QCOMPARE(entry.value(u"entityId"_s).toString(), m_code);
    QVERIFY(entry.value(u"before"_s).isNull());
    QCOMPARE(afterOf(entry).value(u"code"_s).toString(), m_code);
    QCOMPARE(afterOf(entry).value(u"title"_s).toString(), created.json().value(u"title"_s).toString());
    QCOMPARE(afterOf(entry).value(u"status"_s).toString(), u"active"_s);
    // A refused create leaves no entry.
    QCOMPARE(createProject(m_http, *m_server, m_pm, m_code).status, 409);
    QCOMPARE(withAction(entries(u"entity=project&id="_s + m_code), u"create"_s).size(), 1);
}

void TestAudit::projectUpdateKeepsBeforeAndAfter()
{
    const QString oldTitle = u"Security study "_s + m_code;
    const HttpReply updated = call(m_http, m_admin, "PATCH", url(u"/api/v1/projects/"_s + m_code),
                                   jsonBytes({{u"title"_s, u"Renamed audit study"_s}}));
    QVERIFY2(updated.status == 200, describe(updated).constData());
    const QJsonObject entry = onlyEntry(u"entity=project&id="_s + m_code, u"update"_s);
    QVERIFY(!entry.isEmpty());
    QCOMPARE(entry.value(u"actor"_s).toString(), u"admin"_s);
    QCOMPARE(entry.value(u"actorRole"_s).toString(), u"admin"_s);
    QCOMPARE(beforeOf(entry).value(u"title"_s).toString(), oldTitle);
    QCOMPARE(afterOf(entry).value(u"title"_s).toString(), u"Renamed audit study"_s);
    QCOMPARE(beforeOf(entry).value(u"code"_s).toString(), m_code);
}

void TestAudit::enrolmentAuditsSubjectAndToken()
{
    const HttpReply enrolled = enrol(m_http, *m_server, m_crc, m_code, m_subjectId, u"张三丰"_s, u"18812345678"_s);
    QVERIFY2(enrolled.status == 201, describe(enrolled).constData());
    m_subjectToken = enrolled.json().value(u"subjectToken"_s).toString();
    QVERIFY(!m_subjectToken.isEmpty());
    const QJsonObject created = onlyEntry(u"entity=subject&id="_s + m_subjectId, u"create"_s);
    QVERIFY(!created.isEmpty());
    QCOMPARE(created.value(u"actor"_s).toString(), u"audit-crc"_s);
    QCOMPARE(created.value(u"actorRole"_s).toString(), u"crc"_s);
    // The record keeps the values as they were (not masked).
    QCOMPARE(afterOf(created).value(u"name"_s).toString(), u"张三丰"_s);
    QCOMPARE(afterOf(created).value(u"phone"_s).toString(), u"18812345678"_s);
    QCOMPARE(afterOf(created).value(u"projectCode"_s).toString(), m_code);
    const QJsonObject issued = onlyEntry(u"entity=token&id="_s + m_subjectId, u"token_issue"_s);
    QVERIFY(!issued.isEmpty());
    QCOMPARE(issued.value(u"actor"_s).toString(), u"audit-crc"_s);
    // The token itself is never written to the trail.
    QVERIFY(!compactText(entries(QString())).contains(m_subjectToken));
}

void TestAudit::tokenReissueAuditsRevokeAndIssue()
{
    const HttpReply reissued = call(m_http, m_pm, "POST", url(u"/api/v1/subjects/%1/token"_s.arg(m_subjectId)));
    QVERIFY2(reissued.status == 201, describe(reissued).constData());
    m_subjectToken = reissued.json().value(u"subjectToken"_s).toString();
    const QJsonArray tokenEntries = entries(u"entity=token&id="_s + m_subjectId);
    const QList<QJsonObject> revokes = withAction(tokenEntries, u"token_revoke"_s);
    QVERIFY2(revokes.size() == 1, qPrintable(compactText(tokenEntries)));
    QCOMPARE(revokes.first().value(u"actor"_s).toString(), u"audit-pm"_s);
    QCOMPARE(afterOf(revokes.first()).value(u"revoked"_s).toInt(), 1);
    const QList<QJsonObject> issues = withAction(tokenEntries, u"token_issue"_s);
    QCOMPARE(issues.size(), 2);
    QCOMPARE(issues.last().value(u"actor"_s).toString(), u"audit-pm"_s);
    QVERIFY(revokes.first().value(u"id"_s).toInteger() < issues.last().value(u"id"_s).toInteger());
    QVERIFY(!compactText(tokenEntries).contains(m_subjectToken));
}

void TestAudit::submissionAndVitalAreAudited()
{
    const HttpReply submitted =
        submitQuestionnaire(m_http, *m_server, m_subjectToken, m_subjectId, {{u"mood"_s, 4}, {u"sleep"_s, u"poor"_s}});
    QVERIFY2(submitted.status == 201, describe(submitted).constData());
    const QString id = QString::number(submitted.json().value(u"id"_s).toInteger());
    const QJsonObject entry = onlyEntry(u"entity=submission&id="_s + id, u"create"_s);
    QVERIFY(!entry.isEmpty());
    QCOMPARE(entry.value(u"actor"_s).toString(), u"subject:"_s + m_subjectId);
    QCOMPARE(entry.value(u"actorRole"_s).toString(), u"subject"_s);
    QCOMPARE(afterOf(entry).value(u"answers"_s).toObject().value(u"sleep"_s).toString(), u"poor"_s);
    QCOMPARE(afterOf(entry).value(u"subjectId"_s).toString(), m_subjectId);

    const HttpReply vital = submitVital(m_http, *m_server, m_crc, m_subjectId, 88);
    QVERIFY2(vital.status == 201, describe(vital).constData());
    const QString vitalId = QString::number(vital.json().value(u"id"_s).toInteger());
    const QJsonObject vitalEntry = onlyEntry(u"entity=vital&id="_s + vitalId, u"create"_s);
    QVERIFY(!vitalEntry.isEmpty());
    QCOMPARE(vitalEntry.value(u"actor"_s).toString(), u"audit-crc"_s);
    QCOMPARE(vitalEntry.value(u"actorRole"_s).toString(), u"crc"_s);
    QCOMPARE(afterOf(vitalEntry).value(u"type"_s).toString(), u"heart_rate"_s);
    QCOMPARE(afterOf(vitalEntry).value(u"value"_s).toDouble(), 88.0);
}

void TestAudit::signInOutAndFailuresAreAudited()
{
    QVERIFY(!m_server->createStaff(u"audit-visitor"_s, u"monitor"_s).isEmpty());
    const QString query = u"entity=user&id=audit-visitor"_s;
    const qsizetype loginsBefore = withAction(entries(query), u"login"_s).size();
    const HttpReply signedIn = login(m_http, *m_server, u"audit-visitor"_s);
    QVERIFY2(signedIn.status == 200, describe(signedIn).constData());
    QCOMPARE(login(m_http, *m_server, u"audit-visitor"_s, u"wrong-password-1"_s).status, 401);
    QCOMPARE(login(m_http, *m_server, u"audit-nobody"_s, u"wrong-password-1"_s).status, 401);
    const QString token = tokenOf(signedIn);
    QCOMPARE(call(m_http, token, "POST", url(u"/api/v1/auth/logout"_s)).status, 204);

    const QJsonArray visitor = entries(query);
    const QList<QJsonObject> logins = withAction(visitor, u"login"_s);
    QVERIFY2(logins.size() == loginsBefore + 1, qPrintable(compactText(visitor)));
    QCOMPARE(logins.last().value(u"actor"_s).toString(), u"audit-visitor"_s);
    QCOMPARE(logins.last().value(u"actorRole"_s).toString(), u"monitor"_s);
    QCOMPARE(afterOf(logins.last()).value(u"remoteAddress"_s).toString(), u"127.0.0.1"_s);
    QCOMPARE(afterOf(logins.last()).value(u"expiresAt"_s).toString(), signedIn.json().value(u"expiresAt"_s).toString());
    const QList<QJsonObject> failed = withAction(visitor, u"login_failed"_s);
    QVERIFY2(failed.size() == 1, qPrintable(compactText(visitor)));
    QCOMPARE(failed.first().value(u"actor"_s).toString(), u"audit-visitor"_s);
    // A failed sign-in to an account that does not exist is audited too.
    QVERIFY(!onlyEntry(u"entity=user&id=audit-nobody"_s, u"login_failed"_s).isEmpty());
    // Neither the password nor the token appears anywhere.
    const QString all = compactText(entries(QString()));
    QVERIFY(!all.contains(u"wrong-password-1"_s));
    QVERIFY(!all.contains(password()));
    QVERIFY(!all.contains(token));

    const QJsonObject logout = onlyEntry(u"actor=audit-visitor&entity=token"_s, u"logout"_s);
    QVERIFY(!logout.isEmpty());
    QCOMPARE(logout.value(u"actorRole"_s).toString(), u"monitor"_s);
    // It names the session by a prefix of the token's SHA-256, never the token.
    const QString tokenHash =
        QString::fromLatin1(QCryptographicHash::hash(token.toUtf8(), QCryptographicHash::Sha256).toHex());
    const QString entityId = logout.value(u"entityId"_s).toString();
    QVERIFY2(!entityId.isEmpty() && tokenHash.startsWith(entityId), qPrintable(entityId));
}

void TestAudit::reviewSignAndFailedSignatureAreAudited()
{
    const HttpReply submitted = submitQuestionnaire(m_http, *m_server, m_crc, m_subjectId);
    QVERIFY2(submitted.status == 201, describe(submitted).constData());
    const QString id = QString::number(submitted.json().value(u"id"_s).toInteger());
    const QUrl submission = url(u"/api/v1/submissions/"_s + id);
    QCOMPARE(call(m_http, m_crc, "PATCH", submission, jsonBytes({{u"reviewStatus"_s, u"reviewed"_s}})).status, 200);
    const QJsonObject review = onlyEntry(u"entity=submission&id="_s + id, u"review"_s);
    QVERIFY(!review.isEmpty());
    QCOMPARE(review.value(u"actor"_s).toString(), u"audit-crc"_s);
    QCOMPARE(beforeOf(review).value(u"status"_s).toString(), u"pending"_s);
    QCOMPARE(afterOf(review).value(u"status"_s).toString(), u"reviewed"_s);
    QCOMPARE(afterOf(review).value(u"reviewedBy"_s).toString(), u"audit-crc"_s);

    const QUrl sign = url(u"/api/v1/submissions/%1/sign"_s.arg(id));
    const HttpReply wrong = call(m_http, m_crc, "POST", sign,
                                 jsonBytes({{u"password"_s, u"not-my-password"_s}, {u"meaning"_s, u"Approved"_s}}));
    QCOMPARE(wrong.status, 403);
    const QJsonObject failedSignature = onlyEntry(u"actor=audit-crc&entity=user"_s, u"signature_failed"_s);
    QVERIFY(!failedSignature.isEmpty());
    QCOMPARE(failedSignature.value(u"actorRole"_s).toString(), u"crc"_s);
    QVERIFY2(afterOf(failedSignature).value(u"purpose"_s).toString().contains(id),
             qPrintable(QString::fromUtf8(QJsonDocument(failedSignature).toJson(QJsonDocument::Compact))));
    QVERIFY(withAction(entries(u"entity=submission&id="_s + id), u"sign"_s).isEmpty());

    const HttpReply signedReply =
        call(m_http, m_crc, "POST", sign, jsonBytes({{u"password"_s, password()}, {u"meaning"_s, u"Approved"_s}}));
    QVERIFY2(signedReply.status == 200, describe(signedReply).constData());
    const QJsonObject signature = onlyEntry(u"entity=submission&id="_s + id, u"sign"_s);
    QVERIFY(!signature.isEmpty());
    QCOMPARE(signature.value(u"actor"_s).toString(), u"audit-crc"_s);
    QCOMPARE(afterOf(signature).value(u"signedBy"_s).toString(), u"audit-crc"_s);
    QCOMPARE(afterOf(signature).value(u"signatureMeaning"_s).toString(), u"Approved"_s);
    QVERIFY(beforeOf(signature).value(u"signedBy"_s).isNull());
    QVERIFY(!compactText(entries(QString())).contains(u"not-my-password"_s));
}

void TestAudit::userCreateAndUpdateAreAuditedWithoutSecrets()
{
    const QString secret = u"audit-user-password-1"_s;
    const HttpReply created = call(m_http, m_admin, "POST", url(u"/api/v1/users"_s),
                                   jsonBytes({{u"username"_s, u"audit-new"_s},
                                              {u"role"_s, u"crc"_s},
                                              {u"password"_s, secret},
                                              {u"displayName"_s, u"New Nurse"_s}}));
    QVERIFY2(created.status == 201, describe(created).constData());
    const QJsonObject create = onlyEntry(u"entity=user&id=audit-new"_s, u"create"_s);
    QVERIFY(!create.isEmpty());
    QCOMPARE(create.value(u"actor"_s).toString(), u"admin"_s);
    QCOMPARE(afterOf(create).value(u"role"_s).toString(), u"crc"_s);
    QCOMPARE(afterOf(create).value(u"displayName"_s).toString(), u"New Nurse"_s);

    const QString newSecret = u"audit-user-password-2"_s;
    const HttpReply updated = call(m_http, m_admin, "PATCH", url(u"/api/v1/users/audit-new"_s),
                                   jsonBytes({{u"role"_s, u"pm"_s}, {u"password"_s, newSecret}}));
    QVERIFY2(updated.status == 200, describe(updated).constData());
    const QJsonObject update = onlyEntry(u"entity=user&id=audit-new"_s, u"update"_s);
    QVERIFY(!update.isEmpty());
    QCOMPARE(beforeOf(update).value(u"role"_s).toString(), u"crc"_s);
    QCOMPARE(afterOf(update).value(u"role"_s).toString(), u"pm"_s);
    QCOMPARE(afterOf(update).value(u"passwordChanged"_s), QJsonValue(true));
    const QString all = compactText(entries(QString()));
    QVERIFY(!all.contains(secret));
    QVERIFY(!all.contains(newSecret));
    QVERIFY(!all.contains(u"argon2"_s));
}

void TestAudit::everyEntryIsWellFormed()
{
    static const QRegularExpression sha256(u"^[0-9a-f]{64}$"_s);
    const QJsonArray all = entries(QString());
    QVERIFY(all.size() > 20);
    qint64 previousId = 0;
    QDateTime previousAt;
    QSet<QString> hashes;
    for (const QJsonValue &value : all) {
        const QJsonObject e = value.toObject();
        const QByteArray text = QJsonDocument(e).toJson(QJsonDocument::Compact);
        const qint64 id = e.value(u"id"_s).toInteger();
        QVERIFY2(id == previousId + 1, text.constData()); // oldest first, no gaps
        previousId = id;
        const auto at = td::parseTimestamp(e.value(u"at"_s).toString());
        QVERIFY2(at.has_value(), text.constData());
        QVERIFY2(!previousAt.isValid() || *at >= previousAt, text.constData());
        previousAt = *at;
        for (const char16_t *field : {u"actor", u"actorRole", u"action", u"entityType", u"entityId"})
            QVERIFY2(!e.value(QString::fromUtf16(field)).toString().isEmpty(), text.constData());
        QVERIFY2(sha256.match(e.value(u"hash"_s).toString()).hasMatch(), text.constData());
        QVERIFY2(!hashes.contains(e.value(u"hash"_s).toString()), text.constData());
        hashes.insert(e.value(u"hash"_s).toString());
    }
}

void TestAudit::filtersByEntityIdActorAndSince()
{
    const QJsonArray all = entries(QString());
    QVERIFY(all.size() > 20);

    // entity + id
    const QJsonArray project = entries(u"entity=project&id="_s + m_code);
    QVERIFY(project.size() >= 2);
    for (const QJsonValue &v : project) {
        QCOMPARE(v.toObject().value(u"entityType"_s).toString(), u"project"_s);
        QCOMPARE(v.toObject().value(u"entityId"_s).toString(), m_code);
    }
    // entity alone
    const QJsonArray users = entries(u"entity=user"_s);
    qsizetype expectedUsers = 0;
    for (const QJsonValue &v : all)
        expectedUsers += v.toObject().value(u"entityType"_s).toString() == u"user"_s ? 1 : 0;
    QCOMPARE(users.size(), expectedUsers);
    // actor
    const QJsonArray byCrc = entries(u"actor=audit-crc"_s);
    qsizetype expectedCrc = 0;
    for (const QJsonValue &v : all)
        expectedCrc += v.toObject().value(u"actor"_s).toString() == u"audit-crc"_s ? 1 : 0;
    QVERIFY(expectedCrc >= 4);
    QCOMPARE(byCrc.size(), expectedCrc);
    for (const QJsonValue &v : byCrc)
        QCOMPARE(v.toObject().value(u"actor"_s).toString(), u"audit-crc"_s);
    // A subject actor is filtered by its audit name.
    const QJsonArray bySubject =
        entries(u"actor="_s + QString::fromLatin1(QUrl::toPercentEncoding(u"subject:"_s + m_subjectId)));
    QVERIFY(!bySubject.isEmpty());
    for (const QJsonValue &v : bySubject)
        QCOMPARE(v.toObject().value(u"actorRole"_s).toString(), u"subject"_s);
    // since: every entry at or after a middle entry's time, and only those.
    const QString since = all.at(all.size() / 2).toObject().value(u"at"_s).toString();
    const QDateTime sinceTime = *td::parseTimestamp(since);
    qsizetype expectedSince = 0;
    for (const QJsonValue &v : all)
        expectedSince += *td::parseTimestamp(v.toObject().value(u"at"_s).toString()) >= sinceTime ? 1 : 0;
    const QJsonArray recent = entries(u"since="_s + QString::fromLatin1(QUrl::toPercentEncoding(since)));
    QCOMPARE(recent.size(), expectedSince);
    QVERIFY(recent.size() < all.size());
    for (const QJsonValue &v : recent)
        QVERIFY(*td::parseTimestamp(v.toObject().value(u"at"_s).toString()) >= sinceTime);
    // since in another offset means the same instant.
    const QString sinceOffset = sinceTime.toOffsetFromUtc(8 * 3600).toString(Qt::ISODateWithMs);
    QCOMPARE(entries(u"since="_s + QString::fromLatin1(QUrl::toPercentEncoding(sinceOffset))).size(), expectedSince);
    // Filters combine.
    const QJsonArray combined = entries(u"entity=submission&actor=audit-crc"_s);
    QVERIFY(!combined.isEmpty());
    for (const QJsonValue &v : combined) {
        QCOMPARE(v.toObject().value(u"entityType"_s).toString(), u"submission"_s);
        QCOMPARE(v.toObject().value(u"actor"_s).toString(), u"audit-crc"_s);
    }
    QVERIFY(entries(u"entity=project&id=NO-SUCH-PROJECT"_s).isEmpty());
    // A future since finds nothing.
    QVERIFY(entries(u"since=2999-01-01T00:00:00Z"_s).isEmpty());
}

void TestAudit::paginationWalksEveryEntryOnce()
{
    const QJsonArray all = entries(QString());
    QString failure;
    const QJsonArray paged = auditEntries(m_http, *m_server, m_admin, QString(), &failure, 3);
    QVERIFY2(failure.isEmpty(), qPrintable(failure));
    QCOMPARE(paged, all);
    // One page: limit items and a cursor. (As the admin: a monitor since #14 reads only
    // the entries of its studies, which do not start at id 1.)
    const HttpReply first = call(m_http, m_admin, "GET", url(u"/api/v1/audit?limit=2"_s));
    QVERIFY2(first.status == 200, describe(first).constData());
    QCOMPARE(first.json().value(u"items"_s).toArray().size(), 2);
    QVERIFY(first.json().value(u"nextCursor"_s).isString());
    const HttpReply second =
        call(m_http, m_admin, "GET",
             url(u"/api/v1/audit?limit=2&cursor="_s
                 + QString::fromLatin1(QUrl::toPercentEncoding(first.json().value(u"nextCursor"_s).toString()))));
    QCOMPARE(second.json().value(u"items"_s).toArray().first().toObject().value(u"id"_s).toInteger(), 3);
    // Filters and paging together.
    const QJsonArray users = entries(u"entity=user"_s);
    const QJsonArray usersPaged = auditEntries(m_http, *m_server, m_admin, u"entity=user"_s, &failure, 2);
    QCOMPARE(usersPaged, users);
}

void TestAudit::badFiltersAreRefused_data()
{
    QTest::addColumn<QString>("query");
    QTest::newRow("unknown entity") << u"entity=password"_s;
    QTest::newRow("since not a timestamp") << u"since=yesterday"_s;
    QTest::newRow("since without zone") << u"since=2026-01-01T00:00:00"_s;
    QTest::newRow("limit zero") << u"limit=0"_s;
    QTest::newRow("limit too big") << u"limit=100000"_s;
    QTest::newRow("forged cursor") << u"cursor=abc"_s;
}

void TestAudit::badFiltersAreRefused()
{
    QFETCH(QString, query);
    const HttpReply reply = call(m_http, m_admin, "GET", url(u"/api/v1/audit?"_s + query));
    QVERIFY2(reply.status == 400, describe(reply).constData());
}

void TestAudit::whoMayReadIt_data()
{
    QTest::addColumn<QString>("who");
    QTest::addColumn<int>("status");
    QTest::newRow("admin") << u"admin"_s << 200;
    QTest::newRow("pm") << u"pm"_s << 200;
    QTest::newRow("monitor") << u"monitor"_s << 200;
    QTest::newRow("crc") << u"crc"_s << 403;
    QTest::newRow("subject") << u"subject"_s << 403;
    QTest::newRow("no token") << QString() << 401;
}

void TestAudit::whoMayReadIt()
{
    QFETCH(QString, who);
    QFETCH(int, status);
    const QHash<QString, QString> tokens = {{u"admin"_s, m_admin},
                                            {u"pm"_s, m_pm},
                                            {u"monitor"_s, m_monitor},
                                            {u"crc"_s, m_crc},
                                            {u"subject"_s, m_subjectToken}};
    const HttpReply reply = call(m_http, tokens.value(who), "GET", url(u"/api/v1/audit"_s));
    QVERIFY2(reply.status == status, describe(reply).constData());
    if (status == 200)
        QVERIFY(!reply.json().value(u"items"_s).toArray().isEmpty());
    else
        QVERIFY(!reply.body.contains("\"items\""));
}

void TestAudit::apiCannotChangeOrDeleteEntries_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("path");
    QTest::addColumn<int>("status");
    QTest::newRow("PATCH /audit") << QByteArray("PATCH") << u"/api/v1/audit"_s << 405;
    QTest::newRow("DELETE /audit") << QByteArray("DELETE") << u"/api/v1/audit"_s << 405;
    QTest::newRow("PUT /audit") << QByteArray("PUT") << u"/api/v1/audit"_s << 405;
    QTest::newRow("POST /audit") << QByteArray("POST") << u"/api/v1/audit"_s << 405;
    QTest::newRow("GET /audit/1") << QByteArray("GET") << u"/api/v1/audit/1"_s << 404;
    QTest::newRow("PATCH /audit/1") << QByteArray("PATCH") << u"/api/v1/audit/1"_s << 404;
    QTest::newRow("DELETE /audit/1") << QByteArray("DELETE") << u"/api/v1/audit/1"_s << 404;
    QTest::newRow("PUT /audit/1") << QByteArray("PUT") << u"/api/v1/audit/1"_s << 404;
}

void TestAudit::apiCannotChangeOrDeleteEntries()
{
    QFETCH(QByteArray, method);
    QFETCH(QString, path);
    QFETCH(int, status);
    const QJsonArray before = entries(QString());
    m_http.setToken(m_admin);
    const HttpReply reply =
        m_http.send(method, url(path), "{\"after\":{\"tampered\":true},\"id\":1}", {}, "application/json");
    QVERIFY2(reply.status == status, describe(reply).constData());
    if (status == 405)
        QCOMPARE(reply.header("Allow"), QByteArray("GET"));
    // Nothing changed (the list call itself adds no entry).
    QCOMPARE(entries(QString()), before);
}

void TestAudit::verifyPassesOnIntactTrail()
{
    QByteArray output;
    QCOMPARE(verify(&output), 0);
    const qsizetype count = entries(QString()).size();
    QVERIFY2(output.contains(QByteArray("intact: " + QByteArray::number(count) + " entries")), output.constData());
}

void TestAudit::verifyNamesAnEditedEntry()
{
    QVERIFY(m_server->stop());
    SqlFile db(m_server->databaseFile(), true);
    // The project update in the middle of the trail.
    const qint64 id =
        db.scalar(u"SELECT id FROM audit_log WHERE action = 'update' AND entity_type = 'project' AND entity_id = ?"_s,
                  {m_code})
            .toLongLong();
    const qint64 last = db.scalar(u"SELECT MAX(id) FROM audit_log"_s).toLongLong();
    QVERIFY2(id > 1 && id < last, qPrintable(db.lastError()));
    const QString original = db.scalar(u"SELECT after_value FROM audit_log WHERE id = ?"_s, {id}).toString();
    QVERIFY(original.contains(u"Renamed audit study"_s));
    QString edited = original;
    edited.replace(u"Renamed audit study"_s, u"Quietly rewritten"_s);
    QCOMPARE(db.change(u"UPDATE audit_log SET after_value = ? WHERE id = ?"_s, {edited, id}), 1);

    QByteArray output;
    QCOMPARE(verify(&output), 3);
    QVERIFY2(output.contains(QByteArray("BROKEN at entry " + QByteArray::number(id) + ':')), output.constData());
    QVERIFY2(output.contains("edited"), output.constData());

    // Put it back exactly: intact again (the check is about this row, nothing else).
    QCOMPARE(db.change(u"UPDATE audit_log SET after_value = ? WHERE id = ?"_s, {original, id}), 1);
    QCOMPARE(verify(&output), 0);

    // Other columns are covered too: the actor.
    QCOMPARE(db.change(u"UPDATE audit_log SET actor = 'someone-else' WHERE id = ?"_s, {id}), 1);
    QCOMPARE(verify(&output), 3);
    QVERIFY2(output.contains(QByteArray("BROKEN at entry " + QByteArray::number(id) + ':')), output.constData());
    QCOMPARE(db.change(u"UPDATE audit_log SET actor = 'admin' WHERE id = ?"_s, {id}), 1);
    QCOMPARE(verify(&output), 0);
}

void TestAudit::verifyNamesARehashedEntrysSuccessor()
{
    // Someone who edits a row and recomputes its own hash still breaks the next link.
    SqlFile db(m_server->databaseFile(), true);
    const qint64 id =
        db.scalar(u"SELECT id FROM audit_log WHERE action = 'create' AND entity_type = 'subject' AND entity_id = ?"_s,
                  {m_subjectId})
            .toLongLong();
    QVERIFY(id > 1);
    const QList<QVariantList> rows = db.rows(u"SELECT at, actor, actor_role, action, entity_type, entity_id, "
                                             "before_value, after_value, prev_hash, hash FROM audit_log WHERE id = ?"_s,
                                             {id});
    QCOMPARE(rows.size(), 1);
    const QVariantList row = rows.first();
    td::AuditStore::Entry entry;
    entry.id = id;
    entry.at = *td::parseTimestamp(row.at(0).toString());
    entry.actor = row.at(1).toString();
    entry.actorRole = row.at(2).toString();
    entry.action = row.at(3).toString();
    entry.entityType = row.at(4).toString();
    entry.entityId = row.at(5).toString();
    entry.before = QJsonDocument::fromJson(row.at(6).toString().toUtf8()).object();
    entry.after = QJsonDocument::fromJson(row.at(7).toString().toUtf8()).object();
    entry.prevHash = row.at(8).toString();
    // The server's own hash reproduces the stored one: the row is as the server wrote it.
    QCOMPARE(td::AuditStore::computeHash(entry), row.at(9).toString());

    entry.after.insert(u"name"_s, u"Somebody Else"_s);
    const QString forgedAfter = QString::fromUtf8(QJsonDocument(entry.after).toJson(QJsonDocument::Compact));
    const QString forgedHash = td::AuditStore::computeHash(entry);
    QCOMPARE(db.change(u"UPDATE audit_log SET after_value = ?, hash = ? WHERE id = ?"_s, {forgedAfter, forgedHash, id}),
             1);
    QByteArray output;
    QCOMPARE(verify(&output), 3);
    QVERIFY2(output.contains(QByteArray("BROKEN at entry " + QByteArray::number(id + 1) + ':')), output.constData());
    QVERIFY2(output.contains("link"), output.constData());
    QCOMPARE(db.change(u"UPDATE audit_log SET after_value = ?, hash = ? WHERE id = ?"_s,
                       {row.at(7).toString(), row.at(9).toString(), id}),
             1);
    QCOMPARE(verify(&output), 0);
}

void TestAudit::verifyNamesADeletedEntry()
{
    SqlFile db(m_server->databaseFile(), true);
    const qint64 last = db.scalar(u"SELECT MAX(id) FROM audit_log"_s).toLongLong();
    const qint64 id = last / 2;
    QVERIFY(id > 1);
    QCOMPARE(db.change(u"DELETE FROM audit_log WHERE id = ?"_s, {id}), 1);
    QByteArray output;
    QCOMPARE(verify(&output), 3);
    QVERIFY2(output.contains(QByteArray("BROKEN at entry " + QByteArray::number(id + 1) + ':')), output.constData());
    QVERIFY2(output.contains(QByteArray("entry " + QByteArray::number(id) + " is missing")), output.constData());
}

QTEST_GUILESS_MAIN(TestAudit)
#include "tst_audit.moc"

// Review and e-signature (docs/security.md, "Review and e-signature") against a real
// trialdesk-server: PATCH /api/v1/submissions/{id} (reviewed, queried with a comment,
// resolving queries), POST /api/v1/submissions/{id}/sign (password re-check, only
// reviewed submissions, once), changing a signed submission only with a new
// signature, who may review, and the reviewStatus filter of a study's submissions.

#include "HttpClient.h"
#include "SecurityTestKit.h"
#include "TestServer.h"
#include "Timestamps.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QSet>
#include <QTest>
#include <memory>

using namespace Qt::StringLiterals;
using namespace td::test::security;
using td::test::HttpClient;
using td::test::HttpReply;
using td::test::TestServer;

namespace {

QJsonObject reviewOf(const HttpReply &reply)
{
    return reply.json().value(u"review"_s).toObject();
}

} // namespace

class TestReview : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void newSubmissionIsPending();
    void queryNeedsAComment_data();
    void queryNeedsAComment();
    void raisingAQueryRecordsWhoAndWhy();
    void openQueryBlocksReviewed();
    void answeredQueryAllowsReviewed();
    void closeAndReviewInOneRequest();
    void resolvingWithoutOpenQueryIsRefused();
    void badReviewRequestsAreRefused_data();
    void badReviewRequestsAreRefused();
    void signRequiresReviewed();
    void wrongPasswordDoesNotSign();
    void signRecordsSignerTimeAndMeaning();
    void alreadySignedIsRefused();
    void signedChangesOnlyWithANewSignature();
    void monitorAndSubjectCannotReviewOrSign();
    void unknownSubmissionIs404();
    void reviewStatusFilter();

private:
    qint64 newSubmission();
    HttpReply patch(const QString &token, qint64 id, const QJsonObject &body);
    HttpReply sign(const QString &token, qint64 id, const QString &secret, const QString &meaning);
    HttpReply get(qint64 id);
    QUrl url(const QString &path) const { return m_server->url(path); }

    std::unique_ptr<TestServer> m_server;
    HttpClient m_http;
    QString m_admin;
    QString m_pm;
    QString m_crc;
    QString m_monitor;
    QString m_subjectToken;
    const QString m_code = u"REVIEW-1"_s;
    const QString m_subjectId = u"review-s1"_s;
    qint64 m_signed = 0;       // signed by the crc in signRecordsSignerTimeAndMeaning
    QSet<qint64> m_queried;    // queried, query still open
    QSet<qint64> m_notQueried; // everything else created here
};

void TestReview::initTestCase()
{
    m_server = std::make_unique<TestServer>(QStringList{u"--no-request-log"_s, u"--login-rate"_s, u"0"_s});
    QVERIFY2(m_server->start(), m_server->log().constData());
    m_admin = m_server->adminToken();
    m_pm = m_server->createStaff(u"review-pm"_s, u"pm"_s);
    m_crc = m_server->createStaff(u"review-crc"_s, u"crc"_s);
    m_monitor = m_server->createStaff(u"review-monitor"_s, u"monitor"_s);
    QVERIFY(!m_pm.isEmpty() && !m_crc.isEmpty() && !m_monitor.isEmpty());
    QCOMPARE(createProject(m_http, *m_server, m_admin, m_code).status, 201);
    SECURITY_CHECK(grant(m_http, *m_server, u"review-pm"_s, m_code, u"pm"_s));
    SECURITY_CHECK(grant(m_http, *m_server, u"review-crc"_s, m_code, u"crc"_s));
    SECURITY_CHECK(grant(m_http, *m_server, u"review-monitor"_s, m_code, u"monitor"_s));
    const HttpReply enrolled = enrol(m_http, *m_server, m_crc, m_code, m_subjectId);
    QVERIFY2(enrolled.status == 201, describe(enrolled).constData());
    m_subjectToken = enrolled.json().value(u"subjectToken"_s).toString();
}

qint64 TestReview::newSubmission()
{
    const HttpReply reply = submitQuestionnaire(m_http, *m_server, m_subjectToken, m_subjectId);
    if (reply.status != 201) {
        qWarning("submission failed: %s", describe(reply).constData());
        return 0;
    }
    const qint64 id = reply.json().value(u"id"_s).toInteger();
    m_notQueried.insert(id);
    return id;
}

HttpReply TestReview::patch(const QString &token, qint64 id, const QJsonObject &body)
{
    return call(m_http, token, "PATCH", url(u"/api/v1/submissions/%1"_s.arg(id)), jsonBytes(body));
}

HttpReply TestReview::sign(const QString &token, qint64 id, const QString &secret, const QString &meaning)
{
    return call(m_http, token, "POST", url(u"/api/v1/submissions/%1/sign"_s.arg(id)),
                jsonBytes({{u"password"_s, secret}, {u"meaning"_s, meaning}}));
}

HttpReply TestReview::get(qint64 id)
{
    return call(m_http, m_admin, "GET", url(u"/api/v1/submissions/%1"_s.arg(id)));
}

void TestReview::newSubmissionIsPending()
{
    const qint64 id = newSubmission();
    QVERIFY(id > 0);
    const QJsonObject review = reviewOf(get(id));
    QCOMPARE(review.value(u"status"_s).toString(), u"pending"_s);
    for (const char16_t *field :
         {u"queryStatus", u"reviewedBy", u"reviewedAt", u"signedBy", u"signedAt", u"signatureMeaning"})
        QVERIFY2(review.value(QString::fromUtf16(field)).isNull(), qPrintable(QString::fromUtf16(field)));
}

void TestReview::queryNeedsAComment_data()
{
    QTest::addColumn<QJsonObject>("body");
    QTest::newRow("no comment") << QJsonObject{{u"reviewStatus"_s, u"queried"_s}};
    QTest::newRow("empty comment") << QJsonObject{{u"reviewStatus"_s, u"queried"_s}, {u"comment"_s, u""_s}};
    QTest::newRow("blank comment") << QJsonObject{{u"reviewStatus"_s, u"queried"_s}, {u"comment"_s, u"   "_s}};
}

void TestReview::queryNeedsAComment()
{
    QFETCH(QJsonObject, body);
    const qint64 id = newSubmission();
    const HttpReply reply = patch(m_crc, id, body);
    SECURITY_CHECK(checkError(reply, 400, u"missing_field"_s));
    QVERIFY2(reply.json().value(u"fields"_s).toObject().contains(u"comment"_s), describe(reply).constData());
    QCOMPARE(reviewOf(get(id)).value(u"status"_s).toString(), u"pending"_s);
}

void TestReview::raisingAQueryRecordsWhoAndWhy()
{
    const qint64 id = newSubmission();
    const QDateTime before = QDateTime::currentDateTimeUtc().addMSecs(-1);
    const HttpReply reply =
        patch(m_crc, id, {{u"reviewStatus"_s, u"queried"_s}, {u"comment"_s, u"Q3 answer looks implausible"_s}});
    QVERIFY2(reply.status == 200, describe(reply).constData());
    const QJsonObject review = reviewOf(reply);
    QCOMPARE(review.value(u"status"_s).toString(), u"queried"_s);
    QCOMPARE(review.value(u"queryStatus"_s).toString(), u"open"_s);
    QCOMPARE(review.value(u"comment"_s).toString(), u"Q3 answer looks implausible"_s);
    QCOMPARE(review.value(u"reviewedBy"_s).toString(), u"review-crc"_s);
    const auto at = td::parseTimestamp(review.value(u"reviewedAt"_s).toString());
    QVERIFY(at && *at >= before && *at <= QDateTime::currentDateTimeUtc().addSecs(1));
    QCOMPARE(reviewOf(get(id)), review); // stored as answered
    m_notQueried.remove(id);
    m_queried.insert(id);
}

void TestReview::openQueryBlocksReviewed()
{
    const qint64 id = newSubmission();
    QCOMPARE(patch(m_pm, id, {{u"reviewStatus"_s, u"queried"_s}, {u"comment"_s, u"Please confirm"_s}}).status, 200);
    m_notQueried.remove(id);
    m_queried.insert(id);
    const QJsonObject stored = reviewOf(get(id));
    const HttpReply reply = patch(m_pm, id, {{u"reviewStatus"_s, u"reviewed"_s}});
    SECURITY_CHECK(checkError(reply, 409, u"query_open"_s));
    QCOMPARE(reviewOf(get(id)), stored);
    // Nor can it be signed.
    SECURITY_CHECK(checkError(sign(m_pm, id, password(), u"Approved"_s), 409, u"not_reviewed"_s));
}

void TestReview::answeredQueryAllowsReviewed()
{
    const qint64 id = newSubmission();
    QCOMPARE(patch(m_crc, id, {{u"reviewStatus"_s, u"queried"_s}, {u"comment"_s, u"Which arm?"_s}}).status, 200);
    const HttpReply answered = patch(m_crc, id, {{u"queryStatus"_s, u"answered"_s}, {u"comment"_s, u"Left arm"_s}});
    QVERIFY2(answered.status == 200, describe(answered).constData());
    QCOMPARE(reviewOf(answered).value(u"queryStatus"_s).toString(), u"answered"_s);
    QCOMPARE(reviewOf(answered).value(u"status"_s).toString(), u"queried"_s);
    QCOMPARE(reviewOf(answered).value(u"comment"_s).toString(), u"Left arm"_s);
    const HttpReply reviewed = patch(m_pm, id, {{u"reviewStatus"_s, u"reviewed"_s}});
    QVERIFY2(reviewed.status == 200, describe(reviewed).constData());
    QCOMPARE(reviewOf(reviewed).value(u"status"_s).toString(), u"reviewed"_s);
    QCOMPARE(reviewOf(reviewed).value(u"reviewedBy"_s).toString(), u"review-pm"_s);
    // An answered query can still be closed; the review stays.
    const HttpReply closed = patch(m_pm, id, {{u"queryStatus"_s, u"closed"_s}});
    QVERIFY2(closed.status == 200, describe(closed).constData());
    QCOMPARE(reviewOf(closed).value(u"queryStatus"_s).toString(), u"closed"_s);
    QCOMPARE(reviewOf(closed).value(u"status"_s).toString(), u"reviewed"_s);
}

void TestReview::closeAndReviewInOneRequest()
{
    const qint64 id = newSubmission();
    QCOMPARE(patch(m_crc, id, {{u"reviewStatus"_s, u"queried"_s}, {u"comment"_s, u"Date missing"_s}}).status, 200);
    const HttpReply reply = patch(m_crc, id, {{u"queryStatus"_s, u"closed"_s}, {u"reviewStatus"_s, u"reviewed"_s}});
    QVERIFY2(reply.status == 200, describe(reply).constData());
    QCOMPARE(reviewOf(reply).value(u"status"_s).toString(), u"reviewed"_s);
    QCOMPARE(reviewOf(reply).value(u"queryStatus"_s).toString(), u"closed"_s);
    // Closed is final: closing again is refused, and nothing changes.
    const QJsonObject stored = reviewOf(get(id));
    SECURITY_CHECK(checkError(patch(m_crc, id, {{u"queryStatus"_s, u"closed"_s}}), 409, u"no_open_query"_s));
    QCOMPARE(reviewOf(get(id)), stored);
}

void TestReview::resolvingWithoutOpenQueryIsRefused()
{
    const qint64 id = newSubmission();
    for (const QString &status : {u"answered"_s, u"closed"_s}) {
        const HttpReply reply = patch(m_crc, id, {{u"queryStatus"_s, status}});
        SECURITY_CHECK(checkError(reply, 409, u"no_open_query"_s));
    }
    // A failed PATCH changes nothing, not even in one request with a valid part.
    const HttpReply mixed = patch(m_crc, id, {{u"queryStatus"_s, u"closed"_s}, {u"reviewStatus"_s, u"reviewed"_s}});
    SECURITY_CHECK(checkError(mixed, 409, u"no_open_query"_s));
    QCOMPARE(reviewOf(get(id)).value(u"status"_s).toString(), u"pending"_s);
    QVERIFY(reviewOf(get(id)).value(u"reviewedBy"_s).isNull());
}

void TestReview::badReviewRequestsAreRefused_data()
{
    QTest::addColumn<QJsonObject>("body");
    QTest::addColumn<QString>("field");
    QTest::newRow("empty") << QJsonObject{} << u"reviewStatus"_s;
    QTest::newRow("unknown status") << QJsonObject{{u"reviewStatus"_s, u"approved"_s}} << u"reviewStatus"_s;
    QTest::newRow("pending is not settable") << QJsonObject{{u"reviewStatus"_s, u"pending"_s}} << u"reviewStatus"_s;
    QTest::newRow("query status open") << QJsonObject{{u"queryStatus"_s, u"open"_s}} << u"queryStatus"_s;
    QTest::newRow("unknown field") << QJsonObject{{u"reviewStatus"_s, u"reviewed"_s}, {u"signedBy"_s, u"admin"_s}}
                                   << u"signedBy"_s;
    QTest::newRow("password without meaning")
        << QJsonObject{{u"reviewStatus"_s, u"reviewed"_s}, {u"password"_s, u"test-password-123"_s}} << u"meaning"_s;
    QTest::newRow("meaning without password")
        << QJsonObject{{u"reviewStatus"_s, u"reviewed"_s}, {u"meaning"_s, u"Approved"_s}} << u"password"_s;
}

void TestReview::badReviewRequestsAreRefused()
{
    QFETCH(QJsonObject, body);
    QFETCH(QString, field);
    const qint64 id = newSubmission();
    const HttpReply reply = patch(m_crc, id, body);
    QVERIFY2(reply.status == 400, describe(reply).constData());
    QVERIFY2(reply.json().value(u"fields"_s).toObject().contains(field), describe(reply).constData());
    QCOMPARE(reviewOf(get(id)).value(u"status"_s).toString(), u"pending"_s);
}

void TestReview::signRequiresReviewed()
{
    const qint64 pending = newSubmission();
    SECURITY_CHECK(checkError(sign(m_crc, pending, password(), u"Approved"_s), 409, u"not_reviewed"_s));
    const qint64 queried = newSubmission();
    QCOMPARE(patch(m_crc, queried, {{u"reviewStatus"_s, u"queried"_s}, {u"comment"_s, u"Why?"_s}}).status, 200);
    m_notQueried.remove(queried);
    m_queried.insert(queried);
    SECURITY_CHECK(checkError(sign(m_crc, queried, password(), u"Approved"_s), 409, u"not_reviewed"_s));
    QVERIFY(reviewOf(get(pending)).value(u"signedBy"_s).isNull());
    QVERIFY(reviewOf(get(queried)).value(u"signedBy"_s).isNull());
    // Sign needs both fields.
    const HttpReply noMeaning = call(m_http, m_crc, "POST", url(u"/api/v1/submissions/%1/sign"_s.arg(pending)),
                                     jsonBytes({{u"password"_s, password()}}));
    QCOMPARE(noMeaning.status, 400);
}

void TestReview::wrongPasswordDoesNotSign()
{
    const qint64 id = newSubmission();
    QCOMPARE(patch(m_crc, id, {{u"reviewStatus"_s, u"reviewed"_s}}).status, 200);
    const HttpReply wrong = sign(m_crc, id, u"not-the-password"_s, u"Approved"_s);
    SECURITY_CHECK(checkError(wrong, 403, u"invalid_password"_s));
    QVERIFY(reviewOf(get(id)).value(u"signedBy"_s).isNull());
    // Another account's password is not the signer's.
    const QString otherSecret = u"someone-elses-password"_s;
    QCOMPARE(call(m_http, m_admin, "POST", url(u"/api/v1/users"_s),
                  jsonBytes({{u"username"_s, u"review-other"_s}, {u"role"_s, u"crc"_s}, {u"password"_s, otherSecret}}))
                 .status,
             201);
    SECURITY_CHECK(checkError(sign(m_crc, id, otherSecret, u"Approved"_s), 403, u"invalid_password"_s));
    QVERIFY(reviewOf(get(id)).value(u"signedBy"_s).isNull());
    // Audited as signature_failed for the signer, naming the submission.
    QString failure;
    const QJsonArray entries =
        auditEntries(m_http, *m_server, m_admin, u"entity=user&id=review-crc&actor=review-crc"_s, &failure);
    QVERIFY2(failure.isEmpty(), qPrintable(failure));
    const QList<QJsonObject> failed = withAction(entries, u"signature_failed"_s);
    QVERIFY2(!failed.isEmpty(), qPrintable(compactText(entries)));
    QCOMPARE(failed.last().value(u"actorRole"_s).toString(), u"crc"_s);
    QVERIFY2(failed.last().value(u"after"_s).toObject().value(u"purpose"_s).toString().contains(QString::number(id)),
             qPrintable(compactText(entries)));
    // The wrong password does not lock the signer out of a correct signature.
    QCOMPARE(sign(m_crc, id, password(), u"Approved"_s).status, 200);
}

void TestReview::signRecordsSignerTimeAndMeaning()
{
    const qint64 id = newSubmission();
    QCOMPARE(patch(m_pm, id, {{u"reviewStatus"_s, u"reviewed"_s}}).status, 200);
    const QDateTime before = QDateTime::currentDateTimeUtc().addMSecs(-1);
    const HttpReply reply = sign(m_crc, id, password(), u"I approve these answers"_s);
    const QDateTime after = QDateTime::currentDateTimeUtc().addMSecs(1);
    QVERIFY2(reply.status == 200, describe(reply).constData());
    const QJsonObject review = reviewOf(reply);
    QCOMPARE(review.value(u"status"_s).toString(), u"reviewed"_s);
    QCOMPARE(review.value(u"signedBy"_s).toString(), u"review-crc"_s);
    QCOMPARE(review.value(u"signatureMeaning"_s).toString(), u"I approve these answers"_s);
    QCOMPARE(review.value(u"reviewedBy"_s).toString(), u"review-pm"_s); // the reviewer stays on record
    const auto signedAt = td::parseTimestamp(review.value(u"signedAt"_s).toString());
    QVERIFY2(signedAt && *signedAt >= before && *signedAt <= after, describe(reply).constData());
    QCOMPARE(reviewOf(get(id)), review);
    // The signature is in the trail with the same values.
    QString failure;
    const QJsonArray entries = auditEntries(m_http, *m_server, m_admin, u"entity=submission&id=%1"_s.arg(id), &failure);
    const QList<QJsonObject> signs = withAction(entries, u"sign"_s);
    QVERIFY2(signs.size() == 1, qPrintable(compactText(entries)));
    QCOMPARE(signs.first().value(u"after"_s).toObject(), review);
    m_signed = id;
}

void TestReview::alreadySignedIsRefused()
{
    QVERIFY(m_signed > 0);
    const QJsonObject stored = reviewOf(get(m_signed));
    SECURITY_CHECK(checkError(sign(m_pm, m_signed, password(), u"Second opinion"_s), 409, u"already_signed"_s));
    QCOMPARE(reviewOf(get(m_signed)), stored);
}

void TestReview::signedChangesOnlyWithANewSignature()
{
    QVERIFY(m_signed > 0);
    const QJsonObject stored = reviewOf(get(m_signed));
    const QJsonObject query{{u"reviewStatus"_s, u"queried"_s}, {u"comment"_s, u"Re-open: source data differs"_s}};

    const HttpReply plain = patch(m_pm, m_signed, query);
    SECURITY_CHECK(checkError(plain, 409, u"signature_required"_s));
    QCOMPARE(reviewOf(get(m_signed)), stored);

    QJsonObject wrongPassword = query;
    wrongPassword.insert(u"password"_s, u"not-the-password"_s);
    wrongPassword.insert(u"meaning"_s, u"Re-opened"_s);
    SECURITY_CHECK(checkError(patch(m_pm, m_signed, wrongPassword), 403, u"invalid_password"_s));
    QCOMPARE(reviewOf(get(m_signed)), stored);
    {
        // Audited like a failed signature.
        QString failure;
        const QJsonArray failed = auditEntries(m_http, *m_server, m_admin, u"actor=review-pm&entity=user"_s, &failure);
        const QList<QJsonObject> entries = withAction(failed, u"signature_failed"_s);
        QVERIFY2(entries.size() == 1, qPrintable(compactText(failed)));
        QVERIFY(entries.first()
                    .value(u"after"_s)
                    .toObject()
                    .value(u"purpose"_s)
                    .toString()
                    .contains(QString::number(m_signed)));
    }

    QJsonObject blankMeaning = query;
    blankMeaning.insert(u"password"_s, password());
    blankMeaning.insert(u"meaning"_s, u"   "_s);
    QCOMPARE(patch(m_pm, m_signed, blankMeaning).status, 400);
    QCOMPARE(reviewOf(get(m_signed)), stored);

    QJsonObject resign = query;
    resign.insert(u"password"_s, password());
    resign.insert(u"meaning"_s, u"Re-opened for source data verification"_s);
    const QDateTime before = QDateTime::currentDateTimeUtc().addMSecs(-1);
    const HttpReply reply = patch(m_pm, m_signed, resign);
    QVERIFY2(reply.status == 200, describe(reply).constData());
    const QJsonObject review = reviewOf(reply);
    QCOMPARE(review.value(u"status"_s).toString(), u"queried"_s);
    QCOMPARE(review.value(u"queryStatus"_s).toString(), u"open"_s);
    QCOMPARE(review.value(u"signedBy"_s).toString(), u"review-pm"_s);
    QCOMPARE(review.value(u"signatureMeaning"_s).toString(), u"Re-opened for source data verification"_s);
    const auto signedAt = td::parseTimestamp(review.value(u"signedAt"_s).toString());
    QVERIFY(signedAt && *signedAt >= before);
    QVERIFY(*signedAt > *td::parseTimestamp(stored.value(u"signedAt"_s).toString()));
    QCOMPARE(reviewOf(get(m_signed)), review);
    m_notQueried.remove(m_signed);
    m_queried.insert(m_signed);

    // Both the review change and the new signature are in the trail.
    QString failure;
    const QJsonArray entries =
        auditEntries(m_http, *m_server, m_admin, u"entity=submission&id=%1"_s.arg(m_signed), &failure);
    const QList<QJsonObject> signs = withAction(entries, u"sign"_s);
    QVERIFY2(signs.size() == 2, qPrintable(compactText(entries)));
    QCOMPARE(signs.last().value(u"actor"_s).toString(), u"review-pm"_s);
    QCOMPARE(signs.last().value(u"after"_s).toObject().value(u"meaning"_s).toString(),
             u"Re-opened for source data verification"_s);
    const QList<QJsonObject> reviews = withAction(entries, u"review"_s);
    QVERIFY(reviews.size() >= 2);
    QCOMPARE(reviews.last().value(u"before"_s).toObject(), stored);
    QCOMPARE(reviews.last().value(u"after"_s).toObject(), review);
}

void TestReview::monitorAndSubjectCannotReviewOrSign()
{
    const qint64 id = newSubmission();
    QCOMPARE(patch(m_admin, id, {{u"reviewStatus"_s, u"reviewed"_s}}).status, 200);
    const QJsonObject stored = reviewOf(get(id));
    for (const QString &token : {m_monitor, m_subjectToken}) {
        SECURITY_CHECK(checkError(patch(token, id, {{u"reviewStatus"_s, u"queried"_s}, {u"comment"_s, u"x"_s}}), 403,
                                  u"forbidden"_s));
        SECURITY_CHECK(checkError(sign(token, id, password(), u"Approved"_s), 403, u"forbidden"_s));
    }
    QCOMPARE(reviewOf(get(id)), stored);
    // The monitor may read it.
    QCOMPARE(call(m_http, m_monitor, "GET", url(u"/api/v1/submissions/%1"_s.arg(id))).status, 200);
}

void TestReview::unknownSubmissionIs404()
{
    SECURITY_CHECK(
        checkError(patch(m_crc, 999999, {{u"reviewStatus"_s, u"reviewed"_s}}), 404, u"submission_not_found"_s));
    SECURITY_CHECK(checkError(sign(m_crc, 999999, password(), u"Approved"_s), 404, u"submission_not_found"_s));
    const HttpReply notANumber = call(m_http, m_crc, "PATCH", url(u"/api/v1/submissions/abc"_s),
                                      jsonBytes({{u"reviewStatus"_s, u"reviewed"_s}}));
    QCOMPARE(notANumber.status, 404);
}

void TestReview::reviewStatusFilter()
{
    const QString base = u"/api/v1/projects/%1/submissions?limit=500&reviewStatus="_s.arg(m_code);
    QSet<qint64> listed;
    const HttpReply queried = call(m_http, m_monitor, "GET", url(base + u"queried"_s));
    QVERIFY2(queried.status == 200, describe(queried).constData());
    for (const QJsonValue &item : queried.json().value(u"items"_s).toArray()) {
        QCOMPARE(item.toObject().value(u"review"_s).toObject().value(u"status"_s).toString(), u"queried"_s);
        listed.insert(item.toObject().value(u"id"_s).toInteger());
    }
    QVERIFY(m_queried.size() >= 3);
    QCOMPARE(listed, m_queried); // exactly the ones queried (and not since reviewed)
    for (const QString &status : {u"pending"_s, u"reviewed"_s}) {
        const HttpReply reply = call(m_http, m_crc, "GET", url(base + status));
        QVERIFY2(reply.status == 200, describe(reply).constData());
        QVERIFY(!reply.json().value(u"items"_s).toArray().isEmpty());
        for (const QJsonValue &item : reply.json().value(u"items"_s).toArray()) {
            QCOMPARE(item.toObject().value(u"review"_s).toObject().value(u"status"_s).toString(), status);
            QVERIFY(!m_queried.contains(item.toObject().value(u"id"_s).toInteger()));
        }
    }
    const HttpReply bad = call(m_http, m_crc, "GET", url(base + u"approved"_s));
    SECURITY_CHECK(checkError(bad, 400, u"invalid_parameter"_s));
}

QTEST_GUILESS_MAIN(TestReview)
#include "tst_review.moc"

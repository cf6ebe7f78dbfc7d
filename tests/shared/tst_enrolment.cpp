#include "Enrolment.h"
#include "SubjectToken.h"

#include <QJsonDocument>
#include <QTest>
#include <QTimeZone>

using namespace Qt::StringLiterals;

// The answers that hand out subject tokens: an enrolment and a reissued token.
class TestEnrolment : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void enrolmentRoundTrip();
    void subjectTokenRoundTrip();
};

void TestEnrolment::enrolmentRoundTrip()
{
    td::Enrolment enrolment;
    enrolment.subject.subjectId = u"EN-1-0001"_s;
    enrolment.subject.projectCode = u"EN-1"_s;
    enrolment.subject.name = u"Wang Fang"_s;
    enrolment.subject.birthYear = 1980;
    enrolment.subject.enrolledAt = QDateTime(QDate(2025, 6, 1), QTime(9, 30), QTimeZone::utc());
    enrolment.subjectToken = u"ts_0123456789"_s;

    const QJsonObject json = enrolment.toJson();
    // The subject's own fields, with the token beside them.
    QJsonObject withoutToken = json;
    withoutToken.remove(u"subjectToken"_s);
    QCOMPARE(withoutToken, enrolment.subject.toJson());
    QCOMPARE(json.value(u"subjectToken"_s).toString(), enrolment.subjectToken);

    const td::Enrolment back = td::Enrolment::fromJson(QJsonDocument::fromJson(QJsonDocument(json).toJson()).object());
    QCOMPARE(back.subjectToken, enrolment.subjectToken);
    QCOMPARE(back.subject.toJson(), enrolment.subject.toJson());
}

void TestEnrolment::subjectTokenRoundTrip()
{
    const td::SubjectToken token{u"EN-1-0001"_s, u"ts_abcdef"_s};
    const QJsonObject json = token.toJson();
    QCOMPARE(json, (QJsonObject{{u"subjectId"_s, u"EN-1-0001"_s}, {u"subjectToken"_s, u"ts_abcdef"_s}}));
    const td::SubjectToken back = td::SubjectToken::fromJson(json);
    QCOMPARE(back.subjectId, token.subjectId);
    QCOMPARE(back.token, token.token);
}

QTEST_GUILESS_MAIN(TestEnrolment)
#include "tst_enrolment.moc"

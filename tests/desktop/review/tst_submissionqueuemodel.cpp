#include "HoldingProxy.h"
#include "HttpClient.h"
#include "ReplyWatcher.h"
#include "TestServer.h"
#include "Timestamps.h"
#include "net/ApiClient.h"
#include "review/SubmissionQueueModel.h"
#include "widgets/ComplianceCalendarView.h"

#include <QAbstractItemModelTester>
#include <QCoroTask>
#include <QFont>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>
#include <QTimeZone>
#include <memory>

using namespace Qt::StringLiterals;
using td::ApiClient;
using td::SubmissionQueueModel;
using td::test::HoldingProxy;
using td::test::ReplyWatcher;
using td::test::TestServer;

class TestSubmissionQueueModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void firstPageAppears();
    void fetchMoreGrowsByPages();
    void questionnaireFilter();
    void dateRangeFilter();
    void queriedFilterShowsExactlyTheQueriedRow();
    void updateSubmissionChangesTheRowInPlace();
    void newQueryDropsAnswersToTheOldOne_data();
    void newQueryDropsAnswersToTheOldOne();
    void errorIsReported();
    void passesTheModelTester();
    void entryColumn_data();
    void entryColumn();

private:
    ApiClient::SubmissionQuery study(const QString &code = u"NCT007"_s) const;
    void waitUntilLoaded();

    std::unique_ptr<TestServer> m_server;
    std::unique_ptr<ApiClient> m_api;
    std::unique_ptr<SubmissionQueueModel> m_model;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
    QHash<QString, qint64> m_entryIds; // entryColumn's submissions by row tag
};

void TestSubmissionQueueModel::initTestCase()
{
    m_server = std::make_unique<TestServer>(QStringList{u"--demo"_s});
    QVERIFY2(m_server->start(), m_server->log().constData());
    m_api = std::make_unique<ApiClient>();
    m_api->setBaseUrl(m_server->url(QString()));
    m_api->setToken(m_server->adminToken());
}

void TestSubmissionQueueModel::init()
{
    m_tester.reset();
    m_model = std::make_unique<SubmissionQueueModel>(*m_api);
}

ApiClient::SubmissionQuery TestSubmissionQueueModel::study(const QString &code) const
{
    ApiClient::SubmissionQuery query;
    query.projectCode = code;
    return query;
}

void TestSubmissionQueueModel::waitUntilLoaded()
{
    QTRY_VERIFY(!m_model->isLoading());
}

void TestSubmissionQueueModel::firstPageAppears()
{
    QSignalSpy pages(m_model.get(), &SubmissionQueueModel::pageLoaded);
    QCOMPARE(m_model->rowCount(), 0);
    m_model->setQuery(study());
    QVERIFY(m_model->isLoading());
    QVERIFY(!m_model->canFetchMore({})); // not while a page is on its way
    QTRY_COMPARE(pages.count(), 1);
    QCOMPARE(pages.first().first().toBool(), true);
    QCOMPARE(m_model->rowCount(), m_model->pageSize());
    QCOMPARE(m_model->columnCount(), int(SubmissionQueueModel::ColumnCount));
    QVERIFY(m_model->canFetchMore({}));

    // What the user sees in the first row.
    const auto cell = [&](int column) { return m_model->index(0, column).data().toString(); };
    QCOMPARE(cell(SubmissionQueueModel::QuestionnaireColumn), u"daily-symptoms"_s);
    QCOMPARE(cell(SubmissionQueueModel::ReviewStatusColumn), u"Pending"_s);
    QCOMPARE(cell(SubmissionQueueModel::QueryStatusColumn), QString());
    QCOMPARE(cell(SubmissionQueueModel::SignedColumn), QString());
    QVERIFY(!cell(SubmissionQueueModel::SubjectColumn).isEmpty());
    const QDateTime first = m_model->submission(0).submitAt;
    QCOMPARE(cell(SubmissionQueueModel::SubmittedAtColumn), first.toLocalTime().toString(u"yyyy-MM-dd HH:mm"_s));
    // Newest first.
    for (int row = 1; row < m_model->rowCount(); ++row)
        QVERIFY(m_model->submission(row - 1).submitAt >= m_model->submission(row).submitAt);
    QCOMPARE(m_model->headerData(0, Qt::Horizontal).toString(), u"Submitted"_s);
}

void TestSubmissionQueueModel::fetchMoreGrowsByPages()
{
    m_model->setPageSize(50);
    m_model->setQuery(study());
    QTRY_COMPARE(m_model->rowCount(), 50);
    waitUntilLoaded();
    QSet<qint64> ids;
    for (int page = 2; page <= 4; ++page) {
        QVERIFY(m_model->canFetchMore({}));
        m_model->fetchMore({});
        m_model->fetchMore({}); // a second call while loading does nothing
        QTRY_COMPARE(m_model->rowCount(), page * 50);
        waitUntilLoaded();
    }
    for (int row = 0; row < m_model->rowCount(); ++row)
        ids.insert(m_model->submission(row).id);
    QCOMPARE(ids.size(), 200); // no page twice

    // To the end: the last page stops canFetchMore.
    m_model->setPageSize(500);
    int guard = 0;
    while (m_model->canFetchMore({}) && ++guard < 50) {
        const int before = m_model->rowCount();
        m_model->fetchMore({});
        QTRY_VERIFY(m_model->rowCount() > before || !m_model->canFetchMore({}));
        waitUntilLoaded();
    }
    QVERIFY(!m_model->canFetchMore({}));
    QVERIFY(m_model->rowCount() > 500);
}

void TestSubmissionQueueModel::questionnaireFilter()
{
    auto query = study();
    query.questionnaire = u"no-such-questionnaire"_s;
    QSignalSpy pages(m_model.get(), &SubmissionQueueModel::pageLoaded);
    m_model->setQuery(query);
    QTRY_COMPARE(pages.count(), 1);
    QCOMPARE(m_model->rowCount(), 0);
    QVERIFY(!m_model->canFetchMore({}));

    query.questionnaire = u"daily-symptoms"_s;
    m_model->setQuery(query);
    QTRY_COMPARE(pages.count(), 2);
    QCOMPARE(m_model->rowCount(), m_model->pageSize());
}

void TestSubmissionQueueModel::dateRangeFilter()
{
    auto query = study();
    const QDateTime until = QDateTime::currentDateTime().addDays(-1);
    const QDateTime since = until.addDays(-3);
    query.since = since;
    query.until = until;
    m_model->setPageSize(500);
    m_model->setQuery(query);
    QTRY_VERIFY(m_model->rowCount() > 0);
    waitUntilLoaded();
    while (m_model->canFetchMore({})) {
        m_model->fetchMore({});
        waitUntilLoaded();
    }
    for (int row = 0; row < m_model->rowCount(); ++row) {
        const QDateTime at = m_model->submission(row).submitAt;
        QVERIFY2(at >= since && at < until, qPrintable(at.toString(Qt::ISODate)));
    }
}

void TestSubmissionQueueModel::queriedFilterShowsExactlyTheQueriedRow()
{
    auto query = study(u"NCT10234"_s);
    query.reviewStatus = u"queried"_s;
    m_model->setQuery(query);
    waitUntilLoaded();
    QCOMPARE(m_model->rowCount(), 0); // demo data starts with nothing queried

    query.reviewStatus = u"pending"_s;
    m_model->setQuery(query);
    QTRY_VERIFY(m_model->rowCount() > 5);
    const qint64 id = m_model->submission(3).id;
    td::ReviewChange change;
    change.reviewStatus = u"queried"_s;
    change.comment = u"Pain score missing"_s;
    const auto reviewed = QCoro::waitFor(m_api->review(id, change));
    QVERIFY2(reviewed.ok(), qPrintable(reviewed.error().message));

    query.reviewStatus = u"queried"_s;
    m_model->setQuery(query);
    QTRY_COMPARE(m_model->rowCount(), 1);
    waitUntilLoaded();
    QCOMPARE(m_model->rowCount(), 1);
    QCOMPARE(m_model->submission(0).id, id);
    QCOMPARE(m_model->index(0, SubmissionQueueModel::ReviewStatusColumn).data().toString(), u"Queried"_s);
    QCOMPARE(m_model->index(0, SubmissionQueueModel::QueryStatusColumn).data().toString(), u"Open"_s);
    QCOMPARE(m_model->index(0, SubmissionQueueModel::ReviewStatusColumn).data(Qt::ToolTipRole).toString(),
             u"Pain score missing"_s);

    // And it left the pending queue.
    query.reviewStatus = u"pending"_s;
    m_model->setQuery(query);
    QTRY_VERIFY(m_model->rowCount() > 0);
    QCOMPARE(m_model->rowOfId(id), -1);
}

void TestSubmissionQueueModel::updateSubmissionChangesTheRowInPlace()
{
    m_model->setQuery(study());
    QTRY_VERIFY(m_model->rowCount() > 2);
    QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
    td::QuestionnaireSubmission s = m_model->submission(2);
    s.review.status = u"reviewed"_s;
    s.review.signedBy = u"admin"_s;
    m_model->updateSubmission(s);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(changed.first().at(0).toModelIndex().row(), 2);
    QCOMPARE(m_model->index(2, SubmissionQueueModel::ReviewStatusColumn).data().toString(), u"Reviewed"_s);
    QCOMPARE(m_model->index(2, SubmissionQueueModel::SignedColumn).data().toString(), u"Signed"_s);
}

void TestSubmissionQueueModel::newQueryDropsAnswersToTheOldOne_data()
{
    QTest::addColumn<bool>("staleFirst");
    QTest::newRow("stale answer after the new one") << false;
    QTest::newRow("stale answer before the new one") << true;
}

// The old query's answer is held by a proxy and released after (or before) the new
// one's; the check runs once the client has handled it, not after a fixed wait.
void TestSubmissionQueueModel::newQueryDropsAnswersToTheOldOne()
{
    QFETCH(bool, staleFirst);
    HoldingProxy proxy(m_server->url(QString()));
    QVERIFY(proxy.listen());
    ApiClient api;
    api.setBaseUrl(proxy.url());
    api.setToken(m_server->adminToken());
    SubmissionQueueModel model(api);
    ReplyWatcher replies;
    const QRegularExpression all(u"^/api/v1/projects/NCT007/submissions\\?(?!.*questionnaire=)"_s);
    const QRegularExpression none(u"^/api/v1/projects/NCT007/submissions\\?.*questionnaire=no-such-questionnaire"_s);
    proxy.hold(QRegularExpression(u"%1|%2"_s.arg(all.pattern(), none.pattern())));

    auto query = study();
    model.setQuery(query);
    QVERIFY2(proxy.waitFor(all, {HoldingProxy::State::Held}), qPrintable(proxy.describe()));
    query.questionnaire = u"no-such-questionnaire"_s;
    model.setQuery(query); // before the first answer arrived
    QVERIFY2(proxy.waitFor(none, {HoldingProxy::State::Held}), qPrintable(proxy.describe()));
    QSignalSpy pages(&model, &SubmissionQueueModel::pageLoaded);

    if (staleFirst) {
        proxy.release(all);
        QVERIFY2(replies.waitForFinished(all), qPrintable(proxy.describe()));
        QCOMPARE(model.rowCount(), 0);
        QCOMPARE(pages.count(), 0);
        QVERIFY(model.isLoading());
    }
    proxy.release(none);
    QTRY_VERIFY(!model.isLoading());
    if (!staleFirst) {
        proxy.release(all);
        QVERIFY2(replies.waitForFinished(all), qPrintable(proxy.describe()));
    }
    QCOMPARE(pages.count(), 1);
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(model.query().questionnaire, u"no-such-questionnaire"_s);
}

void TestSubmissionQueueModel::errorIsReported()
{
    QSignalSpy failed(m_model.get(), &SubmissionQueueModel::loadFailed);
    auto query = study();
    query.reviewStatus = u"bogus"_s;
    m_model->setQuery(query);
    QTRY_COMPARE(failed.count(), 1);
    QCOMPARE(m_model->rowCount(), 0);
    QVERIFY(!m_model->canFetchMore({}));
}

void TestSubmissionQueueModel::passesTheModelTester()
{
    // The tester fetches more itself on every insertion: it walks the whole queue.
    m_model->setPageSize(500);
    m_tester = std::make_unique<QAbstractItemModelTester>(m_model.get(),
                                                          QAbstractItemModelTester::FailureReportingMode::QtTest);
    m_model->setQuery(study());
    QTRY_VERIFY(m_model->rowCount() > 0 && !m_model->isLoading() && !m_model->canFetchMore({}));
    m_tester.reset();
}

void TestSubmissionQueueModel::entryColumn_data()
{
    // The submissions entryColumn() makes, by tag.
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("state"); // DayState colour; empty: none
    QTest::addColumn<bool>("attention");

    QTest::newRow("received") << u"Received"_s << u"Received"_s << false;
    QTest::newRow("duplicate") << u"⚠ Duplicate"_s << u"Missed"_s << true;
    QTest::newRow("late") << u"Late"_s << u"Late"_s << false;
    QTest::newRow("unscheduled") << u"⚠ Unscheduled"_s << u"Missed"_s << true;
    QTest::newRow("no schedule") << QString() << QString() << false;
}

// The queue's Entry column: how intake matched each submission, duplicates and
// unscheduled ones flagged (bold, red, a warning sign) for the reviewer.
void TestSubmissionQueueModel::entryColumn()
{
    QFETCH(QString, text);
    QFETCH(QString, state);
    QFETCH(bool, attention);
    const QTimeZone shanghai("Asia/Shanghai");
    const QDate day0 = QDateTime::currentDateTimeUtc().toTimeZone(shanghai).date().addDays(-10);
    if (m_entryIds.isEmpty()) {
        td::test::HttpClient http;
        QCOMPARE(http.post(m_server->url(u"/api/v1/projects"_s),
                           R"({"code":"SQ-ENTRY","title":"Entries","status":"active"})")
                     .status,
                 201);
        QCOMPARE(http.send("PUT", m_server->url(u"/api/v1/projects/SQ-ENTRY/schedules/diary"_s),
                           R"({"rule":"daily","at":"08:00","windowMinutes":120})", {}, "application/json")
                     .status,
                 201);
        const QDateTime enrolled = QDateTime(day0, QTime(9, 0), shanghai).toUTC();
        QCOMPARE(http.post(m_server->url(u"/api/v1/projects/SQ-ENTRY/subjects"_s),
                           QJsonDocument(QJsonObject{{u"subjectId"_s, u"SQE-1"_s},
                                                     {u"enrolledAt"_s, td::formatTimestamp(enrolled)}})
                               .toJson())
                     .status,
                 201);
        // Every row's submission, in this order (the duplicate follows the received one), to
        // one subject of a study with a daily 08:00 diary (two-hour window, Shanghai),
        // enrolled ten days ago.
        const auto rows =
            QList<std::tuple<QString, QString, int, QTime>>{{u"received"_s, u"diary"_s, 5, QTime(8, 30)},
                                                            {u"duplicate"_s, u"diary"_s, 5, QTime(9, 0)},
                                                            {u"late"_s, u"diary"_s, 4, QTime(13, 0)},
                                                            {u"unscheduled"_s, u"diary"_s, 0, QTime(7, 0)},
                                                            {u"no schedule"_s, u"other"_s, 5, QTime(8, 30)}};
        for (const auto &[tag, questionnaire, day, at] : rows) {
            const QJsonObject body{
                {u"subjectId"_s, u"SQE-1"_s},
                {u"questionnaire"_s, questionnaire},
                {u"answers"_s, QJsonObject{{u"q1"_s, 1}}},
                {u"submitAt"_s, td::formatTimestamp(QDateTime(day0.addDays(day), at, shanghai).toUTC())}};
            const auto reply =
                http.post(m_server->url(u"/api/v1/subjects/SQE-1/questionnaires"_s), QJsonDocument(body).toJson());
            QCOMPARE(reply.status, 201);
            m_entryIds.insert(tag, reply.json().value(u"id"_s).toInteger());
        }
    }

    m_model->setQuery(study(u"SQ-ENTRY"_s));
    waitUntilLoaded();
    const int row = m_model->rowOfId(m_entryIds.value(QString::fromLatin1(QTest::currentDataTag())));
    QVERIFY(row >= 0);
    const QModelIndex cell = m_model->index(row, SubmissionQueueModel::EntryColumn);
    QCOMPARE(cell.data().toString(), text);
    const QVariant colour = cell.data(Qt::ForegroundRole);
    QCOMPARE(colour.isValid(), !state.isEmpty());
    if (!state.isEmpty()) {
        const auto dayState = QMetaEnum::fromType<td::ComplianceCalendarView::DayState>().keyToValue(qPrintable(state));
        QCOMPARE(colour.value<QColor>(),
                 td::ComplianceCalendarView::colour(td::ComplianceCalendarView::DayState(dayState)));
    }
    QCOMPARE(cell.data(Qt::FontRole).value<QFont>().bold(), attention);
    QCOMPARE(SubmissionQueueModel::needsAttention(m_model->submission(row).entryState), attention);
}

QTEST_MAIN(TestSubmissionQueueModel)
#include "tst_submissionqueuemodel.moc"

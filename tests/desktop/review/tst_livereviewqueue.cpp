#include "EventStreamPeer.h"
#include "HttpClient.h"
#include "TestServer.h"
#include "dashboard/DashboardPage.h"
#include "net/ApiClient.h"
#include "review/ReviewPage.h"
#include "review/SubmissionQueueModel.h"
#include "subjects/SubjectCompliancePanel.h"
#include "subjects/SubjectTableModel.h"
#include "subjects/SubjectsPage.h"

#include <QComboBox>
#include <QCoroTask>
#include <QJsonDocument>
#include <QLabel>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>
#include <memory>

using namespace Qt::StringLiterals;
using td::ApiClient;
using td::EventStream;
using td::ReviewPage;
using td::StudyEvent;
using td::SubmissionQueueModel;
using td::test::EventStreamPeer;
using td::test::HttpClient;
using td::test::HttpReply;
using td::test::TestServer;

namespace {

constexpr auto kStudy = u"LIVE01";
constexpr auto kOtherStudy = u"LIVE02";

QByteArray jsonBytes(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

} // namespace

// Issue #16: the review queue takes new and reviewed submissions as the server
// announces them. Events come through a scripted push channel (EventStreamPeer) into
// the ApiClient's real EventStream; the submissions themselves are real, posted to
// and fetched from a real server.
class TestLiveReviewQueue : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void newSubmissionKeepsSelectionAndScroll();
    void burstLandsInOrder();
    void filteredOutAndOtherStudiesStayOut();
    void reviewedRowUpdatesInPlace();
    // The dashboard and the subjects page reload on their study's events.
    void dashboardAndSubjectsFollowEnrolments();
    // End to end: the real server's stream, no scripted peer.
    void realStreamBringsANewSubmission();
    // The subjects page updates the selected subject's row in place: the selection,
    // the scroll position and the compliance panel stay.
    void subjectsPageKeepsSelectionOnLiveSubmission();

private:
    bool enrolSubject(const QString &subjectId);
    // Posts a submission of the study's subject, submitted `minutesAgo` minutes ago; its id.
    qint64 submit(const QString &subjectId, const QString &token, int minutesAgo, const QString &questionnaire = {});
    void announce(qint64 id, const QString &type = StudyEvent::SubmissionStored, const QString &study = {});
    QTableView *table() const { return m_page->findChild<QTableView *>(u"queueView"_s); }
    SubmissionQueueModel *model() const { return m_page->queueModel(); }
    qint64 idAt(int row) const { return model()->submission(row).id; }
    qint64 currentId() const { return idAt(table()->currentIndex().row()); }

    std::unique_ptr<TestServer> m_server;
    std::unique_ptr<ApiClient> m_api;
    std::unique_ptr<EventStreamPeer> m_peer;
    std::unique_ptr<ReviewPage> m_page;
    HttpClient m_http;
    QString m_subjectToken;
    QString m_otherToken;
    qint64 m_seq = 0;
};

qint64 TestLiveReviewQueue::submit(const QString &subjectId, const QString &token, int minutesAgo,
                                   const QString &questionnaire)
{
    HttpClient subject;
    subject.setToken(token);
    QJsonObject body{
        {u"subjectId"_s, subjectId},
        {u"answers"_s, QJsonObject{{u"q1"_s, 3}}},
        {u"submitAt"_s, QDateTime::currentDateTimeUtc().addSecs(-60 * minutesAgo).toString(Qt::ISODateWithMs)}};
    if (!questionnaire.isEmpty())
        body.insert(u"questionnaire"_s, questionnaire);
    const HttpReply reply =
        subject.post(m_server->url(u"/api/v1/subjects/%1/questionnaires"_s.arg(subjectId)), jsonBytes(body));
    if (reply.status != 201) {
        qWarning("submission failed: %d %s", reply.status, reply.body.constData());
        return 0;
    }
    return reply.json().value(u"id"_s).toInteger();
}

void TestLiveReviewQueue::announce(qint64 id, const QString &type, const QString &study)
{
    m_peer->sendEvent(++m_seq, type, study.isEmpty() ? QString::fromUtf16(kStudy) : study, QString::number(id));
}

void TestLiveReviewQueue::initTestCase()
{
    QStringList arguments{u"--submission-rate-per-token"_s, u"0"_s, u"--submission-rate-per-address"_s, u"0"_s};
    m_server = std::make_unique<TestServer>(arguments);
    QVERIFY2(m_server->start(), m_server->log().constData());
    for (const auto code : {kStudy, kOtherStudy}) {
        const HttpReply created =
            m_http.post(m_server->url(u"/api/v1/projects"_s),
                        jsonBytes({{u"code"_s, QString::fromUtf16(code)},
                                   {u"title"_s, QString(u"Live queue "_s + QString::fromUtf16(code))},
                                   {u"status"_s, u"active"_s}}));
        QVERIFY2(created.status == 201, created.body.constData());
        const QString subjectId = QString(QString::fromUtf16(code) + u"-S1"_s);
        const HttpReply enrolled = m_http.post(
            m_server->url(u"/api/v1/projects/%1/subjects"_s.arg(QString::fromUtf16(code))),
            jsonBytes({{u"subjectId"_s, subjectId}, {u"name"_s, u"Live"_s}, {u"phone"_s, u"18812348888"_s}}));
        QVERIFY2(enrolled.status == 201, enrolled.body.constData());
        (code == kStudy ? m_subjectToken : m_otherToken) = enrolled.json().value(u"subjectToken"_s).toString();
    }
    // Enough rows to scroll: one every 10 minutes going back.
    for (int i = 0; i < 60; ++i)
        QVERIFY(submit(u"LIVE01-S1"_s, m_subjectToken, 30 + 10 * i) > 0);

    m_api = std::make_unique<ApiClient>();
    m_api->setBaseUrl(m_server->url(QString()));
    const auto session = QCoro::waitFor(
        m_api->login(QString::fromUtf16(td::test::kAdminUser), QString::fromUtf16(td::test::kTestPassword)));
    QVERIFY(session);
    m_peer = std::make_unique<EventStreamPeer>();
    QVERIFY(m_peer->listen());
    m_api->eventStream().start(m_peer->baseUrl(), m_api->token(), 0);
    QTRY_COMPARE_WITH_TIMEOUT(m_api->eventStream().state(), EventStream::State::Live, 10000);
}

void TestLiveReviewQueue::init()
{
    m_page = std::make_unique<ReviewPage>(*m_api);
    m_page->resize(1000, 400);
    m_page->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_page.get()));
    auto *study = m_page->findChild<QComboBox *>(u"studyCombo"_s);
    QTRY_VERIFY(study->findData(QString::fromUtf16(kStudy)) >= 0);
    study->setCurrentIndex(study->findData(QString::fromUtf16(kStudy)));
    QTRY_VERIFY(model()->query().projectCode == QString::fromUtf16(kStudy) && !model()->isLoading()
                && model()->rowCount() > 0);
}

void TestLiveReviewQueue::cleanup()
{
    m_page.reset();
}

void TestLiveReviewQueue::newSubmissionKeepsSelectionAndScroll()
{
    QCOMPARE(model()->hasMore(), false); // all loaded: an older one may land anywhere
    const int rows = model()->rowCount();
    // The user works far down the queue, scrolled there.
    const int selectedRow = 40;
    table()->selectionModel()->setCurrentIndex(model()->index(selectedRow, 0),
                                               QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    table()->scrollTo(model()->index(selectedRow, 0), QAbstractItemView::PositionAtTop);
    QTRY_VERIFY(table()->verticalScrollBar()->value() > 0);
    const qint64 selectedId = currentId();
    const int topRow = table()->rowAt(0);
    const qint64 topId = idAt(topRow);

    QSignalSpy inserted(model(), &QAbstractItemModel::rowsInserted);
    QSignalSpy reset(model(), &QAbstractItemModel::modelReset);
    // One newest, one that belongs between rows 4 and 5 (submitted 75 minutes ago).
    const qint64 newest = submit(u"LIVE01-S1"_s, m_subjectToken, 0);
    const qint64 middle = submit(u"LIVE01-S1"_s, m_subjectToken, 75);
    QVERIFY(newest > 0 && middle > 0);
    announce(newest);
    announce(middle);
    QTRY_COMPARE_WITH_TIMEOUT(model()->rowCount(), rows + 2, 10000);
    QCOMPARE(reset.size(), 0);
    QCOMPARE(inserted.size(), 2);
    QCOMPARE(idAt(0), newest);
    const int middleRow = model()->rowOfId(middle);
    QVERIFY(middleRow > 0);
    QVERIFY(model()->submission(middleRow - 1).submitAt >= model()->submission(middleRow).submitAt);
    QVERIFY(model()->submission(middleRow).submitAt >= model()->submission(middleRow + 1).submitAt);
    // The same submission is current and the only one selected, and the same rows are in view.
    QCOMPARE(currentId(), selectedId);
    const QModelIndexList selected = table()->selectionModel()->selectedRows();
    QCOMPARE(selected.size(), 1);
    QCOMPARE(idAt(selected.first().row()), selectedId);
    QCOMPARE(idAt(table()->rowAt(0)), topId);
}

void TestLiveReviewQueue::burstLandsInOrder()
{
    const int rows = model()->rowCount();
    table()->selectionModel()->setCurrentIndex(model()->index(0, 0),
                                               QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    const qint64 selectedId = currentId();
    QSignalSpy fetched(model(), &SubmissionQueueModel::liveFetched);
    QList<qint64> ids;
    for (int i = 0; i < 5; ++i)
        ids.prepend(submit(u"LIVE01-S1"_s, m_subjectToken, 0));
    for (const qint64 id : std::as_const(ids))
        announce(id);
    announce(ids.first()); // the same one twice: once in the queue
    QTRY_COMPARE_WITH_TIMEOUT(model()->rowCount(), rows + 5, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(!model()->isFetchingLive(), 10000);
    // Coalesced: far fewer rounds than events (one, or two if the burst straddled one).
    QVERIFY2(fetched.size() <= 2, QByteArray::number(fetched.size()).constData());
    for (int i = 0; i < 5; ++i)
        QCOMPARE(idAt(i), ids.at(i)); // newest first, as the server orders them
    QCOMPARE(currentId(), selectedId);
    QCOMPARE(model()->rowCount(), rows + 5);
}

void TestLiveReviewQueue::filteredOutAndOtherStudiesStayOut()
{
    // Only reviewed submissions shown: a new (pending) one does not belong.
    auto *status = m_page->findChild<QComboBox *>(u"reviewStatusCombo"_s);
    status->setCurrentIndex(status->findData(u"reviewed"_s));
    QTRY_VERIFY(model()->query().reviewStatus == u"reviewed"_s && !model()->isLoading());
    const int rows = model()->rowCount();
    QSignalSpy fetched(model(), &SubmissionQueueModel::liveFetched);
    QSignalSpy inserted(model(), &QAbstractItemModel::rowsInserted);
    const qint64 pending = submit(u"LIVE01-S1"_s, m_subjectToken, 0);
    announce(pending);
    QTRY_COMPARE_WITH_TIMEOUT(fetched.size(), 1, 10000);
    QCOMPARE(inserted.size(), 0);
    QCOMPARE(model()->rowCount(), rows);

    // Another study's submission is not even fetched; the event after it proves the
    // first was handled (events are applied in order).
    status->setCurrentIndex(status->findData(QString()));
    QTRY_VERIFY(model()->query().reviewStatus.isEmpty() && !model()->isLoading());
    const int allRows = model()->rowCount();
    const qint64 elsewhere = submit(u"LIVE02-S1"_s, m_otherToken, 0);
    const qint64 here = submit(u"LIVE01-S1"_s, m_subjectToken, 0);
    announce(elsewhere, StudyEvent::SubmissionStored, QString::fromUtf16(kOtherStudy));
    announce(here);
    QTRY_COMPARE_WITH_TIMEOUT(model()->rowCount(), allRows + 1, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(!model()->isFetchingLive(), 10000);
    QCOMPARE(model()->rowOfId(elsewhere), -1);
    QCOMPARE(idAt(0), here);
}

void TestLiveReviewQueue::reviewedRowUpdatesInPlace()
{
    const int row = 3;
    table()->selectionModel()->setCurrentIndex(model()->index(row, 0),
                                               QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    const qint64 id = currentId();
    QCOMPARE(model()->submission(row).review.status, u"pending"_s);
    // Someone else reviews it.
    const HttpReply reviewed = m_http.patch(m_server->url(u"/api/v1/submissions/%1"_s.arg(id)),
                                            jsonBytes({{u"reviewStatus"_s, u"reviewed"_s}}));
    QVERIFY2(reviewed.status == 200, reviewed.body.constData());
    QSignalSpy changed(model(), &QAbstractItemModel::dataChanged);
    QSignalSpy inserted(model(), &QAbstractItemModel::rowsInserted);
    QSignalSpy reset(model(), &QAbstractItemModel::modelReset);
    const int rows = model()->rowCount();
    announce(id, StudyEvent::SubmissionReviewed);
    QTRY_COMPARE_WITH_TIMEOUT(model()->submission(row).review.status, u"reviewed"_s, 10000);
    QVERIFY(!changed.isEmpty());
    QCOMPARE(changed.constLast().at(0).toModelIndex().row(), row);
    QCOMPARE(inserted.size(), 0);
    QCOMPARE(reset.size(), 0);
    QCOMPARE(model()->rowCount(), rows);
    QCOMPARE(currentId(), id);
    QCOMPARE(model()->index(row, SubmissionQueueModel::ReviewStatusColumn).data().toString(), u"Reviewed"_s);
}

bool TestLiveReviewQueue::enrolSubject(const QString &subjectId)
{
    const HttpReply enrolled =
        m_http.post(m_server->url(u"/api/v1/projects/%1/subjects"_s.arg(QString::fromUtf16(kStudy))),
                    jsonBytes({{u"subjectId"_s, subjectId}, {u"name"_s, u"Live"_s}, {u"phone"_s, u"18812348888"_s}}));
    return enrolled.status == 201;
}

void TestLiveReviewQueue::dashboardAndSubjectsFollowEnrolments()
{
    td::DashboardPage dashboard(*m_api);
    td::SubjectsPage subjects(*m_api);
    dashboard.show();
    subjects.show();
    const QString code = QString::fromUtf16(kStudy);
    QTRY_VERIFY(dashboard.studyCombo()->findData(code) >= 0 && subjects.studyCombo()->findData(code) >= 0);
    dashboard.studyCombo()->setCurrentIndex(dashboard.studyCombo()->findData(code));
    subjects.studyCombo()->setCurrentIndex(subjects.studyCombo()->findData(code));
    auto *enrolled = dashboard.findChild<QLabel *>(u"enrolledLabel"_s);
    QTRY_COMPARE_WITH_TIMEOUT(enrolled->text(), u"1 subjects enrolled"_s, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(!subjects.model()->isLoading() && subjects.model()->rowCount() == 1, 10000);

    QVERIFY(enrolSubject(u"LIVE01-S2"_s));
    m_peer->sendEvent(++m_seq, StudyEvent::SubjectEnrolled, code, u"LIVE01-S2"_s);
    QTRY_COMPARE_WITH_TIMEOUT(enrolled->text(), u"2 subjects enrolled"_s, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(subjects.model()->rowCount(), 2, 10000);
}

void TestLiveReviewQueue::realStreamBringsANewSubmission()
{
    ApiClient api;
    api.setBaseUrl(m_server->url(QString()));
    QVERIFY(QCoro::waitFor(
        api.login(QString::fromUtf16(td::test::kAdminUser), QString::fromUtf16(td::test::kTestPassword))));
    QSignalSpy events(&api.eventStream(), &EventStream::eventReceived);
    // As after a fresh sign-in: from now on, not the dozens of events already stored.
    api.startEventStream(false);
    QTRY_COMPARE_WITH_TIMEOUT(api.eventStream().state(), EventStream::State::Live, 10000);
    const qint64 resumeFrom = api.eventStream().lastSeq();
    QVERIFY(resumeFrom > 60); // the set-up's enrolments and submissions

    ReviewPage page(api);
    page.resize(1000, 400);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    auto *study = page.findChild<QComboBox *>(u"studyCombo"_s);
    QTRY_VERIFY(study->findData(QString::fromUtf16(kStudy)) >= 0);
    study->setCurrentIndex(study->findData(QString::fromUtf16(kStudy)));
    SubmissionQueueModel *queue = page.queueModel();
    QTRY_VERIFY(queue->query().projectCode == QString::fromUtf16(kStudy) && !queue->isLoading()
                && queue->rowCount() > 0);
    const int rows = queue->rowCount();

    const qint64 id = submit(u"LIVE01-S1"_s, m_subjectToken, 0);
    QVERIFY(id > 0);
    QTRY_COMPARE_WITH_TIMEOUT(queue->rowCount(), rows + 1, 10000);
    QCOMPARE(queue->submission(0).id, id);
    QCOMPARE(events.size(), 1); // only what happened after the stream started
    const auto event = events.first().first().value<StudyEvent>();
    QCOMPARE(event.type, StudyEvent::SubmissionStored);
    QCOMPARE(event.entityId, QString::number(id));
    QCOMPARE(event.seq, resumeFrom + 1);
}

void TestLiveReviewQueue::subjectsPageKeepsSelectionOnLiveSubmission()
{
    // Enough subjects to scroll; the one the user works on comes last.
    const QString code = QString::fromUtf16(kStudy);
    QString token;
    for (int i = 1; i <= 30; ++i) {
        const QString subjectId = u"LIVE01-K%1"_s.arg(i, 2, 10, QChar(u'0'));
        const HttpReply enrolled = m_http.post(
            m_server->url(u"/api/v1/projects/%1/subjects"_s.arg(code)),
            jsonBytes({{u"subjectId"_s, subjectId}, {u"name"_s, u"Kept"_s}, {u"phone"_s, u"18812348888"_s}}));
        QVERIFY2(enrolled.status == 201, enrolled.body.constData());
        token = enrolled.json().value(u"subjectToken"_s).toString();
    }
    const QString selectedId = u"LIVE01-K30"_s;

    ApiClient api;
    api.setBaseUrl(m_server->url(QString()));
    QVERIFY(QCoro::waitFor(
        api.login(QString::fromUtf16(td::test::kAdminUser), QString::fromUtf16(td::test::kTestPassword))));
    api.startEventStream(false);
    QTRY_COMPARE_WITH_TIMEOUT(api.eventStream().state(), EventStream::State::Live, 10000);

    td::SubjectsPage page(api);
    page.resize(900, 300);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    QTRY_VERIFY(page.studyCombo()->findData(code) >= 0);
    page.studyCombo()->setCurrentIndex(page.studyCombo()->findData(code));
    td::SubjectTableModel *model = page.model();
    QTRY_VERIFY_WITH_TIMEOUT(!model->isLoading() && model->rowOf(selectedId) >= 0, 10000);
    auto *table = page.findChild<QTableView *>(u"subjectsTable"_s);
    const int row = model->rowOf(selectedId);
    QVERIFY(!model->subject(row).lastSubmissionAt);
    table->selectionModel()->setCurrentIndex(model->index(row, 0),
                                             QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    table->scrollTo(model->index(row, 0), QAbstractItemView::PositionAtBottom);
    QTRY_VERIFY(table->verticalScrollBar()->value() > 0);
    QTRY_COMPARE_WITH_TIMEOUT(page.compliancePanel()->subjectId(), selectedId, 10000);
    const int scroll = table->verticalScrollBar()->value();
    const int rows = model->rowCount();

    QSignalSpy reset(model, &QAbstractItemModel::modelReset);
    QSignalSpy removed(model, &QAbstractItemModel::rowsRemoved);
    QSignalSpy selectionChanged(table->selectionModel(), &QItemSelectionModel::selectionChanged);
    QSignalSpy changed(model, &QAbstractItemModel::dataChanged);
    QSignalSpy live(&page, &td::SubjectsPage::liveReloaded);
    QVERIFY(submit(selectedId, token, 0) > 0);
    QTRY_VERIFY_WITH_TIMEOUT(model->subject(row).lastSubmissionAt.has_value(), 10000);
    QVERIFY(!live.isEmpty());
    QVERIFY(!changed.isEmpty());
    QCOMPARE(model->index(row, td::SubjectTableModel::SubjectIdColumn).data().toString(), selectedId);
    QVERIFY(model->index(row, td::SubjectTableModel::LastSubmissionColumn).data().toString() != u"Never"_s);
    QCOMPARE(reset.size(), 0);
    QCOMPARE(removed.size(), 0);
    QCOMPARE(model->rowCount(), rows);
    QCOMPARE(selectionChanged.size(), 0);
    const QModelIndexList selected = table->selectionModel()->selectedRows();
    QCOMPARE(selected.size(), 1);
    QCOMPARE(selected.first().row(), row);
    QCOMPARE(table->currentIndex().row(), row);
    QCOMPARE(table->verticalScrollBar()->value(), scroll);
    QCOMPARE(page.compliancePanel()->subjectId(), selectedId);
}

QTEST_MAIN(TestLiveReviewQueue)
#include "tst_livereviewqueue.moc"

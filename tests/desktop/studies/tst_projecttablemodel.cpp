#include "HoldingProxy.h"
#include "HttpClient.h"
#include "ReplyWatcher.h"
#include "TestServer.h"
#include "net/ApiClient.h"
#include "studies/ProjectTableModel.h"

#include <QJsonDocument>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTableView>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <memory>

using namespace Qt::StringLiterals;
using td::ApiClient;
using td::ProjectTableModel;
using td::test::HoldingProxy;
using td::test::HttpClient;
using td::test::ReplyWatcher;
using td::test::TestServer;

namespace {

constexpr int CreatedStudies = 120;
constexpr int DemoStudies = 20;
const QString PagingTitle = u"Paging study"_s;

} // namespace

class TestProjectTableModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();

    void pagesThroughTheServer();
    void showsStudyFields();
    void allStudiesIncludingDemo();
    void statusFilter();
    void newQueryDropsStaleAnswer_data();
    void newQueryDropsStaleAnswer();
    void cancelStopsAndResumeContinues();
    void cancelAbortsTheRequest();
    void failedPageReportsError();
    void viewFetchesFirstPageByItself();
    void upsertReplacesOrInserts();

private:
    void fetchAll(ProjectTableModel &model);

    std::unique_ptr<TestServer> m_server;
    std::unique_ptr<ApiClient> m_api;
};

void TestProjectTableModel::initTestCase()
{
    m_server = std::make_unique<TestServer>(QStringList{u"--demo"_s, u"--no-request-log"_s});
    QVERIFY2(m_server->start(), m_server->log().constData());
    HttpClient http;
    for (int i = 1; i <= CreatedStudies; ++i) {
        const QJsonObject body{{u"code"_s, u"PG%1"_s.arg(i, 3, 10, QLatin1Char('0'))},
                               {u"title"_s, u"%1 %2"_s.arg(PagingTitle).arg(i)},
                               {u"phase"_s, u"II"_s},
                               {u"status"_s, i % 4 == 0 ? u"suspended"_s : u"active"_s},
                               {u"targetEnrollment"_s, 100},
                               {u"sites"_s, QJsonArray{u"Beijing"_s, u"Shanghai"_s}}};
        const auto reply = http.post(m_server->url(u"/api/v1/projects"_s), QJsonDocument(body).toJson());
        QVERIFY2(reply.status == 201, reply.body.constData());
    }
}

void TestProjectTableModel::init()
{
    m_api = std::make_unique<ApiClient>();
    m_api->setBaseUrl(m_server->url({}));
    m_api->setToken(m_server->adminToken());
}

void TestProjectTableModel::fetchAll(ProjectTableModel &model)
{
    while (model.canFetchMore()) {
        const int before = model.rowCount();
        model.fetchMore();
        QTRY_VERIFY(!model.isLoading());
        QVERIFY(model.rowCount() > before || !model.hasMore());
    }
}

void TestProjectTableModel::pagesThroughTheServer()
{
    ProjectTableModel model(*m_api);
    model.setQuery({QString(), PagingTitle});
    QCOMPARE(model.rowCount(), 0);
    QVERIFY(model.canFetchMore());

    QSignalSpy pages(&model, &ProjectTableModel::pageLoaded);
    model.fetchMore();
    QVERIFY(model.isLoading());
    QVERIFY(!model.canFetchMore()); // one page at a time
    QTRY_COMPARE(model.rowCount(), 50);
    QCOMPARE(pages.count(), 1);
    QVERIFY(model.canFetchMore());

    model.fetchMore();
    QTRY_COMPARE(model.rowCount(), 100);
    QVERIFY(model.canFetchMore());

    model.fetchMore();
    QTRY_COMPARE(model.rowCount(), 120);
    QTRY_VERIFY(!model.isLoading());
    QVERIFY(!model.canFetchMore());
    QVERIFY(!model.hasMore());
    QCOMPARE(pages.count(), 3);

    // In the server's order, without gaps or repeats across pages.
    for (int row = 0; row < model.rowCount(); ++row)
        QCOMPARE(model.index(row, ProjectTableModel::CodeColumn).data().toString(),
                 u"PG%1"_s.arg(row + 1, 3, 10, QLatin1Char('0')));
}

void TestProjectTableModel::showsStudyFields()
{
    ProjectTableModel model(*m_api);
    model.setQuery({QString(), u"PG004"_s});
    model.fetchMore();
    QTRY_COMPARE(model.rowCount(), 1);
    QCOMPARE(model.columnCount(), 6);
    QCOMPARE(model.headerData(ProjectTableModel::EnrolmentColumn, Qt::Horizontal).toString(), u"Enrolment"_s);
    auto cell = [&](int column, int role = Qt::DisplayRole) { return model.index(0, column).data(role); };
    QCOMPARE(cell(ProjectTableModel::CodeColumn).toString(), u"PG004"_s);
    QCOMPARE(cell(ProjectTableModel::TitleColumn).toString(), u"Paging study 4"_s);
    QCOMPARE(cell(ProjectTableModel::PhaseColumn).toString(), u"II"_s);
    QCOMPARE(cell(ProjectTableModel::StatusColumn).toString(), u"Suspended"_s);
    QCOMPARE(cell(ProjectTableModel::SitesColumn).toString(), u"Beijing, Shanghai"_s);
    QCOMPARE(cell(ProjectTableModel::EnrolmentColumn).toString(), u"0 / 100"_s);
    QCOMPARE(cell(ProjectTableModel::EnrolmentColumn, ProjectTableModel::TargetEnrollmentRole).toInt(), 100);
    QCOMPARE(cell(ProjectTableModel::EnrolmentColumn, ProjectTableModel::EnrolledCountRole).toInt(), 0);
}

void TestProjectTableModel::allStudiesIncludingDemo()
{
    ProjectTableModel model(*m_api);
    fetchAll(model);
    QCOMPARE(model.rowCount(), CreatedStudies + DemoStudies);
    // Demo studies have subjects: some row shows enrolment above zero.
    bool enrolled = false;
    for (int row = 0; row < model.rowCount(); ++row)
        enrolled |= model.project(row).enrolledCount > 0;
    QVERIFY(enrolled);
}

void TestProjectTableModel::statusFilter()
{
    ProjectTableModel model(*m_api);
    model.setQuery({u"suspended"_s, PagingTitle});
    fetchAll(model);
    QCOMPARE(model.rowCount(), CreatedStudies / 4);
    for (int row = 0; row < model.rowCount(); ++row)
        QCOMPARE(model.index(row, ProjectTableModel::StatusColumn).data().toString(), u"Suspended"_s);
}

void TestProjectTableModel::newQueryDropsStaleAnswer_data()
{
    QTest::addColumn<bool>("staleFirst");
    QTest::newRow("stale answer after the new one") << false;
    QTest::newRow("stale answer before the new one") << true;
}

// The answer to the old query is held by a proxy and released after (or before) the
// new one; the check runs once the client has handled it, not after a fixed wait.
void TestProjectTableModel::newQueryDropsStaleAnswer()
{
    QFETCH(bool, staleFirst);
    HoldingProxy proxy(m_server->url({}));
    QVERIFY(proxy.listen());
    ApiClient api;
    api.setBaseUrl(proxy.url());
    api.setToken(m_server->adminToken());
    ReplyWatcher replies;
    const QRegularExpression everything(u"^/api/v1/projects\\?limit="_s); // no filter: would be 50 rows
    const QRegularExpression pg11(u"^/api/v1/projects\\?q=PG11&"_s);
    proxy.hold(QRegularExpression(u"%1|%2"_s.arg(everything.pattern(), pg11.pattern())));

    ProjectTableModel model(api);
    model.fetchMore();
    QVERIFY2(proxy.waitFor(everything, {HoldingProxy::State::Held}), qPrintable(proxy.describe()));
    model.setQuery({QString(), u"PG11"_s}); // PG110..PG119
    model.fetchMore();
    QVERIFY2(proxy.waitFor(pg11, {HoldingProxy::State::Held}), qPrintable(proxy.describe()));

    if (staleFirst) {
        proxy.release(everything);
        QVERIFY2(replies.waitForFinished(everything), qPrintable(proxy.describe()));
        QCOMPARE(model.rowCount(), 0);
        QVERIFY(model.isLoading());
    }
    proxy.release(pg11);
    QTRY_VERIFY(!model.isLoading());
    QCOMPARE(model.rowCount(), 10);
    if (!staleFirst) {
        proxy.release(everything);
        QVERIFY2(replies.waitForFinished(everything), qPrintable(proxy.describe()));
    }
    QCOMPARE(model.rowCount(), 10);
    QCOMPARE(model.project(0).code, u"PG110"_s);
    QCOMPARE(model.project(9).code, u"PG119"_s);
}

void TestProjectTableModel::cancelStopsAndResumeContinues()
{
    HoldingProxy proxy(m_server->url({}));
    QVERIFY(proxy.listen());
    ApiClient api;
    api.setBaseUrl(proxy.url());
    api.setToken(m_server->adminToken());
    ReplyWatcher replies;
    const QRegularExpression firstPage(u"^/api/v1/projects\\?limit="_s);
    proxy.hold(firstPage);

    ProjectTableModel model(api);
    QSignalSpy loading(&model, &ProjectTableModel::loadingChanged);
    model.fetchMore();
    QVERIFY(model.isLoading());
    QVERIFY2(proxy.waitFor(firstPage, {HoldingProxy::State::Held}), qPrintable(proxy.describe()));
    model.cancel();
    QVERIFY(!model.isLoading());
    QCOMPARE(loading.count(), 2);
    QVERIFY(!model.canFetchMore()); // views do not restart it by themselves
    // The cancelled page's answer comes after all: nothing shows.
    proxy.release(firstPage);
    proxy.holdNothing();
    QVERIFY2(replies.waitForFinished(firstPage), qPrintable(proxy.describe()));
    QCOMPARE(model.rowCount(), 0);
    QVERIFY(!model.isLoading());

    model.resume();
    QTRY_COMPARE(model.rowCount(), 50);
    QVERIFY(model.canFetchMore());
}

void TestProjectTableModel::cancelAbortsTheRequest()
{
    // A server that reads the request and never answers: the connection only
    // closes (before the 20 s transfer timeout) if the client really aborts.
    QTcpServer silent;
    QVERIFY(silent.listen(QHostAddress::LocalHost, 0));
    ApiClient api;
    api.setBaseUrl(QUrl(u"http://127.0.0.1:%1"_s.arg(silent.serverPort())));
    api.setToken(u"some-token"_s);
    ProjectTableModel model(api);
    QSignalSpy failed(&model, &ProjectTableModel::loadFailed);
    model.fetchMore();
    QVERIFY(model.isLoading());
    QTRY_VERIFY(silent.hasPendingConnections());
    QTcpSocket *socket = silent.nextPendingConnection();
    QTRY_VERIFY(socket->bytesAvailable() > 0);
    QVERIFY(socket->readAll().startsWith("GET /api/v1/projects?"));
    QSignalSpy disconnected(socket, &QTcpSocket::disconnected);

    model.cancel();
    QVERIFY(!model.isLoading());
    QTRY_COMPARE_WITH_TIMEOUT(disconnected.count(), 1, 3000);
    // A cancel is not a failure: no error for the page to show.
    QCOMPARE(failed.count(), 0);
    QVERIFY(!model.lastError());
    QCOMPARE(model.rowCount(), 0);
}

void TestProjectTableModel::failedPageReportsError()
{
    m_api->setToken(u"not-a-valid-token"_s);
    QSignalSpy expired(m_api.get(), &ApiClient::sessionExpired);
    ProjectTableModel model(*m_api);
    QSignalSpy failed(&model, &ProjectTableModel::loadFailed);
    model.fetchMore();
    QTRY_COMPARE(failed.count(), 1);
    QCOMPARE(expired.count(), 1);
    QVERIFY(model.lastError());
    QCOMPARE(model.lastError()->kind, td::ApiError::Kind::Unauthorized);
    QCOMPARE(model.rowCount(), 0);
    QVERIFY(!model.canFetchMore());
    QVERIFY(model.hasMore());

    // Signed in again: Retry picks up where it failed.
    m_api->setToken(m_server->adminToken());
    model.resume();
    QTRY_COMPARE(model.rowCount(), 50);
    QVERIFY(!model.lastError());
}

void TestProjectTableModel::viewFetchesFirstPageByItself()
{
    ProjectTableModel model(*m_api);
    QTableView view;
    view.resize(600, 300);
    view.setModel(&model);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QTRY_COMPARE(model.rowCount(), 50);
    // Scrolling to the end asks for the next page.
    view.scrollToBottom();
    QTRY_COMPARE(model.rowCount(), 100);
}

void TestProjectTableModel::upsertReplacesOrInserts()
{
    ProjectTableModel model(*m_api);
    model.setQuery({QString(), PagingTitle});
    model.fetchMore();
    QTRY_COMPARE(model.rowCount(), 50);

    td::Project changed = model.project(3);
    changed.title = u"Renamed"_s;
    model.upsert(changed);
    QCOMPARE(model.rowCount(), 50);
    QCOMPARE(model.index(3, ProjectTableModel::TitleColumn).data().toString(), u"Renamed"_s);

    td::Project inserted;
    inserted.code = u"PG004a"_s;
    inserted.title = u"New"_s;
    model.upsert(inserted);
    QCOMPARE(model.rowCount(), 51);
    QCOMPARE(model.project(4).code, u"PG004a"_s);

    // Beyond the loaded rows: it comes with its page later.
    td::Project later;
    later.code = u"PG999"_s;
    model.upsert(later);
    QCOMPARE(model.rowCount(), 51);
}

QTEST_MAIN(TestProjectTableModel)
#include "tst_projecttablemodel.moc"

#include "HoldingProxy.h"
#include "ReplyWatcher.h"
#include "TestServer.h"
#include "net/ApiClient.h"
#include "review/SubmissionQueueModel.h"
#include "studies/ProjectTableModel.h"
#include "subjects/SubjectTableModel.h"
#include "widgets/CursorPagedModel.h"

#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>
#include <algorithm>
#include <memory>

using namespace Qt::StringLiterals;
using td::ApiClient;
using td::CursorPagedModel;
using td::test::HoldingProxy;
using td::test::ReplyWatcher;
using td::test::TestServer;

namespace {

constexpr int SmallPage = 2;

// The paging models, each on a query with several pages of demo data.
enum class Kind { Studies, Subjects, Submissions };

std::unique_ptr<CursorPagedModel> makeModel(Kind kind, ApiClient &api)
{
    switch (kind) {
    case Kind::Studies:
        return std::make_unique<td::ProjectTableModel>(api);
    case Kind::Subjects:
        return std::make_unique<td::SubjectTableModel>(api);
    case Kind::Submissions:
        return std::make_unique<td::SubmissionQueueModel>(api);
    }
    return {};
}

// Sets the model's query and asks for the first page, as its page would.
void start(Kind kind, CursorPagedModel &model)
{
    switch (kind) {
    case Kind::Studies:
        static_cast<td::ProjectTableModel &>(model).setQuery({});
        break;
    case Kind::Subjects:
        static_cast<td::SubjectTableModel &>(model).setProjectCode(u"NCT007"_s);
        break;
    case Kind::Submissions: {
        ApiClient::SubmissionQuery query;
        query.projectCode = u"NCT007"_s;
        static_cast<td::SubmissionQueueModel &>(model).setQuery(query); // loads the first page by itself
        break;
    }
    }
    model.fetchMore();
}

// The requests for a page of each model.
QRegularExpression pageRequests(Kind kind)
{
    switch (kind) {
    case Kind::Studies:
        return QRegularExpression(u"^/api/v1/projects\\?"_s);
    case Kind::Subjects:
        return QRegularExpression(u"^/api/v1/projects/NCT007/subjects\\?"_s);
    case Kind::Submissions:
        return QRegularExpression(u"^/api/v1/projects/NCT007/submissions\\?"_s);
    }
    return {};
}

} // namespace

class TestCursorPagedModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();

    void pagesToTheEnd_data() { models(); }
    void pagesToTheEnd();
    void reloadAbortsTheStalePage_data() { models(); }
    void reloadAbortsTheStalePage();
    void resumesAfterAnError_data() { models(); }
    void resumesAfterAnError();
    void refreshUpdatesInPlaceAndPagingGoesOn_data() { models(); }
    void refreshUpdatesInPlaceAndPagingGoesOn();

private:
    void models();

    std::unique_ptr<TestServer> m_server;
    std::unique_ptr<ApiClient> m_api;
};

void TestCursorPagedModel::initTestCase()
{
    m_server = std::make_unique<TestServer>(QStringList{u"--demo"_s, u"--no-request-log"_s});
    QVERIFY2(m_server->start(), m_server->log().constData());
}

void TestCursorPagedModel::init()
{
    m_api = std::make_unique<ApiClient>();
    m_api->setBaseUrl(m_server->url({}));
    m_api->setToken(m_server->adminToken());
}

void TestCursorPagedModel::models()
{
    QTest::addColumn<int>("kindValue");
    QTest::newRow("ProjectTableModel") << int(Kind::Studies);
    QTest::newRow("SubjectTableModel") << int(Kind::Subjects);
    QTest::newRow("SubmissionQueueModel") << int(Kind::Submissions);
}

// Pages of a few rows add up to what the largest pages the server allows hold: no
// row lost or repeated at a cursor, and only the first page counts as the first.
void TestCursorPagedModel::pagesToTheEnd()
{
    QFETCH(int, kindValue);
    const auto kind = static_cast<Kind>(kindValue);
    const std::unique_ptr<CursorPagedModel> whole = makeModel(kind, *m_api);
    whole->setPageSize(500);
    start(kind, *whole);
    do {
        whole->fetchMore();
        QTRY_VERIFY(!whole->isLoading());
    } while (whole->canFetchMore());
    QVERIFY(!whole->lastError());
    QVERIFY(!whole->hasMore());
    QVERIFY2(whole->rowCount() > 2 * SmallPage, qPrintable(QString::number(whole->rowCount())));

    const std::unique_ptr<CursorPagedModel> model = makeModel(kind, *m_api);
    // Three to four pages, whatever the size of the demo data.
    const int pageSize = std::max(SmallPage, whole->rowCount() / 3);
    model->setPageSize(pageSize);
    QSignalSpy pages(model.get(), &CursorPagedModel::pageLoaded);
    QSignalSpy failed(model.get(), &CursorPagedModel::loadFailed);
    start(kind, *model);
    QVERIFY(model->isLoading());
    QVERIFY(!model->canFetchMore()); // not while a page is on its way
    QTRY_COMPARE(pages.count(), 1);
    QCOMPARE(pages.at(0).at(0).toBool(), true);
    QCOMPARE(pages.at(0).at(1).toInt(), pageSize);
    while (model->canFetchMore()) {
        const int before = int(pages.count());
        model->fetchMore();
        QTRY_COMPARE(pages.count(), before + 1);
        QCOMPARE(pages.last().at(0).toBool(), false);
    }
    QVERIFY(pages.count() >= 3);
    QCOMPARE(failed.count(), 0);
    QVERIFY(!model->hasMore());
    QCOMPARE(model->rowCount(), whole->rowCount());
    for (int row = 0; row < model->rowCount(); ++row)
        QCOMPARE(model->index(row, 0).data(), whole->index(row, 0).data());
}

// The answer to a page of the old query is held back; reload() must abort that
// request (the proxy sees the connection go), report no error, and load afresh.
void TestCursorPagedModel::reloadAbortsTheStalePage()
{
    QFETCH(int, kindValue);
    const auto kind = static_cast<Kind>(kindValue);
    HoldingProxy proxy(m_server->url({}));
    QVERIFY(proxy.listen());
    ApiClient api;
    api.setBaseUrl(proxy.url());
    api.setToken(m_server->adminToken());
    const QRegularExpression pages = pageRequests(kind);
    const std::unique_ptr<CursorPagedModel> model = makeModel(kind, api);
    model->setPageSize(SmallPage);
    QSignalSpy loaded(model.get(), &CursorPagedModel::pageLoaded);
    QSignalSpy failed(model.get(), &CursorPagedModel::loadFailed);
    QSignalSpy reset(model.get(), &QAbstractItemModel::modelReset);
    ReplyWatcher replies;

    proxy.hold(pages);
    start(kind, *model);
    QVERIFY2(proxy.waitFor(pages, {HoldingProxy::State::Held}), qPrintable(proxy.describe()));
    QVERIFY(model->isLoading());
    proxy.holdNothing();

    model->reload();
    QCOMPARE(reset.count(), 2); // start() and reload()
    QVERIFY2(proxy.waitFor(pages, {HoldingProxy::State::Abandoned}), qPrintable(proxy.describe()));
    // The model has seen its aborted reply finish, and took it for no error.
    QVERIFY(replies.waitForFinished(pages));
    QVERIFY(replies.finished().first().aborted);
    QCOMPARE(failed.count(), 0);
    QCOMPARE(model->rowCount(), 0);
    model->fetchMore(); // the view would (SubmissionQueueModel is on its way already)
    QTRY_COMPARE(loaded.count(), 1);
    QCOMPARE(loaded.first().at(0).toBool(), true);
    QCOMPARE(failed.count(), 0);
    QCOMPARE(model->rowCount(), SmallPage);
    QCOMPARE(proxy.count(pages, {HoldingProxy::State::Delivered}), 1);
}

// A page that failed (here: the session expired) is asked for again on resume(),
// from the same cursor, after the rows already loaded.
void TestCursorPagedModel::resumesAfterAnError()
{
    QFETCH(int, kindValue);
    const auto kind = static_cast<Kind>(kindValue);
    const std::unique_ptr<CursorPagedModel> whole = makeModel(kind, *m_api);
    whole->setPageSize(2 * SmallPage);
    start(kind, *whole);
    QTRY_VERIFY(!whole->isLoading() && whole->rowCount() == 2 * SmallPage);

    const std::unique_ptr<CursorPagedModel> model = makeModel(kind, *m_api);
    model->setPageSize(SmallPage);
    QSignalSpy loaded(model.get(), &CursorPagedModel::pageLoaded);
    QSignalSpy failed(model.get(), &CursorPagedModel::loadFailed);
    start(kind, *model);
    QTRY_COMPARE(loaded.count(), 1);

    m_api->setToken(u"not-a-valid-token"_s);
    model->fetchMore();
    QTRY_COMPARE(failed.count(), 1);
    QCOMPARE(model->lastError()->kind, td::ApiError::Kind::Unauthorized);
    QVERIFY(!model->isLoading());
    QVERIFY(!model->canFetchMore()); // paused: no retry storm from the view
    QVERIFY(model->hasMore());
    QCOMPARE(model->rowCount(), SmallPage);

    m_api->setToken(m_server->adminToken());
    model->resume();
    QVERIFY(model->isLoading());
    QTRY_COMPARE(loaded.count(), 2);
    QCOMPARE(loaded.last().at(0).toBool(), false);
    QVERIFY(!model->lastError());
    QCOMPARE(model->rowCount(), 2 * SmallPage);
    for (int row = 0; row < model->rowCount(); ++row)
        QCOMPARE(model->index(row, 0).data(), whole->index(row, 0).data());
}

// A live update (issue #16): the rows loaded so far are read again and updated in
// place, never reset; the next page then follows on from them, no row lost or repeated.
void TestCursorPagedModel::refreshUpdatesInPlaceAndPagingGoesOn()
{
    QFETCH(int, kindValue);
    const auto kind = static_cast<Kind>(kindValue);
    const std::unique_ptr<CursorPagedModel> whole = makeModel(kind, *m_api);
    whole->setPageSize(500);
    start(kind, *whole);
    do {
        whole->fetchMore();
        QTRY_VERIFY(!whole->isLoading());
    } while (whole->canFetchMore());
    QVERIFY(whole->rowCount() > 2 * SmallPage);

    const std::unique_ptr<CursorPagedModel> model = makeModel(kind, *m_api);
    model->setPageSize(SmallPage);
    start(kind, *model);
    model->fetchMore();
    QTRY_VERIFY(!model->isLoading() && model->rowCount() == SmallPage);
    model->fetchMore();
    QTRY_VERIFY(!model->isLoading() && model->rowCount() == 2 * SmallPage);

    QSignalSpy reset(model.get(), &QAbstractItemModel::modelReset);
    QSignalSpy inserted(model.get(), &QAbstractItemModel::rowsInserted);
    QSignalSpy changed(model.get(), &QAbstractItemModel::dataChanged);
    QSignalSpy refreshed(model.get(), &CursorPagedModel::refreshed);
    QVERIFY(model->refresh());
    QVERIFY(model->isRefreshing());
    QVERIFY(!model->canFetchMore()); // not while the refresh is on its way
    QVERIFY(!model->refresh());
    QTRY_COMPARE(refreshed.count(), 1);
    QCOMPARE(refreshed.first().at(0).toBool(), true);
    QCOMPARE(reset.count(), 0);
    QCOMPARE(inserted.count(), 0);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(changed.first().at(0).toModelIndex().row(), 0);
    QCOMPARE(changed.first().at(1).toModelIndex().row(), 2 * SmallPage - 1);
    QCOMPARE(model->rowCount(), 2 * SmallPage);

    while (model->canFetchMore()) {
        model->fetchMore();
        QTRY_VERIFY(!model->isLoading());
    }
    QCOMPARE(model->rowCount(), whole->rowCount());
    for (int row = 0; row < model->rowCount(); ++row)
        QCOMPARE(model->index(row, 0).data(), whole->index(row, 0).data());
}

QTEST_MAIN(TestCursorPagedModel)
#include "tst_cursorpagedmodel.moc"

#include "ApiClient.h"
#include "SubjectTableModel.h"
#include "SubmissionQueueModel.h"

#include <QCoroTask>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

using namespace Qt::StringLiterals;
using td::ApiClient;
using td::RequestCanceller;

// Cancelling a request aborts it on the wire, not only in the UI: against a server
// that reads requests and never answers, a connection only closes (well before the
// 20 s transfer timeout) if the client really aborted it.
class TestRequestCancel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void cancelledRequestEndsWithCancelledError();
    void cancellerOnlyStopsRunningRequests();
    void subjectsOfAnotherStudyAbortTheOldPage();
    void newReviewFiltersAbortTheOldPage();

private:
    // The next connection, once its request has arrived; the request line is returned in `request`.
    QTcpSocket *nextRequest(QByteArray *request = nullptr);

    std::unique_ptr<QTcpServer> m_silent;
    std::unique_ptr<ApiClient> m_api;
};

void TestRequestCancel::init()
{
    m_silent = std::make_unique<QTcpServer>();
    QVERIFY(m_silent->listen(QHostAddress::LocalHost, 0));
    m_api = std::make_unique<ApiClient>();
    m_api->setBaseUrl(QUrl(u"http://127.0.0.1:%1"_s.arg(m_silent->serverPort())));
    m_api->setToken(u"some-token"_s);
}

void TestRequestCancel::cleanup()
{
    m_api.reset();
    m_silent.reset();
}

QTcpSocket *TestRequestCancel::nextRequest(QByteArray *request)
{
    if (!QTest::qWaitFor([this] { return m_silent->hasPendingConnections(); }, 5000))
        return nullptr;
    QTcpSocket *socket = m_silent->nextPendingConnection();
    if (!QTest::qWaitFor([socket] { return socket->canReadLine(); }, 5000))
        return nullptr;
    const QByteArray line = socket->readLine();
    if (request)
        *request = line.trimmed();
    return socket;
}

void TestRequestCancel::cancelledRequestEndsWithCancelledError()
{
    RequestCanceller canceller;
    auto task = m_api->projects({}, {}, 50, &canceller);
    QTcpSocket *socket = nextRequest();
    QVERIFY(socket);
    QSignalSpy disconnected(socket, &QTcpSocket::disconnected);
    canceller.cancel();
    const auto result = QCoro::waitFor(std::move(task));
    QVERIFY(!result);
    QCOMPARE(result.error().kind, td::ApiError::Kind::Network);
    QCOMPARE(result.error().code, u"cancelled"_s);
    QTRY_COMPARE_WITH_TIMEOUT(disconnected.count(), 1, 3000);
    // Still signed in: a cancel is not a session problem.
    QVERIFY(m_api->isSignedIn());
}

void TestRequestCancel::cancellerOnlyStopsRunningRequests()
{
    RequestCanceller canceller;
    auto first = m_api->projects({}, {}, 50, &canceller);
    QTcpSocket *firstSocket = nextRequest();
    QVERIFY(firstSocket);
    QSignalSpy firstDisconnected(firstSocket, &QTcpSocket::disconnected);
    canceller.cancel();
    QVERIFY(!QCoro::waitFor(std::move(first)));
    QTRY_COMPARE_WITH_TIMEOUT(firstDisconnected.count(), 1, 3000); // that abort is over, on the wire too

    // A later request with the same canceller runs to its end: this server holds its
    // answer until the request is here, then answers, and the request must succeed
    // (not "it stayed connected for a while", which a slow machine passes anyway).
    auto second = m_api->projects({}, {}, 50, &canceller);
    QTcpSocket *secondSocket = nextRequest();
    QVERIFY(secondSocket);
    const QByteArray body = R"({"items":[{"code":"NCT1","title":"One"}],"nextCursor":""})";
    secondSocket->write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: " +
                        QByteArray::number(body.size()) + "\r\n\r\n" + body);
    secondSocket->disconnectFromHost();
    const auto answered = QCoro::waitFor(std::move(second));
    QVERIFY2(answered, qPrintable(answered ? QString() : answered.error().code));
    QCOMPARE(answered->items.size(), 1);
    QCOMPARE(answered->items.first().code, u"NCT1"_s);

    // And the next one stops when the canceller fires again.
    auto third = m_api->projects({}, {}, 50, &canceller);
    QTcpSocket *thirdSocket = nextRequest();
    QVERIFY(thirdSocket);
    QSignalSpy disconnected(thirdSocket, &QTcpSocket::disconnected);
    canceller.cancel();
    const auto result = QCoro::waitFor(std::move(third));
    QCOMPARE(result.error().code, u"cancelled"_s);
    QTRY_COMPARE_WITH_TIMEOUT(disconnected.count(), 1, 3000);
}

void TestRequestCancel::subjectsOfAnotherStudyAbortTheOldPage()
{
    td::SubjectTableModel model(*m_api);
    QSignalSpy failed(&model, &td::SubjectTableModel::loadFailed);
    model.setProjectCode(u"OLD1"_s);
    model.fetchMore();
    QByteArray request;
    QTcpSocket *old = nextRequest(&request);
    QVERIFY(old);
    QVERIFY2(request.startsWith("GET /api/v1/projects/OLD1/subjects"), request.constData());
    QSignalSpy disconnected(old, &QTcpSocket::disconnected);

    model.setProjectCode(u"NEW1"_s);
    QTRY_COMPARE_WITH_TIMEOUT(disconnected.count(), 1, 3000);
    QCOMPARE(failed.count(), 0);
    model.fetchMore();
    QVERIFY(nextRequest(&request));
    QVERIFY2(request.startsWith("GET /api/v1/projects/NEW1/subjects"), request.constData());
    QVERIFY(model.isLoading());
}

void TestRequestCancel::newReviewFiltersAbortTheOldPage()
{
    td::SubmissionQueueModel model(*m_api);
    QSignalSpy failed(&model, &td::SubmissionQueueModel::loadFailed);
    ApiClient::SubmissionQuery query;
    query.projectCode = u"OLD1"_s;
    model.setQuery(query); // loads the first page by itself
    QByteArray request;
    QTcpSocket *old = nextRequest(&request);
    QVERIFY(old);
    QVERIFY2(request.startsWith("GET /api/v1/projects/OLD1/submissions"), request.constData());
    QSignalSpy disconnected(old, &QTcpSocket::disconnected);

    query.reviewStatus = u"pending"_s;
    model.setQuery(query);
    QTRY_COMPARE_WITH_TIMEOUT(disconnected.count(), 1, 3000);
    QCOMPARE(failed.count(), 0);
    QVERIFY(nextRequest(&request));
    QVERIFY2(request.contains("reviewStatus=pending"), request.constData());
    QVERIFY(model.isLoading());
}

QTEST_MAIN(TestRequestCancel)
#include "tst_requestcancel.moc"

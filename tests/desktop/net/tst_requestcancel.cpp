#include "net/ApiClient.h"
#include "review/SubmissionQueueModel.h"
#include "subjects/SubjectTableModel.h"

#include <QCoroTask>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPointer>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <functional>
#include <optional>

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
    void cancelAtEveryMomentLeavesNothingBehind_data();
    void cancelAtEveryMomentLeavesNothingBehind();
    void cancellerOnlyStopsRunningRequests();
    void subjectsOfAnotherStudyAbortTheOldPage();
    void newReviewFiltersAbortTheOldPage();

private:
    // The next connection, once its request has arrived; the request line is returned in `request`.
    QTcpSocket *nextRequest(QByteArray *request = nullptr);
    // From now on every request that reaches the server is answered in full at once.
    void answerEveryRequest();

    std::unique_ptr<QTcpServer> m_silent;
    std::unique_ptr<ApiClient> m_api;
};

namespace {

const QByteArray kProjectsBody = R"({"items":[{"code":"NCT1","title":"One"}],"nextCursor":""})";

QByteArray answerHead(qsizetype bodyLength)
{
    return "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: "
           + QByteArray::number(bodyLength) + "\r\n\r\n";
}

// Runs the event loop until `done()` or the timeout without deleting what was deleted
// later from the test function. QCoro::waitFor's event loop deletes it at once and
// QTest::qWait after each pass of processEvents(), but one pass runs as long as events
// keep coming: under load, long enough for a late answer to reach a reply whose
// coroutine had ended (the crash in tst_vitalschartview). This makes that the rule.
template<typename Done>
bool runUntil(Done done, int timeoutMs = 5000)
{
    QDeadlineTimer deadline(timeoutMs);
    while (!done()) {
        if (deadline.hasExpired())
            return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents);
        QTest::qSleep(1);
    }
    return true;
}

// Sees the replies of every QNetworkAccessManager (ApiClient's is private), like
// td::test::ReplyWatcher, and can call a function when a manager reports a reply
// finished: QNetworkAccessManager::finished() comes from the manager's own connection
// to the reply, made when the reply was created, so before the code that awaits it
// has resumed.
class ReplyHook : public QObject
{
public:
    explicit ReplyHook(std::function<void()> onManagerFinished = {})
        : m_onManagerFinished(std::move(onManagerFinished))
    {
        QCoreApplication::instance()->installEventFilter(this);
    }
    ~ReplyHook() override { QCoreApplication::instance()->removeEventFilter(this); }

    QNetworkReply *last() const { return m_replies.isEmpty() ? nullptr : m_replies.last().data(); }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        auto *manager = qobject_cast<QNetworkAccessManager *>(watched);
        if (event->type() == QEvent::ChildAdded && manager) {
            if (m_onManagerFinished && !m_managers.contains(manager)) {
                m_managers.append(manager);
                connect(manager, &QNetworkAccessManager::finished, this, [this] { m_onManagerFinished(); });
            }
            // The reply is still being constructed: look at it once the loop turns.
            const QPointer<QObject> child = static_cast<QChildEvent *>(event)->child();
            QMetaObject::invokeMethod(
                this,
                [this, child] {
                    if (auto *reply = qobject_cast<QNetworkReply *>(child.data()))
                        m_replies.append(reply);
                },
                Qt::QueuedConnection);
        }
        return QObject::eventFilter(watched, event);
    }

private:
    std::function<void()> m_onManagerFinished;
    QList<QPointer<QNetworkAccessManager>> m_managers;
    QList<QPointer<QNetworkReply>> m_replies;
};

} // namespace

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

void TestRequestCancel::answerEveryRequest()
{
    const auto serve = [this] {
        while (QTcpSocket *socket = m_silent->nextPendingConnection()) {
            const auto answer = [socket] {
                if (!socket->peek(64 * 1024).contains("\r\n\r\n"))
                    return;
                socket->readAll();
                socket->write(answerHead(kProjectsBody.size()) + kProjectsBody);
                socket->disconnectFromHost();
            };
            connect(socket, &QTcpSocket::readyRead, socket, answer);
            answer();
        }
    };
    connect(m_silent.get(), &QTcpServer::newConnection, this, serve);
    serve();
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

enum class Moment {
    BeforeSent,    // in the same turn of the event loop as the request was made
    BeforeAnswer,  // the request is at the server, nothing came back
    MidBody,       // the head and half of the body arrived
    AfterFinished, // the reply finished, the awaiting coroutine has not resumed yet
};
Q_DECLARE_METATYPE(Moment)

void TestRequestCancel::cancelAtEveryMomentLeavesNothingBehind_data()
{
    QTest::addColumn<Moment>("moment");
    QTest::addColumn<bool>("cancelled"); // or answered: a finished request stays answered
    QTest::newRow("before the request went out") << Moment::BeforeSent << true;
    QTest::newRow("before the answer") << Moment::BeforeAnswer << true;
    QTest::newRow("in the middle of the body") << Moment::MidBody << true;
    QTest::newRow("after finished, before the coroutine resumed") << Moment::AfterFinished << false;
}

// Whenever a cancel comes, what arrives afterwards (the rest of the answer, or all of
// it: the server answers everything it gets) must not reach the cancelled request,
// whose coroutine is gone, and the client keeps working. With ASan a late resume is a
// heap-use-after-free; without, a jump through a stale coroutine frame.
void TestRequestCancel::cancelAtEveryMomentLeavesNothingBehind()
{
    QFETCH(Moment, moment);
    QFETCH(bool, cancelled);

    RequestCanceller canceller;
    QCoro::Task<td::Result<td::Page<td::Project>>> *pending = nullptr;
    std::optional<bool> readyAtCancel; // whether the first request's coroutine had ended
    std::function<void()> onManagerFinished;
    if (moment == Moment::AfterFinished) {
        onManagerFinished = [&] {
            if (!pending || readyAtCancel)
                return;
            readyAtCancel = pending->isReady();
            canceller.cancel();
        };
    }
    ReplyHook hook(onManagerFinished);
    auto first = m_api->projects({}, {}, 50, &canceller);
    pending = &first;

    QTcpSocket *socket = nullptr;
    switch (moment) {
    case Moment::BeforeSent:
        canceller.cancel();
        break;
    case Moment::BeforeAnswer:
        socket = nextRequest();
        QVERIFY(socket);
        canceller.cancel();
        socket->write(answerHead(kProjectsBody.size()) + kProjectsBody);
        break;
    case Moment::MidBody: {
        socket = nextRequest();
        QVERIFY(socket);
        socket->write(answerHead(kProjectsBody.size()) + kProjectsBody.left(10));
        QVERIFY(runUntil([&] { return hook.last() && hook.last()->bytesAvailable() > 0; }));
        QCOMPARE(hook.last()->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
        canceller.cancel();
        socket->write(kProjectsBody.mid(10));
        break;
    }
    case Moment::AfterFinished:
        socket = nextRequest();
        QVERIFY(socket);
        socket->write(answerHead(kProjectsBody.size()) + kProjectsBody);
        QVERIFY(runUntil([&] { return first.isReady(); }));
        QCOMPARE(readyAtCancel, std::optional<bool>(false));
        break;
    }
    if (socket)
        socket->disconnectFromHost();
    QVERIFY(runUntil([&] { return first.isReady(); }));

    // The client is still usable: a later request, sent after whatever the server
    // answered the first one, gets its answer; by then a late answer to the first one
    // has been handled too.
    answerEveryRequest();
    auto second = m_api->projects({}, {}, 50, &canceller);
    QVERIFY(runUntil([&] { return second.isReady(); }));
    const auto answered = QCoro::waitFor(std::move(second));
    QVERIFY2(answered, qPrintable(answered ? QString() : answered.error().code));
    QCOMPARE(answered->items.size(), 1);

    const auto result = QCoro::waitFor(std::move(first));
    if (cancelled) {
        QVERIFY(!result);
        QCOMPARE(result.error().code, u"cancelled"_s);
    } else {
        QVERIFY2(result, qPrintable(result ? QString() : result.error().code));
        QCOMPARE(result->items.first().code, u"NCT1"_s);
    }
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
    secondSocket->write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: "
                        + QByteArray::number(body.size()) + "\r\n\r\n" + body);
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

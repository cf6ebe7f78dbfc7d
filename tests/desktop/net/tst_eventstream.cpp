#include "EventStreamPeer.h"
#include "app/LiveIndicator.h"
#include "net/EventStream.h"

#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using td::EventStream;
using td::LiveIndicator;
using td::StudyEvent;
using td::test::EventStreamPeer;

namespace {

qint64 seqAt(const QSignalSpy &spy, int i)
{
    return spy.at(i).at(0).value<StudyEvent>().seq;
}

} // namespace

// The desktop end of the event push channel (issue #16) against a scripted peer that
// speaks the protocol: what the client says, what it delivers, and how it recovers.
class TestEventStream : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void streamUrl_data();
    void streamUrl();
    void helloCarriesTokenAndSince();
    void eventsOnceInOrder();
    void reconnectResumesAfterLastSeq();
    void fromNowResumesAfterWelcomeAndHeartbeats();
    void unauthorizedStopsTrying();
    void unauthorizedErrorMessage();
    void tooSlowResumesAtOnce();
    void prunedRestartsFromNowAndAsksForResync();
    void silenceCountsAsDropped();
    void refusedConnectionRetries();
    void oversizedMessageIsRefused();
    void indicatorFollowsState();

private:
    void startStream(qint64 since = 0);

    std::unique_ptr<EventStreamPeer> m_peer;
    std::unique_ptr<EventStream> m_stream;
};

void TestEventStream::init()
{
    qRegisterMetaType<StudyEvent>();
    m_peer = std::make_unique<EventStreamPeer>();
    QVERIFY(m_peer->listen());
    m_stream = std::make_unique<EventStream>();
    // Short retries so that a test that waits for one does not wait seconds.
    m_stream->setBackoff(50, 400);
}

void TestEventStream::cleanup()
{
    m_stream.reset();
    m_peer.reset();
}

void TestEventStream::startStream(qint64 since)
{
    QSignalSpy hello(m_peer.get(), &EventStreamPeer::helloReceived);
    QSignalSpy states(m_stream.get(), &EventStream::stateChanged);
    m_stream->start(m_peer->baseUrl(), u"staff-token"_s, since);
    QTRY_COMPARE_WITH_TIMEOUT(hello.size(), 1, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(m_stream->state(), EventStream::State::Live, 10000);
}

void TestEventStream::streamUrl_data()
{
    QTest::addColumn<QString>("base");
    QTest::addColumn<QString>("stream");
    QTest::newRow("http") << u"http://127.0.0.1:8080"_s << u"ws://127.0.0.1:8080/api/v1/events/stream"_s;
    QTest::newRow("https") << u"https://trial.example.org"_s << u"wss://trial.example.org/api/v1/events/stream"_s;
    QTest::newRow("path prefix") << u"https://example.org/trialdesk/"_s
                                 << u"wss://example.org/trialdesk/api/v1/events/stream"_s;
}

void TestEventStream::streamUrl()
{
    QFETCH(QString, base);
    QFETCH(QString, stream);
    QCOMPARE(EventStream::streamUrl(QUrl(base)).toString(), stream);
}

void TestEventStream::helloCarriesTokenAndSince()
{
    startStream(41);
    const QJsonObject hello = m_peer->hellos().constFirst();
    QCOMPARE(hello.value(u"type"_s).toString(), u"hello"_s);
    QCOMPARE(hello.value(u"token"_s).toString(), u"staff-token"_s);
    QCOMPARE(hello.value(u"since"_s).toInteger(), 41);
    QCOMPARE(m_peer->requestPath(), u"/api/v1/events/stream"_s);
}

void TestEventStream::eventsOnceInOrder()
{
    startStream(0);
    QSignalSpy events(m_stream.get(), &EventStream::eventReceived);
    m_peer->sendEvent(1, StudyEvent::SubmissionStored, u"NCT007"_s, u"101"_s, u"SITE-01"_s);
    m_peer->sendEvent(2, StudyEvent::VitalsStored, u"NCT007"_s, u"SUB123"_s);
    m_peer->sendEvent(2, StudyEvent::VitalsStored, u"NCT007"_s, u"SUB123"_s);  // duplicate
    m_peer->sendEvent(1, StudyEvent::SubmissionStored, u"NCT007"_s, u"101"_s); // older
    m_peer->sendText(u"{\"type\":\"event\",\"seq\":3,\"eventType\":\"no.such\",\"project\":\"X\","
                     u"\"entityId\":\"1\",\"at\":\"2026-12-03T08:00:01.123Z\"}"_s); // invalid: dropped
    m_peer->sendText(u"not json"_s);
    m_peer->sendEvent(5, StudyEvent::SubmissionReviewed, u"NCT008"_s, u"102"_s); // a gap is fine
    // The heartbeat after them marks the end: everything before it was handled.
    m_peer->sendHeartbeat(5);
    QTRY_COMPARE_WITH_TIMEOUT(events.size(), 3, 10000);
    QCOMPARE(seqAt(events, 0), 1);
    QCOMPARE(seqAt(events, 1), 2);
    QCOMPARE(seqAt(events, 2), 5);
    const StudyEvent first = events.at(0).at(0).value<StudyEvent>();
    QCOMPARE(first.type, StudyEvent::SubmissionStored);
    QCOMPARE(first.projectCode, u"NCT007"_s);
    QCOMPARE(first.site, u"SITE-01"_s);
    QCOMPARE(first.entityId, u"101"_s);
    QVERIFY(first.occurredAt.isValid());
    QCOMPARE(m_stream->lastSeq(), 5);
    // A later duplicate is still dropped.
    m_peer->sendEvent(5, StudyEvent::SubmissionReviewed, u"NCT008"_s, u"102"_s);
    m_peer->sendEvent(6, StudyEvent::SubjectEnrolled, u"NCT008"_s, u"SUB9"_s);
    QTRY_COMPARE_WITH_TIMEOUT(events.size(), 4, 10000);
    QCOMPARE(seqAt(events, 3), 6);
}

void TestEventStream::reconnectResumesAfterLastSeq()
{
    startStream(0);
    QSignalSpy events(m_stream.get(), &EventStream::eventReceived);
    m_peer->sendEvent(7, StudyEvent::SubmissionStored, u"NCT007"_s, u"101"_s);
    QTRY_COMPARE_WITH_TIMEOUT(events.size(), 1, 10000);

    QSignalSpy hello(m_peer.get(), &EventStreamPeer::helloReceived);
    QSignalSpy states(m_stream.get(), &EventStream::stateChanged);
    m_peer->drop();
    QTRY_COMPARE_WITH_TIMEOUT(hello.size(), 1, 10000);
    QCOMPARE(m_peer->hellos().size(), 2);
    QCOMPARE(m_peer->hellos().at(1).value(u"since"_s).toInteger(), 7);
    QTRY_COMPARE_WITH_TIMEOUT(m_stream->state(), EventStream::State::Live, 10000);
    QVERIFY(states.size() >= 2);
    QCOMPARE(states.at(0).at(0).value<EventStream::State>(), EventStream::State::Reconnecting);

    // Catch-up repeats seq 7; only 8 is new.
    m_peer->sendEvent(7, StudyEvent::SubmissionStored, u"NCT007"_s, u"101"_s);
    m_peer->sendEvent(8, StudyEvent::SubmissionStored, u"NCT007"_s, u"103"_s);
    QTRY_COMPARE_WITH_TIMEOUT(events.size(), 2, 10000);
    QCOMPARE(seqAt(events, 1), 8);

    // A close frame with an ordinary code is a drop too.
    m_peer->closeWith(1001);
    QTRY_COMPARE_WITH_TIMEOUT(m_peer->hellos().size(), 3, 10000);
    QCOMPARE(m_peer->hellos().at(2).value(u"since"_s).toInteger(), 8);
}

// A fresh sign-in asks for what happens from now on (no since in the hello); a
// reconnect before any event resumes after the welcome's lastSeq, and heartbeats move
// the resume point past events the server did not send to this user.
void TestEventStream::fromNowResumesAfterWelcomeAndHeartbeats()
{
    m_peer->setAutoWelcome(true, 40);
    startStream(EventStream::kFromNow);
    QVERIFY(!m_peer->hellos().constFirst().contains(u"since"_s));
    QCOMPARE(m_stream->lastSeq(), 40);

    QSignalSpy hello(m_peer.get(), &EventStreamPeer::helloReceived);
    m_peer->drop();
    QTRY_COMPARE_WITH_TIMEOUT(hello.size(), 1, 10000);
    QCOMPARE(m_peer->hellos().at(1).value(u"since"_s).toInteger(), 40);
    QTRY_COMPARE_WITH_TIMEOUT(m_stream->state(), EventStream::State::Live, 10000);

    m_peer->sendHeartbeat(45);
    QTRY_COMPARE_WITH_TIMEOUT(m_stream->lastSeq(), 45, 10000);
    m_peer->sendHeartbeat(44); // never backwards
    m_peer->drop();
    QTRY_COMPARE_WITH_TIMEOUT(hello.size(), 2, 10000);
    QCOMPARE(m_peer->hellos().at(2).value(u"since"_s).toInteger(), 45);
}

void TestEventStream::unauthorizedStopsTrying()
{
    startStream(3);
    QSignalSpy states(m_stream.get(), &EventStream::stateChanged);
    m_peer->closeWith(4401, u"token revoked"_s);
    QTRY_COMPARE_WITH_TIMEOUT(m_stream->state(), EventStream::State::Unauthorized, 10000);
    // No reconnect: the retry delay is 50-400 ms here, so one would have shown up by
    // the time a second heartbeat-less connection would be due. Wait for the peer to
    // see the connection gone, then prove that nothing else came.
    QTRY_VERIFY_WITH_TIMEOUT(!m_peer->hasClient(), 10000);
    QTest::qWait(1000); // the absence of a retry can only be shown by waiting past its delay
    QCOMPARE(m_peer->connections(), 1);
    QCOMPARE(m_stream->state(), EventStream::State::Unauthorized);
    QCOMPARE(states.constLast().at(0).value<EventStream::State>(), EventStream::State::Unauthorized);

    // A new start (signed in again) leaves it.
    startStream(m_stream->lastSeq());
    QCOMPARE(m_peer->hellos().constLast().value(u"since"_s).toInteger(), 3);
}

void TestEventStream::unauthorizedErrorMessage()
{
    m_peer->setAutoWelcome(false);
    QSignalSpy hello(m_peer.get(), &EventStreamPeer::helloReceived);
    m_stream->start(m_peer->baseUrl(), u"expired"_s, 0);
    QTRY_COMPARE_WITH_TIMEOUT(hello.size(), 1, 10000);
    m_peer->sendText(u"{\"type\":\"error\",\"code\":\"unauthorized\",\"error\":\"token expired\"}"_s);
    QTRY_COMPARE_WITH_TIMEOUT(m_stream->state(), EventStream::State::Unauthorized, 10000);
    QTest::qWait(1000); // as above: no retry may follow
    QCOMPARE(m_peer->connections(), 1);
}

void TestEventStream::tooSlowResumesAtOnce()
{
    // A first retry delay far beyond the test's timeout: only an immediate resume passes.
    m_stream->setBackoff(60'000, 60'000);
    startStream(0);
    m_peer->sendEvent(11, StudyEvent::SubmissionStored, u"NCT007"_s, u"101"_s);
    QTRY_COMPARE_WITH_TIMEOUT(m_stream->lastSeq(), 11, 10000);
    QSignalSpy hello(m_peer.get(), &EventStreamPeer::helloReceived);
    m_peer->closeWith(4008, u"too slow"_s);
    QTRY_COMPARE_WITH_TIMEOUT(hello.size(), 1, 10000);
    QCOMPARE(hello.at(0).at(0).toJsonObject().value(u"since"_s).toInteger(), 11);
}

void TestEventStream::prunedRestartsFromNowAndAsksForResync()
{
    // 4410: what the client missed was pruned. It must not resume with its old since
    // (refused again for ever), but follow from now, at once, and only once that new
    // stream is welcomed ask for a reload: what commits after the reload began then
    // reaches it through the stream.
    m_stream->setBackoff(60'000, 60'000);
    startStream(5);
    QSignalSpy pruned(m_stream.get(), &EventStream::eventsPruned);
    QSignalSpy hello(m_peer.get(), &EventStreamPeer::helloReceived);
    m_peer->setAutoWelcome(false);
    m_peer->sendText(uR"({"type":"error","code":"events_pruned","error":"pruned"})"_s);
    m_peer->closeWith(td::EventStreamClose::Gone, u"events pruned"_s);
    QTRY_COMPARE_WITH_TIMEOUT(hello.size(), 1, 10000);
    QVERIFY(!hello.at(0).at(0).toJsonObject().contains(u"since"_s));
    QCOMPARE(pruned.size(), 0);
    QSignalSpy events(m_stream.get(), &EventStream::eventReceived);
    m_peer->sendWelcome(120, 15);
    QTRY_COMPARE_WITH_TIMEOUT(pruned.size(), 1, 10000);
    QCOMPARE(m_stream->state(), EventStream::State::Live);
    QCOMPARE(m_stream->lastSeq(), 120);
    m_peer->sendEvent(121, StudyEvent::SubmissionStored, u"NCT007"_s, u"101"_s);
    QTRY_COMPARE_WITH_TIMEOUT(events.size(), 1, 10000);
    QCOMPARE(seqAt(events, 0), 121);
    // An ordinary drop afterwards resumes with since and asks for nothing more.
    m_peer->setAutoWelcome(true, 121);
    m_stream->setBackoff(50, 400);
    m_peer->drop();
    QTRY_COMPARE_WITH_TIMEOUT(hello.size(), 2, 10000);
    QCOMPARE(hello.at(1).at(0).toJsonObject().value(u"since"_s).toInteger(), 121);
    QTRY_COMPARE_WITH_TIMEOUT(m_stream->state(), EventStream::State::Live, 10000);
    QCOMPARE(pruned.size(), 1);
}

void TestEventStream::silenceCountsAsDropped()
{
    // Heartbeats every second announced, then none: after 2.5 s the client gives up
    // on the connection and comes back with a new hello.
    m_peer->setAutoWelcome(true, 0, 1);
    startStream(0);
    m_peer->sendEvent(4, StudyEvent::SubmissionStored, u"NCT007"_s, u"101"_s);
    QSignalSpy hello(m_peer.get(), &EventStreamPeer::helloReceived);
    QSignalSpy states(m_stream.get(), &EventStream::stateChanged);
    QTRY_COMPARE_WITH_TIMEOUT(hello.size(), 1, 15000);
    QCOMPARE(states.at(0).at(0).value<EventStream::State>(), EventStream::State::Reconnecting);
    QCOMPARE(hello.at(0).at(0).toJsonObject().value(u"since"_s).toInteger(), 4);
    QCOMPARE(m_peer->connections(), 2);
}

void TestEventStream::refusedConnectionRetries()
{
    // Nothing listens on the port any more: the client keeps trying with backoff and
    // gets through once something does.
    const QUrl base = m_peer->baseUrl();
    m_peer.reset();
    QSignalSpy states(m_stream.get(), &EventStream::stateChanged);
    m_stream->start(base, u"staff-token"_s, 9);
    QTRY_COMPARE_WITH_TIMEOUT(m_stream->state(), EventStream::State::Reconnecting, 10000);
    m_stream->stop();
    QCOMPARE(m_stream->state(), EventStream::State::Disconnected);
}

void TestEventStream::oversizedMessageIsRefused()
{
    startStream(0);
    QSignalSpy events(m_stream.get(), &EventStream::eventReceived);
    // Pad an otherwise valid event past the limit.
    const QString padding(EventStream::kMaxMessageBytes + 16, u'x');
    m_peer->sendText(u"{\"type\":\"event\",\"seq\":1,\"eventType\":\"submission.stored\",\"project\":\"NCT007\","
                     u"\"entityId\":\"1\",\"at\":\"2026-12-03T08:00:01.123Z\",\"pad\":\""_s
                     + padding + u"\"}"_s);
    m_peer->sendEvent(2, StudyEvent::SubmissionStored, u"NCT007"_s, u"2"_s);
    // The client refuses the message (the socket closes it as too big) and comes back
    // for seq 2 and later; seq 1 never arrives.
    QTRY_VERIFY_WITH_TIMEOUT(!events.isEmpty() || m_peer->hellos().size() >= 2, 10000);
    for (const auto &args : std::as_const(events))
        QVERIFY(args.at(0).value<StudyEvent>().seq != 1);
}

void TestEventStream::indicatorFollowsState()
{
    LiveIndicator indicator(*m_stream);
    QCOMPARE(indicator.text(), LiveIndicator::stateText(EventStream::State::Disconnected));
    QCOMPARE(indicator.text(), u"Offline"_s);
    startStream(0);
    QTRY_COMPARE_WITH_TIMEOUT(indicator.text(), u"Live"_s, 10000);
    QVERIFY(indicator.toolTip().contains(u"No updates"_s));
    m_peer->sendEvent(1, StudyEvent::SubmissionStored, u"NCT007"_s, u"1"_s);
    QTRY_VERIFY_WITH_TIMEOUT(indicator.toolTip().contains(u"Last update"_s), 10000);

    m_stream->setBackoff(60'000, 60'000); // stays Reconnecting while the test looks
    m_peer->drop();
    QTRY_COMPARE_WITH_TIMEOUT(indicator.text(), u"Reconnecting…"_s, 10000);
    m_stream->start(m_peer->baseUrl(), u"staff-token"_s, m_stream->lastSeq());
    QTRY_COMPARE_WITH_TIMEOUT(indicator.text(), u"Live"_s, 10000);
    m_peer->closeWith(4401);
    QTRY_COMPARE_WITH_TIMEOUT(indicator.text(), u"Signed out"_s, 10000);
    m_stream->stop();
    QCOMPARE(indicator.text(), u"Offline"_s);
}

QTEST_MAIN(TestEventStream)
#include "tst_eventstream.moc"

// Reminders of expected entries on a real trialdesk-server (issue #16): a reminder
// due now is sent once (a reminder.due event and state sent), a follow-up is
// cancelled by the submission that fulfils the entry, a schedule change replaces
// pending reminders, missed entries are reported once and a staff alert raised after
// N in a row, a reminder planned before a SIGKILL is sent once after the restart (or
// expires when its window closed meanwhile), and bad settings and parameters get 400.
// No fixed waits: the API is polled with a deadline.

#include "HttpClient.h"
#include "SecurityTestKit.h"
#include "TestServer.h"
#include "Timestamps.h"

#include <QDeadlineTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>
#include <QTimeZone>
#include <functional>

using namespace Qt::StringLiterals;
using namespace td::test::security;
using td::test::HttpClient;
using td::test::HttpReply;
using td::test::TestServer;

#define CHECK(call)                                                                                                    \
    do {                                                                                                               \
        call;                                                                                                          \
        if (QTest::currentTestFailed())                                                                                \
            return;                                                                                                    \
    } while (false)

namespace {

const QTimeZone kShanghai("Asia/Shanghai");
constexpr int kDeadlineMs = 30000;

QDateTime nowUtc()
{
    return QDateTime::currentDateTimeUtc();
}

QDate todayInShanghai()
{
    return nowUtc().toTimeZone(kShanghai).date();
}

// Polls `done` until it holds or the deadline passes; true when it held.
bool eventually(const std::function<bool()> &done, int timeoutMs = kDeadlineMs)
{
    const QDeadlineTimer deadline(timeoutMs);
    while (!done()) {
        if (deadline.hasExpired())
            return false;
        QTest::qWait(100);
    }
    return true;
}

QList<QJsonObject> ofKind(const QJsonArray &reminders, const QString &kind)
{
    QList<QJsonObject> out;
    for (const QJsonValue &v : reminders) {
        if (v.toObject().value(u"kind"_s).toString() == kind)
            out << v.toObject();
    }
    return out;
}

} // namespace

class TestRemindersApi : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void dueReminderIsSentOnceAndTheFollowUpCancelled();
    void scheduleChangeReplacesPendingReminders();
    void missedEntriesAndAlerts();
    void sentOnceAcrossSigkillOrExpired();
    void twoInstancesSendEachOnce();
    void badReminderSettings_data();
    void badReminderSettings();
    void parameters_data();
    void parameters();
    void subjectTokenSeesOnlyItsOwn();

private:
    HttpReply as(TestServer &server, const QByteArray &method, const QString &path, const QByteArray &body = {})
    {
        return call(m_http, server.adminToken(), method, server.url(path), body);
    }
    HttpReply as(const QByteArray &method, const QString &path, const QByteArray &body = {})
    {
        return as(*m_server, method, path, body);
    }
    void createStudy(TestServer &server, const QString &code);
    // Enrolled at 09:00 Shanghai time `daysAgo` days ago; returns the subject token.
    QString enrol(TestServer &server, const QString &code, const QString &subjectId, int daysAgo);
    void putSchedule(TestServer &server, const QString &code, const QString &questionnaire, const QJsonObject &body);
    QJsonArray reminders(TestServer &server, const QString &subjectId);
    // Every event of `type` about `subjectId` (data.subjectId), in seq order.
    QList<QJsonObject> events(TestServer &server, const QString &type, const QString &subjectId);

    std::unique_ptr<TestServer> m_server;
    HttpClient m_http;
};

void TestRemindersApi::initTestCase()
{
    QVERIFY(kShanghai.isValid());
    m_server = std::make_unique<TestServer>(QStringList{u"--no-request-log"_s, u"--submission-rate-per-token"_s, u"0"_s,
                                                        u"--login-rate"_s, u"0"_s, u"--reminder-poll"_s, u"1"_s});
    QVERIFY2(m_server->start(), m_server->log().constData());
}

void TestRemindersApi::cleanupTestCase()
{
    QVERIFY(m_server);
    QVERIFY2(m_server->stop(), m_server->log().right(2000).constData());
    QCOMPARE(m_server->exitCode(), 0);
    QVERIFY2(!m_server->log().contains("failed:"), m_server->log().right(2000).constData());
}

void TestRemindersApi::createStudy(TestServer &server, const QString &code)
{
    const HttpReply created =
        as(server, "POST", u"/api/v1/projects"_s,
           jsonBytes({{u"code"_s, code}, {u"title"_s, QString(u"Reminders "_s + code)}, {u"status"_s, u"active"_s}}));
    QVERIFY2(created.status == 201, describe(created).constData());
}

QString TestRemindersApi::enrol(TestServer &server, const QString &code, const QString &subjectId, int daysAgo)
{
    const QDateTime enrolled = QDateTime(todayInShanghai().addDays(-daysAgo), QTime(9, 0), kShanghai).toUTC();
    const HttpReply reply =
        as(server, "POST", u"/api/v1/projects/%1/subjects"_s.arg(code),
           jsonBytes({{u"subjectId"_s, subjectId}, {u"enrolledAt"_s, td::formatTimestamp(enrolled)}}));
    if (reply.status != 201) {
        QTest::qFail(describe(reply).constData(), __FILE__, __LINE__);
        return {};
    }
    return reply.json().value(u"subjectToken"_s).toString();
}

void TestRemindersApi::putSchedule(TestServer &server, const QString &code, const QString &questionnaire,
                                   const QJsonObject &body)
{
    const HttpReply put =
        as(server, "PUT", u"/api/v1/projects/%1/schedules/%2"_s.arg(code, questionnaire), jsonBytes(body));
    QVERIFY2(put.status == 201 || put.status == 200, describe(put).constData());
}

QJsonArray TestRemindersApi::reminders(TestServer &server, const QString &subjectId)
{
    const HttpReply reply = as(server, "GET", u"/api/v1/subjects/%1/reminders?limit=500"_s.arg(subjectId));
    if (reply.status != 200) {
        QTest::qFail(describe(reply).constData(), __FILE__, __LINE__);
        return {};
    }
    return reply.json().value(u"reminders"_s).toArray();
}

QList<QJsonObject> TestRemindersApi::events(TestServer &server, const QString &type, const QString &subjectId)
{
    QList<QJsonObject> out;
    qint64 since = 0;
    for (int page = 0; page < 100; ++page) {
        const HttpReply reply = as(server, "GET", u"/api/v1/events?since=%1&limit=1000"_s.arg(since));
        if (reply.status != 200) {
            QTest::qFail(describe(reply).constData(), __FILE__, __LINE__);
            return {};
        }
        for (const QJsonValue &v : reply.json().value(u"items"_s).toArray()) {
            const QJsonObject e = v.toObject();
            if (e.value(u"type"_s).toString() == type
                && e.value(u"data"_s).toObject().value(u"subjectId"_s).toString() == subjectId)
                out << e;
        }
        since = reply.json().value(u"lastSeq"_s).toInteger();
        if (!reply.json().value(u"more"_s).toBool())
            break;
    }
    return out;
}

void TestRemindersApi::dueReminderIsSentOnceAndTheFollowUpCancelled()
{
    CHECK(createStudy(*m_server, u"REM-DUE"_s));
    // Opened a minute or two ago (local minute precision), open for two hours; the
    // follow-up is due an hour after the opening.
    const QString at = nowUtc().toTimeZone(kShanghai).addSecs(-60).time().toString(u"HH:mm"_s);
    CHECK(putSchedule(*m_server, u"REM-DUE"_s, u"daily-q"_s,
                      {{u"rule"_s, u"daily"_s},
                       {u"at"_s, at},
                       {u"windowMinutes"_s, 120},
                       {u"reminders"_s, QJsonObject{{u"followUpAfterMinutes"_s, 60}}}}));
    CHECK(enrol(*m_server, u"REM-DUE"_s, u"due-1"_s, 2));

    QJsonObject open;
    QVERIFY2(eventually([&] {
                 for (const QJsonObject &r : ofKind(reminders(*m_server, u"due-1"_s), u"open"_s)) {
                     if (r.value(u"state"_s).toString() == u"sent"_s)
                         open = r;
                 }
                 return !open.isEmpty();
             }),
             "the open reminder was not sent in time");
    QVERIFY(!open.value(u"sentAt"_s).toString().isEmpty());
    QVERIFY(open.value(u"cancelledAt"_s).isNull());
    const QList<QJsonObject> due = events(*m_server, u"reminder.due"_s, u"due-1"_s);
    QCOMPARE(due.size(), 1);
    QCOMPARE(due.first().value(u"entityId"_s).toString(), open.value(u"id"_s).toString());
    const QJsonObject data = due.first().value(u"data"_s).toObject();
    QCOMPARE(data.value(u"questionnaire"_s).toString(), u"daily-q"_s);
    QCOMPARE(data.value(u"kind"_s).toString(), u"open"_s);
    QCOMPARE(data.value(u"entryDay"_s).toInt(), open.value(u"entryDay"_s).toInt());
    QCOMPARE(data.value(u"closesAt"_s).toString(), open.value(u"closesAt"_s).toString());
    QVERIFY(td::parseTimestamp(data.value(u"opensAt"_s).toString()).value_or(QDateTime()) <= nowUtc());

    // Tomorrow's entry may be planned already (26 hours ahead): today's is the one.
    const auto ofToday = [&](const QString &kind) {
        QList<QJsonObject> out;
        for (const QJsonObject &r : ofKind(reminders(*m_server, u"due-1"_s), kind)) {
            if (r.value(u"entryDay"_s).toInt() == open.value(u"entryDay"_s).toInt())
                out << r;
        }
        return out;
    };
    const QList<QJsonObject> followUps = ofToday(u"follow_up"_s);
    QCOMPARE(followUps.size(), 1);
    QCOMPARE(followUps.first().value(u"state"_s).toString(), u"pending"_s);
    QCOMPARE(followUps.first().value(u"entryDay"_s).toInt(), open.value(u"entryDay"_s).toInt());

    // The submission ends the follow-up in its own transaction: cancelled at once.
    const HttpReply sent = as("POST", u"/api/v1/subjects/due-1/questionnaires"_s,
                              jsonBytes({{u"subjectId"_s, u"due-1"_s},
                                         {u"questionnaire"_s, u"daily-q"_s},
                                         {u"answers"_s, QJsonObject{{u"q1"_s, 1}}},
                                         {u"submitAt"_s, td::formatTimestamp(nowUtc())}}));
    QVERIFY2(sent.status == 201, describe(sent).constData());
    QCOMPARE(sent.json().value(u"entryState"_s).toString(), u"received"_s);
    const QList<QJsonObject> after = ofToday(u"follow_up"_s);
    QCOMPARE(after.size(), 1);
    QCOMPARE(after.first().value(u"state"_s).toString(), u"cancelled"_s);
    QVERIFY(!after.first().value(u"cancelledAt"_s).toString().isEmpty());
    QCOMPARE(events(*m_server, u"reminder.due"_s, u"due-1"_s).size(), 1);

    // state filter
    const HttpReply cancelled = as("GET", u"/api/v1/subjects/due-1/reminders?state=cancelled"_s);
    QCOMPARE(cancelled.status, 200);
    QCOMPARE(cancelled.json().value(u"reminders"_s).toArray().size(), 1);
}

void TestRemindersApi::scheduleChangeReplacesPendingReminders()
{
    CHECK(createStudy(*m_server, u"REM-CHG"_s));
    const QDateTime local = nowUtc().toTimeZone(kShanghai);
    CHECK(putSchedule(*m_server, u"REM-CHG"_s, u"q"_s,
                      {{u"rule"_s, u"daily"_s},
                       {u"at"_s, local.addSecs(3 * 3600).time().toString(u"HH:mm"_s)},
                       {u"windowMinutes"_s, 60},
                       {u"reminders"_s, QJsonObject{{u"followUpAfterMinutes"_s, 30}}}}));
    CHECK(enrol(*m_server, u"REM-CHG"_s, u"chg-1"_s, 1));
    const auto pending = [&](const QString &kind) {
        QList<QJsonObject> out;
        for (const QJsonObject &r : ofKind(reminders(*m_server, u"chg-1"_s), kind)) {
            if (r.value(u"state"_s).toString() == u"pending"_s)
                out << r;
        }
        return out;
    };
    QVERIFY(eventually([&] { return pending(u"open"_s).size() == 1 && pending(u"follow_up"_s).size() == 1; }));
    const QString oldDue = pending(u"open"_s).first().value(u"dueAt"_s).toString();

    const QString newAt = local.addSecs(4 * 3600).time().toString(u"HH:mm"_s);
    CHECK(putSchedule(*m_server, u"REM-CHG"_s, u"q"_s,
                      {{u"rule"_s, u"daily"_s},
                       {u"at"_s, newAt},
                       {u"windowMinutes"_s, 60},
                       {u"reminders"_s, QJsonObject{{u"followUpAfterMinutes"_s, 0}}}}));
    QVERIFY2(eventually([&] {
                 const QList<QJsonObject> open = pending(u"open"_s);
                 return open.size() == 1 && open.first().value(u"dueAt"_s).toString() != oldDue
                        && pending(u"follow_up"_s).isEmpty();
             }),
             QJsonDocument(reminders(*m_server, u"chg-1"_s)).toJson().constData());
    const QDateTime due =
        td::parseTimestamp(pending(u"open"_s).first().value(u"dueAt"_s).toString()).value_or(QDateTime());
    QCOMPARE(due.toTimeZone(kShanghai).time().toString(u"HH:mm"_s), newAt);
    // Nothing of the old schedule is left over.
    for (const QJsonValue &v : reminders(*m_server, u"chg-1"_s))
        QVERIFY2(v.toObject().value(u"dueAt"_s).toString() != oldDue, "an old reminder survived the change");
}

void TestRemindersApi::missedEntriesAndAlerts()
{
    CHECK(createStudy(*m_server, u"REM-MISS"_s));
    // Days 0..7 after the subject's own date, which lies ten days back: every window
    // has closed. Three misses in a row raise an alert.
    CHECK(putSchedule(*m_server, u"REM-MISS"_s, u"diary"_s,
                      {{u"rule"_s, u"daily"_s},
                       {u"at"_s, u"08:00"_s},
                       {u"windowMinutes"_s, 60},
                       {u"anchor"_s, u"subjectDate"_s},
                       {u"endDay"_s, 7},
                       {u"reminders"_s, QJsonObject{{u"alertAfterMissed"_s, 3}}}}));
    const QDate anchor = todayInShanghai().addDays(-10);
    for (const QString &id : {u"miss-1"_s, u"miss-2"_s})
        CHECK(enrol(*m_server, u"REM-MISS"_s, id, 12));
    // Day 3 is filled in on time, before the anchor date is known: the PATCH matches it.
    const QDateTime day3 = QDateTime(anchor.addDays(3), QTime(8, 10), kShanghai).toUTC();
    const HttpReply sent = as("POST", u"/api/v1/subjects/miss-1/questionnaires"_s,
                              jsonBytes({{u"subjectId"_s, u"miss-1"_s},
                                         {u"questionnaire"_s, u"diary"_s},
                                         {u"answers"_s, QJsonObject{{u"q1"_s, 1}}},
                                         {u"submitAt"_s, td::formatTimestamp(day3)}}));
    QVERIFY2(sent.status == 201, describe(sent).constData());
    const HttpReply patched =
        as("PATCH", u"/api/v1/subjects/miss-1"_s, jsonBytes({{u"anchorDate"_s, anchor.toString(Qt::ISODate)}}));
    QVERIFY2(patched.status == 200, describe(patched).constData());

    QVERIFY2(eventually([&] { return events(*m_server, u"entry.missed"_s, u"miss-1"_s).size() >= 7; }),
             "the missed entries were not reported in time");
    // Planning again (the zone set explicitly moves nothing) reports nothing twice;
    // a second subject planned after it shows when that pass is through.
    HttpReply again = as("PATCH", u"/api/v1/subjects/miss-1"_s, jsonBytes({{u"timeZone"_s, u"Asia/Shanghai"_s}}));
    QVERIFY2(again.status == 200, describe(again).constData());
    again = as("PATCH", u"/api/v1/subjects/miss-2"_s,
               jsonBytes({{u"anchorDate"_s, todayInShanghai().addDays(-5).toString(Qt::ISODate)}}));
    QVERIFY2(again.status == 200, describe(again).constData());
    QVERIFY(eventually([&] { return events(*m_server, u"entry.missed"_s, u"miss-2"_s).size() >= 5; }));

    QList<int> days;
    for (const QJsonObject &e : events(*m_server, u"entry.missed"_s, u"miss-1"_s)) {
        QCOMPARE(e.value(u"entityId"_s).toString(), u"miss-1"_s);
        QCOMPARE(e.value(u"data"_s).toObject().value(u"questionnaire"_s).toString(), u"diary"_s);
        days << e.value(u"data"_s).toObject().value(u"entryDay"_s).toInt();
    }
    std::sort(days.begin(), days.end());
    QCOMPARE(days, (QList<int>{0, 1, 2, 4, 5, 6, 7}));
    // 0,1,2 and 4,5,6,7: one alert per streak, when it reaches three.
    const QList<QJsonObject> alerts = events(*m_server, u"subject.alert"_s, u"miss-1"_s);
    QCOMPARE(alerts.size(), 2);
    for (const QJsonObject &a : alerts) {
        QCOMPARE(a.value(u"entityId"_s).toString(), u"miss-1"_s);
        const QJsonObject data = a.value(u"data"_s).toObject();
        QCOMPARE(data.value(u"reason"_s).toString(), u"missed_entries"_s);
        QCOMPARE(data.value(u"consecutiveMissed"_s).toInt(), 3);
        QCOMPARE(data.value(u"questionnaire"_s).toString(), u"diary"_s);
    }
    QCOMPARE(events(*m_server, u"entry.missed"_s, u"miss-2"_s).size(), 5);
    QCOMPARE(events(*m_server, u"subject.alert"_s, u"miss-2"_s).size(), 1);
    // Missed entries are not reminders: the subject's list has none (all windows closed).
    QCOMPARE(reminders(*m_server, u"miss-1"_s).size(), 0);
}

void TestRemindersApi::sentOnceAcrossSigkillOrExpired()
{
    // A server that plans but holds every reminder: as if it were down at due time.
    TestServer server({u"--no-request-log"_s, u"--reminder-poll"_s, u"1"_s, u"--hold-reminders"_s});
    QVERIFY2(server.start(), server.log().constData());
    CHECK(createStudy(server, u"REM-KILL"_s));
    const QDateTime local = nowUtc().toTimeZone(kShanghai);
    // "long": opened a minute or two ago, open two hours. "short": opened at this
    // minute or the one before, closing within about a minute and a half.
    CHECK(putSchedule(server, u"REM-KILL"_s, u"long"_s,
                      {{u"rule"_s, u"daily"_s},
                       {u"at"_s, local.addSecs(-60).time().toString(u"HH:mm"_s)},
                       {u"windowMinutes"_s, 120},
                       {u"reminders"_s, QJsonObject{{u"followUpAfterMinutes"_s, 0}}}}));
    const QTime shortAt = local.time().second() < 40 ? local.addSecs(-60).time() : local.time();
    CHECK(putSchedule(server, u"REM-KILL"_s, u"short"_s,
                      {{u"rule"_s, u"daily"_s},
                       {u"at"_s, shortAt.toString(u"HH:mm"_s)},
                       {u"windowMinutes"_s, 2},
                       {u"reminders"_s, QJsonObject{{u"followUpAfterMinutes"_s, 0}}}}));
    CHECK(enrol(server, u"REM-KILL"_s, u"kill-1"_s, 1));
    // Today's entry's reminder (tomorrow's may be planned too, not due yet).
    const auto find = [&](const QString &questionnaire) {
        for (const QJsonValue &v : reminders(server, u"kill-1"_s)) {
            const QJsonObject r = v.toObject();
            if (r.value(u"questionnaire"_s).toString() == questionnaire
                && td::parseTimestamp(r.value(u"dueAt"_s).toString()).value_or(QDateTime()) <= nowUtc())
                return r;
        }
        return QJsonObject();
    };
    QVERIFY(eventually([&] { return !find(u"long"_s).isEmpty() && !find(u"short"_s).isEmpty(); }));
    QCOMPARE(find(u"long"_s).value(u"state"_s).toString(), u"pending"_s);
    QCOMPARE(find(u"short"_s).value(u"state"_s).toString(), u"pending"_s);
    const QDateTime shortCloses =
        td::parseTimestamp(find(u"short"_s).value(u"closesAt"_s).toString()).value_or(QDateTime());
    QVERIFY(shortCloses.isValid());
    QVERIFY(events(server, u"reminder.due"_s, u"kill-1"_s).isEmpty());

    // Down at due time, hard: no chance to flush anything. Back once "short" closed.
    server.kill();
    QVERIFY(eventually([&] { return nowUtc() > shortCloses; }, 120000));
    server.setExtraArguments({u"--no-request-log"_s, u"--reminder-poll"_s, u"1"_s});
    QVERIFY2(server.start(), server.log().constData());
    QVERIFY2(eventually([&] { return find(u"long"_s).value(u"state"_s).toString() == u"sent"_s; }),
             server.log().right(2000).constData());
    QVERIFY(eventually([&] { return find(u"short"_s).value(u"state"_s).toString() == u"expired"_s; }));
    QList<QJsonObject> due = events(server, u"reminder.due"_s, u"kill-1"_s);
    QCOMPARE(due.size(), 1); // the expired one sends nothing
    QCOMPARE(due.first().value(u"entityId"_s).toString(), find(u"long"_s).value(u"id"_s).toString());

    // And again: a second hard stop and start sends nothing twice.
    server.kill();
    QVERIFY2(server.start(), server.log().constData());
    // The restarted server has planned and dispatched once it re-plans a new subject.
    CHECK(enrol(server, u"REM-KILL"_s, u"kill-2"_s, 1));
    QVERIFY(eventually([&] { return events(server, u"reminder.due"_s, u"kill-2"_s).size() == 1; }));
    QCOMPARE(events(server, u"reminder.due"_s, u"kill-1"_s).size(), 1);
    QVERIFY2(server.stop(), server.log().right(2000).constData());
}

void TestRemindersApi::twoInstancesSendEachOnce()
{
    if (!TestServer::usesPostgres())
        QSKIP("several instances share a PostgreSQL database only");
    // Both plan and both dispatch the same rows: each reminder is claimed by one.
    TestServer second(*m_server, {u"--no-request-log"_s, u"--reminder-poll"_s, u"1"_s});
    QVERIFY2(second.start(), second.log().constData());
    CHECK(createStudy(*m_server, u"REM-TWO"_s));
    constexpr int kSubjects = 200;
    for (int i = 0; i < kSubjects; ++i)
        CHECK(enrol(i % 2 ? second : *m_server, u"REM-TWO"_s, u"two-%1"_s.arg(i), 1));
    // Set through the second instance, so the first learns of it by its own planning.
    const QString at = nowUtc().toTimeZone(kShanghai).addSecs(-60).time().toString(u"HH:mm"_s);
    CHECK(putSchedule(second, u"REM-TWO"_s, u"q"_s,
                      {{u"rule"_s, u"daily"_s},
                       {u"at"_s, at},
                       {u"windowMinutes"_s, 120},
                       {u"reminders"_s, QJsonObject{{u"followUpAfterMinutes"_s, 0}}}}));
    CHECK(putSchedule(*m_server, u"REM-TWO"_s, u"q"_s,
                      {{u"rule"_s, u"daily"_s},
                       {u"at"_s, at},
                       {u"windowMinutes"_s, 120},
                       {u"reminders"_s, QJsonObject{{u"followUpAfterMinutes"_s, 0}}}}));
    const auto dueEvents = [&] {
        QHash<QString, int> perReminder;
        qint64 since = 0;
        for (int page = 0; page < 100; ++page) {
            const HttpReply reply = as("GET", u"/api/v1/events?since=%1&limit=1000"_s.arg(since));
            for (const QJsonValue &v : reply.json().value(u"items"_s).toArray()) {
                const QJsonObject e = v.toObject();
                if (e.value(u"type"_s).toString() == u"reminder.due"_s
                    && e.value(u"project"_s).toString() == u"REM-TWO"_s)
                    ++perReminder[e.value(u"entityId"_s).toString()];
            }
            since = reply.json().value(u"lastSeq"_s).toInteger();
            if (!reply.json().value(u"more"_s).toBool())
                break;
        }
        return perReminder;
    };
    QVERIFY(eventually([&] { return dueEvents().size() == kSubjects; }));
    const QHash<QString, int> counts = dueEvents();
    for (auto it = counts.cbegin(); it != counts.cend(); ++it)
        QVERIFY2(it.value() == 1, qPrintable(u"reminder %1 sent %2 times"_s.arg(it.key()).arg(it.value())));
    QVERIFY2(second.stop(), second.log().right(2000).constData());
}

void TestRemindersApi::badReminderSettings_data()
{
    QTest::addColumn<QByteArray>("reminders");
    QTest::addColumn<QStringList>("fields");
    QTest::newRow("negative follow-up") << R"({"followUpAfterMinutes":-1})"_ba
                                        << QStringList{u"reminders.followUpAfterMinutes"_s};
    QTest::newRow("follow-up over a week")
        << R"({"followUpAfterMinutes":10081})"_ba << QStringList{u"reminders.followUpAfterMinutes"_s};
    QTest::newRow("fractional follow-up")
        << R"({"followUpAfterMinutes":1.5})"_ba << QStringList{u"reminders.followUpAfterMinutes"_s};
    QTest::newRow("alert over 100") << R"({"alertAfterMissed":101})"_ba << QStringList{u"reminders.alertAfterMissed"_s};
    QTest::newRow("alert as text") << R"({"alertAfterMissed":"3"})"_ba << QStringList{u"reminders.alertAfterMissed"_s};
    QTest::newRow("enabled not a boolean") << R"({"enabled":"yes"})"_ba << QStringList{u"reminders.enabled"_s};
    QTest::newRow("unknown member") << R"({"sms":true})"_ba << QStringList{u"reminders.sms"_s};
    QTest::newRow("not an object") << "5"_ba << QStringList{u"reminders"_s};
    QTest::newRow("every problem at once")
        << R"({"enabled":1,"followUpAfterMinutes":-5,"alertAfterMissed":-1})"_ba
        << QStringList{u"reminders.alertAfterMissed"_s, u"reminders.enabled"_s, u"reminders.followUpAfterMinutes"_s};
}

void TestRemindersApi::badReminderSettings()
{
    QFETCH(QByteArray, reminders);
    QFETCH(QStringList, fields);
    static bool created = false;
    if (!created) {
        CHECK(createStudy(*m_server, u"REM-VAL"_s));
        created = true;
    }
    const QByteArray body = R"({"rule":"daily","at":"08:00","windowMinutes":60,"reminders":)"_ba + reminders + "}";
    const HttpReply reply = as("PUT", u"/api/v1/projects/REM-VAL/schedules/q1"_s, body);
    QVERIFY2(reply.status == 400, describe(reply).constData());
    QCOMPARE(reply.json().value(u"code"_s).toString(), u"invalid_schedule"_s);
    QCOMPARE(reply.json().value(u"fields"_s).toObject().keys(), fields);
    QCOMPARE(as("GET", u"/api/v1/projects/REM-VAL/schedules"_s).json().value(u"items"_s).toArray().size(), 0);
}

void TestRemindersApi::parameters_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("field");
    QTest::newRow("unknown state") << u"/api/v1/subjects/due-1/reminders?state=done"_s << 400 << u"state"_s;
    QTest::newRow("limit 0") << u"/api/v1/subjects/due-1/reminders?limit=0"_s << 400 << u"limit"_s;
    QTest::newRow("limit 501") << u"/api/v1/subjects/due-1/reminders?limit=501"_s << 400 << u"limit"_s;
    QTest::newRow("limit text") << u"/api/v1/subjects/due-1/reminders?limit=ten"_s << 400 << u"limit"_s;
    QTest::newRow("limit 1") << u"/api/v1/subjects/due-1/reminders?limit=1"_s << 200 << QString();
    QTest::newRow("unknown subject") << u"/api/v1/subjects/nobody/reminders"_s << 404 << QString();
}

void TestRemindersApi::parameters()
{
    QFETCH(QString, path);
    QFETCH(int, status);
    QFETCH(QString, field);
    const HttpReply reply = as("GET", path);
    QVERIFY2(reply.status == status, describe(reply).constData());
    if (!field.isEmpty())
        QCOMPARE(reply.json().value(u"fields"_s).toObject().keys(), QStringList{field});
    if (status == 200)
        QVERIFY(reply.json().value(u"reminders"_s).toArray().size() <= 1);
}

void TestRemindersApi::subjectTokenSeesOnlyItsOwn()
{
    CHECK(createStudy(*m_server, u"REM-TOK"_s));
    const QString mine = enrol(*m_server, u"REM-TOK"_s, u"tok-1"_s, 1);
    CHECK(enrol(*m_server, u"REM-TOK"_s, u"tok-2"_s, 1));
    const HttpReply own = call(m_http, mine, "GET", m_server->url(u"/api/v1/subjects/tok-1/reminders"_s));
    QVERIFY2(own.status == 200, describe(own).constData());
    const HttpReply other = call(m_http, mine, "GET", m_server->url(u"/api/v1/subjects/tok-2/reminders"_s));
    QVERIFY2(other.status == 403 || other.status == 404, describe(other).constData());
}

QTEST_GUILESS_MAIN(TestRemindersApi)
#include "tst_remindersapi.moc"

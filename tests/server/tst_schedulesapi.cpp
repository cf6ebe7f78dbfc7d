// Questionnaire schedules on a real trialdesk-server (issue #15): set, replace, list
// and remove them (audited, validated with every field named); intake matching each
// submission to its expected entry (received, late, duplicate, unscheduled); the
// compliance figures of a seeded study against an independent count made here; a
// subject's tasks; and the study statistics counted from the schedule.

#include "HttpClient.h"
#include "SecurityTestKit.h"
#include "TestServer.h"
#include "Timestamps.h"

#include <QJsonArray>
#include <QTest>
#include <QTimeZone>

using namespace Qt::StringLiterals;
using namespace td::test::security;
using td::test::HttpClient;
using td::test::HttpReply;
using td::test::TestServer;

// Runs a checking helper and leaves the calling test function if it failed.
#define CHECK(call)                                                                                                    \
    do {                                                                                                               \
        call;                                                                                                          \
        if (QTest::currentTestFailed())                                                                                \
            return;                                                                                                    \
    } while (false)

namespace {

const QTimeZone kShanghai("Asia/Shanghai");
const QTimeZone kBerlin("Europe/Berlin");
const QTimeZone kNewYork("America/New_York");

QJsonObject dailyAt8(int windowMinutes = 120)
{
    return {{u"rule"_s, u"daily"_s}, {u"at"_s, u"08:00"_s}, {u"windowMinutes"_s, windowMinutes}};
}

QDate todayIn(const QTimeZone &zone)
{
    return QDateTime::currentDateTimeUtc().toTimeZone(zone).date();
}

// 08:00 local on `date`: never in a daylight-saving gap, so Qt's own conversion is
// an independent oracle here.
QDateTime opensAt(const QDate &date, const QTimeZone &zone)
{
    return QDateTime(date, QTime(8, 0), zone).toUTC();
}

struct Counts {
    int expected = 0, received = 0, late = 0, missed = 0, open = 0;
    bool operator==(const Counts &) const = default;
};

Counts countsOf(const QJsonObject &o)
{
    return {o.value(u"expected"_s).toInt(), o.value(u"received"_s).toInt(), o.value(u"late"_s).toInt(),
            o.value(u"missed"_s).toInt(), o.value(u"open"_s).toInt()};
}

QByteArray show(const Counts &c)
{
    return QByteArray("expected ") + QByteArray::number(c.expected) + " received " + QByteArray::number(c.received)
           + " late " + QByteArray::number(c.late) + " missed " + QByteArray::number(c.missed) + " open "
           + QByteArray::number(c.open);
}

} // namespace

class TestSchedulesApi : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void setReplaceListRemove();
    void putValidation_data();
    void putValidation();
    void unknownStudyIs404();
    void intakeMatchesEntries();
    void complianceMatchesAnIndependentCount();
    void complianceParameters_data();
    void complianceParameters();
    void tasks();
    void tasksCarryTheDefinition_data();
    void tasksCarryTheDefinition();
    void subjectEntries();
    void subjectEntriesParameters_data();
    void subjectEntriesParameters();
    void subjectEntriesScope();
    void subjectAndStudyZonesThroughTheApi();
    void anchorDateChangeMovesEntriesAndCompliance();
    void statsFollowTheSchedule_data();
    void statsFollowTheSchedule();

private:
    QUrl url(const QString &path) const { return m_server->url(path); }
    HttpReply as(const QByteArray &method, const QString &path, const QByteArray &body = {})
    {
        return call(m_http, m_admin, method, url(path), body);
    }
    HttpReply submit(const QString &subjectId, const QString &questionnaire, const QDateTime &at)
    {
        return as("POST", u"/api/v1/subjects/%1/questionnaires"_s.arg(subjectId),
                  jsonBytes({{u"subjectId"_s, subjectId},
                             {u"questionnaire"_s, questionnaire},
                             {u"answers"_s, QJsonObject{{u"q1"_s, 1}}},
                             {u"submitAt"_s, td::formatTimestamp(at)}}));
    }
    // Enrols `subjectId` in `code`, enrolled at 09:00 Shanghai time `daysAgo` days ago.
    void enrolAt(const QString &code, const QString &subjectId, int daysAgo, const QString &site = {});
    void createStudy(const QString &code, const QJsonArray &sites = {});

    std::unique_ptr<TestServer> m_server;
    HttpClient m_http;
    QString m_admin;
};

void TestSchedulesApi::initTestCase()
{
    QVERIFY(kShanghai.isValid() && kBerlin.isValid() && kNewYork.isValid());
    m_server = std::make_unique<TestServer>(
        QStringList{u"--no-request-log"_s, u"--submission-rate-per-token"_s, u"0"_s, u"--login-rate"_s, u"0"_s});
    QVERIFY2(m_server->start(), m_server->log().constData());
    m_admin = m_server->adminToken();
    createStudy(u"SCH-VAL"_s);
    createStudy(u"SCH-PARAM"_s);
}

void TestSchedulesApi::cleanupTestCase()
{
    QVERIFY(m_server);
    QVERIFY2(m_server->stop(), m_server->log().right(2000).constData());
    QCOMPARE(m_server->exitCode(), 0);
    QVERIFY2(!m_server->log().contains("failed:"), m_server->log().right(2000).constData());
}

void TestSchedulesApi::createStudy(const QString &code, const QJsonArray &sites)
{
    QJsonObject body{{u"code"_s, code}, {u"title"_s, QString(u"Schedule study "_s + code)}, {u"status"_s, u"active"_s}};
    if (!sites.isEmpty())
        body.insert(u"sites"_s, sites);
    const HttpReply created = as("POST", u"/api/v1/projects"_s, jsonBytes(body));
    QVERIFY2(created.status == 201, describe(created).constData());
}

void TestSchedulesApi::enrolAt(const QString &code, const QString &subjectId, int daysAgo, const QString &site)
{
    const QDateTime enrolled = QDateTime(todayIn(kShanghai).addDays(-daysAgo), QTime(9, 0), kShanghai).toUTC();
    QJsonObject body{{u"subjectId"_s, subjectId}, {u"enrolledAt"_s, td::formatTimestamp(enrolled)}};
    if (!site.isEmpty())
        body.insert(u"site"_s, site);
    const HttpReply reply = as("POST", u"/api/v1/projects/%1/subjects"_s.arg(code), jsonBytes(body));
    QVERIFY2(reply.status == 201, describe(reply).constData());
}

void TestSchedulesApi::setReplaceListRemove()
{
    createStudy(u"SCH-CRUD"_s);
    const QString path = u"/api/v1/projects/SCH-CRUD/schedules/daily-symptoms"_s;
    HttpReply put = as("PUT", path, jsonBytes(dailyAt8()));
    QVERIFY2(put.status == 201, describe(put).constData());
    QCOMPARE(put.json().value(u"questionnaire"_s).toString(), u"daily-symptoms"_s);
    QCOMPARE(put.json().value(u"anchor"_s).toString(), u"enrolment"_s);
    QCOMPARE(put.json().value(u"startDay"_s).toInt(), 0);

    QJsonObject visits{{u"questionnaire"_s, u"visit-qol"_s},
                       {u"rule"_s, u"dayOffsets"_s},
                       {u"dayOffsets"_s, QJsonArray{0, 7, 14, 28}},
                       {u"at"_s, u"10:00"_s},
                       {u"windowMinutes"_s, 4320}};
    put = as("PUT", u"/api/v1/projects/SCH-CRUD/schedules/visit-qol"_s, jsonBytes(visits));
    QVERIFY2(put.status == 201, describe(put).constData());

    // Replaced: 200, and the list shows the new version.
    put = as("PUT", path, jsonBytes(dailyAt8(90)));
    QVERIFY2(put.status == 200, describe(put).constData());
    HttpReply list = as("GET", u"/api/v1/projects/SCH-CRUD/schedules"_s);
    QVERIFY2(list.status == 200, describe(list).constData());
    QJsonArray items = list.json().value(u"items"_s).toArray();
    QCOMPARE(items.size(), 2);
    QCOMPARE(items.at(0).toObject().value(u"questionnaire"_s).toString(), u"daily-symptoms"_s);
    QCOMPARE(items.at(0).toObject().value(u"windowMinutes"_s).toInt(), 90);
    QCOMPARE(items.at(1).toObject().value(u"dayOffsets"_s).toArray(), (QJsonArray{0, 7, 14, 28}));

    const HttpReply removed = as("DELETE", path);
    QVERIFY2(removed.status == 204, describe(removed).constData());
    checkError(as("DELETE", path), 404, u"schedule_not_found"_s);
    list = as("GET", u"/api/v1/projects/SCH-CRUD/schedules"_s);
    QCOMPARE(list.json().value(u"items"_s).toArray().size(), 1);

    // Each change is in the audit trail: create, update, delete, with before and after.
    const HttpReply audit = as("GET", u"/api/v1/audit?entity=schedule&id=SCH-CRUD/daily-symptoms"_s);
    QVERIFY2(audit.status == 200, describe(audit).constData());
    QStringList actions;
    for (const QJsonValue &e : audit.json().value(u"items"_s).toArray())
        actions << e.toObject().value(u"action"_s).toString();
    QCOMPARE(actions, QStringList({u"create"_s, u"update"_s, u"delete"_s}));
    const QJsonObject update = audit.json().value(u"items"_s).toArray().at(1).toObject();
    QCOMPARE(update.value(u"before"_s).toObject().value(u"windowMinutes"_s).toInt(), 120);
    QCOMPARE(update.value(u"after"_s).toObject().value(u"windowMinutes"_s).toInt(), 90);
}

void TestSchedulesApi::putValidation_data()
{
    QTest::addColumn<QString>("questionnaire");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QStringList>("fields");

    QTest::newRow("unknown rule") << u"q1"_s << R"({"rule":"monthly","at":"08:00","windowMinutes":60})"_ba
                                  << QStringList{u"rule"_s};
    QTest::newRow("every problem at once")
        << u"q1"_s << R"({"rule":"weekly","at":"8am","windowMinutes":0,"weekdays":[8],"colour":"red"})"_ba
        << QStringList{u"at"_s, u"colour"_s, u"weekdays"_s, u"windowMinutes"_s};
    QTest::newRow("daily window over a day")
        << u"q1"_s << R"({"rule":"daily","at":"08:00","windowMinutes":1441})"_ba << QStringList{u"windowMinutes"_s};
    QTest::newRow("key differs from the path")
        << u"q1"_s << R"({"questionnaire":"q2","rule":"daily","at":"08:00","windowMinutes":60})"_ba
        << QStringList{u"questionnaire"_s};
    QTest::newRow("bad key in the path") << u"a%20b"_s << R"({"rule":"daily","at":"08:00","windowMinutes":60})"_ba
                                         << QStringList{u"questionnaire"_s};
}

void TestSchedulesApi::putValidation()
{
    QFETCH(QString, questionnaire);
    QFETCH(QByteArray, body);
    QFETCH(QStringList, fields);
    const HttpReply reply = as("PUT", u"/api/v1/projects/SCH-VAL/schedules/"_s + questionnaire, body);
    QVERIFY2(reply.status == 400, describe(reply).constData());
    QCOMPARE(reply.json().value(u"code"_s).toString(), u"invalid_schedule"_s);
    QCOMPARE(reply.json().value(u"fields"_s).toObject().keys(), fields);
    // Nothing stored.
    QCOMPARE(as("GET", u"/api/v1/projects/SCH-VAL/schedules"_s).json().value(u"items"_s).toArray().size(), 0);
}

void TestSchedulesApi::unknownStudyIs404()
{
    checkError(as("PUT", u"/api/v1/projects/NO-SUCH/schedules/q1"_s, jsonBytes(dailyAt8())), 404,
               u"project_not_found"_s);
    checkError(as("GET", u"/api/v1/projects/NO-SUCH/schedules"_s), 404, u"project_not_found"_s);
    checkError(as("GET", u"/api/v1/projects/NO-SUCH/compliance"_s), 404, u"project_not_found"_s);
    checkError(as("GET", u"/api/v1/subjects/no-such-subject/tasks"_s), 404, u"subject_not_found"_s);
}

void TestSchedulesApi::intakeMatchesEntries()
{
    createStudy(u"SCH-MATCH"_s);
    QVERIFY(as("PUT", u"/api/v1/projects/SCH-MATCH/schedules/diary"_s, jsonBytes(dailyAt8())).status == 201);
    enrolAt(u"SCH-MATCH"_s, u"match-1"_s, 10);
    const QDate day0 = todayIn(kShanghai).addDays(-10);
    auto local = [&](int day, int hour, int minute = 0) {
        return QDateTime(day0.addDays(day), QTime(hour, minute), kShanghai).toUTC();
    };
    struct Case {
        QDateTime at;
        QString questionnaire;
        QVariant day;
        QVariant state;
    };
    const QList<Case> cases = {
        {local(5, 8, 30), u"diary"_s, 5, u"received"_s},
        {local(5, 9, 0), u"diary"_s, 5, u"duplicate"_s},            // same entry again
        {local(4, 13, 0), u"diary"_s, 4, u"late"_s},                // after day 4 closed
        {local(4, 15, 0), u"diary"_s, 4, u"duplicate"_s},           // late again: never twice
        {local(6, 9, 59), u"diary"_s, 6, u"received"_s},            // last minute of the window
        {local(0, 7, 0), u"diary"_s, QVariant(), u"unscheduled"_s}, // before the first entry
        {local(5, 8, 30), u"other"_s, QVariant(), QVariant()},      // no schedule: not matched
    };
    td::test::security::SqlFile db(m_server->databaseFile());
    QHash<qint64, QJsonObject> byId;
    for (const Case &c : cases) {
        const HttpReply reply = submit(u"match-1"_s, c.questionnaire, c.at);
        QVERIFY2(reply.status == 201, describe(reply).constData());
        const qint64 id = reply.json().value(u"id"_s).toInteger();
        QCOMPARE(reply.json().value(u"entryState"_s).toString(), c.state.toString());
        const auto rows = db.rows(u"SELECT entry_day, entry_state FROM questionnaire_submissions WHERE id = ?"_s, {id});
        QCOMPARE(rows.size(), 1);
        const QByteArray what = td::formatTimestamp(c.at).toUtf8() + ' ' + c.questionnaire.toUtf8();
        QVERIFY2(rows.at(0).at(0).isNull() == c.day.isNull(), what.constData());
        if (!c.day.isNull())
            QVERIFY2(rows.at(0).at(0).toInt() == c.day.toInt(), what.constData());
        QVERIFY2(rows.at(0).at(1).isNull() == c.state.isNull(), what.constData());
        if (!c.state.isNull())
            QVERIFY2(rows.at(0).at(1).toString() == c.state.toString(), what.constData());
        // The submission's JSON says the same, for the review queue.
        const HttpReply one = as("GET", u"/api/v1/submissions/%1"_s.arg(id));
        QVERIFY2(one.status == 200, describe(one).constData());
        QVERIFY2(one.json().value(u"entryDay"_s).isNull() == c.day.isNull(), what.constData());
        QVERIFY2(one.json().value(u"entryDay"_s).toInt(-1) == (c.day.isNull() ? -1 : c.day.toInt()), what.constData());
        QVERIFY2(one.json().value(u"entryState"_s).isNull() == c.state.isNull(), what.constData());
        QVERIFY2(one.json().value(u"entryState"_s).toString() == c.state.toString(), what.constData());
        byId.insert(id, one.json());
    }
    // The list (encoded by toJsonText) agrees with the single GETs.
    const HttpReply list = as("GET", u"/api/v1/subjects/match-1/questionnaires?limit=100"_s);
    QVERIFY2(list.status == 200, describe(list).constData());
    const QJsonArray items = list.json().value(u"items"_s).toArray();
    QCOMPARE(items.size(), cases.size());
    for (const QJsonValue &item : items) {
        const QJsonObject o = item.toObject();
        QCOMPARE(o.value(u"entryDay"_s), byId.value(o.value(u"id"_s).toInteger()).value(u"entryDay"_s));
        QCOMPARE(o.value(u"entryState"_s), byId.value(o.value(u"id"_s).toInteger()).value(u"entryState"_s));
    }
}

// Three subjects (two sites, one in Berlin) over 20 days, a daily 08:00 schedule with a
// two-hour window, submissions on time, late or not at all; GET /compliance against a
// count made here from the same facts with plain loops.
void TestSchedulesApi::complianceMatchesAnIndependentCount()
{
    createStudy(u"SCH-COMP"_s, QJsonArray{u"North"_s, u"South"_s});
    QVERIFY(as("PUT", u"/api/v1/projects/SCH-COMP/schedules/diary"_s, jsonBytes(dailyAt8())).status == 201);
    struct Person {
        QString id;
        QString site;
        int daysAgo;
        QTimeZone zone;
    };
    const QList<Person> people = {{u"comp-1"_s, u"North"_s, 20, kShanghai},
                                  {u"comp-2"_s, u"South"_s, 12, kShanghai},
                                  {u"comp-3"_s, u"North"_s, 15, kBerlin}};
    td::test::security::SqlFile writable(m_server->databaseFile(), true);
    for (const Person &p : people) {
        enrolAt(u"SCH-COMP"_s, p.id, p.daysAgo, p.site);
        if (p.zone != kShanghai)
            QCOMPARE(writable.change(u"UPDATE subjects SET time_zone = ? WHERE subject_id = ?"_s,
                                     {QString::fromLatin1(p.zone.id()), p.id}),
                     1);
    }
    // The schedule cache holds no subject data: the zone change applies at once.
    const QDate to = todayIn(kShanghai).addDays(-1); // whole days only: no window still open
    const QDate from = to.addDays(-24);              // before anyone's enrolment
    QHash<QString, QHash<QDate, QString>> fulfilled; // subject -> local date -> received/late
    for (qsizetype i = 0; i < people.size(); ++i) {
        const Person &p = people.at(i);
        const QDate anchor =
            QDateTime(todayIn(kShanghai).addDays(-p.daysAgo), QTime(9, 0), kShanghai).toTimeZone(p.zone).date();
        for (QDate date = anchor; date <= to; date = date.addDays(1)) {
            const int k = int((i + anchor.daysTo(date)) % 3);
            if (k == 2)
                continue; // missed
            const QDateTime at = opensAt(date, p.zone).addSecs(k == 0 ? 1800 : 5 * 3600);
            QVERIFY2(submit(p.id, u"diary"_s, at).status == 201, qPrintable(p.id));
            fulfilled[p.id].insert(date, k == 0 ? u"received"_s : u"late"_s);
        }
    }

    // The independent count: every subject, every date of the range.
    Counts total;
    QHash<QString, Counts> bySubject, bySite;
    QMap<QDate, Counts> byDay;
    for (const Person &p : people) {
        const QDate anchor =
            QDateTime(todayIn(kShanghai).addDays(-p.daysAgo), QTime(9, 0), kShanghai).toTimeZone(p.zone).date();
        for (QDate date = from; date <= to; date = date.addDays(1)) {
            if (date < anchor)
                continue;
            const QString state = fulfilled.value(p.id).value(date, u"missed"_s);
            for (Counts *c : {&total, &bySubject[p.id], &bySite[p.site], &byDay[date]}) {
                ++c->expected;
                if (state == u"received"_s)
                    ++c->received;
                else if (state == u"late"_s)
                    ++c->late;
                else
                    ++c->missed;
            }
        }
    }
    QVERIFY(total.received > 5 && total.late > 5 && total.missed > 5);

    const HttpReply reply = as(
        "GET", u"/api/v1/projects/SCH-COMP/compliance?from=%1&to=%2"_s.arg(td::formatDate(from), td::formatDate(to)));
    QVERIFY2(reply.status == 200, describe(reply).constData());
    const QJsonObject body = reply.json();
    QCOMPARE(show(countsOf(body.value(u"total"_s).toObject())), show(total));
    const QJsonArray days = body.value(u"days"_s).toArray();
    QCOMPARE(days.size(), 25);
    for (const QJsonValue &d : days) {
        const auto date = td::parseDate(d.toObject().value(u"date"_s).toString());
        QVERIFY(date);
        QCOMPARE(show(countsOf(d.toObject())), show(byDay.value(*date)));
    }
    for (const QJsonValue &s : body.value(u"sites"_s).toArray())
        QCOMPARE(show(countsOf(s.toObject())), show(bySite.value(s.toObject().value(u"site"_s).toString())));
    const QJsonArray subjects = body.value(u"subjects"_s).toArray();
    QCOMPARE(subjects.size(), people.size());
    for (const QJsonValue &s : subjects)
        QCOMPARE(show(countsOf(s.toObject())), show(bySubject.value(s.toObject().value(u"subjectId"_s).toString())));

    // One site: only its subjects.
    const HttpReply north = as("GET", u"/api/v1/projects/SCH-COMP/compliance?from=%1&to=%2&site=North"_s.arg(
                                          td::formatDate(from), td::formatDate(to)));
    QVERIFY2(north.status == 200, describe(north).constData());
    QCOMPARE(show(countsOf(north.json().value(u"total"_s).toObject())), show(bySite.value(u"North"_s)));
    QCOMPARE(north.json().value(u"subjects"_s).toArray().size(), 2);

    // A submission arriving later (an app that was offline, filled in on time) is
    // counted at once: the server's in-memory index reads the newer rows.
    QDate missedDate = to;
    while (fulfilled.value(u"comp-2"_s).contains(missedDate))
        missedDate = missedDate.addDays(-1);
    QVERIFY2(submit(u"comp-2"_s, u"diary"_s, opensAt(missedDate, kShanghai).addSecs(600)).status == 201, "late upload");
    const HttpReply again = as(
        "GET", u"/api/v1/projects/SCH-COMP/compliance?from=%1&to=%2"_s.arg(td::formatDate(from), td::formatDate(to)));
    Counts after = total;
    ++after.received;
    --after.missed;
    QCOMPARE(show(countsOf(again.json().value(u"total"_s).toObject())), show(after));
}

void TestSchedulesApi::complianceParameters_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<QString>("field"); // empty: accepted
    QTest::newRow("defaults") << QString() << QString();
    QTest::newRow("one day") << u"from=2026-03-01&to=2026-03-01"_s << QString();
    QTest::newRow("366 days") << u"from=2025-03-01&to=2026-03-01"_s << QString();
    QTest::newRow("367 days") << u"from=2025-02-28&to=2026-03-01"_s << u"from"_s;
    QTest::newRow("from after to") << u"from=2026-03-02&to=2026-03-01"_s << u"from"_s;
    QTest::newRow("bad date") << u"from=2026-3-1"_s << u"from"_s;
    QTest::newRow("bad to") << u"to=tomorrow"_s << u"to"_s;
}

void TestSchedulesApi::complianceParameters()
{
    QFETCH(QString, query);
    QFETCH(QString, field);
    const HttpReply reply = as("GET", u"/api/v1/projects/SCH-PARAM/compliance?"_s + query);
    if (field.isEmpty()) {
        QVERIFY2(reply.status == 200, describe(reply).constData());
        return;
    }
    QVERIFY2(reply.status == 400, describe(reply).constData());
    QCOMPARE(reply.json().value(u"code"_s).toString(), u"invalid_parameter"_s);
    QVERIFY2(reply.json().value(u"fields"_s).toObject().contains(field), describe(reply).constData());
}

void TestSchedulesApi::tasks()
{
    createStudy(u"SCH-TASK"_s);
    // Open now: opened about an hour ago (local time), for three hours.
    const QDateTime nowLocal = QDateTime::currentDateTimeUtc().toTimeZone(kShanghai);
    const QTime at = nowLocal.addSecs(-3600).time();
    QVERIFY(as("PUT", u"/api/v1/projects/SCH-TASK/schedules/diary"_s,
               jsonBytes({{u"rule"_s, u"daily"_s}, {u"at"_s, at.toString(u"HH:mm"_s)}, {u"windowMinutes"_s, 180}}))
                .status
            == 201);
    QJsonObject visits{{u"rule"_s, u"once"_s}, {u"at"_s, u"10:00"_s}, {u"windowMinutes"_s, 60}, {u"startDay"_s, 30}};
    QVERIFY(as("PUT", u"/api/v1/projects/SCH-TASK/schedules/visit"_s, jsonBytes(visits)).status == 201);
    enrolAt(u"SCH-TASK"_s, u"task-1"_s, 5);
    const HttpReply enrolled = as("POST", u"/api/v1/subjects/task-1/token"_s);
    QVERIFY2(enrolled.status == 201, describe(enrolled).constData());
    const QString subjectToken = enrolled.json().value(u"subjectToken"_s).toString();

    auto tasksNow = [&]() {
        const HttpReply reply = call(m_http, subjectToken, "GET", url(u"/api/v1/subjects/task-1/tasks"_s));
        if (reply.status != 200)
            qWarning("%s", describe(reply).constData());
        return reply.json().value(u"tasks"_s).toArray();
    };
    QJsonArray list = tasksNow();
    QCOMPARE(list.size(), 2);
    const QJsonObject diary = list.at(0).toObject();
    QCOMPARE(diary.value(u"questionnaire"_s).toString(), u"diary"_s);
    QVERIFY2(diary.value(u"open"_s).isObject(), qPrintable(QString::fromUtf8(jsonBytes(diary))));
    const auto closes = td::parseTimestamp(diary.value(u"open"_s).toObject().value(u"closesAt"_s).toString());
    QVERIFY(closes && *closes > QDateTime::currentDateTimeUtc());
    QVERIFY(diary.value(u"next"_s).isObject());
    const QJsonObject visit = list.at(1).toObject();
    QVERIFY(visit.value(u"open"_s).isNull());
    QCOMPARE(visit.value(u"next"_s).toObject().value(u"day"_s).toInt(), 30);

    // Once received, the entry is no longer offered (no reminder after completion).
    const HttpReply sent = call(m_http, subjectToken, "POST", url(u"/api/v1/subjects/task-1/questionnaires"_s),
                                jsonBytes({{u"subjectId"_s, u"task-1"_s},
                                           {u"questionnaire"_s, u"diary"_s},
                                           {u"answers"_s, QJsonObject{{u"q1"_s, 1}}}}));
    QVERIFY2(sent.status == 201, describe(sent).constData());
    list = tasksNow();
    QVERIFY(list.at(0).toObject().value(u"open"_s).isNull());
    QVERIFY(list.at(0).toObject().value(u"next"_s).isObject());
}

void TestSchedulesApi::tasksCarryTheDefinition_data()
{
    QTest::addColumn<QByteArray>("acceptLanguage");
    QTest::addColumn<QString>("language");
    QTest::addColumn<QString>("title");
    QTest::addColumn<QString>("label");
    QTest::newRow("zh-CN") << QByteArray("zh-CN,zh;q=0.9,en;q=0.8") << u"zh_CN"_s << u"日记"_s << u"问题 1"_s;
    QTest::newRow("zh-Hans") << QByteArray("ZH-Hans") << u"zh_CN"_s << u"日记"_s << u"问题 1"_s;
    QTest::newRow("en-GB") << QByteArray("en-GB,en;q=0.9,zh;q=0.5") << u"en"_s << u"Diary"_s << u"Question 1"_s;
    QTest::newRow("none") << QByteArray() << u"en"_s << u"Diary"_s << u"Question 1"_s;
}

// Each task carries the newest published definition of its questionnaire, every
// text reduced to the language Accept-Language asks for (zh* Chinese, else English).
void TestSchedulesApi::tasksCarryTheDefinition()
{
    QFETCH(QByteArray, acceptLanguage);
    QFETCH(QString, language);
    QFETCH(QString, title);
    QFETCH(QString, label);
    const QString base = u"/api/v1/projects/SCH-TASK/questionnaires"_s;
    if (as("GET", base + u"/diary"_s).status != 200) {
        const QJsonObject label1{{u"en"_s, u"Question 1"_s}, {u"zh_CN"_s, u"问题 1"_s}};
        const QJsonObject definition{
            {u"key"_s, u"diary"_s},
            {u"title"_s, QJsonObject{{u"en"_s, u"Diary"_s}, {u"zh_CN"_s, u"日记"_s}}},
            {u"items"_s, QJsonArray{QJsonObject{
                             {u"key"_s, u"q1"_s}, {u"type"_s, u"integer"_s}, {u"min"_s, 0}, {u"label"_s, label1}}}}};
        const HttpReply created = as("POST", base, jsonBytes(definition));
        QVERIFY2(created.status == 201, describe(created).constData());
        const HttpReply published = as("POST", base + u"/diary/versions/1/publish"_s,
                                       jsonBytes({{u"password"_s, password()}, {u"meaning"_s, u"Approved"_s}}));
        QVERIFY2(published.status == 200, describe(published).constData());
    }
    td::test::Headers headers;
    if (!acceptLanguage.isEmpty())
        headers.append({"Accept-Language", acceptLanguage});
    m_http.setToken(m_admin);
    const HttpReply reply = m_http.get(url(u"/api/v1/subjects/task-1/tasks"_s), headers);
    QVERIFY2(reply.status == 200, describe(reply).constData());
    QCOMPARE(reply.json().value(u"language"_s).toString(), language);
    const QJsonArray tasks = reply.json().value(u"tasks"_s).toArray();
    QCOMPARE(tasks.size(), 2);
    const QJsonObject diary = tasks.at(0).toObject();
    QCOMPARE(diary.value(u"questionnaire"_s).toString(), u"diary"_s);
    QCOMPARE(diary.value(u"definitionVersion"_s).toInt(), 1);
    const QJsonObject definition = diary.value(u"definition"_s).toObject();
    QCOMPARE(definition.value(u"key"_s).toString(), u"diary"_s);
    QCOMPARE(definition.value(u"title"_s).toString(), title);
    const QJsonObject item = definition.value(u"items"_s).toArray().at(0).toObject();
    QCOMPARE(item.value(u"key"_s).toString(), u"q1"_s);
    QCOMPARE(item.value(u"type"_s).toString(), u"integer"_s);
    QCOMPARE(item.value(u"label"_s).toString(), label);
    // Nothing published for the visit.
    QVERIFY(tasks.at(1).toObject().value(u"definition"_s).isNull());
    QVERIFY(tasks.at(1).toObject().value(u"definitionVersion"_s).isNull());
}

// GET /subjects/{id}/entries: every schedule's entries in the range, ordered by
// opensAt, each in the state the facts made here give it: received, late, missed,
// open and upcoming.
void TestSchedulesApi::subjectEntries()
{
    createStudy(u"SCH-ENT"_s);
    // The diary opened about an hour ago (local time) and stays open for three hours.
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const QDateTime openedLocal = now.toTimeZone(kShanghai).addSecs(-3600);
    const QTime at(openedLocal.time().hour(), openedLocal.time().minute());
    QVERIFY(as("PUT", u"/api/v1/projects/SCH-ENT/schedules/diary"_s,
               jsonBytes({{u"rule"_s, u"daily"_s}, {u"at"_s, at.toString(u"HH:mm"_s)}, {u"windowMinutes"_s, 180}}))
                .status
            == 201);
    QJsonObject visit{{u"rule"_s, u"once"_s}, {u"at"_s, u"10:00"_s}, {u"windowMinutes"_s, 60}, {u"startDay"_s, 3}};
    QVERIFY(as("PUT", u"/api/v1/projects/SCH-ENT/schedules/visit"_s, jsonBytes(visit)).status == 201);
    enrolAt(u"SCH-ENT"_s, u"ent-1"_s, 6);
    const QDate anchor = todayIn(kShanghai).addDays(-6);
    const int openDay = int(anchor.daysTo(openedLocal.date())); // 5 or 6
    auto opens = [&](int day, const QTime &time) { return QDateTime(anchor.addDays(day), time, kShanghai).toUTC(); };

    QVERIFY(submit(u"ent-1"_s, u"diary"_s, opens(openDay - 4, at).addSecs(30 * 60)).status == 201);
    QVERIFY(submit(u"ent-1"_s, u"diary"_s, opens(openDay - 3, at).addSecs(4 * 3600)).status == 201);
    QVERIFY(submit(u"ent-1"_s, u"diary"_s, opens(openDay - 1, at).addSecs(179 * 60)).status == 201);

    struct Expected {
        QString questionnaire;
        int day;
        QDateTime opensAt;
        QString state;
    };
    QList<Expected> expected = {
        {u"diary"_s, openDay - 4, opens(openDay - 4, at), u"received"_s},
        {u"diary"_s, openDay - 3, opens(openDay - 3, at), u"late"_s},
        {u"diary"_s, openDay - 2, opens(openDay - 2, at), u"missed"_s},
        {u"diary"_s, openDay - 1, opens(openDay - 1, at), u"received"_s},
        {u"diary"_s, openDay, opens(openDay, at), u"open"_s},
        {u"diary"_s, openDay + 1, opens(openDay + 1, at), u"upcoming"_s},
        {u"visit"_s, 3, opens(3, QTime(10, 0)), u"missed"_s},
    };
    std::stable_sort(expected.begin(), expected.end(),
                     [](const Expected &a, const Expected &b) { return a.opensAt < b.opensAt; });
    const QDate from = anchor.addDays(openDay - 4);
    const QDate to = anchor.addDays(openDay + 1);
    const HttpReply reply =
        as("GET", u"/api/v1/subjects/ent-1/entries?from=%1&to=%2"_s.arg(td::formatDate(from), td::formatDate(to)));
    QVERIFY2(reply.status == 200, describe(reply).constData());
    const QJsonObject body = reply.json();
    QCOMPARE(body.value(u"subjectId"_s).toString(), u"ent-1"_s);
    QCOMPARE(body.value(u"timeZone"_s).toString(), u"Asia/Shanghai"_s);
    QCOMPARE(body.value(u"from"_s).toString(), td::formatDate(from));
    QCOMPARE(body.value(u"to"_s).toString(), td::formatDate(to));
    const QJsonArray entries = body.value(u"entries"_s).toArray();
    QCOMPARE(entries.size(), expected.size());
    for (qsizetype i = 0; i < entries.size(); ++i) {
        const QJsonObject e = entries.at(i).toObject();
        const Expected &x = expected.at(i);
        const QByteArray what = QByteArray::number(i) + ' ' + jsonBytes(e);
        QVERIFY2(e.value(u"questionnaire"_s).toString() == x.questionnaire, what.constData());
        QVERIFY2(e.value(u"day"_s).toInt() == x.day, what.constData());
        QVERIFY2(e.value(u"localDate"_s).toString() == td::formatDate(anchor.addDays(x.day)), what.constData());
        QVERIFY2(e.value(u"opensAt"_s).toString() == td::formatTimestamp(x.opensAt), what.constData());
        const int window = x.questionnaire == u"diary"_s ? 180 : 60;
        QVERIFY2(e.value(u"closesAt"_s).toString() == td::formatTimestamp(x.opensAt.addSecs(window * 60)),
                 what.constData());
        QVERIFY2(e.value(u"state"_s).toString() == x.state, what.constData());
    }

    // Defaults: 27 days back to 7 ahead of the subject's today; nothing before day 0.
    const HttpReply defaults = as("GET", u"/api/v1/subjects/ent-1/entries"_s);
    QVERIFY2(defaults.status == 200, describe(defaults).constData());
    const QDate today = todayIn(kShanghai);
    QCOMPARE(defaults.json().value(u"from"_s).toString(), td::formatDate(today.addDays(-27)));
    QCOMPARE(defaults.json().value(u"to"_s).toString(), td::formatDate(today.addDays(7)));
    const QJsonArray all = defaults.json().value(u"entries"_s).toArray();
    QCOMPARE(all.size(), 14 + 1); // diary days 0..13, the visit
    for (qsizetype i = 1; i < all.size(); ++i)
        QVERIFY(all.at(i - 1).toObject().value(u"opensAt"_s).toString()
                <= all.at(i).toObject().value(u"opensAt"_s).toString());
    QCOMPARE(all.first().toObject().value(u"day"_s).toInt(), 0);

    checkError(as("GET", u"/api/v1/subjects/no-such-subject/entries"_s), 404, u"subject_not_found"_s);
}

void TestSchedulesApi::subjectEntriesParameters_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<QString>("field"); // empty: 200
    const QDate today = todayIn(kShanghai);
    auto d = [&](int days) { return td::formatDate(today.addDays(days)); };
    QTest::newRow("defaults") << QString() << QString();
    QTest::newRow("366 days") << u"from=%1&to=%2"_s.arg(d(-365), d(0)) << QString();
    QTest::newRow("367 days") << u"from=%1&to=%2"_s.arg(d(-366), d(0)) << u"from"_s;
    QTest::newRow("reversed") << u"from=%1&to=%2"_s.arg(d(1), d(0)) << u"from"_s;
    QTest::newRow("from after default to") << u"from=%1"_s.arg(d(30)) << u"from"_s;
    QTest::newRow("from far back, default to") << u"from=%1"_s.arg(d(-400)) << u"from"_s;
    QTest::newRow("bad from") << u"from=yesterday"_s << u"from"_s;
    QTest::newRow("bad to") << u"to=2026-13-01"_s << u"to"_s;
}

void TestSchedulesApi::subjectEntriesParameters()
{
    QFETCH(QString, query);
    QFETCH(QString, field);
    const HttpReply reply = as("GET", u"/api/v1/subjects/ent-1/entries?"_s + query);
    if (field.isEmpty()) {
        QVERIFY2(reply.status == 200, describe(reply).constData());
        return;
    }
    QVERIFY2(reply.status == 400, describe(reply).constData());
    QCOMPARE(reply.json().value(u"code"_s).toString(), u"invalid_parameter"_s);
    QVERIFY2(reply.json().value(u"fields"_s).toObject().contains(field), describe(reply).constData());
}

// Staff only, and only within the caller's studies and sites: out of scope reads as
// missing (404), never 403; a subject token gets 403 even for its own entries.
void TestSchedulesApi::subjectEntriesScope()
{
    createStudy(u"SCH-ENT-SITES"_s, {u"North"_s, u"South"_s});
    QVERIFY(as("PUT", u"/api/v1/projects/SCH-ENT-SITES/schedules/diary"_s, jsonBytes(dailyAt8())).status == 201);
    enrolAt(u"SCH-ENT-SITES"_s, u"ent-north"_s, 3, u"North"_s);
    enrolAt(u"SCH-ENT-SITES"_s, u"ent-south"_s, 3, u"South"_s);
    const QString crc = m_server->createStaff(u"entries-crc"_s, u"crc"_s);
    QVERIFY(!crc.isEmpty());
    grant(m_http, *m_server, u"entries-crc"_s, u"SCH-ENT-SITES"_s, u"crc"_s, {u"North"_s});

    const HttpReply north = call(m_http, crc, "GET", url(u"/api/v1/subjects/ent-north/entries"_s));
    QVERIFY2(north.status == 200, describe(north).constData());
    QVERIFY(!north.json().value(u"entries"_s).toArray().isEmpty());
    checkError(call(m_http, crc, "GET", url(u"/api/v1/subjects/ent-south/entries"_s)), 404, u"subject_not_found"_s);
    checkError(call(m_http, crc, "GET", url(u"/api/v1/subjects/ent-1/entries"_s)), 404, u"subject_not_found"_s);

    const HttpReply token = as("POST", u"/api/v1/subjects/ent-north/token"_s);
    QVERIFY2(token.status == 201, describe(token).constData());
    const HttpReply own = call(m_http, token.json().value(u"subjectToken"_s).toString(), "GET",
                               url(u"/api/v1/subjects/ent-north/entries"_s));
    QCOMPARE(own.status, 403);
}

// Zones set through the API (issue #15 leftover): a subject in New York in a Shanghai
// study gets its entries at 08:00 New York time; clearing its zone gives it the
// study's; changing the study's zone moves the subjects without their own.
void TestSchedulesApi::subjectAndStudyZonesThroughTheApi()
{
    createStudy(u"SCH-TZ"_s);
    QVERIFY(as("PUT", u"/api/v1/projects/SCH-TZ/schedules/diary"_s, jsonBytes(dailyAt8())).status == 201);
    const QDateTime enrolled = QDateTime(todayIn(kShanghai).addDays(-8), QTime(9, 0), kShanghai).toUTC();
    HttpReply reply = as("POST", u"/api/v1/projects/SCH-TZ/subjects"_s,
                         jsonBytes({{u"subjectId"_s, u"tz-ny"_s},
                                    {u"enrolledAt"_s, td::formatTimestamp(enrolled)},
                                    {u"timeZone"_s, u"America/New_York"_s}}));
    QVERIFY2(reply.status == 201, describe(reply).constData());
    QCOMPARE(reply.json().value(u"effectiveTimeZone"_s).toString(), u"America/New_York"_s);
    enrolAt(u"SCH-TZ"_s, u"tz-sh"_s, 8);

    // Three whole days well after both enrolments, in each subject's own calendar.
    const QDate from = todayIn(kShanghai).addDays(-4);
    const QDate to = from.addDays(2);
    auto entriesOf = [&](const QString &subjectId) {
        return as("GET", u"/api/v1/subjects/%1/entries?from=%2&to=%3"_s.arg(subjectId, td::formatDate(from),
                                                                            td::formatDate(to)));
    };
    auto checkOpensAt8 = [&](const HttpReply &answer, const QTimeZone &zone) {
        QVERIFY2(answer.status == 200, describe(answer).constData());
        QCOMPARE(answer.json().value(u"timeZone"_s).toString(), QString::fromLatin1(zone.id()));
        const QJsonArray entries = answer.json().value(u"entries"_s).toArray();
        QCOMPARE(entries.size(), 3);
        for (qsizetype i = 0; i < entries.size(); ++i) {
            const QJsonObject e = entries.at(i).toObject();
            QCOMPARE(e.value(u"localDate"_s).toString(), td::formatDate(from.addDays(i)));
            QCOMPARE(e.value(u"opensAt"_s).toString(), td::formatTimestamp(opensAt(from.addDays(i), zone)));
        }
    };
    CHECK(checkOpensAt8(entriesOf(u"tz-ny"_s), kNewYork));
    CHECK(checkOpensAt8(entriesOf(u"tz-sh"_s), kShanghai));

    // Its own zone cleared: the study's applies at once.
    reply = as("PATCH", u"/api/v1/subjects/tz-ny"_s, R"({"timeZone":null})");
    QVERIFY2(reply.status == 200, describe(reply).constData());
    QCOMPARE(reply.json().value(u"effectiveTimeZone"_s).toString(), u"Asia/Shanghai"_s);
    CHECK(checkOpensAt8(entriesOf(u"tz-ny"_s), kShanghai));
    reply = as("PATCH", u"/api/v1/subjects/tz-ny"_s, R"({"timeZone":"America/New_York"})");
    QVERIFY2(reply.status == 200, describe(reply).constData());

    // The study moves to Berlin: the subject without a zone of its own follows, the
    // one in New York stays.
    reply = as("PATCH", u"/api/v1/projects/SCH-TZ"_s, R"({"timeZone":"Europe/Berlin"})");
    QVERIFY2(reply.status == 200, describe(reply).constData());
    QCOMPARE(as("GET", u"/api/v1/subjects/tz-sh"_s).json().value(u"effectiveTimeZone"_s).toString(),
             u"Europe/Berlin"_s);
    CHECK(checkOpensAt8(entriesOf(u"tz-sh"_s), kBerlin));
    CHECK(checkOpensAt8(entriesOf(u"tz-ny"_s), kNewYork));

    // The tasks follow the zone too: the next entry opens at 08:00 New York time.
    const HttpReply tasks = as("GET", u"/api/v1/subjects/tz-ny/tasks"_s);
    QVERIFY2(tasks.status == 200, describe(tasks).constData());
    const QJsonObject next = tasks.json().value(u"tasks"_s).toArray().at(0).toObject().value(u"next"_s).toObject();
    const auto nextOpens = td::parseTimestamp(next.value(u"opensAt"_s).toString());
    QVERIFY2(nextOpens, describe(tasks).constData());
    QCOMPARE(nextOpens->toTimeZone(kNewYork).time(), QTime(8, 0));
}

// A schedule anchored on the subject's date: changing the date moves the entry, the
// submission made for the old entry is matched again (in the same transaction) and
// compliance counts it for what it now is.
void TestSchedulesApi::anchorDateChangeMovesEntriesAndCompliance()
{
    createStudy(u"SCH-ANCHOR"_s);
    const QJsonObject visit{{u"rule"_s, u"once"_s},
                            {u"at"_s, u"10:00"_s},
                            {u"windowMinutes"_s, 60},
                            {u"anchor"_s, u"subjectDate"_s},
                            {u"startDay"_s, 2}};
    QVERIFY(as("PUT", u"/api/v1/projects/SCH-ANCHOR/schedules/visit"_s, jsonBytes(visit)).status == 201);
    const QDate today = todayIn(kShanghai);
    const QDate first = today.addDays(-12);
    const QDate second = today.addDays(-6);
    const QDateTime enrolled = QDateTime(today.addDays(-20), QTime(9, 0), kShanghai).toUTC();
    HttpReply reply = as("POST", u"/api/v1/projects/SCH-ANCHOR/subjects"_s,
                         jsonBytes({{u"subjectId"_s, u"anchor-1"_s},
                                    {u"enrolledAt"_s, td::formatTimestamp(enrolled)},
                                    {u"anchorDate"_s, td::formatDate(first)}}));
    QVERIFY2(reply.status == 201, describe(reply).constData());

    auto visitEntries = [&]() {
        const HttpReply answer = as("GET", u"/api/v1/subjects/anchor-1/entries?from=%1&to=%2"_s.arg(
                                               td::formatDate(today.addDays(-19)), td::formatDate(today)));
        if (answer.status != 200)
            qWarning("entries failed: %s", describe(answer).constData());
        return answer.json().value(u"entries"_s).toArray();
    };
    const QString range = u"from=%1&to=%2"_s.arg(td::formatDate(today.addDays(-19)), td::formatDate(today.addDays(-1)));
    auto compliance = [&]() {
        const HttpReply answer = as("GET", u"/api/v1/projects/SCH-ANCHOR/compliance?"_s + range);
        if (answer.status != 200)
            qWarning("compliance failed: %s", describe(answer).constData());
        return countsOf(answer.json().value(u"total"_s).toObject());
    };
    const QDateTime oldVisit = QDateTime(first.addDays(2), QTime(10, 0), kShanghai).toUTC();
    QJsonArray entries = visitEntries();
    QCOMPARE(entries.size(), 1);
    QCOMPARE(entries.at(0).toObject().value(u"opensAt"_s).toString(), td::formatTimestamp(oldVisit));

    // Fulfilled on time; compliance is read (and its index built) before the change.
    reply = submit(u"anchor-1"_s, u"visit"_s, oldVisit.addSecs(20 * 60));
    QVERIFY2(reply.status == 201, describe(reply).constData());
    const qint64 id = reply.json().value(u"id"_s).toInteger();
    entries = visitEntries();
    QCOMPARE(entries.at(0).toObject().value(u"state"_s).toString(), u"received"_s);
    QCOMPARE(show(compliance()), show(Counts{1, 1, 0, 0, 0}));

    // The surgery was six days later: the visit moves, and the old submission, made
    // before the new visit opened, is no longer its fulfilment.
    reply = as("PATCH", u"/api/v1/subjects/anchor-1"_s, jsonBytes({{u"anchorDate"_s, td::formatDate(second)}}));
    QVERIFY2(reply.status == 200, describe(reply).constData());
    const QDateTime newVisit = QDateTime(second.addDays(2), QTime(10, 0), kShanghai).toUTC();
    entries = visitEntries();
    QCOMPARE(entries.size(), 1);
    QCOMPARE(entries.at(0).toObject().value(u"opensAt"_s).toString(), td::formatTimestamp(newVisit));
    QCOMPARE(entries.at(0).toObject().value(u"state"_s).toString(), u"missed"_s);
    QCOMPARE(show(compliance()), show(Counts{1, 0, 0, 1, 0}));
    td::test::security::SqlFile db(m_server->databaseFile());
    auto stored = db.rows(u"SELECT entry_day, entry_state FROM questionnaire_submissions WHERE id = ?"_s, {id});
    QCOMPARE(stored.size(), 1);
    QVERIFY(stored.at(0).at(0).isNull());
    QCOMPARE(stored.at(0).at(1).toString(), u"unscheduled"_s);

    // Back to the first date: received again, counted once.
    reply = as("PATCH", u"/api/v1/subjects/anchor-1"_s, jsonBytes({{u"anchorDate"_s, td::formatDate(first)}}));
    QVERIFY2(reply.status == 200, describe(reply).constData());
    QCOMPARE(visitEntries().at(0).toObject().value(u"state"_s).toString(), u"received"_s);
    QCOMPARE(show(compliance()), show(Counts{1, 1, 0, 0, 0}));
    stored = db.rows(u"SELECT entry_day, entry_state FROM questionnaire_submissions WHERE id = ?"_s, {id});
    QCOMPARE(stored.at(0).at(0).toInt(), 2);
    QCOMPARE(stored.at(0).at(1).toString(), u"received"_s);
}

void TestSchedulesApi::statsFollowTheSchedule_data()
{
    QTest::addColumn<bool>("scheduled");
    QTest::addColumn<int>("opensInMinutes"); // from now, local time of the study (Shanghai)
    QTest::addColumn<int>("windowMinutes");
    QTest::addColumn<int>("submittedAfterOpening"); // minutes; -1: nothing submitted
    QTest::addColumn<QString>("state");             // of today's entry; empty: none
    QTest::addColumn<int>("expected");              // today
    QTest::addColumn<int>("submitted");
    QTest::addColumn<bool>("missing");

    QTest::newRow("awaiting before window close") << true << -60 << 180 << -1 << u"open"_s << 1 << 0 << true;
    QTest::newRow("missed after window close") << true << -120 << 60 << -1 << u"missed"_s << 1 << 0 << true;
    QTest::newRow("received in the window") << true << -60 << 180 << 10 << u"received"_s << 1 << 1 << false;
    QTest::newRow("late") << true << -180 << 60 << 90 << u"late"_s << 1 << 1 << false;
    QTest::newRow("upcoming") << true << 30 << 60 << -1 << u"upcoming"_s << 0 << 0 << false;
    QTest::newRow("no schedule: enrolment basis") << false << 0 << 0 << -1 << QString() << 1 << 0 << true;
}

// One study per row, one subject enrolled two days ago, a daily diary opening
// relative to now; GET /stats today against the entry's state.
void TestSchedulesApi::statsFollowTheSchedule()
{
    QFETCH(bool, scheduled);
    QFETCH(int, opensInMinutes);
    QFETCH(int, windowMinutes);
    QFETCH(int, submittedAfterOpening);
    QFETCH(QString, state);
    QFETCH(int, expected);
    QFETCH(int, submitted);
    QFETCH(bool, missing);

    const QDateTime nowLocal = QDateTime::currentDateTimeUtc().toTimeZone(kShanghai);
    const QDateTime openingLocal = nowLocal.addSecs(opensInMinutes * 60);
    const QDateTime closingLocal = openingLocal.addSecs(windowMinutes * 60);
    if (openingLocal.date() != nowLocal.date() || openingLocal.date() != closingLocal.addSecs(-60).date())
        QSKIP("the entry would cross local midnight in Shanghai");
    const QTime at(openingLocal.time().hour(), openingLocal.time().minute());
    static int row = 0;
    const QString code = u"SCH-ST%1"_s.arg(++row);
    createStudy(code);
    if (scheduled) {
        const QJsonObject schedule{
            {u"rule"_s, u"daily"_s}, {u"at"_s, at.toString(u"HH:mm"_s)}, {u"windowMinutes"_s, windowMinutes}};
        QVERIFY(as("PUT", u"/api/v1/projects/%1/schedules/diary"_s.arg(code), jsonBytes(schedule)).status == 201);
    }
    enrolAt(code, code + u"-1"_s, 2);
    const QDateTime opens = QDateTime(nowLocal.date(), at, kShanghai).toUTC();
    if (submittedAfterOpening >= 0) {
        const HttpReply sent = submit(code + u"-1"_s, u"diary"_s, opens.addSecs(submittedAfterOpening * 60));
        QVERIFY2(sent.status == 201, describe(sent).constData());
    }

    const HttpReply reply = as("GET", u"/api/v1/projects/%1/stats?days=3&utcOffset=%2B08:00"_s.arg(code));
    QVERIFY2(reply.status == 200, describe(reply).constData());
    const QJsonObject stats = reply.json();
    QCOMPARE(stats.value(u"basis"_s).toString(), scheduled ? u"schedule"_s : u"enrolment"_s);
    QCOMPARE(stats.value(u"today"_s).toString(), td::formatDate(nowLocal.date()));
    const QJsonArray days = stats.value(u"days"_s).toArray();
    QCOMPARE(days.size(), 3);
    const QJsonObject today = days.last().toObject();
    QCOMPARE(today.value(u"date"_s).toString(), td::formatDate(nowLocal.date()));
    QCOMPARE(today.value(u"expected"_s).toInt(), expected);
    QCOMPARE(today.value(u"submitted"_s).toInt(), submitted);
    QCOMPARE(stats.value(u"submittedToday"_s).toInt(), submitted);
    QCOMPARE(today.value(u"late"_s).toInt(), state == u"late"_s ? 1 : 0);
    QCOMPARE(today.value(u"missed"_s).toInt(), state == u"missed"_s ? 1 : 0);
    QCOMPARE(today.value(u"open"_s).toInt(), state == u"open"_s ? 1 : 0);
    if (scheduled) {
        // Yesterday's entry: nothing was submitted then.
        QCOMPARE(days.at(1).toObject().value(u"expected"_s).toInt(), 1);
        QCOMPARE(days.at(1).toObject().value(u"missed"_s).toInt(), 1);
    }
    const QJsonArray missingToday = stats.value(u"missingToday"_s).toArray();
    QCOMPARE(missingToday.size(), missing ? 1 : 0);
    if (missing)
        QCOMPARE(missingToday.first().toObject().value(u"subjectId"_s).toString(), code + u"-1"_s);

    const QJsonArray entries = stats.value(u"entriesToday"_s).toArray();
    QCOMPARE(entries.size(), state.isEmpty() ? 0 : 1);
    if (state.isEmpty())
        return;
    const QJsonObject entry = entries.first().toObject();
    QCOMPARE(entry.value(u"subject"_s).toObject().value(u"subjectId"_s).toString(), code + u"-1"_s);
    QCOMPARE(entry.value(u"questionnaire"_s).toString(), u"diary"_s);
    QCOMPARE(entry.value(u"day"_s).toInt(), 2);
    QCOMPARE(entry.value(u"state"_s).toString(), state);
    QCOMPARE(entry.value(u"opensAt"_s).toString(), td::formatTimestamp(opens));
    QCOMPARE(entry.value(u"closesAt"_s).toString(), td::formatTimestamp(opens.addSecs(windowMinutes * 60)));
}

QTEST_GUILESS_MAIN(TestSchedulesApi)
#include "tst_schedulesapi.moc"

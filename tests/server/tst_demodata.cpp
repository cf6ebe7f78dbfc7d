// The --demo data set against a real trialdesk-server: the documented shape
// (20 studies, some not active, about a thousand subjects, SUB123 exactly as
// documented, 30 days of questionnaires and vital signs that would themselves
// pass validation), and that seeding happens only into an empty database.

#include "IntakeTestKit.h"
#include "QuestionnaireDefinition.h"
#include "Timestamps.h"

#include <QJsonArray>
#include <QTest>
#include <QTimeZone>

using namespace Qt::StringLiterals;
using namespace td::test;
using namespace td::test::intake;

namespace {

struct Counts {
    qint64 projects = -1;
    qint64 subjects = -1;
    qint64 submissions = -1;
    qint64 vitals = -1;
    qint64 keys = -1;
    bool operator==(const Counts &) const = default;
};

Counts countRows(const QString &databaseFile)
{
    DatabasePeek db(databaseFile);
    return {db.count(u"projects"_s), db.count(u"subjects"_s), db.count(u"questionnaire_submissions"_s),
            db.count(u"vital_signs"_s), db.count(u"idempotency_keys"_s)};
}

char *toString(const Counts &c)
{
    return qstrdup(QByteArray("projects " + QByteArray::number(c.projects) + ", subjects "
                              + QByteArray::number(c.subjects) + ", submissions " + QByteArray::number(c.submissions)
                              + ", vitals " + QByteArray::number(c.vitals) + ", keys " + QByteArray::number(c.keys))
                       .constData());
}

} // namespace

class TestDemoData : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void seedsTwentyStudiesSomeActive();
    void seedsAboutAThousandSubjects();
    void sub123ProfileIsExact();
    void sub123HasThirtyDaysOfVitalsInOrder();
    void questionnairesArePresent();
    void seededValuesPassValidation();
    void seededAnswersFitTheirDefinitions();
    void seededVitalsFitTheStudysVitalsDefinition();
    void studySubmissionsListNewestFirst();
    void seededComplianceMatchesAnIndependentCount();
    void restartWithDemoAddsNothing();
    void demoSeedsOnlyAnEmptyDatabase();

private:
    QJsonArray allProjects();

    RestartableServer m_server{{u"--demo"_s}};
    HttpClient m_http;
    QDateTime m_seededBefore; // the server seeded with a "now" after this
};

void TestDemoData::initTestCase()
{
    m_seededBefore = QDateTime::currentDateTimeUtc();
    QVERIFY2(m_server.start(), m_server.log().constData());
}

void TestDemoData::cleanupTestCase()
{
    QVERIFY(m_server.stop());
}

QJsonArray TestDemoData::allProjects()
{
    int pages = 0;
    QString failure;
    const QJsonArray items =
        collectPages(m_http, m_server.current(), u"/api/v1/projects?limit=500"_s, &pages, &failure);
    if (!failure.isEmpty())
        qWarning("%s", qPrintable(failure));
    return items;
}

void TestDemoData::seedsTwentyStudiesSomeActive()
{
    const QJsonArray projects = allProjects();
    QCOMPARE(projects.size(), 20);
    QSet<QString> codes;
    QSet<QString> activeCodes;
    int inactive = 0;
    for (const QJsonValue &v : projects) {
        const QJsonObject p = v.toObject();
        const QString code = p.value(u"code"_s).toString();
        QVERIFY2(!code.isEmpty() && !codes.contains(code), qPrintable(code));
        codes.insert(code);
        QVERIFY(!p.value(u"title"_s).toString().isEmpty());
        const QString status = p.value(u"status"_s).toString();
        QVERIFY2(QStringList({u"planning"_s, u"active"_s, u"suspended"_s, u"completed"_s}).contains(status),
                 qPrintable(status));
        if (status == u"active"_s)
            activeCodes.insert(code);
        else
            ++inactive;
    }
    QVERIFY(!activeCodes.isEmpty());
    QVERIFY(inactive > 0);
    QVERIFY(activeCodes.contains(u"NCT007"_s));

    // The active list agrees.
    const HttpReply active = m_http.get(m_server.url(u"/api/v1/projects/active"_s));
    QCOMPARE(active.status, 200);
    QSet<QString> listedActive;
    for (const QJsonValue &v : active.jsonArray())
        listedActive.insert(v.toObject().value(u"code"_s).toString());
    QCOMPARE(listedActive, activeCodes);
    QCOMPARE(DatabasePeek(m_server.databaseFile()).count(u"projects"_s), qint64(20));
}

void TestDemoData::seedsAboutAThousandSubjects()
{
    const QJsonArray projects = allProjects();
    QCOMPARE(projects.size(), 20);
    QSet<QString> subjectIds;
    qsizetype total = 0;
    QString sub123Study;
    for (const QJsonValue &v : projects) {
        const QString code = v.toObject().value(u"code"_s).toString();
        int pages = 0;
        QString failure;
        const QJsonArray subjects = collectPages(
            m_http, m_server.current(), u"/api/v1/projects/%1/subjects?limit=500"_s.arg(code), &pages, &failure);
        QVERIFY2(failure.isEmpty(), qPrintable(failure));
        total += subjects.size();
        for (const QJsonValue &s : subjects) {
            const QString id = s.toObject().value(u"subjectId"_s).toString();
            QVERIFY2(!id.isEmpty() && !subjectIds.contains(id), qPrintable(id));
            subjectIds.insert(id);
            if (id == u"SUB123"_s)
                sub123Study = code;
        }
    }
    QVERIFY2(total >= 800 && total <= 1500, qPrintable(QString::number(total)));
    QCOMPARE(DatabasePeek(m_server.databaseFile()).count(u"subjects"_s), qint64(total));
    QCOMPARE(sub123Study, u"NCT007"_s);
}

void TestDemoData::sub123ProfileIsExact()
{
    const HttpReply reply = m_http.get(m_server.url(u"/api/v1/subjects/SUB123/profile"_s));
    QCOMPARE(reply.status, 200);
    const QJsonObject expected{{u"subjectId"_s, u"SUB123"_s},
                               {u"name"_s, u"张三"_s},
                               {u"phone"_s, u"188****8888"_s},
                               {u"trialCode"_s, u"NCT007"_s}};
    QCOMPARE(reply.json(), expected);
    QVERIFY(reply.body.contains("\xe5\xbc\xa0\xe4\xb8\x89")); // 张三 in UTF-8, not escaped away
    QVERIFY(!reply.body.contains("18812348888"));             // the full number never leaves the server
    const auto rows =
        DatabasePeek(m_server.databaseFile()).rows(u"SELECT name, phone FROM subjects WHERE subject_id = 'SUB123'"_s);
    QCOMPARE(rows.size(), 1);
    QCOMPARE(rows.first().at(0).toString(), u"张三"_s);
    QCOMPARE(rows.first().at(1).toString(), u"18812348888"_s);
}

void TestDemoData::sub123HasThirtyDaysOfVitalsInOrder()
{
    int pages = 0;
    QString failure;
    const QJsonArray vitals =
        collectPages(m_http, m_server.current(), u"/api/v1/subjects/SUB123/vitals"_s, &pages, &failure);
    QVERIFY2(failure.isEmpty(), qPrintable(failure));
    QCOMPARE(pages, 1); // far fewer than a default page

    // Daily blood pressure and heart rate at least, for (almost) every day.
    QVERIFY2(vitals.size() >= 56, qPrintable(QString::number(vitals.size())));
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QSet<QDate> days;
    QSet<QString> types;
    qsizetype bloodPressures = 0;
    for (qsizetype i = 0; i < vitals.size(); ++i) {
        const QJsonObject v = vitals.at(i).toObject();
        QCOMPARE(v.value(u"subjectId"_s).toString(), u"SUB123"_s);
        const QDateTime at = parseInstant(v.value(u"measuredAt"_s));
        QVERIFY(at.isValid());
        QVERIFY2(at >= m_seededBefore.addDays(-31) && at <= now, qPrintable(v.value(u"measuredAt"_s).toString()));
        if (i > 0) {
            const QJsonObject prev = vitals.at(i - 1).toObject();
            const QDateTime prevAt = parseInstant(prev.value(u"measuredAt"_s));
            QVERIFY2(prevAt < at || (prevAt == at && prev.value(u"id"_s).toInteger() < v.value(u"id"_s).toInteger()),
                     qPrintable(u"item %1 is out of order"_s.arg(i)));
        }
        days.insert(at.addSecs(8 * 3600).date()); // the patients' (China) calendar day
        types.insert(v.value(u"type"_s).toString());
        if (v.value(u"type"_s).toString() == u"blood_pressure"_s)
            ++bloodPressures;
    }
    const QDateTime first = parseInstant(vitals.first().toObject().value(u"measuredAt"_s));
    const QDateTime last = parseInstant(vitals.last().toObject().value(u"measuredAt"_s));
    QVERIFY2(first.daysTo(last) >= 27, qPrintable(u"%1 .. %2"_s.arg(rfc3339(first), rfc3339(last))));
    QVERIFY2(days.size() >= 28, qPrintable(QString::number(days.size())));
    QVERIFY(types.contains(u"blood_pressure"_s));
    QVERIFY(types.contains(u"heart_rate"_s));

    // The type filter picks exactly those.
    const HttpReply bp = m_http.get(m_server.url(u"/api/v1/subjects/SUB123/vitals?type=blood_pressure"_s));
    QCOMPARE(bp.status, 200);
    const QJsonArray bpItems = bp.json().value(u"items"_s).toArray();
    QCOMPARE(bpItems.size(), bloodPressures);
    for (const QJsonValue &v : bpItems)
        QCOMPARE(v.toObject().value(u"type"_s).toString(), u"blood_pressure"_s);
}

void TestDemoData::questionnairesArePresent()
{
    int pages = 0;
    QString failure;
    const QJsonArray mine = collectPages(m_http, m_server.current(),
                                         u"/api/v1/subjects/SUB123/questionnaires?limit=500"_s, &pages, &failure);
    QVERIFY2(failure.isEmpty(), qPrintable(failure));
    QVERIFY2(mine.size() >= 28, qPrintable(QString::number(mine.size())));
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QSet<QDate> days;
    for (const QJsonValue &v : mine) {
        const QJsonObject q = v.toObject();
        QCOMPARE(q.value(u"subjectId"_s).toString(), u"SUB123"_s);
        QCOMPARE(q.value(u"projectCode"_s).toString(), u"NCT007"_s);
        QVERIFY(!q.value(u"answers"_s).toObject().isEmpty());
        const QDateTime at = parseInstant(q.value(u"submitAt"_s));
        QVERIFY2(at >= m_seededBefore.addDays(-31) && at <= now, qPrintable(q.value(u"submitAt"_s).toString()));
        days.insert(at.addSecs(8 * 3600).date());
    }
    QVERIFY2(days.size() >= 28, qPrintable(QString::number(days.size())));
    // Each is readable on its own.
    const qint64 someId = mine.first().toObject().value(u"id"_s).toInteger();
    const HttpReply one = m_http.get(m_server.url(u"/api/v1/submissions/%1"_s.arg(someId)));
    QCOMPARE(one.status, 200);
    QCOMPARE(one.json(), mine.first().toObject());

    // Every active study has questionnaires; SUB123's are among NCT007's.
    for (const QJsonValue &v : allProjects()) {
        const QJsonObject p = v.toObject();
        if (p.value(u"status"_s).toString() != u"active"_s)
            continue;
        const QString code = p.value(u"code"_s).toString();
        const HttpReply page = m_http.get(m_server.url(u"/api/v1/projects/%1/submissions?limit=1"_s.arg(code)));
        QCOMPARE(page.status, 200);
        QVERIFY2(page.json().value(u"items"_s).toArray().size() == 1, qPrintable(code));
    }
    DatabasePeek db(m_server.databaseFile());
    QVERIFY(db.scalar(u"SELECT COUNT(*) FROM questionnaire_submissions q JOIN projects p ON p.id = q.project_id "
                      "WHERE p.code = 'NCT007'"_s)
            > mine.size());
}

void TestDemoData::seededValuesPassValidation()
{
    // Demo data must be data the API would have accepted: plausible values,
    // nothing in the future, every record belonging to an enrolled subject.
    DatabasePeek db(m_server.databaseFile());
    QVERIFY(db.count(u"vital_signs"_s) > 1000);
    QVERIFY(db.count(u"questionnaire_submissions"_s) > 1000);
    const QString future = rfc3339(QDateTime::currentDateTimeUtc().addSecs(300));
    const QList<QPair<QString, QString>> implausible = {
        {u"blood pressure"_s,
         u"type = 'blood_pressure' AND (value2 IS NULL OR value2 < 40 OR value2 >= value OR value > 300)"_s},
        {u"glucose"_s, u"type = 'glucose' AND (value < 0.5 OR value > 50)"_s},
        {u"heart rate"_s, u"type = 'heart_rate' AND (value < 20 OR value > 300)"_s},
        {u"weight"_s, u"type = 'weight' AND (value < 1 OR value > 500)"_s},
        {u"temperature"_s, u"type = 'temperature' AND (value < 30 OR value > 45)"_s},
        {u"spo2"_s, u"type = 'spo2' AND (value < 50 OR value > 100)"_s},
        {u"unknown type"_s,
         u"type NOT IN ('blood_pressure', 'glucose', 'heart_rate', 'weight', 'temperature', 'spo2')"_s},
        {u"future"_s, u"measured_at > '%1'"_s.arg(future)},
        {u"orphan"_s, u"subject_id NOT IN (SELECT subject_id FROM subjects)"_s},
    };
    for (const auto &[what, condition] : implausible) {
        const qint64 bad = db.scalar(u"SELECT COUNT(*) FROM vital_signs WHERE "_s + condition);
        QVERIFY2(bad == 0, qPrintable(u"%1 vital signs: %2 (%3)"_s.arg(what).arg(bad).arg(db.lastError())));
    }
    QCOMPARE(db.scalar(u"SELECT COUNT(*) FROM questionnaire_submissions WHERE submit_at > ?"_s, {future}), qint64(0));
    QCOMPARE(db.scalar(u"SELECT COUNT(*) FROM questionnaire_submissions q JOIN subjects s "
                       "ON s.subject_id = q.subject_id WHERE s.project_id <> q.project_id"_s),
             qint64(0));
    // Only studies that run take submissions.
    QCOMPARE(db.scalar(u"SELECT COUNT(*) FROM questionnaire_submissions q JOIN projects p ON p.id = q.project_id "
                       "WHERE p.status = 'planning'"_s),
             qint64(0));
}

// Issue #15: every demo study publishes daily-symptoms in both languages, and every
// seeded submission is one intake would accept against it.
// Issue #15: every demo study has a daily-symptoms schedule (08:00 Asia/Shanghai, two
// hours) and every seeded submission carries its entry. Counted here from the rows
// alone, by local clock time: received = submitted on the entry's date between 08:00
// and 10:00 Shanghai time, late = after 10:00 the same day; GET /compliance over the
// last 28 complete days (every subject was enrolled before them) must agree.
void TestDemoData::seededComplianceMatchesAnIndependentCount()
{
    const QTimeZone shanghai("Asia/Shanghai");
    QVERIFY(shanghai.isValid());
    // The range ends the day before the seed: every window in it closed before the test
    // began, so the answer is the same if Shanghai's day ends while the test runs.
    const QDate today = m_seededBefore.toTimeZone(shanghai).date();
    const QDate from = today.addDays(-28);
    const QDate to = today.addDays(-1);
    const QJsonObject expectedSchedule{{u"questionnaire"_s, u"daily-symptoms"_s},
                                       {u"rule"_s, u"daily"_s},
                                       {u"at"_s, u"08:00"_s},
                                       {u"windowMinutes"_s, 120},
                                       {u"anchor"_s, u"enrolment"_s},
                                       {u"startDay"_s, 0}};

    DatabasePeek db(m_server.databaseFile());
    QCOMPARE(db.scalar(u"SELECT COUNT(*) FROM questionnaire_submissions WHERE entry_state IS NULL "
                       "OR entry_state NOT IN ('received', 'late') OR entry_day IS NULL"_s),
             qint64(0));
    int studies = 0;
    int allReceived = 0;
    int allLate = 0;
    for (const QJsonValue &v : allProjects()) {
        const QString code = v.toObject().value(u"code"_s).toString();
        const HttpReply schedules = m_http.get(m_server.url(u"/api/v1/projects/%1/schedules"_s.arg(code)));
        QCOMPARE(schedules.status, 200);
        const QJsonArray items = schedules.json().value(u"items"_s).toArray();
        QCOMPARE(items.size(), 1);
        QJsonObject schedule = items.first().toObject();
        QCOMPARE(schedule, expectedSchedule);
        if (v.toObject().value(u"status"_s).toString() != u"active"_s)
            continue;
        ++studies;

        // Independent count, from the subjects' enrolment and the submit times.
        QHash<QString, QDate> anchors;
        for (const QVariantList &row : db.rows(u"SELECT s.subject_id, s.enrolled_at FROM subjects s JOIN projects p "
                                               "ON p.id = s.project_id WHERE p.code = ?"_s,
                                               {code})) {
            const QDate anchor = td::parseTimestamp(row.at(1).toString())->toTimeZone(shanghai).date();
            QVERIFY(anchor < from); // enrolled before the range: every day in it is due
            anchors.insert(row.at(0).toString(), anchor);
        }
        int received = 0;
        int late = 0;
        for (const QVariantList &row : db.rows(
                 u"SELECT q.subject_id, q.submit_at, q.entry_day, q.entry_state, q.id FROM questionnaire_submissions "
                 "q JOIN projects p ON p.id = q.project_id WHERE p.code = ?"_s,
                 {code})) {
            const QString where = u"submission %1 (%2)"_s.arg(row.at(4).toLongLong()).arg(code);
            const QDate date = anchors.value(row.at(0).toString()).addDays(row.at(2).toInt());
            const QDateTime local = td::parseTimestamp(row.at(1).toString())->toTimeZone(shanghai);
            const bool inWindow = local.date() == date && local.time() >= QTime(8, 0) && local.time() < QTime(10, 0);
            const bool afterWindow = local.date() == date && local.time() >= QTime(10, 0);
            const QString state = row.at(3).toString();
            QVERIFY2(state == u"received"_s ? inWindow : afterWindow, qPrintable(where));
            if (date < from || date > to)
                continue;
            (state == u"received"_s ? received : late) += 1;
        }
        // A study past its end date expects nothing after it.
        const auto end = td::parseDate(v.toObject().value(u"endDate"_s).toString());
        const QDate last = end && *end < to ? *end : to;
        const int expected = int(anchors.size()) * int(std::max<qint64>(0, from.daysTo(last) + 1));
        if (expected == 0)
            continue;

        const HttpReply reply = m_http.get(m_server.url(
            u"/api/v1/projects/%1/compliance?from=%2&to=%3"_s.arg(code, td::formatDate(from), td::formatDate(to))));
        QVERIFY2(reply.status == 200, reply.body.constData());
        const QJsonObject total = reply.json().value(u"total"_s).toObject();
        QCOMPARE(total.value(u"expected"_s).toInt(), expected);
        QCOMPARE(total.value(u"received"_s).toInt(), received);
        QCOMPARE(total.value(u"late"_s).toInt(), late);
        QCOMPARE(total.value(u"missed"_s).toInt(), expected - received - late);
        QCOMPARE(total.value(u"open"_s).toInt(), 0);
        // Realistic adherence: most entries on time, some late, some missed.
        QVERIFY2(received > 2 * (expected - received),
                 qPrintable(u"%1: %2 of %3"_s.arg(code).arg(received).arg(expected)));
        QVERIFY2(late > 0 && late < received / 5, qPrintable(u"%1: %2 late"_s.arg(code).arg(late)));
        allReceived += received;
        allLate += late;
    }
    QVERIFY(studies >= 5);
    QVERIFY(allReceived > 1000 && allLate > 50);
}

void TestDemoData::seededAnswersFitTheirDefinitions()
{
    QHash<QString, td::QuestionnaireDefinition> definitions; // study code -> published daily-symptoms
    for (const QJsonValue &v : allProjects()) {
        const QString code = v.toObject().value(u"code"_s).toString();
        const HttpReply reply =
            m_http.get(m_server.url(u"/api/v1/projects/%1/questionnaires/daily-symptoms"_s.arg(code)));
        QVERIFY2(reply.status == 200, qPrintable(code + u": "_s + QString::fromUtf8(reply.body)));
        const QJsonObject version = reply.json();
        QCOMPARE(version.value(u"status"_s).toString(), u"published"_s);
        QCOMPARE(version.value(u"version"_s).toInt(), 1);
        td::ApiError error;
        const auto definition =
            td::QuestionnaireDefinition::fromJson(version.value(u"definition"_s).toObject(), &error);
        QVERIFY2(definition, qPrintable(error.message));
        QVERIFY(definition->publishProblems().isEmpty()); // English and Chinese throughout
        QCOMPARE(version.value(u"contentHash"_s).toString(), definition->contentHash());
        definitions.insert(code, *definition);
    }
    QCOMPARE(definitions.size(), 20);

    DatabasePeek db(m_server.databaseFile());
    const auto rows = db.rows(u"SELECT p.code, q.questionnaire, q.answers, q.definition_version, q.id "
                              "FROM questionnaire_submissions q JOIN projects p ON p.id = q.project_id"_s);
    QVERIFY2(rows.size() > 1000, qPrintable(db.lastError()));
    for (const QVariantList &row : rows) {
        const QString where = u"submission %1 of %2"_s.arg(row.at(4).toLongLong()).arg(row.at(0).toString());
        QCOMPARE(row.at(1).toString(), u"daily-symptoms"_s);
        QVERIFY2(row.at(3).toInt() == 1, qPrintable(where));
        const QJsonObject answers = QJsonDocument::fromJson(row.at(2).toString().toUtf8()).object();
        td::ApiError error;
        QVERIFY2(definitions.value(row.at(0).toString()).validateAnswers(answers, &error),
                 qPrintable(where + u": "_s + error.message));
    }
}

// Issue #15: every demo study also publishes home-vitals, the vital signs it collects.
// Every seeded reading must be one of its items and inside that item's range, and a
// study has a glucose item exactly when its patients report glucose.
void TestDemoData::seededVitalsFitTheStudysVitalsDefinition()
{
    QHash<QString, td::QuestionnaireDefinition> definitions; // study code -> published home-vitals
    for (const QJsonValue &v : allProjects()) {
        const QString code = v.toObject().value(u"code"_s).toString();
        const HttpReply reply = m_http.get(m_server.url(u"/api/v1/projects/%1/questionnaires/home-vitals"_s.arg(code)));
        QVERIFY2(reply.status == 200, qPrintable(code + u": "_s + QString::fromUtf8(reply.body)));
        QCOMPARE(reply.json().value(u"status"_s).toString(), u"published"_s);
        td::ApiError error;
        const auto definition =
            td::QuestionnaireDefinition::fromJson(reply.json().value(u"definition"_s).toObject(), &error);
        QVERIFY2(definition, qPrintable(error.message));
        QVERIFY(definition->publishProblems().isEmpty());
        for (const char *key : {"systolic", "diastolic", "heart_rate"}) {
            const td::QuestionnaireItem *item = definition->item(QString::fromLatin1(key));
            QVERIFY2(item && item->required, key);
        }
        definitions.insert(code, *definition);
    }
    QCOMPARE(definitions.size(), 20);

    DatabasePeek db(m_server.databaseFile());
    const auto rows =
        db.rows(u"SELECT p.code, v.type, v.value, v.value2, v.id FROM vital_signs v "
                "JOIN subjects s ON s.subject_id = v.subject_id JOIN projects p ON p.id = s.project_id"_s);
    QVERIFY2(rows.size() > 1000, qPrintable(db.lastError()));
    QSet<QString> studiesWithVitals;
    QSet<QString> studiesWithGlucose;
    int checked = 0;
    for (const QVariantList &row : rows) {
        const QString code = row.at(0).toString();
        const QString type = row.at(1).toString();
        const QString where = u"vital %1 (%2) of %3"_s.arg(row.at(4).toLongLong()).arg(type, code);
        QList<std::pair<QString, double>> values;
        if (type == u"blood_pressure"_s)
            values = {{u"systolic"_s, row.at(2).toDouble()}, {u"diastolic"_s, row.at(3).toDouble()}};
        else
            values = {{type, row.at(2).toDouble()}};
        studiesWithVitals.insert(code);
        if (type == u"glucose"_s)
            studiesWithGlucose.insert(code);
        for (const auto &[key, value] : values) {
            const td::QuestionnaireItem *item = definitions.value(code).item(key);
            QVERIFY2(item, qPrintable(where + u": no item "_s + key));
            QVERIFY2(item->min && item->max && value >= *item->min && value <= *item->max, qPrintable(where));
            ++checked;
        }
    }
    QVERIFY(checked > rows.size());
    QVERIFY(!studiesWithGlucose.isEmpty());
    for (auto it = definitions.cbegin(); it != definitions.cend(); ++it) {
        if (!studiesWithVitals.contains(it.key()))
            continue; // a study in planning has no readings to tell
        QVERIFY2(bool(it->item(u"glucose"_s)) == studiesWithGlucose.contains(it.key()), qPrintable(it.key()));
    }
}

void TestDemoData::studySubmissionsListNewestFirst()
{
    // The study-wide listing is documented as newest first: its first page must
    // start with the study's most recent questionnaire, whoever submitted it.
    const HttpReply reply = m_http.get(m_server.url(u"/api/v1/projects/NCT007/submissions?limit=100"_s));
    QCOMPARE(reply.status, 200);
    const QJsonArray items = reply.json().value(u"items"_s).toArray();
    QCOMPARE(items.size(), 100);
    const QString newest = DatabasePeek(m_server.databaseFile())
                               .rows(u"SELECT MAX(q.submit_at) FROM questionnaire_submissions q "
                                     "JOIN projects p ON p.id = q.project_id WHERE p.code = 'NCT007'"_s)
                               .value(0)
                               .value(0)
                               .toString();
    QCOMPARE(items.first().toObject().value(u"submitAt"_s).toString(), newest);
    for (qsizetype i = 1; i < items.size(); ++i) {
        const QString before = items.at(i - 1).toObject().value(u"submitAt"_s).toString();
        const QString here = items.at(i).toObject().value(u"submitAt"_s).toString();
        QVERIFY2(here <= before,
                 qPrintable(u"item %1 (%2) is newer than item %3 (%4)"_s.arg(i).arg(here).arg(i - 1).arg(before)));
    }
}

void TestDemoData::restartWithDemoAddsNothing()
{
    // Some live data on top of the demo, then a restart that asks for --demo again.
    const HttpReply posted =
        m_http.post(questionnairesUrl(m_server.current(), u"SUB123"_s),
                    jsonBytes({{u"subjectId"_s, u"SUB123"_s},
                               {u"questionnaire"_s, u"daily-symptoms"_s},
                               {u"answers"_s, QJsonObject{{u"pain"_s, 1},
                                                          {u"sleepHours"_s, 7.5},
                                                          {u"mood"_s, u"fair"_s},
                                                          {u"sideEffects"_s, QJsonArray{u"cough"_s}},
                                                          {u"tookMedication"_s, true}}}}),
                    {{"Idempotency-Key", "demo-1"}});
    QVERIFY2(posted.status == 201, posted.body.constData());
    const Counts before = countRows(m_server.databaseFile());
    QVERIFY(before.projects == 20 && before.subjects > 0 && before.submissions > 0 && before.vitals > 0);
    const QJsonArray projectsBefore = allProjects();

    QVERIFY(m_server.stop());
    QCOMPARE(m_server.exitCode(), 0);
    QVERIFY2(m_server.start(), m_server.log().constData());

    QCOMPARE(countRows(m_server.databaseFile()), before);
    QCOMPARE(allProjects(), projectsBefore);
    const HttpReply profile = m_http.get(m_server.url(u"/api/v1/subjects/SUB123/profile"_s));
    QCOMPARE(profile.status, 200);
    QCOMPARE(profile.json().value(u"name"_s).toString(), u"张三"_s);
    const HttpReply stored = m_http.get(m_server.url(QString::fromLatin1(posted.header("Location"))));
    QCOMPARE(stored.status, 200);
    QCOMPARE(stored.json(), posted.json());
}

void TestDemoData::demoSeedsOnlyAnEmptyDatabase()
{
    // A database with a real study in it is never "topped up" with demo data.
    RestartableServer server;
    QVERIFY2(server.start(), server.log().constData());
    HttpClient http;
    QCOMPARE(createStudy(http, server.current(), u"REAL-1"_s).status, 201);
    QCOMPARE(enrol(http, server.current(), u"REAL-1"_s, u"R-1"_s).status, 201);
    QVERIFY(server.stop());
    const Counts before = countRows(server.databaseFile());
    QCOMPARE(before.projects, qint64(1));

    server.setExtraArguments({u"--demo"_s});
    QVERIFY2(server.start(), server.log().constData());
    QCOMPARE(countRows(server.databaseFile()), before);
    const HttpReply missing = http.get(server.url(u"/api/v1/subjects/SUB123/profile"_s));
    QCOMPARE(missing.status, 404);
    QVERIFY(server.stop());
}

QTEST_GUILESS_MAIN(TestDemoData)
#include "tst_demodata.moc"

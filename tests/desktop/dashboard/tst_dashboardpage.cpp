#include "HttpClient.h"
#include "TestServer.h"
#include "Timestamps.h"
#include "dashboard/DashboardPage.h"
#include "dashboard/MissingSubjectsModel.h"
#include "net/ApiClient.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QLabel>
#include <QPushButton>
#include <QTableView>
#include <QTest>
#include <memory>

using namespace Qt::StringLiterals;
using td::ApiClient;
using td::DashboardPage;
using td::MissingSubjectsModel;
using td::test::HttpClient;
using td::test::TestServer;

namespace {

// The local UTC offset as the stats endpoint takes it ("+08:00").
QString localOffset()
{
    const int offset = QDateTime::currentDateTime().offsetFromUtc();
    const int minutes = std::abs(offset) / 60;
    return (offset < 0 ? u"-"_s : u"+"_s)
           + u"%1:%2"_s.arg(minutes / 60, 2, 10, QLatin1Char('0')).arg(minutes % 60, 2, 10, QLatin1Char('0'));
}

} // namespace

class TestDashboardPage : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void showsTodayAndTheLast30Days();
    void projectStatsDecodes();
    void studyWithoutScheduleCountsEnrolment();

private:
    QJsonObject stats(const QString &code);

    std::unique_ptr<TestServer> m_server;
};

void TestDashboardPage::initTestCase()
{
    m_server = std::make_unique<TestServer>(QStringList{u"--demo"_s, u"--no-request-log"_s});
    QVERIFY2(m_server->start(), m_server->log().constData());
}

QJsonObject TestDashboardPage::stats(const QString &code)
{
    // "%2B": a literal '+' in a query reaches the server as a space.
    const QString offset = localOffset().replace(u"+"_s, u"%2B"_s);
    HttpClient http;
    const auto reply = http.get(m_server->url(u"/api/v1/projects/%1/stats?days=30&utcOffset=%2"_s.arg(code, offset)));
    if (reply.status != 200)
        qWarning() << reply.status << reply.body;
    return reply.json();
}

void TestDashboardPage::showsTodayAndTheLast30Days()
{
    ApiClient api;
    api.setBaseUrl(m_server->url({}));
    api.setToken(m_server->adminToken());
    DashboardPage page(api);
    page.resize(1100, 750);
    page.show();

    QComboBox *combo = page.findChild<QComboBox *>(u"dashboardStudyCombo"_s);
    QTRY_VERIFY(combo->findData(u"NCT007"_s) >= 0);
    combo->setCurrentIndex(combo->findData(u"NCT007"_s));
    QTRY_VERIFY(!page.isLoading());

    const QJsonObject expected = stats(u"NCT007"_s);
    const QJsonArray days = expected.value(u"days"_s).toArray();
    QCOMPARE(days.size(), 30);
    const int submittedToday = expected.value(u"submittedToday"_s).toInt();
    const int expectedToday = days.last().toObject().value(u"expected"_s).toInt();
    QVERIFY(expectedToday > 0);

    QLabel *numbers = page.findChild<QLabel *>(u"todayNumbersLabel"_s);
    QTRY_COMPARE(numbers->text(), u"%1 / %2"_s.arg(submittedToday).arg(expectedToday));
    QVERIFY(numbers->isVisible());

    QChart *chart = page.chartView()->chart();
    QCOMPARE(chart->series().size(), 1);
    auto *series = qobject_cast<QBarSeries *>(chart->series().first());
    QVERIFY(series);
    QCOMPARE(series->barSets().size(), 1);
    QBarSet *set = series->barSets().first();
    QCOMPARE(set->count(), 30);
    // Oldest first; each bar is submitted / expected in percent.
    for (int i = 0; i < 30; ++i) {
        const QJsonObject day = days.at(i).toObject();
        const int dayExpected = day.value(u"expected"_s).toInt();
        const double rate = dayExpected > 0 ? 100.0 * day.value(u"submitted"_s).toInt() / dayExpected : 0.0;
        QVERIFY(qFuzzyCompare(1.0 + set->at(i), 1.0 + rate));
    }
    const auto axes = chart->axes(Qt::Horizontal);
    QCOMPARE(axes.size(), 1);
    auto *dates = qobject_cast<QBarCategoryAxis *>(axes.first());
    QVERIFY(dates);
    QCOMPARE(dates->count(), 30);
    const QDate today = QDate::fromString(expected.value(u"today"_s).toString(), Qt::ISODate);
    QCOMPARE(dates->at(29), today.toString(u"MM-dd"_s));
    QCOMPARE(dates->at(0), today.addDays(-29).toString(u"MM-dd"_s));

    // The demo studies have a daily diary schedule: the numbers are counted from its
    // entries, and whom to call is every entry open and not yet received, then the
    // missed ones, each with the time its window closes.
    QCOMPARE(expected.value(u"basis"_s).toString(), u"schedule"_s);
    QList<QJsonObject> awaiting;
    QList<QJsonObject> missed;
    for (const QJsonValue &v : expected.value(u"entriesToday"_s).toArray()) {
        const QString state = v.toObject().value(u"state"_s).toString();
        if (state == u"open"_s)
            awaiting << v.toObject();
        else if (state == u"missed"_s)
            missed << v.toObject();
    }
    const QList<QJsonObject> rows = awaiting + missed;
    QTableView *table = page.findChild<QTableView *>(u"missingSubjectsTable"_s);
    QCOMPARE(table->model()->rowCount(), rows.size());
    QCOMPARE(page.missingModel()->awaitingCount(), awaiting.size());
    QCOMPARE(page.missingModel()->missedCount(), missed.size());
    QLabel *title = page.findChild<QLabel *>(u"missingTitleLabel"_s);
    QCOMPARE(title->text(),
             u"Open, not yet received (%1) · missed today (%2)"_s.arg(awaiting.size()).arg(missed.size()));
    for (int row = 0; row < rows.size(); ++row) {
        const QJsonObject entry = rows.at(row);
        const QJsonObject subject = entry.value(u"subject"_s).toObject();
        QCOMPARE(table->model()->index(row, MissingSubjectsModel::SubjectIdColumn).data().toString(),
                 subject.value(u"subjectId"_s).toString());
        QCOMPARE(table->model()->index(row, MissingSubjectsModel::NameColumn).data().toString(),
                 subject.value(u"name"_s).toString());
        QCOMPARE(table->model()->index(row, MissingSubjectsModel::PhoneColumn).data().toString(),
                 subject.value(u"phone"_s).toString());
        const QString closes =
            td::parseTimestamp(entry.value(u"closesAt"_s).toString())->toLocalTime().time().toString(u"HH:mm"_s);
        const QString due = table->model()->index(row, MissingSubjectsModel::DueColumn).data().toString();
        const bool isMissed = entry.value(u"state"_s).toString() == u"missed"_s;
        const QString questionnaire = entry.value(u"questionnaire"_s).toString();
        QCOMPARE(due, (isMissed ? u"%1: missed (closed %2)"_s : u"%1: open, due by %2"_s).arg(questionnaire, closes));
    }

    // TRIALDESK_SCREENSHOT_DIR=/tmp keeps a picture of what the user sees.
    if (const QString dir = qEnvironmentVariable("TRIALDESK_SCREENSHOT_DIR"); !dir.isEmpty())
        QVERIFY(page.grab().save(dir + u"/dashboard.png"_s));

    // Refresh asks again and shows the same.
    QPushButton *refresh = page.findChild<QPushButton *>(u"refreshDashboardButton"_s);
    QTest::mouseClick(refresh, Qt::LeftButton);
    QVERIFY(page.isLoading());
    QTRY_VERIFY(!page.isLoading());
    QCOMPARE(numbers->text(), u"%1 / %2"_s.arg(submittedToday).arg(expectedToday));
    QCOMPARE(set->count(), 30);
}

void TestDashboardPage::projectStatsDecodes()
{
    ApiClient api;
    api.setBaseUrl(m_server->url({}));
    api.setToken(m_server->adminToken());
    std::optional<td::Result<ApiClient::ProjectStats>> result;
    auto task = [&]() -> QCoro::Task<> { result = co_await api.projectStats(u"NCT007"_s, 7, 8 * 3600); };
    task();
    QTRY_VERIFY(result.has_value());
    QVERIFY(result->ok());
    QCOMPARE((*result)->projectCode, u"NCT007"_s);
    QCOMPARE((*result)->days.size(), 7);
    QCOMPARE((*result)->days.constLast().date, (*result)->today);
    QVERIFY((*result)->enrolled > 0);

    std::optional<td::Result<ApiClient::ProjectStats>> missing;
    auto notFound = [&]() -> QCoro::Task<> { missing = co_await api.projectStats(u"NOPE"_s); };
    notFound();
    QTRY_VERIFY(missing.has_value());
    QVERIFY(!missing->ok());
    QCOMPARE(missing->error().kind, td::ApiError::Kind::NotFound);
}

// A study without any schedule keeps the older picture: one submission per enrolled
// subject per day, and the page says so.
void TestDashboardPage::studyWithoutScheduleCountsEnrolment()
{
    HttpClient http;
    QCOMPARE(http.post(m_server->url(u"/api/v1/projects"_s),
                       R"({"code":"DASH-NOSCHED","title":"No schedule","status":"active"})")
                 .status,
             201);
    QCOMPARE(http.post(m_server->url(u"/api/v1/projects/DASH-NOSCHED/subjects"_s),
                       R"({"subjectId":"NS-1","name":"Wang Fang","phone":"13800000001"})")
                 .status,
             201);
    const QJsonObject expected = stats(u"DASH-NOSCHED"_s);
    QCOMPARE(expected.value(u"basis"_s).toString(), u"enrolment"_s);
    QVERIFY(expected.value(u"entriesToday"_s).toArray().isEmpty());

    ApiClient api;
    api.setBaseUrl(m_server->url({}));
    api.setToken(m_server->adminToken());
    DashboardPage page(api);
    page.show();
    QComboBox *combo = page.findChild<QComboBox *>(u"dashboardStudyCombo"_s);
    QTRY_VERIFY(combo->findData(u"DASH-NOSCHED"_s) >= 0);
    combo->setCurrentIndex(combo->findData(u"DASH-NOSCHED"_s));
    QTRY_VERIFY(!page.isLoading());
    QTRY_COMPARE(page.findChild<QLabel *>(u"todayNumbersLabel"_s)->text(), u"0 / 1"_s);
    QCOMPARE(page.missingModel()->rowCount(), 1);
    QCOMPARE(page.missingModel()->index(0, MissingSubjectsModel::SubjectIdColumn).data().toString(), u"NS-1"_s);
    QCOMPARE(page.missingModel()->index(0, MissingSubjectsModel::DueColumn).data().toString(),
             u"No submission today"_s);
    QVERIFY(page.findChild<QLabel *>(u"missingTitleLabel"_s)->text().startsWith(u"No submission today"_s));
}

QTEST_MAIN(TestDashboardPage)
#include "tst_dashboardpage.moc"

#include "HttpClient.h"
#include "ReplyWatcher.h"
#include "TestServer.h"
#include "Timestamps.h"
#include "net/ApiClient.h"
#include "subjects/EnrolDialog.h"
#include "subjects/ScheduleSettingsDialog.h"
#include "subjects/SubjectCompliancePanel.h"
#include "subjects/SubjectTableModel.h"
#include "subjects/SubjectTokenDialog.h"
#include "subjects/SubjectsPage.h"
#include "widgets/ComplianceCalendarView.h"

#include <QBrush>
#include <QCheckBox>
#include <QComboBox>
#include <QCoroTask>
#include <QDateEdit>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPointer>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>
#include <memory>

using namespace Qt::StringLiterals;
using td::ApiClient;
using td::EnrolDialog;
using td::SubjectsPage;
using td::SubjectTableModel;
using td::SubjectTokenDialog;
using td::test::TestServer;

class TestSubjectsPage : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void listsTheStudySubjects();
    void enrolShowsTokenOnceAndAddsTheRow();
    void reissueShowsANewToken();
    void qrCodeEncodesText();
    void selectedSubjectShowsCompliance();
    void scheduleSettingsAtEnrolmentAndAfter();

private:
    void openStudy(const QString &code);
    void fetchAll();
    QHash<QString, QJsonObject> todayEntries(const QString &code);
    int rowOf(const QString &subjectId) const;

    std::unique_ptr<TestServer> m_server;
    std::unique_ptr<ApiClient> m_api;
    std::unique_ptr<SubjectsPage> m_page;
    QString m_enrolledId;
    QString m_enrolToken;
};

void TestSubjectsPage::initTestCase()
{
    m_server = std::make_unique<TestServer>(QStringList{u"--demo"_s, u"--no-request-log"_s});
    QVERIFY2(m_server->start(), m_server->log().constData());
}

void TestSubjectsPage::init()
{
    m_api = std::make_unique<ApiClient>();
    m_api->setBaseUrl(m_server->url({}));
    // Signed in like the app does: the role in the answer decides what the page offers.
    const auto session = QCoro::waitFor(
        m_api->login(QString::fromUtf16(td::test::kAdminUser), QString::fromUtf16(td::test::kTestPassword)));
    QVERIFY(session);
    m_page = std::make_unique<SubjectsPage>(*m_api);
    m_page->resize(1000, 600);
    m_page->show(); // loads the studies
}

void TestSubjectsPage::cleanup()
{
    m_page.reset();
    m_api.reset();
}

void TestSubjectsPage::openStudy(const QString &code)
{
    QComboBox *combo = m_page->findChild<QComboBox *>(u"subjectsStudyCombo"_s);
    QVERIFY(combo);
    QTRY_VERIFY(combo->findData(code) >= 0);
    combo->setCurrentIndex(combo->findData(code));
    QTRY_VERIFY(m_page->model()->rowCount() > 0);
    QTRY_VERIFY(!m_page->model()->isLoading());
    QCOMPARE(m_page->model()->projectCode(), code);
}

void TestSubjectsPage::fetchAll()
{
    SubjectTableModel *model = m_page->model();
    while (model->canFetchMore()) {
        model->fetchMore();
        QTRY_VERIFY(!model->isLoading());
    }
    QVERIFY(!model->hasMore());
}

int TestSubjectsPage::rowOf(const QString &subjectId) const
{
    const SubjectTableModel *model = m_page->model();
    for (int row = 0; row < model->rowCount(); ++row) {
        if (model->index(row, SubjectTableModel::SubjectIdColumn).data().toString() == subjectId)
            return row;
    }
    return -1;
}

void TestSubjectsPage::listsTheStudySubjects()
{
    openStudy(u"NCT007"_s);
    const SubjectTableModel *model = m_page->model();
    QCOMPARE(model->columnCount(), int(SubjectTableModel::ColumnCount));
    const int row = rowOf(u"SUB123"_s);
    QVERIFY(row >= 0);
    QCOMPARE(model->index(row, SubjectTableModel::NameColumn).data().toString(), u"张三"_s);
    QVERIFY(!model->index(row, SubjectTableModel::SiteColumn).data().toString().isEmpty());
    QVERIFY(!model->index(row, SubjectTableModel::EnrolledAtColumn).data().toString().isEmpty());
    QVERIFY(model->index(row, SubjectTableModel::TodayColumn).data(Qt::ForegroundRole).isValid()
            || model->index(row, SubjectTableModel::TodayColumn).data().toString() == u"—"_s);

    // The demo study is scheduled: the Today column is the state of today's entry as
    // GET /stats gives it (asked here independently), coloured like the calendar.
    QTRY_VERIFY(!m_page->isLoadingToday());
    QVERIFY(model->isScheduled());
    fetchAll();
    const QHash<QString, QJsonObject> entries = todayEntries(u"NCT007"_s);
    int missing = 0;
    for (int r = 0; r < model->rowCount(); ++r) {
        const QString id = model->subject(r).subjectId;
        const QString text = model->index(r, SubjectTableModel::TodayColumn).data().toString();
        if (!entries.contains(id)) {
            QCOMPARE(text, u"—"_s);
            continue;
        }
        const QJsonObject e = entries.value(id);
        const QString state = e.value(u"state"_s).toString();
        const QString closes =
            td::parseTimestamp(e.value(u"closesAt"_s).toString())->toLocalTime().time().toString(u"HH:mm"_s);
        const QString opens =
            td::parseTimestamp(e.value(u"opensAt"_s).toString())->toLocalTime().time().toString(u"HH:mm"_s);
        const QHash<QString, QString> texts{{u"received"_s, u"Received"_s},
                                            {u"late"_s, u"Late"_s},
                                            {u"missed"_s, u"Missed"_s},
                                            {u"open"_s, u"Open (due by %1)"_s.arg(closes)},
                                            {u"upcoming"_s, u"Upcoming (opens %1)"_s.arg(opens)}};
        QCOMPARE(text, texts.value(state));
        const auto colour =
            qvariant_cast<QBrush>(model->index(r, SubjectTableModel::TodayColumn).data(Qt::ForegroundRole));
        const auto dayState = state == u"missed"_s     ? td::ComplianceCalendarView::DayState::Missed
                              : state == u"late"_s     ? td::ComplianceCalendarView::DayState::Late
                              : state == u"open"_s     ? td::ComplianceCalendarView::DayState::Open
                              : state == u"upcoming"_s ? td::ComplianceCalendarView::DayState::Upcoming
                                                       : td::ComplianceCalendarView::DayState::Received;
        QCOMPARE(colour.color(), td::ComplianceCalendarView::colour(dayState));
        missing += state == u"open"_s || state == u"missed"_s ? 1 : 0;
    }

    // The state line counts the same.
    QLabel *state = m_page->findChild<QLabel *>(u"subjectsStateLabel"_s);
    QTRY_COMPARE(state->text(), u"%1 subjects, %2 open or missed today."_s.arg(model->rowCount()).arg(missing));
}

// Today's entry of each subject of `code` from GET /stats, the one that says most
// (missed, late, open, upcoming, received: the compliance calendar's order).
QHash<QString, QJsonObject> TestSubjectsPage::todayEntries(const QString &code)
{
    const int offset = QDateTime::currentDateTime().offsetFromUtc();
    const int minutes = std::abs(offset) / 60;
    const QString utcOffset =
        (offset < 0 ? u"-"_s : u"%2B"_s)
        + u"%1:%2"_s.arg(minutes / 60, 2, 10, QLatin1Char('0')).arg(minutes % 60, 2, 10, QLatin1Char('0'));
    td::test::HttpClient http;
    const auto reply = http.get(m_server->url(u"/api/v1/projects/%1/stats?days=1&utcOffset=%2"_s.arg(code, utcOffset)));
    if (reply.status != 200)
        qWarning() << reply.status << reply.body;
    const QStringList rank{u"received"_s, u"upcoming"_s, u"open"_s, u"late"_s, u"missed"_s};
    QHash<QString, QJsonObject> out;
    for (const QJsonValue &v : reply.json().value(u"entriesToday"_s).toArray()) {
        const QJsonObject e = v.toObject();
        const QString id = e.value(u"subject"_s).toObject().value(u"subjectId"_s).toString();
        if (!out.contains(id)
            || rank.indexOf(e.value(u"state"_s).toString()) > rank.indexOf(out.value(id).value(u"state"_s).toString()))
            out.insert(id, e);
    }
    return out;
}

void TestSubjectsPage::enrolShowsTokenOnceAndAddsTheRow()
{
    openStudy(u"NCT007"_s);
    fetchAll();
    const int before = m_page->model()->rowCount();

    QPushButton *enrolButton = m_page->findChild<QPushButton *>(u"enrolButton"_s);
    QVERIFY(enrolButton->isEnabled());
    QTest::mouseClick(enrolButton, Qt::LeftButton);
    EnrolDialog *dialog = m_page->findChild<EnrolDialog *>();
    QVERIFY(dialog);
    QTRY_VERIFY(dialog->isVisible());
    QComboBox *site = dialog->findChild<QComboBox *>(u"siteCombo"_s);
    QVERIFY(site->count() > 0);
    const QString siteName = site->currentText();

    // A phone number the server refuses: the problem shows under the field.
    dialog->findChild<QLineEdit *>(u"nameEdit"_s)->setText(u"李四"_s);
    dialog->findChild<QLineEdit *>(u"phoneEdit"_s)->setText(u"12"_s);
    QPushButton *save = dialog->findChild<QPushButton *>(u"enrolSaveButton"_s);
    QTest::mouseClick(save, Qt::LeftButton);
    QTRY_VERIFY(!dialog->isBusy());
    QTRY_VERIFY(!dialog->errors().fieldError(u"phone"_s).isEmpty());
    QVERIFY(dialog->findChild<QLabel *>(u"phoneErrorLabel"_s)->isVisible());
    QVERIFY(dialog->isVisible());
    QVERIFY(!m_page->tokenDialog());
    if (const QString dir = qEnvironmentVariable("TRIALDESK_SCREENSHOT_DIR"); !dir.isEmpty())
        QVERIFY(dialog->grab().save(dir + u"/enrol-dialog.png"_s));

    // Corrected: enrolled, and the token is shown.
    QPointer<EnrolDialog> guard(dialog);
    dialog->findChild<QLineEdit *>(u"phoneEdit"_s)->setText(u"13912345678"_s);
    QTest::mouseClick(save, Qt::LeftButton);
    QTRY_VERIFY(m_page->tokenDialog());
    QTRY_VERIFY(!guard); // closed and deleted

    SubjectTokenDialog *tokenDialog = m_page->tokenDialog();
    QTRY_VERIFY(tokenDialog->isVisible());
    const QString token = tokenDialog->findChild<QLineEdit *>(u"tokenEdit"_s)->text();
    QVERIFY2(token.startsWith(u"td_"_s), qPrintable(token));
    QVERIFY(token.size() > 20);
    QVERIFY(!tokenDialog->qrImage().isNull());
    QLabel *qr = tokenDialog->findChild<QLabel *>(u"tokenQrLabel"_s);
    QVERIFY(!qr->pixmap().isNull());
    QVERIFY(!tokenDialog->findChild<QPushButton *>(u"copyTokenButton"_s)->text().isEmpty());
    const QString intro = tokenDialog->findChild<QLabel *>(u"tokenIntroLabel"_s)->text();

    // The new subject is in the table, selected.
    QCOMPARE(m_page->model()->rowCount(), before + 1);
    const int row = before;
    m_enrolledId = m_page->model()->index(row, SubjectTableModel::SubjectIdColumn).data().toString();
    QVERIFY(!m_enrolledId.isEmpty());
    QVERIFY(intro.contains(m_enrolledId));
    QCOMPARE(m_page->model()->index(row, SubjectTableModel::NameColumn).data().toString(), u"李四"_s);
    QCOMPARE(m_page->model()->index(row, SubjectTableModel::SiteColumn).data().toString(), siteName);
    // Its entries of today come with the stats asked again after the enrolment.
    QTRY_VERIFY(!m_page->isLoadingToday());
    const QHash<QString, QJsonObject> entries = todayEntries(u"NCT007"_s);
    const QString todayText = m_page->model()->index(row, SubjectTableModel::TodayColumn).data().toString();
    if (!entries.contains(m_enrolledId))
        QCOMPARE(todayText, u"—"_s);
    else
        QVERIFY2(todayText != u"—"_s, qPrintable(todayText));
    m_enrolToken = token;
    // TRIALDESK_SCREENSHOT_DIR=/tmp keeps pictures of what the user sees.
    if (const QString dir = qEnvironmentVariable("TRIALDESK_SCREENSHOT_DIR"); !dir.isEmpty()) {
        QVERIFY(m_page->grab().save(dir + u"/subjects.png"_s));
        QVERIFY(tokenDialog->grab().save(dir + u"/subject-token.png"_s));
    }

    // Still there after a reload from the server.
    QTest::mouseClick(m_page->findChild<QPushButton *>(u"refreshSubjectsButton"_s), Qt::LeftButton);
    QTRY_VERIFY(!m_page->model()->isLoading() && m_page->model()->rowCount() > 0);
    fetchAll();
    QVERIFY(rowOf(m_enrolledId) >= 0);
}

void TestSubjectsPage::reissueShowsANewToken()
{
    QVERIFY2(!m_enrolledId.isEmpty(), "needs enrolShowsTokenOnceAndAddsTheRow");
    openStudy(u"NCT007"_s);
    fetchAll();
    const int row = rowOf(m_enrolledId);
    QVERIFY(row >= 0);
    QPushButton *reissue = m_page->findChild<QPushButton *>(u"reissueTokenButton"_s);
    QVERIFY(!reissue->isEnabled()); // nothing selected
    QTableView *table = m_page->findChild<QTableView *>(u"subjectsTable"_s);
    table->selectRow(row);
    QVERIFY(reissue->isEnabled());

    // Cancel first: nothing happens.
    QTest::mouseClick(reissue, Qt::LeftButton);
    QMessageBox *box = m_page->findChild<QMessageBox *>(u"reissueConfirmBox"_s);
    QVERIFY(box);
    QVERIFY(box->text().contains(m_enrolledId));
    QPointer<QMessageBox> boxGuard(box);
    td::test::ReplyWatcher replies;
    box->button(QMessageBox::Cancel)->click();
    QTRY_VERIFY(!boxGuard);
    // A re-issue would have gone out from the box's answer, before it was deleted.
    replies.settle();
    QCOMPARE(replies.writesStarted(), 0);
    QVERIFY(!m_page->tokenDialog());

    QTest::mouseClick(reissue, Qt::LeftButton);
    box = m_page->findChild<QMessageBox *>(u"reissueConfirmBox"_s);
    QVERIFY(box);
    box->button(QMessageBox::Yes)->click();
    replies.settle();
    QCOMPARE(replies.writesStarted(), 1); // the same check sees a re-issue that went out
    QTRY_VERIFY(m_page->tokenDialog());
    SubjectTokenDialog *tokenDialog = m_page->tokenDialog();
    QTRY_VERIFY(tokenDialog->isVisible());
    const QString token = tokenDialog->findChild<QLineEdit *>(u"tokenEdit"_s)->text();
    QVERIFY2(token.startsWith(u"td_"_s), qPrintable(token));
    QVERIFY(token != m_enrolToken);
    QVERIFY(!tokenDialog->qrImage().isNull());
    QVERIFY(tokenDialog->findChild<QLabel *>(u"tokenIntroLabel"_s)->text().contains(m_enrolledId));
}

void TestSubjectsPage::qrCodeEncodesText()
{
    // Version 1 (21 modules) fits a short text; 4 modules of quiet zone each side.
    const QImage small = SubjectTokenDialog::qrCode(u"td_x"_s, 2);
    QCOMPARE(small.width(), (21 + 8) * 2);
    QCOMPARE(small.pixelColor(0, 0), QColor(Qt::white));
    QCOMPARE(small.pixelColor(8, 8), QColor(Qt::black)); // the finder pattern's corner
    // A real token needs a bigger symbol.
    const QImage token = SubjectTokenDialog::qrCode(u"td_"_s + QString(43, u'A'), 1);
    QVERIFY(token.width() > 21 + 8);
}

// Issue #15: choosing a subject shows what was due each day and what came of it, as
// the server counts it (the demo's daily 08:00 schedule and seeded submissions).
void TestSubjectsPage::selectedSubjectShowsCompliance()
{
    openStudy(u"NCT007"_s);
    td::SubjectCompliancePanel *panel = m_page->compliancePanel();
    QSignalSpy loaded(panel, &td::SubjectCompliancePanel::loaded);
    const int row = rowOf(u"SUB123"_s);
    QVERIFY(row >= 0);
    m_page->findChild<QTableView *>(u"subjectsTable"_s)->selectRow(row);
    QTRY_COMPARE(loaded.count(), 1);
    QCOMPARE(panel->subjectId(), u"SUB123"_s);
    const td::SubjectEntries &entries = panel->entries();
    QVERIFY2(!entries.entries.isEmpty(), qPrintable(panel->summaryLabel()->text()));
    QCOMPARE(entries.timeZone, u"Asia/Shanghai"_s);

    // What the server sends for the same subject, counted here by day.
    td::test::HttpClient http;
    const auto reply = http.get(m_server->url(u"/api/v1/subjects/SUB123/entries"_s));
    QCOMPARE(reply.status, 200);
    const QJsonArray raw = QJsonDocument::fromJson(reply.body).object().value(u"entries"_s).toArray();
    QCOMPARE(raw.size(), entries.entries.size());
    QMap<QDate, td::DayTally> expected;
    int closed = 0, onTime = 0;
    for (const QJsonValue &v : raw) {
        const QJsonObject o = v.toObject();
        td::DayTally &t = expected[QDate::fromString(o.value(u"localDate"_s).toString(), Qt::ISODate)];
        const QString state = o.value(u"state"_s).toString();
        t.expected += state != u"upcoming"_s;
        t.received += state == u"received"_s;
        t.late += state == u"late"_s;
        t.missed += state == u"missed"_s;
        t.open += state == u"open"_s;
        t.upcoming += state == u"upcoming"_s;
        closed += state == u"received"_s || state == u"late"_s || state == u"missed"_s;
        onTime += state == u"received"_s;
    }
    QVERIFY2(onTime > 0, reply.body.constData());
    for (auto it = expected.cbegin(); it != expected.cend(); ++it)
        QCOMPARE(panel->calendar()->tally(it.key()), it.value());
    QVERIFY2(panel->summaryLabel()->text().startsWith(u"%1 of %2 closed entries on time"_s.arg(onTime).arg(closed)),
             qPrintable(panel->summaryLabel()->text()));
}

void TestSubjectsPage::scheduleSettingsAtEnrolmentAndAfter()
{
    openStudy(u"NCT007"_s);
    fetchAll();
    QTest::mouseClick(m_page->findChild<QPushButton *>(u"enrolButton"_s), Qt::LeftButton);
    QPointer<EnrolDialog> dialog = m_page->findChild<EnrolDialog *>();
    QVERIFY(dialog);
    QTRY_VERIFY(dialog->isVisible());
    // By default the subject follows the study's zone and has no anchor date.
    auto *zone = dialog->findChild<QComboBox *>(u"timeZoneCombo"_s);
    QVERIFY(zone);
    QCOMPARE(zone->currentText(), u"Study's zone (Asia/Shanghai)"_s);
    auto *anchorCheck = dialog->findChild<QCheckBox *>(u"anchorDateCheck"_s);
    auto *anchorEdit = dialog->findChild<QDateEdit *>(u"anchorDateEdit"_s);
    QVERIFY(!anchorCheck->isChecked());
    QVERIFY(!anchorEdit->isEnabled());

    dialog->findChild<QLineEdit *>(u"nameEdit"_s)->setText(u"Ana Silva"_s);
    zone->setEditText(u"Atlantis/Capital"_s);
    QPushButton *save = dialog->findChild<QPushButton *>(u"enrolSaveButton"_s);
    QTest::mouseClick(save, Qt::LeftButton);
    QVERIFY(!dialog->errors().fieldError(u"timeZone"_s).isEmpty()); // refused here, nothing sent
    QVERIFY(!m_page->tokenDialog());

    zone->setCurrentIndex(zone->findText(u"America/New_York"_s));
    QTest::mouseClick(anchorCheck, Qt::LeftButton);
    QVERIFY(anchorEdit->isEnabled());
    anchorEdit->setDate(QDate(2026, 5, 4));
    QTest::mouseClick(save, Qt::LeftButton);
    QTRY_VERIFY(m_page->tokenDialog());
    QTRY_VERIFY(!dialog);
    m_page->tokenDialog()->close();
    const QModelIndexList selected =
        m_page->findChild<QTableView *>(u"subjectsTable"_s)->selectionModel()->selectedRows();
    QCOMPARE(selected.size(), 1);
    const td::Subject enrolled = m_page->model()->subject(selected.first().row());
    QCOMPARE(enrolled.name, u"Ana Silva"_s);
    QCOMPARE(enrolled.timeZone, std::optional<QString>(u"America/New_York"_s));
    QCOMPARE(enrolled.anchorDate, std::optional<QDate>(QDate(2026, 5, 4)));

    // What the server stored.
    td::test::HttpClient http;
    auto stored = [&] {
        return QJsonDocument::fromJson(http.get(m_server->url(u"/api/v1/subjects/"_s + enrolled.subjectId)).body)
            .object();
    };
    QCOMPARE(stored().value(u"timeZone"_s).toString(), u"America/New_York"_s);
    QCOMPARE(stored().value(u"anchorDate"_s).toString(), u"2026-05-04"_s);

    // Changed afterwards: back to the study's zone, another anchor date.
    QPushButton *settings = m_page->findChild<QPushButton *>(u"scheduleSettingsButton"_s);
    QVERIFY(settings->isVisible());
    QVERIFY(settings->isEnabled());
    QTest::mouseClick(settings, Qt::LeftButton);
    QPointer<td::ScheduleSettingsDialog> edit = m_page->findChild<td::ScheduleSettingsDialog *>();
    QVERIFY(edit);
    QTRY_VERIFY(edit->isVisible());
    auto *editZone = edit->findChild<QComboBox *>(u"timeZoneCombo"_s);
    QCOMPARE(editZone->currentText(), u"America/New_York"_s);
    QVERIFY(edit->findChild<QCheckBox *>(u"anchorDateCheck"_s)->isChecked());
    QCOMPARE(edit->findChild<QDateEdit *>(u"anchorDateEdit"_s)->date(), QDate(2026, 5, 4));
    editZone->setCurrentIndex(0);
    QCOMPARE(editZone->currentText(), u"Study's zone (Asia/Shanghai)"_s);
    edit->findChild<QDateEdit *>(u"anchorDateEdit"_s)->setDate(QDate(2026, 5, 11));
    QSignalSpy saved(edit.data(), &td::ScheduleSettingsDialog::subjectSaved);
    QTest::mouseClick(edit->findChild<QPushButton *>(u"scheduleSettingsSaveButton"_s), Qt::LeftButton);
    QTRY_COMPARE(saved.count(), 1);
    QTRY_VERIFY(!edit);
    QVERIFY(stored().value(u"timeZone"_s).isNull());
    QCOMPARE(stored().value(u"effectiveTimeZone"_s).toString(), u"Asia/Shanghai"_s);
    QCOMPARE(stored().value(u"anchorDate"_s).toString(), u"2026-05-11"_s);
    const td::Subject shown = m_page->model()->subject(rowOf(enrolled.subjectId));
    QVERIFY(!shown.timeZone);
    QCOMPARE(shown.anchorDate, std::optional<QDate>(QDate(2026, 5, 11)));
}

QTEST_MAIN(TestSubjectsPage)
#include "tst_subjectspage.moc"

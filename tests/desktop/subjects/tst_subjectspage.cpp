#include "HttpClient.h"
#include "ReplyWatcher.h"
#include "TestServer.h"
#include "net/ApiClient.h"
#include "subjects/EnrolDialog.h"
#include "subjects/ScheduleSettingsDialog.h"
#include "subjects/SubjectCompliancePanel.h"
#include "subjects/SubjectTableModel.h"
#include "subjects/SubjectTokenDialog.h"
#include "subjects/SubjectsPage.h"
#include "widgets/ComplianceCalendarView.h"

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
    const QString today = model->index(row, SubjectTableModel::TodayColumn).data().toString();
    QVERIFY2(today == u"Submitted"_s || today == u"Missing"_s, qPrintable(today));
    QVERIFY(model->index(row, SubjectTableModel::TodayColumn).data(Qt::ForegroundRole).isValid());

    // The status follows the subject's last submission in local time.
    for (int r = 0; r < model->rowCount(); ++r) {
        const td::Subject &s = model->subject(r);
        const bool submitted = s.lastSubmissionAt && s.lastSubmissionAt->toLocalTime().date() == QDate::currentDate();
        QCOMPARE(model->index(r, SubjectTableModel::TodayColumn).data().toString(),
                 submitted ? u"Submitted"_s : u"Missing"_s);
    }

    // The state line says how many there are.
    fetchAll();
    QLabel *state = m_page->findChild<QLabel *>(u"subjectsStateLabel"_s);
    QTRY_VERIFY(state->text().startsWith(QString::number(model->rowCount())));
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
    QCOMPARE(m_page->model()->index(row, SubjectTableModel::TodayColumn).data().toString(), u"Missing"_s);
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

#include "TestServer.h"
#include "net/ApiClient.h"
#include "review/AnswersModel.h"
#include "review/ReviewPage.h"
#include "review/SubmissionQueueModel.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QCoroTask>
#include <QDialogButtonBox>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableView>
#include <QTest>
#include <memory>

using namespace Qt::StringLiterals;
using td::ApiClient;
using td::ReviewPage;
using td::SubmissionQueueModel;
using td::test::TestServer;

class TestReviewPage : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void opensOnTheFirstPendingSubmission();
    void keysMoveTheSelection();
    void reviewQueryResolveFromTheKeyboard();
    void signNeedsTheRightPassword();
    void signingNeedsAReview();
    void statusFilter();

private:
    QTableView *table() const { return m_page->findChild<QTableView *>(u"queueView"_s); }
    SubmissionQueueModel *model() const { return m_page->queueModel(); }
    QString cell(int row, int column) const { return model()->index(row, column).data().toString(); }
    QString message() const;
    QAction *action(const QString &name) const { return m_page->findChild<QAction *>(name); }
    template<typename T>
    T *visibleDialog(const QString &name) const;
    void press(Qt::Key key);
    void selectRow(int row);
    void sign(const QString &password);

    std::unique_ptr<TestServer> m_server;
    std::unique_ptr<ApiClient> m_api;
    std::unique_ptr<ReviewPage> m_page;
};

void TestReviewPage::initTestCase()
{
    m_server = std::make_unique<TestServer>(QStringList{u"--demo"_s});
    QVERIFY2(m_server->start(), m_server->log().constData());
    m_api = std::make_unique<ApiClient>();
    m_api->setBaseUrl(m_server->url(QString()));
    // Signed in like the app does: the role in the answer decides what the page offers.
    const auto session = QCoro::waitFor(
        m_api->login(QString::fromUtf16(td::test::kAdminUser), QString::fromUtf16(td::test::kTestPassword)));
    QVERIFY(session);
}

void TestReviewPage::init()
{
    m_page = std::make_unique<ReviewPage>(*m_api);
    m_page->resize(1280, 720);
    m_page->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_page.get()));
    m_page->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_page.get()));
    auto *study = m_page->findChild<QComboBox *>(u"studyCombo"_s);
    QTRY_VERIFY(study->count() >= 14); // the active demo studies
    study->setCurrentIndex(study->findData(u"NCT007"_s));
    QTRY_VERIFY(model()->query().projectCode == u"NCT007"_s && !model()->isLoading() && model()->rowCount() > 0);
    table()->setFocus();
    QTRY_VERIFY(table()->hasFocus());
}

void TestReviewPage::cleanup()
{
    if (qEnvironmentVariableIsSet("TD_SCREENSHOT_DIR") && m_page
        && QString::fromLatin1(QTest::currentTestFunction()) == u"reviewQueryResolveFromTheKeyboard"_s)
        m_page->grab().save(qEnvironmentVariable("TD_SCREENSHOT_DIR") + u"/review.png"_s);
    m_page.reset();
}

QString TestReviewPage::message() const
{
    const auto *label = m_page->findChild<QLabel *>(u"messageLabel"_s);
    return label->isVisible() ? label->text() : QString();
}

template<typename T>
T *TestReviewPage::visibleDialog(const QString &name) const
{
    for (T *dialog : m_page->findChildren<T *>(name)) {
        if (dialog->isVisible())
            return dialog;
    }
    return nullptr;
}

void TestReviewPage::press(Qt::Key key)
{
    QWidget *focus = QApplication::focusWidget();
    QVERIFY(focus);
    QTest::keyClick(focus, key);
}

void TestReviewPage::selectRow(int row)
{
    table()->selectionModel()->setCurrentIndex(model()->index(row, 0),
                                               QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
}

void TestReviewPage::sign(const QString &password)
{
    press(Qt::Key_S);
    QDialog *dialog = nullptr;
    QTRY_VERIFY((dialog = visibleDialog<QDialog>(u"signDialog"_s)));
    auto *meaning = dialog->findChild<QLineEdit *>(u"signMeaningEdit"_s);
    QCOMPARE(meaning->text(), u"Reviewed and approved"_s);
    auto *ok = dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
    QVERIFY(!ok->isEnabled()); // no password yet
    QTest::keyClicks(dialog->findChild<QLineEdit *>(u"signPasswordEdit"_s), password);
    QVERIFY(ok->isEnabled());
    QTest::mouseClick(ok, Qt::LeftButton);
    QTRY_VERIFY(!visibleDialog<QDialog>(u"signDialog"_s));
}

void TestReviewPage::opensOnTheFirstPendingSubmission()
{
    QCOMPARE(table()->currentIndex().row(), 0);
    QCOMPARE(cell(0, SubmissionQueueModel::ReviewStatusColumn), u"Pending"_s);
    const auto *details = m_page->findChild<QLabel *>(u"detailsLabel"_s);
    QVERIFY(details->text().contains(model()->submission(0).subjectId));
    // The answers, readable: labelled by the definition the submission was validated
    // against (demo daily-symptoms version 1), once the page has fetched it.
    const auto *answers = m_page->findChild<QTableView *>(u"answersView"_s)->model();
    QTRY_COMPARE(answers->index(0, 0).data().toString(), u"Pain in the last 24 hours"_s);
    QCOMPARE(answers->rowCount(), 5);
    QStringList questions;
    for (int row = 0; row < answers->rowCount(); ++row)
        questions << answers->index(row, 0).data().toString();
    QCOMPARE(questions,
             (QStringList{u"Pain in the last 24 hours"_s, u"Hours of sleep last night"_s, u"Mood today"_s,
                          u"Side effects since yesterday"_s, u"Did you take your study medication yesterday?"_s}));
    QCOMPARE(answers->index(0, 0).data(td::AnswersModel::ProblemRole).toString(), QString());
    const QString took = answers->index(4, 1).data().toString();
    QVERIFY2(took == u"Yes"_s || took == u"No"_s, qPrintable(took));

    QVERIFY(action(u"markReviewedAction"_s)->isEnabled());
    QVERIFY(action(u"raiseQueryAction"_s)->isEnabled());
    QVERIFY(!action(u"closeQueryAction"_s)->isEnabled());
    QVERIFY(action(u"signAction"_s)->isEnabled());
    QVERIFY(!action(u"previousAction"_s)->isEnabled());
}

void TestReviewPage::keysMoveTheSelection()
{
    press(Qt::Key_J);
    QCOMPARE(table()->currentIndex().row(), 1);
    press(Qt::Key_J);
    QCOMPARE(table()->currentIndex().row(), 2);
    press(Qt::Key_K);
    QCOMPARE(table()->currentIndex().row(), 1);
    press(Qt::Key_Down);
    QCOMPARE(table()->currentIndex().row(), 2);
    press(Qt::Key_Up);
    QCOMPARE(table()->currentIndex().row(), 1);
    // Details follow the selection.
    QVERIFY(
        m_page->findChild<QLabel *>(u"detailsLabel"_s)->text().contains(QString::number(model()->submission(1).id)));
    // J past the last loaded row loads the next page.
    const int loaded = model()->rowCount();
    selectRow(loaded - 1);
    press(Qt::Key_J);
    QTRY_VERIFY(model()->rowCount() > loaded);
    QCOMPARE(table()->currentIndex().row(), loaded - 1); // stays until the row exists
    press(Qt::Key_J);
    QCOMPARE(table()->currentIndex().row(), loaded);
}

void TestReviewPage::reviewQueryResolveFromTheKeyboard()
{
    const qint64 id = model()->submission(0).id;
    press(Qt::Key_R);
    QTRY_COMPARE(cell(0, SubmissionQueueModel::ReviewStatusColumn), u"Reviewed"_s);
    QCOMPARE(model()->submission(0).id, id); // in place
    QVERIFY(message().contains(u"marked reviewed"_s));
    QVERIFY(!action(u"markReviewedAction"_s)->isEnabled());

    press(Qt::Key_Q);
    QInputDialog *dialog = nullptr;
    QTRY_VERIFY((dialog = visibleDialog<QInputDialog>(u"queryCommentDialog"_s)));
    dialog->setTextValue(u"Sleep hours look implausible, please confirm."_s);
    dialog->accept();
    QTRY_COMPARE(cell(0, SubmissionQueueModel::ReviewStatusColumn), u"Queried"_s);
    QCOMPARE(cell(0, SubmissionQueueModel::QueryStatusColumn), u"Open"_s);
    QVERIFY(m_page->findChild<QLabel *>(u"detailsLabel"_s)->text().contains(u"please confirm"_s));
    QTRY_VERIFY(table()->hasFocus()); // back to the queue for the next key

    // The server refuses to mark it reviewed while the query is open, and says why.
    QVERIFY(action(u"markReviewedAction"_s)->isEnabled());
    press(Qt::Key_R);
    QTRY_VERIFY(message().contains(u"open query"_s));
    QCOMPARE(cell(0, SubmissionQueueModel::ReviewStatusColumn), u"Queried"_s);

    press(Qt::Key_A);
    QTRY_COMPARE(cell(0, SubmissionQueueModel::QueryStatusColumn), u"Answered"_s);
    press(Qt::Key_C);
    QTRY_COMPARE(cell(0, SubmissionQueueModel::QueryStatusColumn), u"Closed"_s);
    press(Qt::Key_R);
    QTRY_COMPARE(cell(0, SubmissionQueueModel::ReviewStatusColumn), u"Reviewed"_s);
}

void TestReviewPage::signNeedsTheRightPassword()
{
    selectRow(1);
    press(Qt::Key_R);
    QTRY_COMPARE(cell(1, SubmissionQueueModel::ReviewStatusColumn), u"Reviewed"_s);

    sign(u"not-the-password"_s);
    QTRY_VERIFY(message().contains(u"password is not correct"_s));
    QCOMPARE(cell(1, SubmissionQueueModel::SignedColumn), QString());
    QVERIFY(action(u"signAction"_s)->isEnabled());

    sign(QString::fromUtf16(td::test::kTestPassword));
    QTRY_COMPARE(cell(1, SubmissionQueueModel::SignedColumn), u"Signed"_s);
    QVERIFY(message().contains(u"signed"_s));
    QVERIFY(!action(u"signAction"_s)->isEnabled());
    QVERIFY(m_page->findChild<QLabel *>(u"detailsLabel"_s)->text().contains(u"Signed by admin"_s));
    QVERIFY(model()
                ->index(1, SubmissionQueueModel::SignedColumn)
                .data(Qt::ToolTipRole)
                .toString()
                .contains(u"Reviewed and approved"_s));
}

void TestReviewPage::signingNeedsAReview()
{
    selectRow(5);
    QCOMPARE(cell(5, SubmissionQueueModel::ReviewStatusColumn), u"Pending"_s);
    sign(QString::fromUtf16(td::test::kTestPassword));
    QTRY_VERIFY(message().contains(u"Only a reviewed submission can be signed"_s));
    QCOMPARE(cell(5, SubmissionQueueModel::SignedColumn), QString());
}

void TestReviewPage::statusFilter()
{
    auto *status = m_page->findChild<QComboBox *>(u"reviewStatusCombo"_s);
    QCOMPARE(status->currentText(), u"Pending"_s);
    status->setCurrentIndex(status->findData(u"reviewed"_s));
    QTRY_VERIFY(model()->query().reviewStatus == u"reviewed"_s && !model()->isLoading());
    QVERIFY(model()->rowCount() >= 1); // the ones reviewed above
    for (int row = 0; row < model()->rowCount(); ++row)
        QCOMPARE(cell(row, SubmissionQueueModel::ReviewStatusColumn), u"Reviewed"_s);
}

QTEST_MAIN(TestReviewPage)
#include "tst_reviewpage.moc"

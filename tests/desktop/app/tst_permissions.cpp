#include "Permissions.h"
#include "ReplyWatcher.h"
#include "TestServer.h"
#include "net/ApiClient.h"
#include "review/ReviewPage.h"
#include "review/SubmissionQueueModel.h"
#include "studies/ProjectTableModel.h"
#include "studies/StudiesPage.h"
#include "subjects/SubjectTableModel.h"
#include "subjects/SubjectsPage.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QCoroTask>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>
#include <QToolButton>
#include <memory>

using namespace Qt::StringLiterals;
using td::ApiClient;
using td::Permission;
using td::test::TestServer;

// What each staff role is offered in the desktop: the actions the server's route x
// role matrix (docs/security.md) refuses for a role are hidden, and their keys do
// nothing; the role is the one the sign-in answer names.
class TestPermissions : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void matrix_data();
    void matrix();
    void loginSetsRole_data();
    void loginSetsRole();
    void studiesPage_data();
    void studiesPage();
    void subjectsPage_data();
    void subjectsPage();
    void reviewPage_data();
    void reviewPage();
    void pageBuiltBeforeSignInFollowsTheRole();

private:
    void roleRows();
    // An ApiClient signed in as the demo account of `role`.
    std::unique_ptr<ApiClient> signedIn(const QString &role);

    std::unique_ptr<TestServer> m_server;
};

void TestPermissions::initTestCase()
{
    // Every case signs in afresh, more often than the default sign-in rate limit allows.
    m_server = std::make_unique<TestServer>(QStringList{u"--demo"_s, u"--no-request-log"_s, u"--login-rate"_s, u"0"_s});
    QVERIFY2(m_server->start(), m_server->log().constData());
    for (const QString &role : {u"pm"_s, u"crc"_s, u"monitor"_s}) {
        QVERIFY(!m_server->createStaff(u"user-"_s + role, role).isEmpty());
        QVERIFY(m_server->grantEveryStudy(u"user-"_s + role, role)); // the demo studies (#14)
    }
}

std::unique_ptr<ApiClient> TestPermissions::signedIn(const QString &role)
{
    auto api = std::make_unique<ApiClient>();
    api->setBaseUrl(m_server->url({}));
    const QString username = role == u"admin"_s ? QString::fromUtf16(td::test::kAdminUser) : u"user-"_s + role;
    const auto session = QCoro::waitFor(api->login(username, QString::fromUtf16(td::test::kTestPassword)));
    if (!session)
        qWarning("sign-in as %s failed: %s", qPrintable(username), qPrintable(session.error().message));
    return api;
}

// The rows of docs/security.md for the routes behind each permission.
void TestPermissions::matrix_data()
{
    QTest::addColumn<QString>("role");
    QTest::addColumn<Permission>("permission");
    QTest::addColumn<bool>("allowed");
    const QList<QPair<const char *, Permission>> permissions = {
        {"edit studies", Permission::EditStudies},     {"edit protocol", Permission::EditProtocol},
        {"enrol", Permission::EnrolSubjects},          {"subject token", Permission::IssueSubjectTokens},
        {"review", Permission::ReviewSubmissions},     {"sign", Permission::SignSubmissions},
        {"manage members", Permission::ManageMembers}, {"manage integrations", Permission::ManageIntegrations},
    };
    // admin, pm, crc, monitor, subject, no role, unknown role
    const QMap<Permission, QList<bool>> expected = {
        {Permission::EditStudies, {true, true, false, false, false, false, false}},
        {Permission::EditProtocol, {true, true, false, false, false, false, false}},
        {Permission::EnrolSubjects, {true, true, true, false, false, false, false}},
        {Permission::IssueSubjectTokens, {true, true, true, false, false, false, false}},
        {Permission::ReviewSubmissions, {true, true, true, false, false, false, false}},
        {Permission::SignSubmissions, {true, true, true, false, false, false, false}},
        {Permission::ManageMembers, {true, true, false, false, false, false, false}},
        {Permission::ManageIntegrations, {true, true, false, false, false, false, false}},
    };
    const QStringList roles = {u"admin"_s, u"pm"_s, u"crc"_s, u"monitor"_s, u"subject"_s, QString(), u"root"_s};
    for (const auto &[name, permission] : permissions) {
        for (int i = 0; i < roles.size(); ++i) {
            QTest::addRow("%s / %s", name, roles.at(i).isEmpty() ? "none" : qPrintable(roles.at(i)))
                << roles.at(i) << permission << expected.value(permission).at(i);
        }
    }
}

void TestPermissions::matrix()
{
    QFETCH(QString, role);
    QFETCH(Permission, permission);
    QFETCH(bool, allowed);
    QCOMPARE(td::isAllowed(role, permission), allowed);
}

void TestPermissions::roleRows()
{
    QTest::addColumn<QString>("role");
    QTest::addColumn<bool>("mayEditStudies");
    QTest::addColumn<bool>("mayWorkWithSubjects"); // enrol, tokens, review, sign
    QTest::newRow("admin") << u"admin"_s << true << true;
    QTest::newRow("pm") << u"pm"_s << true << true;
    QTest::newRow("crc") << u"crc"_s << false << true;
    QTest::newRow("monitor") << u"monitor"_s << false << false;
}

void TestPermissions::loginSetsRole_data()
{
    roleRows();
}

void TestPermissions::loginSetsRole()
{
    QFETCH(QString, role);
    auto api = signedIn(role);
    QVERIFY(api->isSignedIn());
    QCOMPARE(api->role(), role);
    QSignalSpy changed(api.get(), &ApiClient::roleChanged);
    QVERIFY(QCoro::waitFor(api->logout()));
    QCOMPARE(api->role(), QString());
    QCOMPARE(changed.count(), 1);
}

void TestPermissions::studiesPage_data()
{
    roleRows();
}

void TestPermissions::studiesPage()
{
    QFETCH(QString, role);
    QFETCH(bool, mayEditStudies);
    auto api = signedIn(role);
    QVERIFY(api->isSignedIn());
    td::StudiesPage page(*api);
    page.resize(1000, 600);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    QTRY_VERIFY_WITH_TIMEOUT(page.model()->rowCount() > 0 && !page.model()->isLoading(), 15000);

    auto *newButton = page.findChild<QPushButton *>(u"newStudyButton"_s);
    auto *editButton = page.findChild<QPushButton *>(u"editStudyButton"_s);
    QCOMPARE(newButton->isVisible(), mayEditStudies);
    QCOMPARE(editButton->isVisible(), mayEditStudies);
    // Reading is for everyone.
    QVERIFY(page.findChild<QPushButton *>(u"refreshStudiesButton"_s)->isVisible());

    // Double-clicking a row opens the editor only for those who may edit.
    auto *table = page.findChild<QTableView *>(u"studiesTable"_s);
    table->selectRow(0);
    const QRect cell = table->visualRect(table->model()->index(0, 1));
    QSignalSpy doubleClicked(table, &QTableView::doubleClicked);
    // A real double-click: the first click, then the second one as a double-click.
    QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, cell.center());
    QTest::mouseDClick(table->viewport(), Qt::LeftButton, {}, cell.center());
    QCOMPARE(doubleClicked.count(), 1);
    // The editor opens (open(), not exec()) from the double-click itself.
    QWidget *dialog = page.findChild<QDialog *>();
    QCOMPARE(dialog && dialog->isVisible(), mayEditStudies);
    if (dialog)
        dialog->close();
}

void TestPermissions::subjectsPage_data()
{
    roleRows();
}

void TestPermissions::subjectsPage()
{
    QFETCH(QString, role);
    QFETCH(bool, mayWorkWithSubjects);
    auto api = signedIn(role);
    QVERIFY(api->isSignedIn());
    td::SubjectsPage page(*api);
    page.resize(1000, 600);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    QTRY_VERIFY_WITH_TIMEOUT(page.studyCombo()->findData(u"NCT007"_s) >= 0, 15000);
    page.studyCombo()->setCurrentIndex(page.studyCombo()->findData(u"NCT007"_s));
    QTRY_VERIFY_WITH_TIMEOUT(page.model()->rowCount() > 0 && !page.model()->isLoading(), 15000);
    page.findChild<QTableView *>(u"subjectsTable"_s)->selectRow(0);

    auto *enrol = page.findChild<QPushButton *>(u"enrolButton"_s);
    auto *reissue = page.findChild<QPushButton *>(u"reissueTokenButton"_s);
    QCOMPARE(enrol->isVisible(), mayWorkWithSubjects);
    QCOMPARE(reissue->isVisible(), mayWorkWithSubjects);
    if (mayWorkWithSubjects) {
        QVERIFY(enrol->isEnabled());
        QVERIFY(reissue->isEnabled());
    }
}

void TestPermissions::reviewPage_data()
{
    roleRows();
}

void TestPermissions::reviewPage()
{
    QFETCH(QString, role);
    QFETCH(bool, mayWorkWithSubjects);
    auto api = signedIn(role);
    QVERIFY(api->isSignedIn());
    td::ReviewPage page(*api);
    page.resize(1200, 700);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    auto *study = page.findChild<QComboBox *>(u"studyCombo"_s);
    QTRY_VERIFY_WITH_TIMEOUT(study->findData(u"NCT007"_s) >= 0, 15000);
    study->setCurrentIndex(study->findData(u"NCT007"_s));
    td::SubmissionQueueModel *model = page.queueModel();
    QTRY_VERIFY_WITH_TIMEOUT(model->query().projectCode == u"NCT007"_s && !model->isLoading() && model->rowCount() > 0,
                             15000);
    // The queue opens on pending submissions: not reviewed, not signed.
    auto *table = page.findChild<QTableView *>(u"queueView"_s);
    table->setFocus();
    table->selectRow(0);
    QTRY_VERIFY(table->currentIndex().isValid());

    for (const QString &name : {u"markReviewedAction"_s, u"raiseQueryAction"_s, u"signAction"_s}) {
        auto *action = page.findChild<QAction *>(name);
        QVERIFY2(action, qPrintable(name));
        QCOMPARE(action->isVisible(), mayWorkWithSubjects);
        QCOMPARE(action->isEnabled(), mayWorkWithSubjects);
        QCOMPARE(page.findChild<QToolButton *>(name + u"Button"_s)->isVisible(), mayWorkWithSubjects);
    }
    for (const QString &name : {u"queryAnsweredAction"_s, u"closeQueryAction"_s})
        QCOMPARE(page.findChild<QToolButton *>(name + u"Button"_s)->isVisible(), mayWorkWithSubjects);
    // Moving through the queue is for everyone.
    QVERIFY(page.findChild<QAction *>(u"nextAction"_s)->isVisible());
    const QString hint = page.findChild<QLabel *>(u"keyHintLabel"_s)->text();
    QCOMPARE(hint.contains(u"R mark reviewed"_s), mayWorkWithSubjects);
    QVERIFY(hint.contains(u"J/K"_s));

    // The review keys do nothing for a role that may not review: no request goes
    // out, so no refusal from the server shows up in the message area.
    if (!mayWorkWithSubjects) {
        td::test::ReplyWatcher replies;
        for (Qt::Key key : {Qt::Key_R, Qt::Key_Q, Qt::Key_S}) {
            QTest::keyClick(table, key);
            replies.settle();
            QCOMPARE(replies.writesStarted(), 0);
            QVERIFY(!page.findChild<QLabel *>(u"messageLabel"_s)->isVisible());
            QVERIFY(!QApplication::activeModalWidget());
        }
    }
}

void TestPermissions::pageBuiltBeforeSignInFollowsTheRole()
{
    // Pages may exist before the sign-in answer arrives; they follow roleChanged.
    ApiClient api;
    api.setBaseUrl(m_server->url({}));
    td::SubjectsPage page(api);
    page.resize(1000, 600);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    auto *enrol = page.findChild<QPushButton *>(u"enrolButton"_s);
    QVERIFY(!enrol->isVisible()); // no role yet: nothing to offer
    QVERIFY(QCoro::waitFor(api.login(u"user-crc"_s, QString::fromUtf16(td::test::kTestPassword))));
    QVERIFY(enrol->isVisible());
    QVERIFY(QCoro::waitFor(api.logout()));
    QVERIFY(!enrol->isVisible());
}

QTEST_MAIN(TestPermissions)
#include "tst_permissions.moc"

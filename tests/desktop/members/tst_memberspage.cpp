// Issue #14 on the desktop: a study's pm manages its members on the Members page,
// and a CRC limited to one site sees only that site's subjects and enrols only there.
// Against a real server with the demo studies.
#include "HttpClient.h"
#include "SignIn.h"
#include "TestServer.h"
#include "members/MemberDialog.h"
#include "members/MembersModel.h"
#include "members/MembersPage.h"
#include "net/ApiClient.h"
#include "subjects/EnrolDialog.h"
#include "subjects/SubjectTableModel.h"
#include "subjects/SubjectsPage.h"
#include "widgets/RecordTableView.h"
#include "widgets/StudyChooser.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QCoroTask>
#include <QJsonArray>
#include <QJsonObject>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>
#include <memory>

using namespace Qt::StringLiterals;
using td::ApiClient;
using td::MemberDialog;
using td::MembersModel;
using td::MembersPage;
using td::StudyMembership;
using td::test::HttpClient;
using td::test::TestServer;

namespace {

constexpr auto Study = u"NCT007";

} // namespace

class TestMembersPage : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup();

    void pmAddsChangesAndRemovesAMember();
    void unknownAccountIsAFieldError();
    void ownMembershipCannotBeChanged();
    void monitorSeesNoMembers();
    void siteRestrictedCrcSeesOnlyTheirSite();

private:
    std::unique_ptr<MembersPage> openMembers(ApiClient &api);
    // The study's members as the server has them, by user name.
    QMap<QString, StudyMembership> serverMembers();
    MemberDialog *openDialog(MembersPage &page, const char *button);

    std::unique_ptr<TestServer> m_server;
    QStringList m_sites;
};

void TestMembersPage::initTestCase()
{
    m_server = std::make_unique<TestServer>(QStringList{u"--demo"_s, u"--no-request-log"_s, u"--login-rate"_s, u"0"_s});
    QVERIFY2(m_server->start(), m_server->log().constData());
    HttpClient http;
    const auto study = http.get(m_server->url(u"/api/v1/projects/"_s + QString::fromUtf16(Study)));
    QCOMPARE(study.status, 200);
    for (const QJsonValue &site : study.json().value(u"sites"_s).toArray())
        m_sites << site.toString();
    QVERIFY(m_sites.size() >= 2);

    QVERIFY(!m_server->createStaff(u"study-pm"_s, u"crc"_s).isEmpty()); // pm here, crc elsewhere
    QVERIFY(m_server->grantMembership(u"study-pm"_s, QString::fromUtf16(Study), u"pm"_s));
    QVERIFY(!m_server->createStaff(u"newcomer"_s, u"crc"_s).isEmpty()); // a member of nothing yet
    QVERIFY(!m_server->createStaff(u"study-monitor"_s, u"monitor"_s).isEmpty());
    QVERIFY(m_server->grantMembership(u"study-monitor"_s, QString::fromUtf16(Study), u"monitor"_s));
    QVERIFY(!m_server->createStaff(u"site-crc"_s, u"crc"_s).isEmpty());
    QVERIFY(m_server->grantMembership(u"site-crc"_s, QString::fromUtf16(Study), u"crc"_s, {m_sites.first()}));
}

void TestMembersPage::cleanup()
{
    // Dialogs and boxes left open by a failed test go with their page.
    const QList<QWidget *> windows = QApplication::topLevelWidgets();
    for (QWidget *window : windows)
        window->close();
}

std::unique_ptr<MembersPage> TestMembersPage::openMembers(ApiClient &api)
{
    auto page = std::make_unique<MembersPage>(api);
    page->resize(1000, 500);
    QSignalSpy loaded(page.get(), &MembersPage::membersLoaded);
    page->show(); // loads the studies, then the first study's members
    td::StudyChooser *studies = page->studyChooser();
    if (!QTest::qWaitFor([&] { return studies->findData(QString::fromUtf16(Study)) >= 0; }))
        return nullptr;
    const int before = int(loaded.count());
    const int index = studies->findData(QString::fromUtf16(Study));
    if (studies->currentIndex() != index)
        studies->setCurrentIndex(index);
    else
        page->reload();
    if (!QTest::qWaitFor(
            [&] { return loaded.count() > before && studies->currentCode() == QString::fromUtf16(Study); }))
        return nullptr;
    // The answer for the chosen study, not an earlier one still on its way.
    if (!QTest::qWaitFor([&] {
            return page->model()->rowCount() > 0 || !page->findChild<QPushButton *>(u"addMemberButton"_s)->isEnabled();
        }))
        return nullptr;
    return page;
}

QMap<QString, StudyMembership> TestMembersPage::serverMembers()
{
    HttpClient http;
    const auto reply = http.get(m_server->url(u"/api/v1/projects/"_s + QString::fromUtf16(Study) + u"/members"_s));
    QMap<QString, StudyMembership> members;
    if (reply.status != 200) {
        qWarning("GET members: HTTP %d", reply.status);
        return members;
    }
    for (const QJsonValue &item : reply.json().value(u"items"_s).toArray()) {
        const StudyMembership m = StudyMembership::fromJson(item.toObject());
        members.insert(m.username, m);
    }
    return members;
}

MemberDialog *TestMembersPage::openDialog(MembersPage &page, const char *button)
{
    auto *push = page.findChild<QPushButton *>(QString::fromLatin1(button));
    if (!push || !push->isEnabled())
        return nullptr;
    QTest::mouseClick(push, Qt::LeftButton);
    auto *dialog = page.findChild<MemberDialog *>();
    if (dialog && !QTest::qWaitFor([dialog] { return dialog->isVisible(); }))
        return nullptr;
    return dialog;
}

void TestMembersPage::pmAddsChangesAndRemovesAMember()
{
    const auto api = td::test::signIn(*m_server, u"study-pm"_s);
    QVERIFY(api);
    QCOMPARE(api->roleIn(QString::fromUtf16(Study)), u"pm"_s);
    QVERIFY(api->managesMembers());
    const auto page = openMembers(*api);
    QVERIFY(page);
    MembersModel *model = page->model();
    QVERIFY(model->rowOf(u"study-pm"_s) >= 0);
    QVERIFY(model->rowOf(u"newcomer"_s) < 0);

    // Add: newcomer as a CRC of the second site only.
    MemberDialog *dialog = openDialog(*page, "addMemberButton");
    QVERIFY(dialog);
    dialog->findChild<QLineEdit *>(u"memberUsernameEdit"_s)->setText(u"newcomer"_s);
    auto *roles = dialog->findChild<QComboBox *>(u"memberRoleCombo"_s);
    roles->setCurrentIndex(roles->findData(u"crc"_s));
    dialog->findChild<QCheckBox *>(u"memberAllSitesCheck"_s)->setChecked(false);
    auto *sites = dialog->findChild<QListWidget *>(u"memberSiteList"_s);
    QCOMPARE(sites->count(), m_sites.size());
    sites->item(1)->setCheckState(Qt::Checked);
    QSignalSpy saved(dialog, &MemberDialog::memberSaved);
    QTest::mouseClick(dialog->findChild<QPushButton *>(u"memberSaveButton"_s), Qt::LeftButton);
    QTRY_COMPARE(saved.count(), 1);
    int row = model->rowOf(u"newcomer"_s);
    QVERIFY(row >= 0);
    QCOMPARE(model->index(row, MembersModel::RoleColumn).data().toString(), u"Research nurse / CRC"_s);
    QCOMPARE(model->index(row, MembersModel::SitesColumn).data().toString(), m_sites.at(1));
    QCOMPARE(serverMembers().value(u"newcomer"_s).sites, QStringList{m_sites.at(1)});
    QCOMPARE(serverMembers().value(u"newcomer"_s).createdBy, u"study-pm"_s);

    // Change: monitor of every site.
    page->table()->selectRow(row);
    dialog = openDialog(*page, "changeMemberButton");
    QVERIFY(dialog);
    QVERIFY(dialog->findChild<QLineEdit *>(u"memberUsernameEdit"_s)->isReadOnly());
    QVERIFY(!dialog->findChild<QCheckBox *>(u"memberAllSitesCheck"_s)->isChecked());
    roles = dialog->findChild<QComboBox *>(u"memberRoleCombo"_s);
    QCOMPARE(roles->currentData().toString(), u"crc"_s);
    roles->setCurrentIndex(roles->findData(u"monitor"_s));
    dialog->findChild<QCheckBox *>(u"memberAllSitesCheck"_s)->setChecked(true);
    QSignalSpy changed(dialog, &MemberDialog::memberSaved);
    QTest::mouseClick(dialog->findChild<QPushButton *>(u"memberSaveButton"_s), Qt::LeftButton);
    QTRY_COMPARE(changed.count(), 1);
    row = model->rowOf(u"newcomer"_s);
    QCOMPARE(model->index(row, MembersModel::RoleColumn).data().toString(), u"Monitor"_s);
    QCOMPARE(model->index(row, MembersModel::SitesColumn).data().toString(), u"All sites"_s);
    QCOMPARE(serverMembers().value(u"newcomer"_s).studyRole, td::Role::Monitor);
    QVERIFY(serverMembers().value(u"newcomer"_s).sites.isEmpty());

    // Remove, after confirming.
    page->table()->selectRow(row);
    auto *remove = page->findChild<QPushButton *>(u"removeMemberButton"_s);
    QVERIFY(remove->isEnabled());
    QTest::mouseClick(remove, Qt::LeftButton);
    auto *box = page->findChild<QMessageBox *>(u"removeMemberConfirmBox"_s);
    QVERIFY(box);
    QTRY_VERIFY(box->isVisible());
    QVERIFY(box->text().contains(u"newcomer"_s));
    QSignalSpy removed(model, &QAbstractItemModel::rowsRemoved);
    box->button(QMessageBox::Yes)->click();
    QTRY_COMPARE(removed.count(), 1);
    QVERIFY(model->rowOf(u"newcomer"_s) < 0);
    QVERIFY(!serverMembers().contains(u"newcomer"_s));
}

void TestMembersPage::unknownAccountIsAFieldError()
{
    const auto api = td::test::signIn(*m_server, u"study-pm"_s);
    QVERIFY(api);
    const auto page = openMembers(*api);
    QVERIFY(page);
    MemberDialog *dialog = openDialog(*page, "addMemberButton");
    QVERIFY(dialog);
    dialog->findChild<QLineEdit *>(u"memberUsernameEdit"_s)->setText(u"nobody-here"_s);
    QTest::mouseClick(dialog->findChild<QPushButton *>(u"memberSaveButton"_s), Qt::LeftButton);
    QTRY_VERIFY(!dialog->errors().fieldError(u"username"_s).isEmpty());
    QVERIFY(dialog->isVisible());
    QVERIFY(!serverMembers().contains(u"nobody-here"_s));

    // Some sites, none ticked: said before anything is sent.
    dialog->findChild<QCheckBox *>(u"memberAllSitesCheck"_s)->setChecked(false);
    QTest::mouseClick(dialog->findChild<QPushButton *>(u"memberSaveButton"_s), Qt::LeftButton);
    QVERIFY(!dialog->errors().fieldError(u"sites"_s).isEmpty());
}

void TestMembersPage::ownMembershipCannotBeChanged()
{
    const auto api = td::test::signIn(*m_server, u"study-pm"_s);
    QVERIFY(api);
    const auto page = openMembers(*api);
    QVERIFY(page);
    page->table()->selectRow(page->model()->rowOf(u"study-pm"_s));
    QVERIFY(page->findChild<QPushButton *>(u"addMemberButton"_s)->isEnabled());
    QVERIFY(!page->findChild<QPushButton *>(u"changeMemberButton"_s)->isEnabled());
    QVERIFY(!page->findChild<QPushButton *>(u"removeMemberButton"_s)->isEnabled());
}

void TestMembersPage::monitorSeesNoMembers()
{
    const auto api = td::test::signIn(*m_server, u"study-monitor"_s);
    QVERIFY(api);
    QCOMPARE(api->roleIn(QString::fromUtf16(Study)), u"monitor"_s);
    QVERIFY(!api->managesMembers());
    // The page is not in the monitor's main window (tst_mainwindow); shown anyway, it
    // lists nobody and offers nothing.
    const auto page = openMembers(*api);
    QVERIFY(page);
    QCOMPARE(page->model()->rowCount(), 0);
    QVERIFY(!page->findChild<QPushButton *>(u"addMemberButton"_s)->isEnabled());
}

void TestMembersPage::siteRestrictedCrcSeesOnlyTheirSite()
{
    const auto api = td::test::signIn(*m_server, u"site-crc"_s);
    QVERIFY(api);
    QCOMPARE(api->sitesIn(QString::fromUtf16(Study)), QStringList{m_sites.first()});

    // What the study holds, as the admin sees it: subjects at several sites.
    HttpClient http;
    QMap<QString, int> bySite;
    QString cursor;
    do {
        const auto page = http.get(m_server->url(u"/api/v1/projects/NCT007/subjects?limit=100"_s
                                                 + (cursor.isEmpty() ? QString() : u"&cursor="_s + cursor)));
        QCOMPARE(page.status, 200);
        for (const QJsonValue &s : page.json().value(u"items"_s).toArray())
            ++bySite[s.toObject().value(u"site"_s).toString()];
        cursor = page.json().value(u"nextCursor"_s).toString();
    } while (!cursor.isEmpty());
    QVERIFY2(bySite.size() >= 2, "the demo study should have subjects at two sites or more");
    QVERIFY(bySite.value(m_sites.first()) > 0);

    td::SubjectsPage page(*api);
    page.resize(1000, 600);
    page.show();
    td::StudyChooser *studies = page.studyCombo();
    QTRY_VERIFY(studies->findData(QString::fromUtf16(Study)) >= 0);
    studies->setCurrentIndex(studies->findData(QString::fromUtf16(Study)));
    td::SubjectTableModel *model = page.model();
    QTRY_VERIFY(model->projectCode() == QString::fromUtf16(Study) && !model->isLoading() && model->rowCount() > 0);
    while (model->canFetchMore()) {
        model->fetchMore();
        QTRY_VERIFY(!model->isLoading());
    }
    QCOMPARE(model->rowCount(), bySite.value(m_sites.first()));
    for (int row = 0; row < model->rowCount(); ++row)
        QCOMPARE(model->subject(row).site, m_sites.first());

    // Enrol offers that one site, chosen already.
    auto *enrol = page.findChild<QPushButton *>(u"enrolButton"_s);
    QVERIFY(enrol->isVisible() && enrol->isEnabled());
    QTest::mouseClick(enrol, Qt::LeftButton);
    auto *dialog = page.findChild<td::EnrolDialog *>();
    QVERIFY(dialog);
    auto *site = dialog->findChild<QComboBox *>(u"siteCombo"_s);
    QCOMPARE(site->count(), 1);
    QCOMPARE(site->currentText(), m_sites.first());
    dialog->reject();
}

QTEST_MAIN(TestMembersPage)
#include "tst_memberspage.moc"

#include "HttpClient.h"
#include "TestServer.h"
#include "net/ApiClient.h"
#include "studies/ProjectDialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QCompleter>
#include <QDateEdit>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTest>
#include <memory>

using namespace Qt::StringLiterals;
using td::ApiClient;
using td::ProjectDialog;
using td::test::HttpClient;
using td::test::TestServer;

class TestProjectDialog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void createsStudy();
    void duplicateCodeShowsFieldError();
    void requiredFieldsCheckedBeforeSending();
    void editSendsChanges();
    void forbiddenRoleShowsMessage();
    void timeZoneDefaultsCompletesAndIsSent();

private:
    template<typename T>
    T *child(ProjectDialog &dialog, const char *name)
    {
        T *widget = dialog.findChild<T *>(QString::fromLatin1(name));
        if (!widget)
            qWarning("no child %s", name);
        return widget;
    }
    void type(ProjectDialog &dialog, const char *name, const QString &text);
    QJsonObject fetch(const QString &code);

    std::unique_ptr<TestServer> m_server;
    std::unique_ptr<ApiClient> m_api;
    QString m_monitorToken;
};

void TestProjectDialog::initTestCase()
{
    m_server = std::make_unique<TestServer>(QStringList{u"--no-request-log"_s});
    QVERIFY2(m_server->start(), m_server->log().constData());
    m_monitorToken = m_server->createStaff(u"monitor"_s, u"monitor"_s);
    QVERIFY(!m_monitorToken.isEmpty());
}

void TestProjectDialog::init()
{
    m_api = std::make_unique<ApiClient>();
    m_api->setBaseUrl(m_server->url({}));
    m_api->setToken(m_server->adminToken());
}

void TestProjectDialog::cleanup()
{
    m_api.reset();
}

void TestProjectDialog::type(ProjectDialog &dialog, const char *name, const QString &text)
{
    auto *edit = child<QLineEdit>(dialog, name);
    QVERIFY(edit);
    edit->clear();
    QTest::keyClicks(edit, text);
}

QJsonObject TestProjectDialog::fetch(const QString &code)
{
    HttpClient http;
    const auto reply = http.get(m_server->url(u"/api/v1/projects/"_s + code));
    return reply.status == 200 ? reply.json() : QJsonObject();
}

void TestProjectDialog::createsStudy()
{
    ProjectDialog dialog(*m_api);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QCOMPARE(dialog.windowTitle(), u"New Study"_s);

    type(dialog, "codeEdit", u"NCT900"_s);
    type(dialog, "titleEdit", u"Pilot of a daily symptom diary"_s);
    child<QComboBox>(dialog, "phaseCombo")->setCurrentText(u"II"_s);
    auto *status = child<QComboBox>(dialog, "statusCombo");
    status->setCurrentIndex(status->findData(u"active"_s));
    QCOMPARE(status->currentText(), u"Active"_s);
    type(dialog, "sponsorEdit", u"Acme Pharma"_s);
    type(dialog, "principalInvestigatorEdit", u"Dr. Li"_s);
    QTest::mouseClick(child<QCheckBox>(dialog, "startDateCheck"), Qt::LeftButton);
    QVERIFY(child<QDateEdit>(dialog, "startDateEdit")->isEnabled());
    child<QDateEdit>(dialog, "startDateEdit")->setDate(QDate(2026, 3, 1));
    child<QSpinBox>(dialog, "targetEnrollmentSpin")->setValue(40);
    child<QPlainTextEdit>(dialog, "sitesEdit")->setPlainText(u"Beijing\n  Shanghai\n\n"_s);

    QSignalSpy saved(&dialog, &ProjectDialog::projectSaved);
    auto *save = child<QPushButton>(dialog, "saveButton");
    QTest::mouseClick(save, Qt::LeftButton);
    QVERIFY(!save->isEnabled()); // busy
    QTRY_COMPARE(saved.count(), 1);
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QVERIFY(!dialog.isVisible());
    QCOMPARE(dialog.savedProject().code, u"NCT900"_s);

    const QJsonObject stored = fetch(u"NCT900"_s);
    QCOMPARE(stored.value(u"title"_s).toString(), u"Pilot of a daily symptom diary"_s);
    QCOMPARE(stored.value(u"phase"_s).toString(), u"II"_s);
    QCOMPARE(stored.value(u"status"_s).toString(), u"active"_s);
    QCOMPARE(stored.value(u"sponsor"_s).toString(), u"Acme Pharma"_s);
    QCOMPARE(stored.value(u"principalInvestigator"_s).toString(), u"Dr. Li"_s);
    QCOMPARE(stored.value(u"startDate"_s).toString(), u"2026-03-01"_s);
    QVERIFY(stored.value(u"endDate"_s).isNull());
    QCOMPARE(stored.value(u"targetEnrollment"_s).toInt(), 40);
    QCOMPARE(stored.value(u"sites"_s).toArray(), (QJsonArray{u"Beijing"_s, u"Shanghai"_s}));
    QCOMPARE(stored.value(u"timeZone"_s).toString(), u"Asia/Shanghai"_s); // the default, untouched
}

void TestProjectDialog::duplicateCodeShowsFieldError()
{
    HttpClient http;
    const QJsonObject existing{{u"code"_s, u"DUP1"_s}, {u"title"_s, u"Existing"_s}};
    QCOMPARE(http.post(m_server->url(u"/api/v1/projects"_s), QJsonDocument(existing).toJson()).status, 201);

    ProjectDialog dialog(*m_api);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    type(dialog, "codeEdit", u"DUP1"_s);
    type(dialog, "titleEdit", u"Second try"_s);
    auto *codeError = child<QLabel>(dialog, "codeErrorLabel");
    QVERIFY(codeError->isHidden());

    auto *save = child<QPushButton>(dialog, "saveButton");
    QTest::mouseClick(save, Qt::LeftButton);
    QTRY_VERIFY(!dialog.isBusy());
    QCOMPARE(codeError->text(), u"Code is already in use."_s);
    QVERIFY(!codeError->isHidden());
    QCOMPARE(dialog.errors().fieldError(u"code"_s), u"Code is already in use."_s);
    QVERIFY(dialog.errors().fieldError(u"title"_s).isEmpty());
    // Right under the code field.
    QCOMPARE(codeError->parentWidget(), child<QLineEdit>(dialog, "codeEdit")->parentWidget());
    QCOMPARE(dialog.errors().message(), u"The study was not saved. Please correct the fields marked in red."_s);
    // Still open, with what the user typed.
    QVERIFY(dialog.isVisible());
    QCOMPARE(dialog.result(), int(QDialog::Rejected));
    QCOMPARE(child<QLineEdit>(dialog, "titleEdit")->text(), u"Second try"_s);
    QVERIFY(save->isEnabled());
    QCOMPARE(fetch(u"DUP1"_s).value(u"title"_s).toString(), u"Existing"_s);

    // Corrected: the error goes away and the study is stored.
    type(dialog, "codeEdit", u"DUP2"_s);
    QSignalSpy saved(&dialog, &ProjectDialog::projectSaved);
    QTest::mouseClick(save, Qt::LeftButton);
    QTRY_COMPARE(saved.count(), 1);
    QVERIFY(codeError->isHidden());
    QCOMPARE(fetch(u"DUP2"_s).value(u"title"_s).toString(), u"Second try"_s);
}

void TestProjectDialog::requiredFieldsCheckedBeforeSending()
{
    ProjectDialog dialog(*m_api);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    type(dialog, "codeEdit", u"bad code!"_s);
    QTest::mouseClick(child<QPushButton>(dialog, "saveButton"), Qt::LeftButton);
    QVERIFY(!dialog.isBusy()); // nothing sent
    QVERIFY(dialog.errors().fieldError(u"code"_s).startsWith(u"Code may only contain"_s));
    QCOMPARE(dialog.errors().fieldError(u"title"_s), u"Title is required."_s);
    QVERIFY(dialog.isVisible());
}

void TestProjectDialog::editSendsChanges()
{
    HttpClient http;
    const QJsonObject body{
        {u"code"_s, u"EDIT1"_s}, {u"title"_s, u"Before"_s}, {u"sponsor"_s, u"Acme"_s}, {u"targetEnrollment"_s, 10}};
    QCOMPARE(http.post(m_server->url(u"/api/v1/projects"_s), QJsonDocument(body).toJson()).status, 201);
    const td::Project project = td::Project::fromJson(fetch(u"EDIT1"_s));

    ProjectDialog dialog(*m_api, project);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QCOMPARE(dialog.windowTitle(), u"Edit Study EDIT1"_s);
    QVERIFY(child<QLineEdit>(dialog, "codeEdit")->isReadOnly());
    QCOMPARE(child<QLineEdit>(dialog, "sponsorEdit")->text(), u"Acme"_s);
    QCOMPARE(child<QSpinBox>(dialog, "targetEnrollmentSpin")->value(), 10);

    type(dialog, "titleEdit", u"After"_s);
    child<QLineEdit>(dialog, "sponsorEdit")->clear();
    child<QSpinBox>(dialog, "targetEnrollmentSpin")->setValue(-1); // "Not set"
    QSignalSpy saved(&dialog, &ProjectDialog::projectSaved);
    QTest::mouseClick(child<QPushButton>(dialog, "saveButton"), Qt::LeftButton);
    QTRY_COMPARE(saved.count(), 1);

    const QJsonObject stored = fetch(u"EDIT1"_s);
    QCOMPARE(stored.value(u"title"_s).toString(), u"After"_s);
    QVERIFY(stored.value(u"sponsor"_s).isNull());
    QVERIFY(stored.value(u"targetEnrollment"_s).isNull());
    QCOMPARE(dialog.savedProject().title, u"After"_s);
    QCOMPARE(stored.value(u"timeZone"_s).toString(), u"Asia/Shanghai"_s);
}

void TestProjectDialog::timeZoneDefaultsCompletesAndIsSent()
{
    ProjectDialog dialog(*m_api);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    auto *zone = child<QComboBox>(dialog, "timeZoneCombo");
    QVERIFY(zone);
    QVERIFY(zone->isEditable());
    QCOMPARE(zone->currentText(), u"Asia/Shanghai"_s);
    QVERIFY(zone->findText(u"America/New_York"_s) >= 0);
    // Any part of the id completes, whatever its case.
    QCOMPARE(zone->completer()->filterMode(), Qt::MatchContains);
    zone->completer()->setCompletionPrefix(u"new_york"_s);
    QVERIFY(zone->completer()->completionCount() >= 1);
    QCOMPARE(zone->completer()->currentCompletion(), u"America/New_York"_s);

    type(dialog, "codeEdit", u"TZ-DLG"_s);
    type(dialog, "titleEdit", u"Zoned"_s);
    // A zone nobody knows is refused before anything is sent.
    zone->setEditText(u"Mars/Olympus"_s);
    QTest::mouseClick(child<QPushButton>(dialog, "saveButton"), Qt::LeftButton);
    QVERIFY(dialog.errors().fieldError(u"timeZone"_s).contains(u"time zone"_s));
    QVERIFY(dialog.isVisible());
    QVERIFY(fetch(u"TZ-DLG"_s).isEmpty());

    zone->setEditText(u"America/New_York"_s);
    QSignalSpy saved(&dialog, &ProjectDialog::projectSaved);
    QTest::mouseClick(child<QPushButton>(dialog, "saveButton"), Qt::LeftButton);
    QTRY_COMPARE(saved.count(), 1);
    QCOMPARE(fetch(u"TZ-DLG"_s).value(u"timeZone"_s).toString(), u"America/New_York"_s);

    // Editing shows the stored zone; a change alone is sent as a patch.
    const td::Project project = td::Project::fromJson(fetch(u"TZ-DLG"_s));
    ProjectDialog edit(*m_api, project);
    edit.show();
    QVERIFY(QTest::qWaitForWindowExposed(&edit));
    auto *editZone = child<QComboBox>(edit, "timeZoneCombo");
    QCOMPARE(editZone->currentText(), u"America/New_York"_s);
    editZone->setCurrentIndex(editZone->findText(u"Europe/Berlin"_s));
    QSignalSpy editSaved(&edit, &ProjectDialog::projectSaved);
    QTest::mouseClick(child<QPushButton>(edit, "saveButton"), Qt::LeftButton);
    QTRY_COMPARE(editSaved.count(), 1);
    QCOMPARE(fetch(u"TZ-DLG"_s).value(u"timeZone"_s).toString(), u"Europe/Berlin"_s);
    QCOMPARE(edit.savedProject().timeZone, u"Europe/Berlin"_s);
}

void TestProjectDialog::forbiddenRoleShowsMessage()
{
    m_api->setToken(m_monitorToken);
    ProjectDialog dialog(*m_api);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    type(dialog, "codeEdit", u"MON1"_s);
    type(dialog, "titleEdit", u"Not allowed"_s);
    QTest::mouseClick(child<QPushButton>(dialog, "saveButton"), Qt::LeftButton);
    QTRY_VERIFY(!dialog.isBusy());
    QCOMPARE(dialog.errors().message(), u"Your role may not create or change studies."_s);
    QVERIFY(dialog.isVisible());
    QVERIFY(fetch(u"MON1"_s).isEmpty());
}

QTEST_MAIN(TestProjectDialog)
#include "tst_projectdialog.moc"

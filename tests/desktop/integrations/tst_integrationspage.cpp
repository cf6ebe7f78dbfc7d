// Issue #16 on the desktop: a study's webhooks and their delivery log on the
// Integrations page, against a real server that posts to a receiver in this test.
#include "HttpClient.h"
#include "SignIn.h"
#include "TestServer.h"
#include "WebhookReceiver.h"
#include "integrations/DeliveriesModel.h"
#include "integrations/DeliveryDetailsDialog.h"
#include "integrations/IntegrationsPage.h"
#include "integrations/WebhookDialog.h"
#include "integrations/WebhookSecretDialog.h"
#include "integrations/WebhooksModel.h"
#include "net/ApiClient.h"
#include "widgets/MessageBanner.h"
#include "widgets/RecordTableView.h"
#include "widgets/StudyChooser.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QCoroTask>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTest>
#include <memory>

using namespace Qt::StringLiterals;
using td::ApiClient;
using td::DeliveriesModel;
using td::IntegrationsPage;
using td::WebhookDialog;
using td::WebhooksModel;
using td::test::HttpClient;
using td::test::HttpReply;
using td::test::TestServer;

namespace {

// A study of its own: free-form submissions (the demo studies want their questionnaires).
constexpr auto kStudy = u"HOOK01";

QByteArray jsonBytes(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

} // namespace

class TestIntegrationsPage : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup();

    void addedWebhookShowsItsSecretOnce();
    void refusedUrlShowsOnTheField_data();
    void refusedUrlShowsOnTheField();
    void disableRotateAndDelete();
    void monitorIsNotOffered();
    void deliveryLogFollowsEventsAndKeepsSelection();
    void deadDeliveryIsRetried();

private:
    std::unique_ptr<IntegrationsPage> openPage(ApiClient &api, bool manages = true);
    WebhookDialog *openDialog(IntegrationsPage &page, const QString &button);
    // Through the API, as the admin: the new webhook's id (0 on failure).
    qint64 createWebhook(const QString &url, const QStringList &types = {});
    int serverWebhookCount();
    // Enrols a subject of the study (an event) and posts one submission (another).
    bool enrolAndSubmit(const QString &subjectId);

    std::unique_ptr<TestServer> m_server;
    td::test::WebhookReceiver m_receiver;
    HttpClient m_http;
};

void TestIntegrationsPage::initTestCase()
{
    QVERIFY(m_receiver.listen());
    m_server = std::make_unique<TestServer>(QStringList{u"--demo"_s, u"--no-request-log"_s, u"--login-rate"_s, u"0"_s,
                                                        u"--webhook-allow-hosts"_s, u"127.0.0.1"_s,
                                                        // A refused delivery is dead at once.
                                                        u"--webhook-max-attempts"_s, u"1"_s});
    QVERIFY2(m_server->start(), m_server->log().constData());
    const HttpReply study =
        m_http.post(m_server->url(u"/api/v1/projects"_s), jsonBytes({{u"code"_s, QString::fromUtf16(kStudy)},
                                                                     {u"title"_s, u"Webhooks on the desktop"_s},
                                                                     {u"status"_s, u"active"_s}}));
    QVERIFY2(study.status == 201, study.body.constData());
    QVERIFY(!m_server->createStaff(u"hook-pm"_s, u"crc"_s).isEmpty()); // pm here, crc elsewhere
    QVERIFY(m_server->grantMembership(u"hook-pm"_s, QString::fromUtf16(kStudy), u"pm"_s));
    QVERIFY(!m_server->createStaff(u"hook-monitor"_s, u"monitor"_s).isEmpty());
    QVERIFY(m_server->grantMembership(u"hook-monitor"_s, QString::fromUtf16(kStudy), u"monitor"_s));
}

void TestIntegrationsPage::cleanup()
{
    const QList<QWidget *> windows = QApplication::topLevelWidgets();
    for (QWidget *window : windows)
        window->close();
}

std::unique_ptr<IntegrationsPage> TestIntegrationsPage::openPage(ApiClient &api, bool manages)
{
    auto page = std::make_unique<IntegrationsPage>(api);
    page->resize(1100, 600);
    page->show();
    td::StudyChooser *studies = page->studyChooser();
    const QString code = QString::fromUtf16(kStudy);
    if (!QTest::qWaitFor([&] { return studies->findData(code) >= 0; }))
        return nullptr;
    studies->setCurrentIndex(studies->findData(code));
    // Settled: the chosen study's webhooks on screen, as many as the server has.
    const int webhooks = manages ? serverWebhookCount() : 0;
    if (!QTest::qWaitFor([&] {
            return !studies->isLoading() && !page->isLoading() && studies->currentCode() == code
                   && page->webhooksModel()->rowCount() == webhooks;
        }))
        return nullptr;
    return page;
}

WebhookDialog *TestIntegrationsPage::openDialog(IntegrationsPage &page, const QString &button)
{
    auto *push = page.findChild<QPushButton *>(button);
    if (!push || !push->isEnabled())
        return nullptr;
    QTest::mouseClick(push, Qt::LeftButton);
    auto *dialog = page.findChild<WebhookDialog *>();
    if (dialog && !QTest::qWaitFor([dialog] { return dialog->isVisible(); }))
        return nullptr;
    return dialog;
}

qint64 TestIntegrationsPage::createWebhook(const QString &url, const QStringList &types)
{
    const HttpReply created = m_http.post(
        m_server->url(u"/api/v1/projects/%1/webhooks"_s.arg(QString::fromUtf16(kStudy))),
        jsonBytes({{u"url"_s, url}, {u"eventTypes"_s, QJsonArray::fromStringList(types)}, {u"enabled"_s, true}}));
    if (created.status != 201) {
        qWarning("webhook not created: %d %s", created.status, created.body.constData());
        return 0;
    }
    return created.json().value(u"id"_s).toInteger();
}

int TestIntegrationsPage::serverWebhookCount()
{
    const HttpReply listed =
        m_http.get(m_server->url(u"/api/v1/projects/%1/webhooks"_s.arg(QString::fromUtf16(kStudy))));
    return listed.status == 200 ? int(listed.json().value(u"webhooks"_s).toArray().size()) : -1;
}

bool TestIntegrationsPage::enrolAndSubmit(const QString &subjectId)
{
    const HttpReply enrolled =
        m_http.post(m_server->url(u"/api/v1/projects/%1/subjects"_s.arg(QString::fromUtf16(kStudy))),
                    jsonBytes({{u"subjectId"_s, subjectId}, {u"name"_s, u"Hook"_s}, {u"phone"_s, u"18812348888"_s}}));
    if (enrolled.status != 201) {
        qWarning("enrolment failed: %d %s", enrolled.status, enrolled.body.constData());
        return false;
    }
    HttpClient subject;
    subject.setToken(enrolled.json().value(u"subjectToken"_s).toString());
    const HttpReply submitted =
        subject.post(m_server->url(u"/api/v1/subjects/%1/questionnaires"_s.arg(subjectId)),
                     jsonBytes({{u"subjectId"_s, subjectId},
                                {u"answers"_s, QJsonObject{{u"q1"_s, 3}}},
                                {u"submitAt"_s, QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs)}}));
    if (submitted.status != 201)
        qWarning("submission failed: %d %s", submitted.status, submitted.body.constData());
    return submitted.status == 201;
}

void TestIntegrationsPage::addedWebhookShowsItsSecretOnce()
{
    const auto api = td::test::signIn(*m_server, u"hook-pm"_s);
    QVERIFY(api);
    QVERIFY(api->managesIntegrations());
    const auto page = openPage(*api);
    QVERIFY(page);
    WebhookDialog *dialog = openDialog(*page, u"addWebhookButton"_s);
    QVERIFY(dialog);
    const QString url = m_receiver.url().toString() + u"?added"_s;
    dialog->findChild<QLineEdit *>(u"webhookUrlEdit"_s)->setText(url);
    dialog->findChild<QCheckBox *>(u"webhookAllTypesCheck"_s)->setChecked(false);
    auto *types = dialog->findChild<QListWidget *>(u"webhookTypeList"_s);
    QCOMPARE(types->count(), td::StudyEvent::types().size());
    types->findItems(td::StudyEvent::SubmissionStored, Qt::MatchExactly).first()->setCheckState(Qt::Checked);
    dialog->findChild<QLineEdit *>(u"webhookDescriptionEdit"_s)->setText(u"SMS relay"_s);
    QSignalSpy created(dialog, &WebhookDialog::webhookCreated);
    QTest::mouseClick(dialog->findChild<QPushButton *>(u"webhookSaveButton"_s), Qt::LeftButton);
    QTRY_COMPARE(created.count(), 1);

    // The secret, once: read-only, with Copy and the warning.
    QTRY_VERIFY(page->secretDialog() && page->secretDialog()->isVisible());
    td::WebhookSecretDialog *secretDialog = page->secretDialog();
    auto *secretEdit = secretDialog->findChild<QLineEdit *>(u"webhookSecretEdit"_s);
    const QString secret = secretEdit->text();
    QVERIFY(secret.size() >= 16);
    QCOMPARE(secret, created.first().at(1).toString());
    QVERIFY(secretEdit->isReadOnly());
    QVERIFY(secretDialog->findChild<QPushButton *>(u"copySecretButton"_s));
    QVERIFY(secretDialog->findChild<td::MessageBanner *>(u"secretWarningLabel"_s)
                ->text()
                .contains(u"not be shown again"_s));

    WebhooksModel *model = page->webhooksModel();
    const qint64 id = created.first().at(0).value<td::Webhook>().id;
    const int row = model->rowOf(id);
    QVERIFY(row >= 0);
    QCOMPARE(model->index(row, WebhooksModel::UrlColumn).data().toString(), url);
    QCOMPARE(model->index(row, WebhooksModel::EventsColumn).data().toString(), td::StudyEvent::SubmissionStored);
    QCOMPARE(model->index(row, WebhooksModel::EnabledColumn).data().toString(), u"Enabled"_s);
    secretDialog->close();
    QTRY_VERIFY(!page->secretDialog());

    // Nowhere else: not in the list read again, not in the server's answers.
    page->reload();
    QTRY_VERIFY(model->rowOf(id) >= 0);
    for (int column = 0; column < WebhooksModel::ColumnCount; ++column)
        QVERIFY(!model->index(model->rowOf(id), column).data().toString().contains(secret));
    const HttpReply listed =
        m_http.get(m_server->url(u"/api/v1/projects/%1/webhooks"_s.arg(QString::fromUtf16(kStudy))));
    QCOMPARE(listed.status, 200);
    QVERIFY(!listed.body.contains(secret.toUtf8()));
}

void TestIntegrationsPage::refusedUrlShowsOnTheField_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<bool>("byServer");
    QTest::newRow("private address") << u"http://10.1.2.3/hook"_s << true;
    QTest::newRow("plain http elsewhere") << u"http://192.168.10.20:8080/hook"_s << true;
    QTest::newRow("not http") << u"ftp://127.0.0.1/hook"_s << false;
    QTest::newRow("empty") << QString() << false;
}

void TestIntegrationsPage::refusedUrlShowsOnTheField()
{
    QFETCH(QString, url);
    QFETCH(bool, byServer);
    const auto api = td::test::signIn(*m_server, u"hook-pm"_s);
    QVERIFY(api);
    const auto page = openPage(*api);
    QVERIFY(page);
    const int rows = serverWebhookCount();
    QTRY_COMPARE(page->webhooksModel()->rowCount(), rows);
    WebhookDialog *dialog = openDialog(*page, u"addWebhookButton"_s);
    QVERIFY(dialog);
    dialog->findChild<QLineEdit *>(u"webhookUrlEdit"_s)->setText(url);
    QSignalSpy created(dialog, &WebhookDialog::webhookCreated);
    auto *save = dialog->findChild<QPushButton *>(u"webhookSaveButton"_s);
    QTest::mouseClick(save, Qt::LeftButton);
    QTRY_VERIFY(!dialog->errors().fieldError(u"url"_s).isEmpty());
    QTRY_VERIFY(save->isEnabled()); // the answer is in
    QCOMPARE(created.count(), 0);
    QVERIFY(dialog->isVisible());
    if (byServer)
        QVERIFY2(!dialog->errors().message().isEmpty(), qPrintable(dialog->errors().fieldError(u"url"_s)));
    QCOMPARE(page->webhooksModel()->rowCount(), rows);
    QCOMPARE(serverWebhookCount(), rows);
}

void TestIntegrationsPage::disableRotateAndDelete()
{
    const qint64 id = createWebhook(m_receiver.url().toString() + u"?lifecycle"_s);
    QVERIFY(id > 0);
    const auto api = td::test::signIn(*m_server, u"hook-pm"_s);
    QVERIFY(api);
    const auto page = openPage(*api);
    QVERIFY(page);
    WebhooksModel *model = page->webhooksModel();
    QTRY_VERIFY(model->rowOf(id) >= 0);
    page->webhookTable()->selectRow(model->rowOf(id));

    // Disable, and the server has it so.
    auto *enable = page->findChild<QPushButton *>(u"enableWebhookButton"_s);
    QTRY_VERIFY(enable->isEnabled());
    QTest::mouseClick(enable, Qt::LeftButton);
    QTRY_COMPARE(model->webhook(model->rowOf(id)).enabled, false);
    QCOMPARE(m_http.get(m_server->url(u"/api/v1/webhooks/%1"_s.arg(id))).json().value(u"enabled"_s).toBool(), false);
    QTRY_VERIFY(enable->isEnabled());
    QVERIFY(enable->text().contains(u"nable"_s)); // "E&nable" now

    // Rotate: confirm, then the new secret once.
    QTest::mouseClick(page->findChild<QPushButton *>(u"rotateSecretButton"_s), Qt::LeftButton);
    QMessageBox *box = nullptr;
    QTRY_VERIFY((box = page->findChild<QMessageBox *>(u"rotateSecretConfirmBox"_s)) && box->isVisible());
    box->button(QMessageBox::Yes)->click();
    QTRY_VERIFY(page->secretDialog() && page->secretDialog()->isVisible());
    QVERIFY(page->secretDialog()->secret().size() >= 16);
    QVERIFY(page->secretDialog()->windowTitle().contains(u"New"_s));
    page->secretDialog()->close();

    // Delete: confirm, and it is gone here and there.
    QTest::mouseClick(page->findChild<QPushButton *>(u"deleteWebhookButton"_s), Qt::LeftButton);
    QTRY_VERIFY((box = page->findChild<QMessageBox *>(u"deleteWebhookConfirmBox"_s)) && box->isVisible());
    box->button(QMessageBox::Yes)->click();
    QTRY_COMPARE(model->rowOf(id), -1);
    QCOMPARE(m_http.get(m_server->url(u"/api/v1/webhooks/%1"_s.arg(id))).status, 404);
}

void TestIntegrationsPage::monitorIsNotOffered()
{
    const auto api = td::test::signIn(*m_server, u"hook-monitor"_s);
    QVERIFY(api);
    QVERIFY(!api->managesIntegrations());
    const auto page = openPage(*api, false);
    QVERIFY(page);
    QCOMPARE(page->webhooksModel()->rowCount(), 0);
    QVERIFY(!page->findChild<QPushButton *>(u"addWebhookButton"_s)->isEnabled());
    QVERIFY(page->findChild<td::MessageBanner *>(u"integrationsBanner"_s)->text().contains(u"project managers"_s));
}

void TestIntegrationsPage::deliveryLogFollowsEventsAndKeepsSelection()
{
    const qint64 id = createWebhook(m_receiver.url().toString() + u"?log"_s);
    QVERIFY(id > 0);
    const auto api = td::test::signIn(*m_server, u"hook-pm"_s);
    QVERIFY(api);
    api->startEventStream(false);
    QTRY_COMPARE_WITH_TIMEOUT(api->eventStream().state(), td::EventStream::State::Live, 10000);
    const auto page = openPage(*api);
    QVERIFY(page);
    page->setLiveDelay(100);
    WebhooksModel *webhooks = page->webhooksModel();
    QTRY_VERIFY(webhooks->rowOf(id) >= 0);
    page->webhookTable()->selectRow(webhooks->rowOf(id));
    DeliveriesModel *log = page->deliveriesModel();

    // Two events (an enrolment, a submission): both delivered to the receiver.
    QVERIFY(enrolAndSubmit(u"HOOK-1"_s));
    QTRY_VERIFY_WITH_TIMEOUT(log->rowCount() >= 2, 15000);
    QTRY_VERIFY_WITH_TIMEOUT(log->delivery(0).state == u"delivered"_s && log->delivery(1).state == u"delivered"_s,
                             15000);
    QCOMPARE(log->index(0, DeliveriesModel::LastStatusColumn).data().toInt(), 200);
    QCOMPARE(log->index(0, DeliveriesModel::StateColumn).data(Qt::ForegroundRole).value<QBrush>().color(),
             DeliveriesModel::stateColour(u"delivered"_s));
    const QStringList types = {log->delivery(0).eventType, log->delivery(1).eventType};
    QVERIFY2(types.contains(td::StudyEvent::SubmissionStored), qPrintable(types.join(u", "_s)));
    QVERIFY(types.contains(td::StudyEvent::SubjectEnrolled));

    // The user looks at the older one; two newer arrive on top without taking it away.
    page->deliveryTable()->selectRow(1);
    const qint64 selected = log->delivery(1).id;
    const int rows = log->rowCount();
    QSignalSpy reset(log, &QAbstractItemModel::modelReset);
    QVERIFY(enrolAndSubmit(u"HOOK-2"_s));
    QTRY_VERIFY_WITH_TIMEOUT(log->rowCount() >= rows + 2, 15000);
    QCOMPARE(reset.count(), 0);
    const QModelIndexList selection = page->deliveryTable()->selectionModel()->selectedRows();
    QCOMPARE(selection.size(), 1);
    QCOMPARE(log->delivery(selection.first().row()).id, selected);

    // Its attempt log.
    QTest::mouseClick(page->findChild<QPushButton *>(u"deliveryDetailsButton"_s), Qt::LeftButton);
    td::DeliveryDetailsDialog *details = nullptr;
    QTRY_VERIFY((details = page->findChild<td::DeliveryDetailsDialog *>()) && details->isVisible());
    QVERIFY(details->attemptTable()->rowCount() >= 1);
    QCOMPARE(details->attemptTable()->item(0, 1)->text(), u"200"_s);
    details->close();

    // The state filter: nothing dead here.
    QSignalSpy loaded(page.get(), &IntegrationsPage::deliveriesLoaded);
    page->stateFilter()->setCurrentIndex(page->stateFilter()->findData(u"dead"_s));
    QTRY_VERIFY(!loaded.isEmpty());
    QTRY_COMPARE(log->rowCount(), 0);
    QVERIFY(!page->findChild<QPushButton *>(u"retryDeliveryButton"_s)->isEnabled());
}

void TestIntegrationsPage::deadDeliveryIsRetried()
{
    td::test::WebhookReceiver failing;
    failing.failAlways(500);
    QVERIFY(failing.listen());
    const qint64 id = createWebhook(failing.url().toString(), {td::StudyEvent::SubmissionStored});
    QVERIFY(id > 0);
    const auto api = td::test::signIn(*m_server, u"hook-pm"_s);
    QVERIFY(api);
    api->startEventStream(false);
    QTRY_COMPARE_WITH_TIMEOUT(api->eventStream().state(), td::EventStream::State::Live, 10000);
    const auto page = openPage(*api);
    QVERIFY(page);
    page->setLiveDelay(100);
    QTRY_VERIFY(page->webhooksModel()->rowOf(id) >= 0);
    page->webhookTable()->selectRow(page->webhooksModel()->rowOf(id));
    page->stateFilter()->setCurrentIndex(page->stateFilter()->findData(td::WebhookDelivery::Dead));
    DeliveriesModel *log = page->deliveriesModel();

    QVERIFY(enrolAndSubmit(u"HOOK-DEAD"_s));
    // Dead after its one try; the filter shows it (an event of the study reads the log again).
    QTRY_VERIFY_WITH_TIMEOUT(failing.requestCount() >= 1, 15000);
    QVERIFY(enrolAndSubmit(u"HOOK-DEAD-2"_s));
    QTRY_VERIFY_WITH_TIMEOUT(log->rowCount() >= 1, 15000);
    QCOMPARE(log->delivery(0).state, td::WebhookDelivery::Dead);
    QCOMPARE(log->delivery(0).lastStatus, std::optional<int>(500));
    QCOMPARE(log->index(0, DeliveriesModel::StateColumn).data().toString(), u"Dead"_s);
    QTRY_COMPARE(page->webhooksModel()->webhook(page->webhooksModel()->rowOf(id)).dead >= 1, true);

    // Retry, with the receiver back on its feet: pending, then delivered.
    page->stateFilter()->setCurrentIndex(page->stateFilter()->findData(QString()));
    QTRY_VERIFY(log->rowCount() >= 1);
    const qint64 dead = log->delivery(log->rowCount() - 1).id;
    page->deliveryTable()->selectRow(log->rowOf(dead));
    auto *retry = page->findChild<QPushButton *>(u"retryDeliveryButton"_s);
    QTRY_VERIFY(retry->isEnabled());
    failing.failAlways(0);
    QTest::mouseClick(retry, Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(
        log->rowOf(dead) >= 0 && log->delivery(log->rowOf(dead)).state == td::WebhookDelivery::Delivered, 20000);
    QCOMPARE(log->delivery(log->rowOf(dead)).lastStatus, std::optional<int>(200));
    QVERIFY(log->delivery(log->rowOf(dead)).attempts >= 1); // the server counts the tries after a retry
    const QModelIndexList selection = page->deliveryTable()->selectionModel()->selectedRows();
    QCOMPARE(selection.size(), 1);
    QCOMPARE(log->delivery(selection.first().row()).id, dead);
    QVERIFY(!retry->isEnabled());
}

QTEST_MAIN(TestIntegrationsPage)
#include "tst_integrationspage.moc"

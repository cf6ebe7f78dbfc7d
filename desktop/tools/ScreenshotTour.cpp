// trialdesk-screenshots: signs in to a running server and saves a picture of each
// main screen, for the documentation (scripts/screenshots drives it once per
// language against a demo server). It goes through the real widgets, the way a
// user would: the sign-in dialog, then each page of the navigation list with a
// study, subject or submission chosen so the picture shows real content.
//
// Developer tool, not shipped: its messages are not translated.

#include "app/AppMetadata.h"
#include "app/LanguageManager.h"
#include "app/LoginDialog.h"
#include "app/MainWindow.h"
#include "app/WindowPicture.h"
#include "dashboard/DashboardPage.h"
#include "dashboard/MissingSubjectsModel.h"
#include "integrations/DeliveriesModel.h"
#include "integrations/IntegrationsPage.h"
#include "integrations/WebhooksModel.h"
#include "members/MembersModel.h"
#include "members/MembersPage.h"
#include "protocol/DefinitionEditor.h"
#include "protocol/ProtocolPage.h"
#include "protocol/QuestionnairePreview.h"
#include "protocol/QuestionnaireVersionsModel.h"
#include "protocol/ScheduleEditor.h"
#include "protocol/SchedulePanel.h"
#include "review/ReviewPage.h"
#include "review/SubmissionQueueModel.h"
#include "studies/ProjectTableModel.h"
#include "studies/StudiesPage.h"
#include "subjects/SubjectCompliancePanel.h"
#include "subjects/SubjectTableModel.h"
#include "subjects/SubjectsPage.h"
#include "vitals/VitalsPage.h"
#include "widgets/ComplianceCalendarView.h"
#include "widgets/RecordTableView.h"
#include "widgets/StudyChooser.h"

#include <QAbstractButton>
#include <QApplication>
#include <QComboBox>
#include <QCommandLineParser>
#include <QCoroTask>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSlider>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableView>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTextStream>
#include <QTimer>
#include <cstdio>
#include <functional>
#include <stdexcept>

using namespace Qt::StringLiterals;

namespace {

constexpr int kTimeoutMs = 30'000;

[[noreturn]] void fail(const QString &what)
{
    throw std::runtime_error(what.toStdString());
}

// Lets the event loop run (network, layouts, paints) until `done` holds.
void waitFor(const std::function<bool()> &done, const QString &what)
{
    QElapsedTimer clock;
    clock.start();
    while (!done()) {
        if (clock.elapsed() > kTimeoutMs)
            fail(u"timed out waiting for "_s + what);
        QEventLoop loop;
        QTimer::singleShot(20, &loop, &QEventLoop::quit);
        loop.exec();
    }
}

// A little more time for the last layouts and chart animations to settle.
void settle(int ms = 300)
{
    QEventLoop loop;
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    loop.exec();
}

template<typename T>
T *child(const QObject *parent, const QString &name)
{
    T *found = parent->findChild<T *>(name);
    if (!found)
        fail(u"no widget named "_s + name);
    return found;
}

void selectData(QComboBox *combo, const QString &value)
{
    waitFor([&] { return combo->findData(value) >= 0; }, u"\""_s + value + u"\" in "_s + combo->objectName());
    combo->setCurrentIndex(combo->findData(value));
}

// The receiving end of the Integrations picture's webhook: answers each request with
// 200, but the second with 500 (the demo server gives up after one try: a dead one).
class Receiver : public QObject
{
public:
    Receiver()
    {
        if (!m_server.listen(QHostAddress::LocalHost, 0))
            fail(u"no port for the webhook receiver"_s);
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = m_server.nextPendingConnection()) {
                connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
                connect(socket, &QTcpSocket::readyRead, socket, [this, socket] { read(socket); });
            }
        });
    }
    QString url() const { return u"http://127.0.0.1:%1/trialdesk-events"_s.arg(m_server.serverPort()); }

private:
    void read(QTcpSocket *socket)
    {
        QByteArray &buffer = m_buffers[socket];
        buffer += socket->readAll();
        const qsizetype headerEnd = buffer.indexOf("\r\n\r\n");
        if (headerEnd < 0)
            return;
        qsizetype length = 0;
        for (const QByteArray &line : buffer.left(headerEnd).split('\n')) {
            if (line.trimmed().toLower().startsWith("content-length:"))
                length = line.mid(line.indexOf(':') + 1).trimmed().toLongLong();
        }
        if (buffer.size() < headerEnd + 4 + length)
            return;
        m_buffers.remove(socket);
        const QByteArray status = ++m_requests == 2 ? "500 Internal Server Error" : "200 OK";
        socket->write("HTTP/1.1 " + status + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        socket->disconnectFromHost();
    }

    QTcpServer m_server;
    QHash<QTcpSocket *, QByteArray> m_buffers;
    int m_requests = 0;
};

class Tour
{
public:
    Tour(td::MainWindow &window, QString directory, QString suffix)
        : m_window(window)
        , m_directory(std::move(directory))
        , m_suffix(std::move(suffix))
    {}

    void save(const QPixmap &picture, const QString &screen)
    {
        const QString file = QDir(m_directory).filePath(screen + u'-' + m_suffix + u".png"_s);
        if (!picture.save(file))
            fail(u"cannot write "_s + file);
        std::printf("%s\n", qPrintable(file));
    }

    // The welcome window with the sign-in dialog over it, as a user sees it at
    // first start.
    void signIn(const QString &server, const QString &username, const QString &password)
    {
        m_window.setServerUrlOverride(server);
        m_window.signIn();
        td::LoginDialog *dialog = m_window.loginDialog();
        if (!dialog)
            fail(u"no sign-in dialog"_s);
        waitFor([&] { return dialog->isVisible(); }, u"the sign-in dialog"_s);
        child<QLineEdit>(dialog, u"usernameEdit"_s)->setText(username);
        child<QLineEdit>(dialog, u"passwordEdit"_s)->setText(password);
        settle();
        save(td::windowPicture(&m_window, dialog), u"login"_s);

        child<QPushButton>(dialog, u"signInButton"_s)->click();
        waitFor([&] { return m_window.isSignedIn() && !m_window.loginDialog(); }, u"sign-in"_s);
    }

    void showPage(int row) { child<QListWidget>(&m_window, u"navigationList"_s)->setCurrentRow(row); }

    void studies()
    {
        showPage(0);
        auto *page = child<td::StudiesPage>(&m_window, u"studiesPage"_s);
        waitFor([&] { return page->model()->rowCount() > 0 && !page->model()->isLoading(); }, u"studies"_s);
        auto *table = child<QTableView>(page, u"studiesTable"_s);
        table->selectRow(0);
        settle();
        save(m_window.grab(), u"studies"_s);
    }

    void subjects(const QString &study)
    {
        showPage(1);
        auto *page = child<td::SubjectsPage>(&m_window, u"subjectsPage"_s);
        selectData(page->studyCombo(), study);
        waitFor([&] { return page->model()->rowCount() > 0 && !page->model()->isLoading(); }, u"subjects"_s);
        child<QTableView>(page, u"subjectsTable"_s)->selectRow(0);
        // The chosen subject's compliance calendar beside the table (issue #15).
        waitFor([&] { return page->compliancePanel()->calendar()->firstDay().isValid(); },
                u"the subject's compliance"_s);
        settle();
        save(m_window.grab(), u"subjects"_s);
    }

    void review(const QString &study)
    {
        showPage(2);
        auto *page = m_window.findChild<td::ReviewPage *>();
        if (!page)
            fail(u"no review page"_s);
        selectData(child<QComboBox>(page, u"studyCombo"_s), study);
        td::SubmissionQueueModel *model = page->queueModel();
        waitFor([&] { return model->rowCount() > 0 && !model->isLoading(); }, u"the review queue"_s);
        auto *queue = child<QTableView>(page, u"queueView"_s);
        queue->selectRow(0);
        queue->setFocus();
        settle();
        save(m_window.grab(), u"review"_s);
    }

    void vitals(const QString &study, const QString &subject)
    {
        showPage(3);
        auto *page = m_window.findChild<td::VitalsPage *>();
        if (!page)
            fail(u"no vitals page"_s);
        selectData(child<QComboBox>(page, u"studyCombo"_s), study);
        selectData(child<QComboBox>(page, u"subjectCombo"_s), subject);
        waitFor([&] { return !page->vitals().isEmpty() && page->vitals().first().subjectId == subject; },
                u"vital signs"_s);
        settle(600);
        save(m_window.grab(), u"vitals"_s);
    }

    void dashboard(const QString &study)
    {
        showPage(4);
        auto *page = child<td::DashboardPage>(&m_window, u"dashboardPage"_s);
        selectData(page->studyCombo(), study);
        waitFor([&] { return !page->isLoading() && page->missingModel()->rowCount() > 0; }, u"the dashboard"_s);
        settle(600);
        save(m_window.grab(), u"dashboard"_s);
    }

    // The Protocol page with a draft in the editor and its preview filled in, in the
    // tour's language. The draft is written once through the API (the first run's
    // language), so the picture shows every kind of item.
    void protocol(const QString &study)
    {
        showPage(5);
        auto *page = child<td::ProtocolPage>(&m_window, u"protocolPage"_s);
        selectData(page->studyChooser(), study);
        waitFor([&] { return page->studyChooser()->currentCode() == study && !page->studyChooser()->isLoading(); },
                u"the protocol's study"_s);
        settle();
        const QString key = u"sleep-diary"_s;
        if (page->versionsModel()->rowOf(key, 1) < 0) {
            td::ApiError error;
            const auto definition = td::QuestionnaireDefinition::fromJson(sleepDiary(key), &error);
            if (!definition)
                fail(u"the tour's questionnaire is invalid: "_s + error.message);
            const auto created = QCoro::waitFor(m_window.api().createQuestionnaire(study, *definition));
            if (!created)
                fail(u"cannot create the tour's questionnaire: "_s + created.error().message);
            page->reload();
            waitFor([&] { return page->versionsModel()->rowOf(key, 1) >= 0; }, u"the new questionnaire"_s);
        }
        page->selectVersion(key, 1);
        waitFor([&] { return page->currentVersion().key() == key; }, u"the draft"_s);
        auto *language = child<QComboBox>(page, u"previewLanguageCombo"_s);
        language->setCurrentIndex(language->findData(m_suffix == u"zh_CN"_s ? m_suffix : u"en"_s));
        td::QuestionnairePreview *preview = page->preview();
        preview->buttons(u"wokeUp"_s).first()->click();
        qobject_cast<QSpinBox *>(preview->editor(u"wakings"_s))->setValue(2);
        preview->buttons(u"quality"_s).at(6)->click();
        page->editor()->selectItem(2);
        settle();
        save(m_window.grab(), u"protocol"_s);
    }

    // The demo's daily-symptoms schedule on the Schedule tab, previewed for a subject.
    void schedule()
    {
        auto *page = child<td::ProtocolPage>(&m_window, u"protocolPage"_s);
        page->selectVersion(u"daily-symptoms"_s, 1);
        td::SchedulePanel *panel = page->schedulePanel();
        waitFor([&] { return panel->hasStoredSchedule() && !panel->editor()->previewEntries().isEmpty(); },
                u"the schedule and its preview"_s);
        page->tabs()->setCurrentWidget(panel);
        settle();
        save(m_window.grab(), u"protocol-schedule"_s);
        page->tabs()->setCurrentIndex(0);
    }

    static QJsonObject sleepDiary(const QString &key)
    {
        auto text = [](const char *en, const char *zh) {
            return QJsonObject{{u"en"_s, QString::fromUtf8(en)}, {u"zh_CN"_s, QString::fromUtf8(zh)}};
        };
        const QJsonArray items{
            QJsonObject{{u"key"_s, u"bedtime"_s},
                        {u"type"_s, u"time"_s},
                        {u"required"_s, true},
                        {u"section"_s, u"night"_s},
                        {u"label"_s, text("When did you go to bed?", "您几点上床睡觉？")}},
            QJsonObject{{u"key"_s, u"wokeUp"_s},
                        {u"type"_s, u"boolean"_s},
                        {u"required"_s, true},
                        {u"section"_s, u"night"_s},
                        {u"label"_s, text("Did you wake up during the night?", "您夜间醒来过吗？")}},
            QJsonObject{{u"key"_s, u"wakings"_s},
                        {u"type"_s, u"integer"_s},
                        {u"required"_s, true},
                        {u"min"_s, 1},
                        {u"max"_s, 20},
                        {u"unit"_s, u"×"_s},
                        {u"section"_s, u"night"_s},
                        {u"label"_s, text("How many times?", "醒来几次？")},
                        {u"showWhen"_s, QJsonObject{{u"item"_s, u"wokeUp"_s}, {u"equals"_s, true}}}},
            QJsonObject{{u"key"_s, u"quality"_s},
                        {u"type"_s, u"ratingScale"_s},
                        {u"required"_s, true},
                        {u"min"_s, 0},
                        {u"max"_s, 10},
                        {u"label"_s, text("How well did you sleep?", "您的睡眠质量如何？")},
                        {u"minAnchor"_s, text("Very badly", "非常差")},
                        {u"maxAnchor"_s, text("Very well", "非常好")}},
            QJsonObject{
                {u"key"_s, u"disturbances"_s},
                {u"type"_s, u"multipleChoice"_s},
                {u"label"_s, text("What disturbed your sleep?", "什么影响了您的睡眠？")},
                {u"choices"_s,
                 QJsonArray{QJsonObject{{u"code"_s, u"pain"_s}, {u"label"_s, text("Pain", "疼痛")}},
                            QJsonObject{{u"code"_s, u"noise"_s}, {u"label"_s, text("Noise", "噪音")}},
                            QJsonObject{{u"code"_s, u"toilet"_s}, {u"label"_s, text("Going to the toilet", "起夜")}}}}},
            QJsonObject{{u"key"_s, u"notes"_s},
                        {u"type"_s, u"text"_s},
                        {u"maxLength"_s, 120},
                        {u"label"_s, text("Anything else?", "其他情况？")},
                        {u"help"_s, text("Optional, a few words", "选填，简短描述")}},
        };
        return QJsonObject{
            {u"key"_s, key},
            {u"title"_s, text("Sleep diary", "睡眠日记")},
            {u"sections"_s, QJsonArray{QJsonObject{{u"key"_s, u"night"_s}, {u"title"_s, text("Last night", "昨晚")}}}},
            {u"items"_s, items},
        };
    }

    void members(const QString &study)
    {
        showPage(6);
        auto *page = child<td::MembersPage>(&m_window, u"membersPage"_s);
        selectData(page->studyChooser(), study);
        waitFor([&] { return page->model()->rowCount() > 1; }, u"the members"_s);
        page->table()->selectRow(page->model()->rowCount() - 1);
        settle();
        save(m_window.grab(), u"members"_s);
    }

    // Two webhooks of the study, the first with a few deliveries (one dead) in its log.
    void integrations(const QString &study, const QString &subject)
    {
        Receiver receiver;
        td::ApiClient &api = m_window.api();
        td::WebhookChange relay;
        relay.url = receiver.url();
        relay.eventTypes = QStringList{td::StudyEvent::SubjectTokenReissued, td::StudyEvent::SubmissionStored};
        relay.description = u"SMS reminder relay"_s;
        relay.enabled = true;
        td::WebhookChange archive;
        archive.url = receiver.url() + u"/warehouse"_s; // never called: disabled
        archive.description = u"Research data warehouse"_s;
        archive.enabled = false;
        // The same server serves every language's pass: the picture shows this pass's two.
        auto existing = QCoro::waitFor(api.webhooks(study));
        if (!existing)
            fail(u"cannot list the webhooks"_s);
        for (const td::Webhook &webhook : existing.value()) {
            if (!QCoro::waitFor(api.deleteWebhook(webhook.id)))
                fail(u"cannot delete an earlier webhook"_s);
        }
        for (const td::WebhookChange &change : {relay, archive}) {
            if (!QCoro::waitFor(api.createWebhook(study, change)))
                fail(u"cannot create a webhook"_s);
        }
        // Events for the log: the subject's token, issued again three times.
        for (int i = 0; i < 3; ++i) {
            if (!QCoro::waitFor(api.issueSubjectToken(subject)))
                fail(u"cannot re-issue the token of "_s + subject);
        }
        showPage(7);
        auto *page = child<td::IntegrationsPage>(&m_window, u"integrationsPage"_s);
        selectData(page->studyChooser(), study);
        waitFor([&] { return page->webhooksModel()->rowCount() >= 2; }, u"the webhooks"_s);
        page->webhookTable()->selectRow(0);
        td::DeliveriesModel *log = page->deliveriesModel();
        // The page reads the log again while deliveries are pending.
        waitFor(
            [&] {
                int settled = 0;
                for (int row = 0; row < log->rowCount(); ++row)
                    settled += log->delivery(row).state != td::WebhookDelivery::Pending ? 1 : 0;
                return settled >= 3;
            },
            u"the deliveries"_s);
        page->deliveryTable()->selectRow(0);
        settle();
        save(m_window.grab(), u"integrations"_s);
    }

private:
    td::MainWindow &m_window;
    QString m_directory;
    QString m_suffix;
};

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    td::AppMetadata::apply();

    QCommandLineParser parser;
    parser.setApplicationDescription(u"Saves a picture of each TrialDesk screen, signed in to a running server."_s);
    parser.addHelpOption();
    const QCommandLineOption serverOption(u"server"_s, u"Server address."_s, u"url"_s);
    const QCommandLineOption userOption(u"username"_s, u"Account to sign in with."_s, u"name"_s);
    const QCommandLineOption passwordFileOption(u"password-file"_s, u"File holding the password."_s, u"file"_s);
    const QCommandLineOption languageOption(u"language"_s, u"en or zh_CN."_s, u"code"_s, u"en"_s);
    const QCommandLineOption outputOption(u"output-dir"_s, u"Where the PNG files go."_s, u"dir"_s);
    const QCommandLineOption studyOption(u"study"_s, u"Study to show."_s, u"code"_s, u"NCT007"_s);
    const QCommandLineOption subjectOption(u"subject"_s, u"Subject whose vital signs to chart."_s, u"id"_s,
                                           u"SUB123"_s);
    const QCommandLineOption sizeOption(u"size"_s, u"Window size."_s, u"WxH"_s, u"1280x800"_s);
    parser.addOptions({serverOption, userOption, passwordFileOption, languageOption, outputOption, studyOption,
                       subjectOption, sizeOption});
    parser.process(app);
    for (const QCommandLineOption &required : {serverOption, userOption, passwordFileOption, outputOption}) {
        if (!parser.isSet(required)) {
            std::fprintf(stderr, "--%s is required\n", qPrintable(required.names().first()));
            return 2;
        }
    }

    QFile passwordFile(parser.value(passwordFileOption));
    if (!passwordFile.open(QIODevice::ReadOnly)) {
        std::fprintf(stderr, "cannot read %s\n", qPrintable(passwordFile.fileName()));
        return 2;
    }
    const QString password = QString::fromUtf8(passwordFile.readAll()).trimmed();
    const QStringList size = parser.value(sizeOption).split(u'x');
    if (size.size() != 2 || size.at(0).toInt() < 640 || size.at(1).toInt() < 400) {
        std::fprintf(stderr, "bad --size\n");
        return 2;
    }

    const QString language = parser.value(languageOption);
    td::LanguageManager languages;
    // For this run only: the settings of whoever runs this stay as they are.
    if (!languages.applyLanguage(language)) {
        std::fprintf(stderr, "unknown language %s\n", qPrintable(language));
        return 2;
    }
    if (!QDir().mkpath(parser.value(outputOption))) {
        std::fprintf(stderr, "cannot create %s\n", qPrintable(parser.value(outputOption)));
        return 2;
    }

    td::MainWindow window(&languages);
    window.resize(size.at(0).toInt(), size.at(1).toInt());
    window.show();
    Tour tour(window, parser.value(outputOption), language);
    try {
        waitFor([&] { return window.isVisible(); }, u"the main window"_s);
        tour.signIn(parser.value(serverOption), parser.value(userOption), password);
        tour.studies();
        tour.subjects(parser.value(studyOption));
        tour.review(parser.value(studyOption));
        tour.vitals(parser.value(studyOption), parser.value(subjectOption));
        tour.dashboard(parser.value(studyOption));
        tour.protocol(parser.value(studyOption));
        tour.schedule();
        tour.members(parser.value(studyOption));
        tour.integrations(parser.value(studyOption), parser.value(subjectOption));
    } catch (const std::exception &error) {
        std::fprintf(stderr, "trialdesk-screenshots: %s\n", error.what());
        return 1;
    }
    return 0;
}

// Issue #15 on the desktop: a study's pm writes a questionnaire on the Protocol page
// (create, edit with the live preview, save, publish with the e-signature, new
// version, discard), and a monitor or CRC of the study only reads. Against a real
// server with the demo studies.
#include "HttpClient.h"
#include "SignIn.h"
#include "TestDefinitions.h"
#include "TestServer.h"
#include "net/ApiClient.h"
#include "protocol/DefinitionEditor.h"
#include "protocol/ProtocolPage.h"
#include "protocol/QuestionnaireItemsModel.h"
#include "protocol/QuestionnairePreview.h"
#include "protocol/QuestionnaireVersionsModel.h"
#include "protocol/ScheduleEditor.h"
#include "protocol/SchedulePanel.h"
#include "review/SignDialog.h"
#include "widgets/FormErrors.h"
#include "widgets/MessageBanner.h"
#include "widgets/RecordTableView.h"
#include "widgets/StudyChooser.h"

#include <QAbstractButton>
#include <QApplication>
#include <QComboBox>
#include <QCoroTask>
#include <QGroupBox>
#include <QInputDialog>
#include <QInputMethodEvent>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPointer>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableWidget>
#include <QTest>
#include <QTimeEdit>
#include <memory>

using namespace Qt::StringLiterals;
using td::ApiClient;
using td::ProtocolPage;
using td::QuestionnaireItemsModel;
using td::test::HttpClient;
using td::test::TestServer;

namespace {

constexpr auto Study = u"NCT007";
constexpr auto OtherStudy = u"NCT10388";

QString study()
{
    return QString::fromUtf16(Study);
}

} // namespace

class TestProtocolPage : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup();

    void pmWritesPublishesAndVersionsAQuestionnaire();
    void duplicateKeyIsRefused();
    void pmChangesTheScheduleWithAPreview();
    void readersSeeReadOnly_data();
    void readersSeeReadOnly();
    void unsavedDraftIsAskedAbout_data();
    void unsavedDraftIsAskedAbout();
    void studySwitchAsksAndCancelKeepsTheStudy();
    void unsavedScheduleIsAskedAbout();
    void editorEditsSectionsAndDescription();

private:
    std::unique_ptr<ProtocolPage> openProtocol(ApiClient &api);
    bool clickAndWait(ProtocolPage &page, const char *button);
    td::SignDialog *waitForSignDialog(ProtocolPage &page);
    td::test::HttpReply serverGet(const QString &path);
    std::unique_ptr<ProtocolPage> openDraft(ApiClient &api, const QString &key);
    QMessageBox *waitForUnsavedBox(ProtocolPage &page);

    std::unique_ptr<TestServer> m_server;
};

void TestProtocolPage::initTestCase()
{
    m_server = std::make_unique<TestServer>(QStringList{u"--demo"_s, u"--no-request-log"_s, u"--login-rate"_s, u"0"_s});
    QVERIFY2(m_server->start(), m_server->log().constData());
    QVERIFY(!m_server->createStaff(u"protocol-pm"_s, u"crc"_s).isEmpty()); // pm here, crc elsewhere
    QVERIFY(m_server->grantMembership(u"protocol-pm"_s, study(), u"pm"_s));
    QVERIFY(!m_server->createStaff(u"protocol-monitor"_s, u"monitor"_s).isEmpty());
    QVERIFY(m_server->grantMembership(u"protocol-monitor"_s, study(), u"monitor"_s));
    QVERIFY(!m_server->createStaff(u"protocol-crc"_s, u"crc"_s).isEmpty());
    QVERIFY(m_server->grantMembership(u"protocol-crc"_s, study(), u"crc"_s));
    // Another study to switch to.
    QVERIFY(m_server->grantMembership(u"protocol-pm"_s, QString::fromUtf16(OtherStudy), u"pm"_s));
}

// Draft version 1 of `key`, written by the admin, open on the Protocol page of `api`.
std::unique_ptr<ProtocolPage> TestProtocolPage::openDraft(ApiClient &api, const QString &key)
{
    HttpClient http;
    const auto created = http.post(m_server->url(u"/api/v1/projects/"_s + study() + u"/questionnaires"_s),
                                   QJsonDocument(td::test::oneItemQuestionnaire(key)).toJson());
    if (created.status != 201) {
        qWarning("creating %s: %s", qPrintable(key), created.body.constData());
        return nullptr;
    }
    auto page = openProtocol(api);
    if (!page)
        return nullptr;
    page->selectVersion(key, 1);
    if (!QTest::qWaitFor([&] { return page->currentVersion().key() == key; }))
        return nullptr;
    return page;
}

QMessageBox *TestProtocolPage::waitForUnsavedBox(ProtocolPage &page)
{
    QMessageBox *box = nullptr;
    const bool shown = QTest::qWaitFor([&] {
        box = page.findChild<QMessageBox *>(u"unsavedChangesBox"_s);
        return box && box->isVisible();
    });
    return shown ? box : nullptr;
}

void TestProtocolPage::cleanup()
{
    const QList<QWidget *> windows = QApplication::topLevelWidgets();
    for (QWidget *window : windows)
        window->close();
}

td::test::HttpReply TestProtocolPage::serverGet(const QString &path)
{
    HttpClient http;
    return http.get(m_server->url(u"/api/v1/projects/"_s + study() + u"/questionnaires"_s + path));
}

std::unique_ptr<ProtocolPage> TestProtocolPage::openProtocol(ApiClient &api)
{
    auto page = std::make_unique<ProtocolPage>(api);
    page->resize(1200, 800);
    QSignalSpy loaded(page.get(), &ProtocolPage::versionsLoaded);
    page->show(); // loads the studies, then the first study's questionnaires
    td::StudyChooser *studies = page->studyChooser();
    if (!QTest::qWaitFor([&] { return studies->findData(study()) >= 0; }))
        return nullptr;
    // The list's arrival started loading the first study's questionnaires; a load
    // that a newer one replaced never signals, so the next versionsLoaded() is ours.
    const int index = studies->findData(study());
    int before = 0;
    if (studies->currentIndex() != index) {
        before = int(loaded.count());
        studies->setCurrentIndex(index);
    }
    if (!QTest::qWaitFor([&] { return loaded.count() > before; }) || studies->currentCode() != study())
        return nullptr;
    return page;
}

// Clicks `button` (which must be enabled) and waits until the action is done.
bool TestProtocolPage::clickAndWait(ProtocolPage &page, const char *button)
{
    auto *push = page.findChild<QPushButton *>(QString::fromLatin1(button));
    if (!push || !push->isEnabled()) {
        qWarning("%s is missing or disabled", button);
        return false;
    }
    QSignalSpy finished(&page, &ProtocolPage::actionFinished);
    QTest::mouseClick(push, Qt::LeftButton);
    return QTest::qWaitFor([&] { return finished.count() > 0; });
}

td::SignDialog *TestProtocolPage::waitForSignDialog(ProtocolPage &page)
{
    td::SignDialog *dialog = nullptr;
    const bool shown = QTest::qWaitFor([&] {
        dialog = page.findChild<td::SignDialog *>();
        return dialog && dialog->isVisible();
    });
    return shown ? dialog : nullptr;
}

void TestProtocolPage::pmWritesPublishesAndVersionsAQuestionnaire()
{
    const auto api = td::test::signIn(*m_server, u"protocol-pm"_s);
    QVERIFY(api);
    const auto page = openProtocol(*api);
    QVERIFY(page);
    QVERIFY(page->mayEdit());
    auto button = [&](const char *name) { return page->findChild<QPushButton *>(QString::fromLatin1(name)); };
    QVERIFY(button("newQuestionnaireButton")->isEnabled());

    // New questionnaire: a key, and the server's first draft is in the editor.
    QSignalSpy finished(page.get(), &ProtocolPage::actionFinished);
    QTest::mouseClick(button("newQuestionnaireButton"), Qt::LeftButton);
    QInputDialog *ask = nullptr;
    QTRY_VERIFY((ask = page->findChild<QInputDialog *>(u"newQuestionnaireDialog"_s)) && ask->isVisible());
    ask->setTextValue(u"weekly-sleep"_s);
    ask->accept();
    QTRY_COMPARE(finished.count(), 1);
    QTRY_COMPARE(page->currentVersion().key(), u"weekly-sleep"_s);
    QCOMPARE(page->currentVersion().version, 1);
    QVERIFY(!page->currentVersion().isPublished());
    QCOMPARE(serverGet(u"/weekly-sleep/versions/1"_s).json().value(u"status"_s).toString(), u"draft"_s);
    QVERIFY(page->versionsModel()->rowOf(u"weekly-sleep"_s, 1) >= 0);
    QVERIFY(!page->editor()->isReadOnly());
    QVERIFY(!button("newVersionButton")->isEnabled()); // a draft is open already

    // Edit: the titles, the first item's labels, and a yes/no item that shows it.
    td::DefinitionEditor *editor = page->editor();
    auto *titleEn = editor->findChild<QLineEdit *>(u"titleEnEdit"_s);
    titleEn->selectAll();
    QTest::keyClicks(titleEn, u"Weekly sleep"_s);
    auto *titleZh = editor->findChild<QLineEdit *>(u"titleZhEdit"_s);
    titleZh->selectAll();
    // Chinese arrives from an input method, not as key presses.
    QInputMethodEvent typed;
    typed.setCommitString(u"每周睡眠"_s);
    QApplication::sendEvent(titleZh, &typed);
    QuestionnaireItemsModel *items = editor->itemsModel();
    const int slept = items->addItem(td::QuestionnaireItem::Type::Boolean);
    QVERIFY(items->setData(items->index(slept, QuestionnaireItemsModel::KeyColumn), u"sleptWell"_s));
    QVERIFY(items->setData(items->index(slept, QuestionnaireItemsModel::LabelEnColumn), u"Did you sleep well?"_s));
    QVERIFY(items->setData(items->index(slept, QuestionnaireItemsModel::LabelZhColumn), u"您睡得好吗？"_s));
    QVERIFY(items->moveItem(slept, -1)); // asked first
    QVERIFY(items->setData(items->index(1, QuestionnaireItemsModel::LabelEnColumn), u"What woke you?"_s));
    QVERIFY(items->setData(items->index(1, QuestionnaireItemsModel::LabelZhColumn), QString())); // to do
    td::QuestionnaireItem note = items->item(1);
    note.showWhen = td::QuestionnaireItem::Condition{u"sleptWell"_s, false};
    items->setItem(1, note);
    QVERIFY2(editor->problemTexts().size() == 1, qPrintable(editor->problemTexts().join(u'\n'))); // zh label
    QVERIFY(editor->problemTexts().first().startsWith(u"Before publishing:"_s));

    // The live preview follows the editor, in either language, conditions included.
    td::QuestionnairePreview *preview = page->preview();
    QCOMPARE(preview->titleLabel()->text(), u"Weekly sleep"_s);
    QVERIFY(preview->itemBox(u"item1"_s)->isHidden());
    QTest::mouseClick(preview->buttons(u"sleptWell"_s).last(), Qt::LeftButton); // no
    QVERIFY(!preview->itemBox(u"item1"_s)->isHidden());
    auto *language = page->findChild<QComboBox *>(u"previewLanguageCombo"_s);
    language->setCurrentIndex(language->findData(u"zh_CN"_s));
    QCOMPARE(preview->titleLabel()->text(), u"每周睡眠"_s);
    QVERIFY(preview->itemLabel(u"sleptWell"_s)->text().startsWith(u"您睡得好吗？"_s));
    QVERIFY(!preview->itemBox(u"item1"_s)->isHidden()); // the answer stays
    language->setCurrentIndex(language->findData(u"en"_s));

    // Save: the server has the edited draft.
    QVERIFY(button("saveDraftButton")->isEnabled());
    QVERIFY(clickAndWait(*page, "saveDraftButton"));
    QVERIFY(!editor->isModified());
    const QJsonObject saved = serverGet(u"/weekly-sleep/versions/1"_s).json();
    const QJsonArray savedItems = saved.value(u"definition"_s).toObject().value(u"items"_s).toArray();
    QCOMPARE(savedItems.size(), 2);
    QCOMPARE(savedItems.at(0).toObject().value(u"key"_s).toString(), u"sleptWell"_s);
    QCOMPARE(savedItems.at(1).toObject().value(u"showWhen"_s).toObject().value(u"item"_s).toString(), u"sleptWell"_s);

    // Publish with a text still missing its Chinese: named on the item, nothing signed.
    QVERIFY(clickAndWait(*page, "publishButton"));
    QVERIFY(!page->findChild<td::SignDialog *>());
    QVERIFY(page->banner()->isError());
    QVERIFY2(editor->problemTexts().join(u'\n').contains(u"Item 2 (item1) label.zh_CN"_s),
             qPrintable(editor->problemTexts().join(u'\n')));
    QVERIFY(!items->problems(1).isEmpty());

    // Fixed (publishing saves it first); a wrong password publishes nothing.
    QVERIFY(items->setData(items->index(1, QuestionnaireItemsModel::LabelZhColumn), u"什么吵醒了您？"_s));
    QVERIFY(editor->isModified());
    QTest::mouseClick(button("publishButton"), Qt::LeftButton);
    td::SignDialog *sign = waitForSignDialog(*page);
    QVERIFY(sign);
    QVERIFY(!editor->isModified()); // saved before asking
    sign->findChild<QLineEdit *>(u"signPasswordEdit"_s)->setText(u"not-my-password"_s);
    finished.clear();
    sign->accept();
    QTRY_COMPARE(finished.count(), 1);
    QVERIFY2(page->banner()->text().contains(u"password is not correct"_s), qPrintable(page->banner()->text()));
    QCOMPARE(serverGet(u"/weekly-sleep/versions/1"_s).json().value(u"status"_s).toString(), u"draft"_s);

    // The right password: published, signed, read-only.
    QTest::mouseClick(button("publishButton"), Qt::LeftButton);
    sign = waitForSignDialog(*page);
    QVERIFY(sign);
    QCOMPARE(sign->meaning(), u"Approved for use in the study"_s);
    sign->findChild<QLineEdit *>(u"signPasswordEdit"_s)->setText(QString::fromUtf16(td::test::kTestPassword));
    finished.clear();
    sign->accept();
    QTRY_COMPARE(finished.count(), 1);
    QTRY_VERIFY(page->currentVersion().isPublished());
    const QJsonObject published = serverGet(u"/weekly-sleep"_s).json();
    QCOMPARE(published.value(u"version"_s).toInt(), 1);
    QCOMPARE(published.value(u"publishedBy"_s).toString(), u"protocol-pm"_s);
    QCOMPARE(published.value(u"signatureMeaning"_s).toString(), u"Approved for use in the study"_s);
    const int row = page->versionsModel()->rowOf(u"weekly-sleep"_s, 1);
    auto *versions = page->versionsModel();
    QCOMPARE(versions->index(row, td::QuestionnaireVersionsModel::StatusColumn).data().toString(), u"Published"_s);
    QCOMPARE(versions->index(row, td::QuestionnaireVersionsModel::PublishedByColumn).data().toString(),
             u"protocol-pm"_s);
    QVERIFY(
        published.value(u"contentHash"_s)
            .toString()
            .contains(versions->index(row, td::QuestionnaireVersionsModel::HashColumn).data().toString().chopped(1)));
    QVERIFY(editor->isReadOnly());
    QVERIFY(!button("publishButton")->isEnabled());
    QVERIFY(!button("saveDraftButton")->isEnabled());
    QVERIFY(button("newVersionButton")->isEnabled());

    // New version: a draft copied from version 1.
    QVERIFY(clickAndWait(*page, "newVersionButton"));
    QTRY_COMPARE(page->currentVersion().version, 2);
    QVERIFY(!page->currentVersion().isPublished());
    QVERIFY(!editor->isReadOnly());
    QCOMPARE(items->rowCount(), 2);
    QCOMPARE(items->item(0).key, u"sleptWell"_s);

    // Discard it (after confirming): version 1 is shown again.
    QTest::mouseClick(button("discardDraftButton"), Qt::LeftButton);
    QMessageBox *confirm = nullptr;
    QTRY_VERIFY((confirm = page->findChild<QMessageBox *>(u"discardDraftConfirmBox"_s)) && confirm->isVisible());
    finished.clear();
    QTest::mouseClick(confirm->button(QMessageBox::Yes), Qt::LeftButton);
    QTRY_COMPARE(finished.count(), 1);
    QCOMPARE(serverGet(u"/weekly-sleep/versions/2"_s).status, 404);
    QCOMPARE(page->versionsModel()->rowOf(u"weekly-sleep"_s, 2), -1);
    QTRY_COMPARE(page->currentVersion().version, 1);
}

void TestProtocolPage::duplicateKeyIsRefused()
{
    const auto api = td::test::signIn(*m_server, u"protocol-pm"_s);
    QVERIFY(api);
    // Version 1 of "dupe" exists already.
    HttpClient http;
    const QJsonObject definition = td::test::oneItemQuestionnaire(u"dupe"_s);
    QCOMPARE(http.post(m_server->url(u"/api/v1/projects/"_s + study() + u"/questionnaires"_s),
                       QJsonDocument(definition).toJson())
                 .status,
             201);
    const auto page = openProtocol(*api);
    QVERIFY(page);
    QSignalSpy finished(page.get(), &ProtocolPage::actionFinished);
    QTest::mouseClick(page->findChild<QPushButton *>(u"newQuestionnaireButton"_s), Qt::LeftButton);
    QInputDialog *ask = nullptr;
    QTRY_VERIFY((ask = page->findChild<QInputDialog *>(u"newQuestionnaireDialog"_s)) && ask->isVisible());
    ask->setTextValue(u"dupe"_s);
    ask->accept();
    QTRY_COMPARE(finished.count(), 1);
    QVERIFY(page->banner()->isError());
    QVERIFY2(page->banner()->text().contains(u"already has a questionnaire"_s), qPrintable(page->banner()->text()));
}

// The demo's daily-symptoms is due daily at 08:00 for two hours; the pm widens the
// window on the Schedule tab, previews a subject's next 28 days, and saves.
void TestProtocolPage::pmChangesTheScheduleWithAPreview()
{
    const auto api = td::test::signIn(*m_server, u"protocol-pm"_s);
    QVERIFY(api);
    const auto page = openProtocol(*api);
    QVERIFY(page);
    td::SchedulePanel *panel = page->schedulePanel();
    QSignalSpy loaded(panel, &td::SchedulePanel::loaded);
    QSignalSpy previewed(panel, &td::SchedulePanel::previewReady);
    page->selectVersion(u"daily-symptoms"_s, 1);
    QTRY_VERIFY(loaded.count() > 0 && panel->hasStoredSchedule());
    page->tabs()->setCurrentWidget(panel);
    td::ScheduleEditor *editor = panel->editor();
    QCOMPARE(editor->timeEdit()->time(), QTime(8, 0));
    QCOMPARE(editor->windowSpin()->value(), 120);
    QVERIFY(panel->saveButton()->isVisible());
    QVERIFY(!panel->saveButton()->isEnabled()); // nothing changed yet
    QVERIFY(panel->removeButton()->isEnabled());

    // The preview: a subject of the study, every entry opening at 08:00 local.
    QTRY_VERIFY(previewed.count() > 0);
    QVERIFY(!editor->previewEntries().isEmpty());
    for (const td::ExpectedEntry &entry : editor->previewEntries())
        QCOMPARE(entry.opensAt.toTimeZone(QTimeZone("Asia/Shanghai")).time(), QTime(8, 0));

    editor->windowSpin()->setValue(180);
    QVERIFY(panel->saveButton()->isEnabled());
    QSignalSpy finished(panel, &td::SchedulePanel::actionFinished);
    QTest::mouseClick(panel->saveButton(), Qt::LeftButton);
    QTRY_COMPARE(finished.count(), 1);
    QVERIFY2(!panel->banner()->isError(), qPrintable(panel->banner()->text()));
    QVERIFY(!panel->saveButton()->isEnabled());
    HttpClient http;
    const auto stored = http.get(m_server->url(u"/api/v1/projects/"_s + study() + u"/schedules"_s));
    QCOMPARE(stored.status, 200);
    QVERIFY2(stored.body.contains("\"windowMinutes\":180"), stored.body.constData());

    // A weekly rule without days is refused before anything is sent.
    editor->ruleCombo()->setCurrentIndex(1);
    QTest::mouseClick(panel->saveButton(), Qt::LeftButton);
    QVERIFY(!panel->editor()->errors()->fieldError(u"weekdays"_s).isEmpty());
    QCOMPARE(finished.count(), 1);

    // Put the demo's schedule back for the other tests.
    editor->ruleCombo()->setCurrentIndex(0);
    editor->windowSpin()->setValue(120);
    QTest::mouseClick(panel->saveButton(), Qt::LeftButton);
    QTRY_COMPARE(finished.count(), 2);
    QVERIFY2(!panel->banner()->isError(), qPrintable(panel->banner()->text()));
}

void TestProtocolPage::readersSeeReadOnly_data()
{
    QTest::addColumn<QString>("username");
    QTest::newRow("monitor") << u"protocol-monitor"_s;
    QTest::newRow("crc") << u"protocol-crc"_s;
}

void TestProtocolPage::readersSeeReadOnly()
{
    QFETCH(QString, username);
    // A published questionnaire and a draft, written by the admin.
    HttpClient http;
    const QString key = u"read-"_s + QString::fromLatin1(QTest::currentDataTag());
    const QJsonObject definition = td::test::oneItemQuestionnaire(key, u"score"_s, u"ratingScale"_s);
    const QString base = u"/api/v1/projects/"_s + study() + u"/questionnaires"_s;
    QCOMPARE(http.post(m_server->url(base), QJsonDocument(definition).toJson()).status, 201);
    const QJsonObject signature{{u"password"_s, QString::fromUtf16(td::test::kTestPassword)},
                                {u"meaning"_s, u"Approved"_s}};
    const auto publish =
        http.post(m_server->url(base + u"/"_s + key + u"/versions/1/publish"_s), QJsonDocument(signature).toJson());
    QVERIFY2(publish.status == 200, publish.body.constData());

    const auto api = td::test::signIn(*m_server, username);
    QVERIFY(api);
    const auto page = openProtocol(*api);
    QVERIFY(page);
    QVERIFY(!page->mayEdit());
    const int row = page->versionsModel()->rowOf(key, 1);
    QVERIFY2(row >= 0, qPrintable(page->banner()->text()));
    page->selectVersion(key, 1);
    QTRY_COMPARE(page->currentVersion().key(), key);
    // Everything is there to read, nothing to change.
    QCOMPARE(page->editor()->itemsModel()->rowCount(), 1);
    QCOMPARE(page->preview()->buttons(u"score"_s).size(), 11);
    QVERIFY(page->editor()->isReadOnly());
    for (const char *name :
         {"newQuestionnaireButton", "newVersionButton", "saveDraftButton", "discardDraftButton", "publishButton"})
        QVERIFY2(!page->findChild<QPushButton *>(QString::fromLatin1(name))->isEnabled(), name);
    QVERIFY2(page->banner()->text().contains(u"You can read"_s), qPrintable(page->banner()->text()));
    // The schedule too: shown, not changeable.
    QVERIFY(!page->schedulePanel()->saveButton()->isVisibleTo(page.get()));
    QVERIFY(!page->schedulePanel()->removeButton()->isVisibleTo(page.get()));
    QVERIFY(!page->schedulePanel()->editor()->ruleCombo()->isEnabled());
}

// A draft with unsaved edits, and another version chosen in the list: the page asks
// Save / Discard / Cancel and does what was answered.
void TestProtocolPage::unsavedDraftIsAskedAbout_data()
{
    QTest::addColumn<int>("answer");
    QTest::newRow("save") << int(QMessageBox::Save);
    QTest::newRow("discard") << int(QMessageBox::Discard);
    QTest::newRow("cancel") << int(QMessageBox::Cancel);
}

void TestProtocolPage::unsavedDraftIsAskedAbout()
{
    QFETCH(int, answer);
    const QString key = u"unsaved-"_s + QString::fromLatin1(QTest::currentDataTag());
    const auto api = td::test::signIn(*m_server, u"protocol-pm"_s);
    QVERIFY(api);
    const auto page = openDraft(*api, key);
    QVERIFY(page);
    QVERIFY(!page->hasUnsavedChanges());
    QCOMPARE(page->tabs()->tabText(0), u"Questions"_s);

    auto *titleEn = page->editor()->findChild<QLineEdit *>(u"titleEnEdit"_s);
    titleEn->selectAll();
    QTest::keyClicks(titleEn, u"Edited"_s);
    QVERIFY(page->editor()->isModified());
    QVERIFY(page->hasUnsavedChanges());
    QCOMPARE(page->tabs()->tabText(0), u"Questions *"_s);
    QVERIFY(page->findChild<QLabel *>(u"versionStateLabel"_s)->text().endsWith(u"draft, changed"_s));

    const int draftRow = page->versionsModel()->rowOf(key, 1);
    const int otherRow = page->versionsModel()->rowOf(u"daily-symptoms"_s, 1);
    QVERIFY(draftRow >= 0 && otherRow >= 0);
    QSignalSpy loaded(page.get(), &ProtocolPage::versionLoaded);
    page->versionsTable()->selectRow(otherRow);
    QPointer<QMessageBox> box = waitForUnsavedBox(*page);
    QVERIFY(box);
    // Until answered the draft stays chosen, in the list too.
    QCOMPARE(page->currentVersion().key(), key);
    const QModelIndexList selected = page->versionsTable()->selectionModel()->selectedRows();
    QCOMPARE(selected.size(), 1);
    QCOMPARE(selected.first().row(), draftRow);

    QTest::mouseClick(box->button(QMessageBox::StandardButton(answer)), Qt::LeftButton);
    auto storedTitle = [&] {
        const QJsonObject stored = serverGet(u"/"_s + key + u"/versions/1"_s).json();
        return stored.value(u"definition"_s).toObject().value(u"title"_s).toObject().value(u"en"_s).toString();
    };
    if (answer == QMessageBox::Cancel) {
        QVERIFY(!box || !box->isVisible());
        QCOMPARE(page->currentVersion().key(), key);
        QVERIFY(page->editor()->isModified());
        QCOMPARE(titleEn->text(), u"Edited"_s);
        QCOMPARE(page->versionsTable()->selectionModel()->selectedRows().first().row(), draftRow);
        QCOMPARE(loaded.count(), 0); // no load was started
        QCOMPARE(storedTitle(), key);
        return;
    }
    QTRY_COMPARE(page->currentVersion().key(), u"daily-symptoms"_s);
    QVERIFY(!page->hasUnsavedChanges());
    QCOMPARE(page->tabs()->tabText(0), u"Questions"_s);
    QCOMPARE(storedTitle(), answer == QMessageBox::Save ? u"Edited"_s : key);
}

void TestProtocolPage::studySwitchAsksAndCancelKeepsTheStudy()
{
    const QString key = u"unsaved-study"_s;
    const auto api = td::test::signIn(*m_server, u"protocol-pm"_s);
    QVERIFY(api);
    const auto page = openDraft(*api, key);
    QVERIFY(page);
    td::StudyChooser *studies = page->studyChooser();
    const int other = studies->findData(QString::fromUtf16(OtherStudy));
    QVERIFY(other >= 0);
    auto *titleEn = page->editor()->findChild<QLineEdit *>(u"titleEnEdit"_s);
    QTest::keyClicks(titleEn, u" more"_s);
    QVERIFY(page->hasUnsavedChanges());

    QSignalSpy listed(page.get(), &ProtocolPage::versionsLoaded);
    studies->setCurrentIndex(other);
    QCOMPARE(studies->currentCode(), study()); // put back at once
    QPointer<QMessageBox> box = waitForUnsavedBox(*page);
    QVERIFY(box);
    QTest::mouseClick(box->button(QMessageBox::Cancel), Qt::LeftButton);
    QCOMPARE(studies->currentCode(), study());
    QCOMPARE(page->currentVersion().key(), key);
    QVERIFY(page->editor()->isModified());
    QCOMPARE(listed.count(), 0);

    // Discard this time: the other study's questionnaires are listed.
    studies->setCurrentIndex(other);
    box = waitForUnsavedBox(*page);
    QVERIFY(box);
    QTest::mouseClick(box->button(QMessageBox::Discard), Qt::LeftButton);
    QTRY_VERIFY(listed.count() > 0);
    QCOMPARE(studies->currentCode(), QString::fromUtf16(OtherStudy));
    QVERIFY(!page->hasUnsavedChanges());
}

// Schedule edits count as unsaved too: "*" on the Schedule tab, asked about, and a
// discard leaves the server's schedule as it was.
void TestProtocolPage::unsavedScheduleIsAskedAbout()
{
    const QString key = u"unsaved-schedule"_s;
    const auto api = td::test::signIn(*m_server, u"protocol-pm"_s);
    QVERIFY(api);
    const auto page = openDraft(*api, key);
    QVERIFY(page);
    td::SchedulePanel *panel = page->schedulePanel();
    QSignalSpy panelLoaded(panel, &td::SchedulePanel::loaded);
    page->selectVersion(u"daily-symptoms"_s, 1);
    QTRY_VERIFY(panelLoaded.count() > 0 && panel->hasStoredSchedule());
    page->tabs()->setCurrentWidget(panel);
    QCOMPARE(page->tabs()->tabText(1), u"Schedule"_s);
    panel->editor()->windowSpin()->setValue(150);
    QVERIFY(panel->isModified());
    QCOMPARE(page->tabs()->tabText(1), u"Schedule *"_s);

    page->selectVersion(key, 1);
    QPointer<QMessageBox> box = waitForUnsavedBox(*page);
    QVERIFY(box);
    QCOMPARE(page->currentVersion().key(), u"daily-symptoms"_s);
    QTest::mouseClick(box->button(QMessageBox::Discard), Qt::LeftButton);
    QTRY_COMPARE(page->currentVersion().key(), key);
    QCOMPARE(page->tabs()->tabText(1), u"Schedule"_s);
    HttpClient http;
    const auto stored = http.get(m_server->url(u"/api/v1/projects/"_s + study() + u"/schedules"_s));
    QVERIFY2(stored.body.contains("\"windowMinutes\":120"), stored.body.constData());
}

// Sections' titles and the questionnaire's description are edited in both languages
// and the preview follows; a renamed section keeps its items.
void TestProtocolPage::editorEditsSectionsAndDescription()
{
    const QString key = u"sections-edit"_s;
    const auto api = td::test::signIn(*m_server, u"protocol-pm"_s);
    QVERIFY(api);
    const auto page = openDraft(*api, key);
    QVERIFY(page);
    td::DefinitionEditor *editor = page->editor();
    QTableWidget *sections = editor->sectionsTable();
    QCOMPARE(sections->rowCount(), 0);

    QTest::mouseClick(editor->findChild<QPushButton *>(u"addSectionButton"_s), Qt::LeftButton);
    QCOMPARE(sections->rowCount(), 1);
    QCOMPARE(sections->item(0, 0)->text(), u"section1"_s);
    sections->item(0, 1)->setText(u"Sleep"_s);
    sections->item(0, 2)->setText(u"睡眠"_s);
    QVERIFY(editor->isModified());
    // The item joins the section in the detail panel.
    editor->selectItem(0);
    auto *sectionCombo = editor->findChild<QComboBox *>(u"itemSectionCombo"_s);
    QVERIFY(sectionCombo->findText(u"section1"_s) >= 0);
    sectionCombo->setCurrentIndex(sectionCombo->findText(u"section1"_s));
    QCOMPARE(editor->itemsModel()->item(0).section, u"section1"_s);
    auto *group = page->preview()->findChild<QGroupBox *>(u"section_section1"_s);
    QVERIFY(group);
    QCOMPARE(group->title(), u"Sleep"_s);

    // Renamed: the item follows, the preview too.
    sections->item(0, 0)->setText(u"sleep"_s);
    QCOMPARE(editor->itemsModel()->item(0).section, u"sleep"_s);
    group = page->preview()->findChild<QGroupBox *>(u"section_sleep"_s);
    QVERIFY(group);
    QCOMPARE(group->title(), u"Sleep"_s);
    auto *language = page->findChild<QComboBox *>(u"previewLanguageCombo"_s);
    language->setCurrentIndex(language->findData(u"zh_CN"_s));
    QCOMPARE(page->preview()->findChild<QGroupBox *>(u"section_sleep"_s)->title(), u"睡眠"_s);
    language->setCurrentIndex(language->findData(u"en"_s));

    // The description, in both languages.
    auto *descriptionEn = editor->findChild<QLineEdit *>(u"descriptionEnEdit"_s);
    auto *descriptionZh = editor->findChild<QLineEdit *>(u"descriptionZhEdit"_s);
    QTest::keyClicks(descriptionEn, u"About last night"_s);
    QInputMethodEvent typed;
    typed.setCommitString(u"关于昨晚"_s);
    QApplication::sendEvent(descriptionZh, &typed);
    const QList<QLabel *> labels = page->preview()->findChildren<QLabel *>();
    QVERIFY(std::any_of(labels.cbegin(), labels.cend(),
                        [](const QLabel *l) { return l->text() == u"About last night"_s && !l->isHidden(); }));

    QVERIFY(clickAndWait(*page, "saveDraftButton"));
    QVERIFY2(!page->banner()->isError(), qPrintable(page->banner()->text()));
    const QJsonObject saved = serverGet(u"/"_s + key + u"/versions/1"_s).json().value(u"definition"_s).toObject();
    QCOMPARE(saved.value(u"sections"_s).toArray(),
             (QJsonArray{QJsonObject{{u"key"_s, u"sleep"_s},
                                     {u"title"_s, QJsonObject{{u"en"_s, u"Sleep"_s}, {u"zh_CN"_s, u"睡眠"_s}}}}}));
    QCOMPARE(saved.value(u"description"_s).toObject().value(u"zh_CN"_s).toString(), u"关于昨晚"_s);
    QCOMPARE(saved.value(u"items"_s).toArray().first().toObject().value(u"section"_s).toString(), u"sleep"_s);

    // Removed: the item stays, outside any section.
    sections->setCurrentCell(0, 1);
    QTest::mouseClick(editor->findChild<QPushButton *>(u"removeSectionButton"_s), Qt::LeftButton);
    QCOMPARE(sections->rowCount(), 0);
    QVERIFY(editor->itemsModel()->item(0).section.isEmpty());
    QVERIFY(!page->preview()->findChild<QGroupBox *>(u"section_sleep"_s));
    QVERIFY(editor->checkedDefinition());
}

QTEST_MAIN(TestProtocolPage)
#include "tst_protocolpage.moc"

#include "ProtocolPage.h"

#include "Permissions.h"
#include "Signature.h"
#include "net/ApiClient.h"
#include "protocol/DefinitionEditor.h"
#include "protocol/QuestionnairePreview.h"
#include "protocol/QuestionnaireVersionsModel.h"
#include "protocol/SchedulePanel.h"
#include "review/SignDialog.h"
#include "widgets/MessageBanner.h"
#include "widgets/RecordTableView.h"
#include "widgets/StudyChooser.h"

#include <QComboBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QMessageBox>
#include <QPointer>
#include <QPushButton>
#include <QSplitter>
#include <QTabWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace td {

ProtocolPage::ProtocolPage(ApiClient &api, QWidget *parent)
    : QWidget(parent)
    , m_api(api)
{
    setObjectName(u"protocolPage"_s);
    m_current.version = 0;
    m_model = new QuestionnaireVersionsModel(this);
    m_studyLabel = new QLabel(this);
    m_studyCombo = new StudyChooser(m_api, this);
    m_studyCombo->setObjectName(u"protocolStudyCombo"_s);
    m_studyCombo->setMinimumContentsLength(24);
    m_studyLabel->setBuddy(m_studyCombo);
    auto button = [this](const QString &name) {
        auto *b = new QPushButton(this);
        b->setObjectName(name);
        return b;
    };
    m_newQuestionnaireButton = button(u"newQuestionnaireButton"_s);
    m_newVersionButton = button(u"newVersionButton"_s);
    m_refreshButton = button(u"refreshProtocolButton"_s);
    m_saveButton = button(u"saveDraftButton"_s);
    m_discardButton = button(u"discardDraftButton"_s);
    m_publishButton = button(u"publishButton"_s);
    m_versionLabel = new QLabel(this);
    m_versionLabel->setObjectName(u"versionStateLabel"_s);
    m_languageLabel = new QLabel(this);
    m_languageCombo = new QComboBox(this);
    m_languageCombo->setObjectName(u"previewLanguageCombo"_s);
    // Language names in their own language, as in the Settings menu: a patient's
    // language is found whatever the desktop's.
    m_languageCombo->addItem(u"English"_s, u"en"_s);
    m_languageCombo->addItem(u"简体中文"_s, u"zh_CN"_s);
    m_languageLabel->setBuddy(m_languageCombo);

    m_table = new RecordTableView(this);
    m_table->setObjectName(u"questionnaireVersionsTable"_s);
    m_table->setRecordModel(m_model, QuestionnaireVersionsModel::TitleColumn);
    m_table->setColumnWidths({{QuestionnaireVersionsModel::KeyColumn, 140},
                              {QuestionnaireVersionsModel::VersionColumn, 60},
                              {QuestionnaireVersionsModel::StatusColumn, 90},
                              {QuestionnaireVersionsModel::PublishedByColumn, 110},
                              {QuestionnaireVersionsModel::PublishedAtColumn, 130},
                              {QuestionnaireVersionsModel::HashColumn, 120}});
    m_editor = new DefinitionEditor(this);
    m_preview = new QuestionnairePreview(this);
    m_banner = new MessageBanner(this);
    m_banner->setObjectName(u"protocolBanner"_s);

    auto *top = new QHBoxLayout;
    top->addWidget(m_studyLabel);
    top->addWidget(m_studyCombo, 1);
    top->addWidget(m_newQuestionnaireButton);
    top->addWidget(m_newVersionButton);
    top->addWidget(m_refreshButton);

    auto *draftRow = new QHBoxLayout;
    draftRow->addWidget(m_versionLabel, 1);
    draftRow->addWidget(m_saveButton);
    draftRow->addWidget(m_discardButton);
    draftRow->addWidget(m_publishButton);
    auto *editorColumn = new QWidget(this);
    auto *editorLayout = new QVBoxLayout(editorColumn);
    editorLayout->setContentsMargins(0, 0, 0, 0);
    editorLayout->addLayout(draftRow);
    editorLayout->addWidget(m_editor, 1);

    auto *languageRow = new QHBoxLayout;
    languageRow->addWidget(m_languageLabel);
    languageRow->addWidget(m_languageCombo);
    languageRow->addStretch(1);
    auto *previewColumn = new QWidget(this);
    auto *previewLayout = new QVBoxLayout(previewColumn);
    previewLayout->setContentsMargins(0, 0, 0, 0);
    previewLayout->addLayout(languageRow);
    previewLayout->addWidget(m_preview, 1);

    auto *work = new QSplitter(Qt::Horizontal, this);
    work->addWidget(editorColumn);
    work->addWidget(previewColumn);
    work->setStretchFactor(0, 3);
    work->setStretchFactor(1, 2);
    // The preview gets room for a row of rating buttons from the start.
    work->setSizes({600, 460});
    // What a questionnaire asks, and when it is due: one tab each.
    m_schedulePanel = new SchedulePanel(api, this);
    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(u"protocolTabs"_s);
    m_tabs->addTab(work, QString());
    m_tabs->addTab(m_schedulePanel, QString());
    m_splitter = new QSplitter(Qt::Vertical, this);
    m_splitter->addWidget(m_table);
    m_splitter->addWidget(m_tabs);
    m_splitter->setStretchFactor(0, 1);
    m_splitter->setStretchFactor(1, 4);
    // Room for a few versions above the editor.
    m_splitter->setSizes({150, 600});

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_banner);
    layout->addWidget(m_splitter, 1);

    connect(m_studyCombo, &QComboBox::currentIndexChanged, this, &ProtocolPage::onStudyChanged);
    connect(m_studyCombo, &StudyChooser::studiesLoaded, this, [this] { loadVersions(); });
    connect(m_studyCombo, &StudyChooser::loadFailed, this, &ProtocolPage::showError);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, &ProtocolPage::onSelectionChanged);
    connect(m_editor, &DefinitionEditor::definitionChanged, m_preview, &QuestionnairePreview::setDefinition);
    connect(m_editor, &DefinitionEditor::edited, this, &ProtocolPage::updateButtons);
    connect(m_languageCombo, &QComboBox::currentIndexChanged, this,
            [this] { m_preview->setLanguage(m_languageCombo->currentData().toString()); });
    connect(m_schedulePanel, &SchedulePanel::modifiedChanged, this, &ProtocolPage::updateTabTitles);
    // What opens another version or reloads the list drops unsaved edits: asked first.
    connect(m_newQuestionnaireButton, &QPushButton::clicked, this,
            [this] { confirmLeaving([this] { askNewQuestionnaire(); }); });
    connect(m_newVersionButton, &QPushButton::clicked, this, [this] { confirmLeaving([this] { createVersion(); }); });
    connect(m_refreshButton, &QPushButton::clicked, this, [this] { confirmLeaving([this] { reload(); }); });
    connect(m_saveButton, &QPushButton::clicked, this, [this] { saveDraft(); });
    connect(m_discardButton, &QPushButton::clicked, this, &ProtocolPage::confirmDiscard);
    connect(m_publishButton, &QPushButton::clicked, this, [this] { startPublishing(); });
    connect(&m_api, &ApiClient::accessChanged, this, &ProtocolPage::updateButtons);
    retranslateUi();
    m_editor->setReadOnly(true);
}

void ProtocolPage::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

void ProtocolPage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    m_studyCombo->loadOnce();
}

void ProtocolPage::retranslateUi()
{
    m_studyLabel->setText(tr("&Study:"));
    m_newQuestionnaireButton->setText(tr("&New questionnaire…"));
    m_newVersionButton->setText(tr("New &version"));
    m_refreshButton->setText(tr("&Refresh"));
    m_saveButton->setText(tr("Sa&ve draft"));
    m_discardButton->setText(tr("&Discard draft"));
    m_publishButton->setText(tr("&Publish…"));
    //: Which language the preview shows the questionnaire in (the patient's).
    m_languageLabel->setText(tr("Preview &language:"));
    m_model->headerDataChanged(Qt::Horizontal, 0, QuestionnaireVersionsModel::ColumnCount - 1);
    updateButtons();
}

void ProtocolPage::reload()
{
    m_studyCombo->reload();
}

bool ProtocolPage::mayEdit() const
{
    const QString code = m_studyCombo->currentCode();
    return !code.isEmpty() && isAllowed(m_api.roleIn(code), Permission::EditProtocol);
}

bool ProtocolPage::isDraftOpen() const
{
    return m_current.version > 0 && !m_current.isPublished();
}

void ProtocolPage::updateTabTitles()
{
    // An asterisk marks the tab with unsaved edits, as editors mark a changed file.
    const bool draftModified = isDraftOpen() && mayEdit() && m_editor->isModified();
    m_tabs->setTabText(0, draftModified ? tr("Questions *") : tr("Questions"));
    m_tabs->setTabText(1, m_schedulePanel->isModified() ? tr("Schedule *") : tr("Schedule"));
}

bool ProtocolPage::hasUnsavedChanges() const
{
    return (isDraftOpen() && mayEdit() && m_editor->isModified()) || m_schedulePanel->isModified();
}

void ProtocolPage::confirmLeaving(std::function<void()> proceed, std::function<void()> cancelled)
{
    if (!hasUnsavedChanges() || m_busy) {
        if (!m_busy)
            proceed();
        else if (cancelled)
            cancelled();
        return;
    }
    if (m_leavingBox) {
        // One question at a time: a second click or close waits for the first answer.
        m_leavingBox->raise();
        if (cancelled)
            cancelled();
        return;
    }
    auto *box = new QMessageBox(QMessageBox::Warning, tr("Unsaved Changes"),
                                //: %1 questionnaire key.
                                tr("The changes to %1 are not saved. Save them first?").arg(m_current.key()),
                                QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, this);
    box->setObjectName(u"unsavedChangesBox"_s);
    m_leavingBox = box;
    box->setDefaultButton(QMessageBox::Save);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::finished, this,
            [this, box, proceed = std::move(proceed), cancelled = std::move(cancelled)] {
                m_leavingBox = nullptr; // answered: the next question may come
                const auto answer = box->standardButton(box->clickedButton());
                if (answer == QMessageBox::Save) {
                    saveAndProceed(proceed, cancelled);
                } else if (answer == QMessageBox::Discard) {
                    discardEdits();
                    proceed();
                } else if (cancelled) {
                    cancelled();
                }
            });
    box->open();
}

QCoro::Task<> ProtocolPage::saveAndProceed(std::function<void()> proceed, std::function<void()> cancelled)
{
    QPointer<ProtocolPage> self(this);
    bool ok = true;
    if (isDraftOpen() && mayEdit() && m_editor->isModified()) {
        ok = co_await saveDraft();
        if (!self)
            co_return;
    }
    if (ok && m_schedulePanel->isModified()) {
        ok = co_await m_schedulePanel->save();
        if (!self)
            co_return;
    }
    // A refused save stays on screen with its problems listed.
    if (ok)
        proceed();
    else if (cancelled)
        cancelled();
}

void ProtocolPage::discardEdits()
{
    // Back to what the server holds; the version shown stays until `proceed` moves on.
    if (m_editor->isModified()) {
        m_editor->setDefinition(m_current.definition);
        m_preview->setDefinition(m_current.definition);
    }
    if (m_schedulePanel->isModified())
        m_schedulePanel->revert();
    updateButtons();
}

void ProtocolPage::onSelectionChanged()
{
    if (m_reverting)
        return;
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    if (rows.size() == 1) {
        const QuestionnaireVersion chosen = m_model->version(rows.first().row());
        const bool same = chosen.key() == m_current.key() && chosen.version == m_current.version;
        if (!same && hasUnsavedChanges()) {
            // The edited version stays chosen until the user says what to do with its edits.
            m_reverting = true;
            const int row = m_model->rowOf(m_current.key(), m_current.version);
            if (row >= 0)
                m_table->selectRow(row);
            else
                m_table->clearSelection();
            m_reverting = false;
            const QString key = chosen.key();
            const int version = chosen.version;
            confirmLeaving([this, key, version] { selectVersion(key, version); });
            return;
        }
        loadVersion(rows.first().row());
    }
    updateButtons();
}

void ProtocolPage::onStudyChanged()
{
    if (m_reverting)
        return;
    const QString code = m_studyCombo->currentCode();
    if (code != m_shownStudy && hasUnsavedChanges()) {
        m_reverting = true;
        m_studyCombo->setCurrentIndex(m_studyCombo->findData(m_shownStudy));
        m_reverting = false;
        confirmLeaving([this, code] {
            const int index = m_studyCombo->findData(code);
            if (index >= 0 && index != m_studyCombo->currentIndex())
                m_studyCombo->setCurrentIndex(index);
            else
                loadVersions();
        });
        return;
    }
    loadVersions();
}

void ProtocolPage::updateButtons()
{
    updateTabTitles();
    const bool edit = mayEdit() && !m_busy;
    const bool selected = m_current.version > 0;
    m_newQuestionnaireButton->setEnabled(edit);
    m_newVersionButton->setEnabled(edit && selected && !m_model->hasDraft(m_current.key()));
    m_saveButton->setEnabled(edit && isDraftOpen() && m_editor->isModified());
    m_discardButton->setEnabled(edit && isDraftOpen());
    m_publishButton->setEnabled(edit && isDraftOpen());
    m_editor->setReadOnly(!mayEdit() || !isDraftOpen() || m_busy);
    if (!selected) {
        m_versionLabel->clear();
    } else if (m_current.isPublished()) {
        //: %1 questionnaire key, %2 version number.
        m_versionLabel->setText(tr("%1, version %2: published, read-only").arg(m_current.key()).arg(m_current.version));
    } else if (!mayEdit()) {
        m_versionLabel->setText(tr("%1, version %2: draft, read-only").arg(m_current.key()).arg(m_current.version));
    } else {
        m_versionLabel->setText(m_editor->isModified()
                                    ? tr("%1, version %2: draft, changed").arg(m_current.key()).arg(m_current.version)
                                    : tr("%1, version %2: draft").arg(m_current.key()).arg(m_current.version));
    }
}

void ProtocolPage::selectVersion(const QString &key, int version)
{
    const int row = m_model->rowOf(key, version);
    if (row >= 0)
        m_table->selectRow(row);
}

QCoro::Task<> ProtocolPage::loadVersions(QString selectKey, int selectVersion)
{
    const quint64 generation = ++m_generation;
    const QString code = m_studyCombo->currentCode();
    m_shownStudy = code;
    if (selectKey.isEmpty() && m_current.version > 0 && m_current.projectCode == code) {
        selectKey = m_current.key();
        selectVersion = m_current.version;
    }
    m_model->setVersions({});
    m_current = QuestionnaireVersion();
    m_current.version = 0;
    m_editor->setDefinition({});
    m_preview->setDefinition({});
    m_schedulePanel->setQuestionnaire(code, QString(), false);
    updateButtons();
    if (code.isEmpty()) {
        m_banner->showMessage(
            [this] { return m_studyCombo->isLoaded() ? tr("There are no active studies.") : QString(); });
        Q_EMIT versionsLoaded();
        co_return;
    }
    m_banner->showMessage([] { return tr("Loading questionnaires…"); });
    QPointer<ProtocolPage> self(this);
    const Result<QList<QuestionnaireVersion>> versions = co_await m_api.questionnaires(code);
    if (!self || generation != m_generation)
        co_return;
    if (!versions) {
        showError(versions.error());
        Q_EMIT versionsLoaded();
        co_return;
    }
    m_model->setVersions(versions.value());
    if (versions->isEmpty()) {
        m_banner->showMessage([this] {
            return mayEdit() ? tr("This study has no questionnaires yet: click New questionnaire to write one.")
                             : tr("This study has no questionnaires yet.");
        });
    } else if (!mayEdit()) {
        m_banner->showMessage([] {
            return tr("You can read this study's questionnaires; its project managers and administrators change "
                      "them.");
        });
    } else {
        m_banner->clearMessage();
    }
    updateButtons();
    Q_EMIT versionsLoaded();
    int row = m_model->rowOf(selectKey, selectVersion);
    if (row < 0 && m_model->rowCount() > 0)
        row = 0;
    if (row >= 0)
        m_table->selectRow(row); // loads it
}

QCoro::Task<> ProtocolPage::loadVersion(int row)
{
    if (row < 0 || row >= m_model->rowCount())
        co_return;
    const quint64 generation = ++m_versionGeneration;
    const QuestionnaireVersion listed = m_model->version(row);
    QPointer<ProtocolPage> self(this);
    // Named arguments: g++ 12 mishandles temporaries made inside a co_await
    // expression (see the Qt 6.4 field notes); this one was freed twice.
    const QString code = listed.projectCode.isEmpty() ? m_studyCombo->currentCode() : listed.projectCode;
    const QString key = listed.key();
    const int number = listed.version;
    const Result<QuestionnaireVersion> version = co_await m_api.questionnaireVersion(code, key, number);
    if (!self || generation != m_versionGeneration)
        co_return;
    if (!version) {
        showError(version.error());
    } else {
        m_current = version.value();
        if (m_current.projectCode.isEmpty())
            m_current.projectCode = m_studyCombo->currentCode();
        // Another questionnaire's answers do not carry over, even to items of the same key.
        m_preview->clearAnswers();
        m_editor->setDefinition(m_current.definition);
        m_preview->setDefinition(m_current.definition);
        m_schedulePanel->setQuestionnaire(m_current.projectCode, m_current.key(), mayEdit());
    }
    updateButtons();
    Q_EMIT versionLoaded();
}

void ProtocolPage::askNewQuestionnaire()
{
    if (!mayEdit())
        return;
    auto *dialog = new QInputDialog(this);
    dialog->setObjectName(u"newQuestionnaireDialog"_s);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("New Questionnaire"));
    dialog->setLabelText(tr("Key of the new questionnaire (letters, digits, . _ -; it never changes), "
                            "e.g. weekly-sleep:"));
    dialog->setInputMode(QInputDialog::TextInput);
    connect(dialog, &QInputDialog::textValueSelected, this,
            [this](const QString &key) { createQuestionnaire(key.trimmed()); });
    dialog->open();
}

QCoro::Task<> ProtocolPage::createQuestionnaire(QString key)
{
    if (key.isEmpty())
        co_return;
    // A draft must pass the server's check from the start: one text item, named by
    // its key until the editor writes the texts.
    QuestionnaireDefinition definition;
    definition.key = key;
    definition.title = {key, key};
    QuestionnaireItem item;
    item.key = u"item1"_s;
    item.type = QuestionnaireItem::Type::Text;
    item.label = {item.key, item.key};
    definition.items = {item};
    const QString code = m_studyCombo->currentCode();
    QPointer<ProtocolPage> self(this);
    auto request = m_api.createQuestionnaire(code, definition);
    const auto created = co_await whileBusy(std::move(request));
    if (!created)
        co_return;
    if (!*created) {
        showError(created->error());
        updateButtons();
    } else {
        const QString createdKey = created->value().key();
        const int createdVersion = created->value().version;
        auto message = [key] { return tr("Questionnaire %1 was created as a draft.").arg(key); };
        co_await showDone(createdKey, createdVersion, std::move(message));
        if (!self)
            co_return;
    }
    Q_EMIT actionFinished();
}

QCoro::Task<> ProtocolPage::createVersion()
{
    if (m_current.version <= 0)
        co_return;
    const QString code = m_studyCombo->currentCode();
    const QString key = m_current.key();
    QPointer<ProtocolPage> self(this);
    auto request = m_api.createQuestionnaireVersion(code, key);
    const auto created = co_await whileBusy(std::move(request));
    if (!created)
        co_return;
    if (!*created) {
        showError(created->error());
        updateButtons();
    } else {
        const int version = created->value().version;
        auto message = [key, version] { return tr("Version %1 of %2 is a new draft.").arg(version).arg(key); };
        co_await showDone(key, version, std::move(message));
        if (!self)
            co_return;
    }
    Q_EMIT actionFinished();
}

QCoro::Task<bool> ProtocolPage::saveDraft()
{
    if (!isDraftOpen() || !mayEdit())
        co_return false;
    QMap<QString, QString> problems;
    const auto definition = m_editor->checkedDefinition(&problems);
    if (!definition) {
        m_banner->showError([] { return tr("Fix the problems listed beside the items first."); });
        Q_EMIT actionFinished();
        co_return false;
    }
    const QString code = m_studyCombo->currentCode();
    const int version = m_current.version;
    auto request = m_api.updateQuestionnaireDraft(code, version, *definition);
    const auto answer = co_await whileBusy(std::move(request));
    if (!answer)
        co_return false;
    const Result<QuestionnaireVersion> &saved = *answer;
    bool ok = false;
    if (!saved) {
        if (saved.error().code == u"invalid_definition"_s && !saved.error().fields.isEmpty()) {
            m_editor->showProblems(saved.error().fields);
            m_banner->showError([] { return tr("The server found problems in this draft: see the list."); });
        } else {
            showError(saved.error());
        }
    } else {
        m_current = saved.value();
        m_editor->setModified(false);
        m_banner->showMessage([] { return tr("The draft was saved."); }, MessageBanner::Kind::Success);
        ok = true;
    }
    updateButtons();
    Q_EMIT actionFinished();
    co_return ok;
}

void ProtocolPage::confirmDiscard()
{
    if (!isDraftOpen() || !mayEdit())
        return;
    auto *box = new QMessageBox(
        QMessageBox::Question, tr("Discard Draft"),
        //: %1 version number, %2 questionnaire key.
        tr("Discard draft version %1 of %2? Its changes are lost.").arg(m_current.version).arg(m_current.key()),
        QMessageBox::Yes | QMessageBox::Cancel, this);
    box->setObjectName(u"discardDraftConfirmBox"_s);
    box->setDefaultButton(QMessageBox::Cancel);
    box->button(QMessageBox::Yes)->setText(tr("Discard"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::finished, this, [this](int result) {
        if (result == QMessageBox::Yes)
            discardDraft();
    });
    box->open();
}

QCoro::Task<> ProtocolPage::discardDraft()
{
    const QString code = m_studyCombo->currentCode();
    const QString key = m_current.key();
    const int version = m_current.version;
    QPointer<ProtocolPage> self(this);
    auto request = m_api.deleteQuestionnaireDraft(code, key, version);
    const auto done = co_await whileBusy(std::move(request));
    if (!done)
        co_return;
    if (!*done) {
        showError(done->error());
        updateButtons();
    } else {
        m_current = QuestionnaireVersion();
        m_current.version = 0;
        m_editor->setModified(false); // gone with the draft: nothing left to save
        auto message = [] { return tr("The draft was discarded."); };
        co_await showDone(key, version - 1, std::move(message));
        if (!self)
            co_return;
    }
    Q_EMIT actionFinished();
}

QCoro::Task<> ProtocolPage::startPublishing()
{
    if (!isDraftOpen() || !mayEdit())
        co_return;
    QPointer<ProtocolPage> self(this);
    // What is published is what the server holds: unsaved edits go first.
    if (m_editor->isModified()) {
        const bool saved = co_await saveDraft();
        if (!self || !saved)
            co_return;
    }
    if (const QMap<QString, QString> missing = m_current.definition.publishProblems(); !missing.isEmpty()) {
        m_editor->showProblems(missing);
        m_banner->showError([] { return tr("Every text needs both languages before publishing: see the list."); });
        Q_EMIT actionFinished();
        co_return;
    }
    auto *dialog = new SignDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("Publish Questionnaire"));
    //: %1 version number, %2 questionnaire key, %3 its title.
    dialog->setSummary(tr("Publish version %1 of %2 (%3)? Once published it cannot be changed: changes then need "
                          "a new version. Patients' answers are checked against it from now on.")
                           .arg(m_current.version)
                           .arg(m_current.key(), m_current.definition.title.text(QLocale().name())));
    dialog->setMeaning(tr("Approved for use in the study"));
    connect(dialog, &QDialog::accepted, this, [this, dialog] { publish(dialog->password(), dialog->meaning()); });
    dialog->open();
}

QCoro::Task<> ProtocolPage::publish(QString password, QString meaning)
{
    const QString code = m_studyCombo->currentCode();
    const QString key = m_current.key();
    const int version = m_current.version;
    const Signature signature{password, meaning};
    QPointer<ProtocolPage> self(this);
    auto request = m_api.publishQuestionnaire(code, key, version, signature);
    const auto answer = co_await whileBusy(std::move(request));
    if (!answer)
        co_return;
    const Result<QuestionnaireVersion> &published = *answer;
    if (!published) {
        if (published.error().code == u"not_publishable"_s && !published.error().fields.isEmpty()) {
            m_editor->showProblems(published.error().fields);
            m_banner->showError([] { return tr("Every text needs both languages before publishing: see the list."); });
        } else {
            showError(published.error());
        }
        updateButtons();
    } else {
        auto message = [key, version] { return tr("Version %1 of %2 is published.").arg(version).arg(key); };
        co_await showDone(key, version, std::move(message));
        if (!self)
            co_return;
    }
    Q_EMIT actionFinished();
}

QCoro::Task<> ProtocolPage::showDone(QString key, int version, MessageBanner::Text message)
{
    QPointer<ProtocolPage> self(this);
    co_await loadVersions(key, version);
    if (self)
        m_banner->showMessage(std::move(message), MessageBanner::Kind::Success);
}

void ProtocolPage::showError(const ApiError &error)
{
    // The signing answers 403 for a wrong password: the code says which it was.
    const QString code = error.code;
    if (code == u"invalid_password"_s)
        m_banner->showError([] { return tr("The password is not correct. Nothing was published."); });
    else if (code == u"questionnaire_exists"_s)
        m_banner->showError([] { return tr("This study already has a questionnaire with that key."); });
    else if (code == u"draft_exists"_s)
        m_banner->showError([] { return tr("This questionnaire has a draft already: edit or discard it first."); });
    else if (code == u"version_published"_s)
        m_banner->showError(
            [] { return tr("This version was published meanwhile and cannot change. Click Refresh."); });
    else
        m_banner->showApiError(error, [] {
            return tr("Only the study's project managers and administrators change its questionnaires.");
        });
}

} // namespace td

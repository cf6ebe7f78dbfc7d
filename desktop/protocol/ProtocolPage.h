#pragma once

#include "QuestionnaireVersion.h"
#include "Result.h"
#include "widgets/MessageBanner.h"

#include <QCoroTask>
#include <QPointer>
#include <QWidget>
#include <functional>
#include <optional>

class QComboBox;
class QLabel;
class QMessageBox;
class QPushButton;
class QSplitter;
class QTabWidget;

namespace td {

class ApiClient;
class DefinitionEditor;
class QuestionnairePreview;
class QuestionnaireVersionsModel;
class RecordTableView;
class SchedulePanel;
class StudyChooser;
struct ApiError;

// A study's protocol (issue #15): its questionnaires with every version (status,
// publisher, signed hash), the chosen version in the definition editor beside a live
// preview of the form as the patient sees it, in English or Chinese. The study's
// project managers and administrators create questionnaires and new versions, save
// and discard drafts, and publish a draft with their e-signature; every member of
// the study reads, published versions read-only.
class ProtocolPage : public QWidget
{
    Q_OBJECT

public:
    explicit ProtocolPage(ApiClient &api, QWidget *parent = nullptr);

    StudyChooser *studyChooser() const { return m_studyCombo; }
    QuestionnaireVersionsModel *versionsModel() const { return m_model; }
    RecordTableView *versionsTable() const { return m_table; }
    DefinitionEditor *editor() const { return m_editor; }
    QuestionnairePreview *preview() const { return m_preview; }
    MessageBanner *banner() const { return m_banner; }
    SchedulePanel *schedulePanel() const { return m_schedulePanel; }
    QTabWidget *tabs() const { return m_tabs; }
    // The version in the editor; version 0 when none is.
    const QuestionnaireVersion &currentVersion() const { return m_current; }
    bool mayEdit() const;
    void reload();
    // Shows `key` version `version` (loading it), if listed.
    void selectVersion(const QString &key, int version);
    // The open draft or the Schedule tab has edits not saved yet.
    bool hasUnsavedChanges() const;
    // Before something that drops unsaved edits (another version or study, closing):
    // asks Save / Discard / Cancel in a window-modal box (unsavedChangesBox) when
    // there are such edits, else goes on at once. `proceed` runs after a successful
    // save or a discard; Cancel (or a failed save) runs `cancelled`, if any.
    void confirmLeaving(std::function<void()> proceed, std::function<void()> cancelled = {});

Q_SIGNALS:
    // The list of the chosen study's questionnaires is on screen (or failed to load).
    void versionsLoaded();
    // The chosen version is in the editor and the preview (or failed to load).
    void versionLoaded();
    // A save, discard, creation or publication finished (successfully or not).
    void actionFinished();

protected:
    void changeEvent(QEvent *event) override;
    void showEvent(QShowEvent *event) override;

private:
    void retranslateUi();
    void updateButtons();
    void updateTabTitles();
    void onSelectionChanged();
    void onStudyChanged();
    QCoro::Task<> saveAndProceed(std::function<void()> proceed, std::function<void()> cancelled);
    void discardEdits();
    QCoro::Task<> loadVersions(QString selectKey = {}, int selectVersion = 0);
    QCoro::Task<> loadVersion(int row);
    void askNewQuestionnaire();
    QCoro::Task<> createQuestionnaire(QString key);
    QCoro::Task<> createVersion();
    QCoro::Task<bool> saveDraft();
    void confirmDiscard();
    QCoro::Task<> discardDraft();
    QCoro::Task<> startPublishing();
    QCoro::Task<> publish(QString password, QString meaning);
    // Runs `request` with the page busy (buttons off, editor read-only): its answer,
    // or nothing when the page was closed meanwhile (then `this` is gone).
    template<typename T>
    QCoro::Task<std::optional<Result<T>>> whileBusy(QCoro::Task<Result<T>> request);
    // After an action succeeded: the list again with `key` version `version`
    // chosen, and `message` in the banner.
    QCoro::Task<> showDone(QString key, int version, MessageBanner::Text message);
    void showError(const ApiError &error);
    bool isDraftOpen() const;

    ApiClient &m_api;
    QuestionnaireVersionsModel *m_model = nullptr;
    QuestionnaireVersion m_current;
    QLabel *m_studyLabel = nullptr;
    StudyChooser *m_studyCombo = nullptr;
    QPushButton *m_newQuestionnaireButton = nullptr;
    QPushButton *m_newVersionButton = nullptr;
    QPushButton *m_refreshButton = nullptr;
    QPushButton *m_saveButton = nullptr;
    QPushButton *m_discardButton = nullptr;
    QPushButton *m_publishButton = nullptr;
    QLabel *m_languageLabel = nullptr;
    QComboBox *m_languageCombo = nullptr;
    QLabel *m_versionLabel = nullptr;
    RecordTableView *m_table = nullptr;
    DefinitionEditor *m_editor = nullptr;
    QuestionnairePreview *m_preview = nullptr;
    MessageBanner *m_banner = nullptr;
    QSplitter *m_splitter = nullptr;
    QTabWidget *m_tabs = nullptr;
    SchedulePanel *m_schedulePanel = nullptr;
    bool m_busy = false;
    bool m_reverting = false;           // a selection or study put back after Cancel: not a new choice
    QString m_shownStudy;               // the study whose questionnaires are listed
    QPointer<QMessageBox> m_leavingBox; // the unsaved-changes question while it is open
    quint64 m_generation = 0;           // a newer list load makes an older answer stale
    quint64 m_versionGeneration = 0;    // likewise for the version in the editor
};

template<typename T>
QCoro::Task<std::optional<Result<T>>> ProtocolPage::whileBusy(QCoro::Task<Result<T>> request)
{
    m_busy = true;
    updateButtons();
    QPointer<ProtocolPage> self(this);
    Result<T> result = co_await std::move(request);
    if (!self)
        co_return std::nullopt;
    m_busy = false;
    co_return result;
}

} // namespace td

#pragma once

#include "QuestionnaireSchedule.h"
#include "Subject.h"

#include <QCoroTask>
#include <QWidget>

class QComboBox;
class QLabel;
class QPushButton;

namespace td {

class ApiClient;
class MessageBanner;
class ScheduleEditor;
struct ApiError;

// The schedule of the questionnaire chosen on the Protocol page: the ScheduleEditor
// with its 28-day preview for a subject picked from the study, and Save / Remove
// for those who may edit the protocol. A questionnaire without a schedule is never
// due (nothing is expected of anyone); the panel says so.
class SchedulePanel : public QWidget
{
    Q_OBJECT

public:
    explicit SchedulePanel(ApiClient &api, QWidget *parent = nullptr);

    // Loads the schedule of `questionnaire` in study `projectCode`, and the study's
    // subjects for the preview.
    void setQuestionnaire(const QString &projectCode, const QString &questionnaire, bool mayEdit);
    ScheduleEditor *editor() const { return m_editor; }
    QComboBox *subjectCombo() const { return m_subjectCombo; }
    QPushButton *saveButton() const { return m_saveButton; }
    QPushButton *removeButton() const { return m_removeButton; }
    MessageBanner *banner() const { return m_banner; }
    bool hasStoredSchedule() const { return m_stored; }
    // The schedule was edited and not saved (only those who may edit can).
    bool isModified() const { return m_mayEdit && m_edited; }
    // Saves the edited schedule: true when the server took it.
    QCoro::Task<bool> save();
    // Drops the edits: the stored schedule again.
    void revert();

Q_SIGNALS:
    // The schedule and subjects are on screen (or failed to load).
    void loaded();
    // The preview shows the chosen subject.
    void previewReady();
    // A save or removal finished (successfully or not).
    void actionFinished();
    // isModified() changed.
    void modifiedChanged();

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslateUi();
    void updateButtons();
    QCoro::Task<> load();
    QCoro::Task<> previewSubject(int index);
    QCoro::Task<> remove();
    void setEdited(bool edited);
    void showError(const ApiError &error);

    ApiClient &m_api;
    QString m_projectCode;
    QString m_questionnaire;
    bool m_mayEdit = false;
    bool m_stored = false;
    bool m_busy = false;
    bool m_edited = false;
    quint64 m_generation = 0;
    QList<Subject> m_subjects;

    ScheduleEditor *m_editor = nullptr;
    QLabel *m_subjectLabel = nullptr;
    QComboBox *m_subjectCombo = nullptr;
    QLabel *m_stateLabel = nullptr;
    QPushButton *m_saveButton = nullptr;
    QPushButton *m_removeButton = nullptr;
    MessageBanner *m_banner = nullptr;
};

} // namespace td

#pragma once

#include "Project.h"
#include "subjects/SubjectTokenDialog.h"
#include "widgets/StudyChooser.h"

#include <QCoroTask>
#include <QPointer>
#include <QWidget>

class QComboBox;
class QLabel;
class QPushButton;
class QTimer;

namespace td {

class RecordTableView;

class ApiClient;
class MessageBanner;
class SubjectCompliancePanel;
class SubjectTableModel;
struct ApiError;

// The subjects of one active study: a study selector, a table loaded page by page
// (with today's submission status), Enrol… through EnrolDialog, Re-issue Token…
// for the selected subject (a new token is shown once in SubjectTokenDialog) and
// Schedule Settings… (its time zone and anchor date) through ScheduleSettingsDialog.
class SubjectsPage : public QWidget
{
    Q_OBJECT

public:
    explicit SubjectsPage(ApiClient &api, QWidget *parent = nullptr);

    SubjectTableModel *model() const { return m_model; }
    SubjectCompliancePanel *compliancePanel() const { return m_compliance; }
    StudyChooser *studyCombo() const { return m_studyCombo; }
    // The token dialog on screen, if any.
    SubjectTokenDialog *tokenDialog() const { return m_tokenDialog; }
    bool isLoadingToday() const { return m_loadingToday; }
    // Loads the study list (again) and the subjects of the selected study.
    void reload();

Q_SIGNALS:
    // A live update (issue #16) refreshed the loaded rows in place.
    void liveReloaded();

protected:
    void changeEvent(QEvent *event) override;
    void showEvent(QShowEvent *event) override;

private:
    void retranslateUi();
    void selectStudy();
    void reloadLive();
    void updateState();
    // Enrol and Re-issue Token only for a role in the chosen study that may do them.
    void updateButtons();
    void showError(const QString &text);
    QString errorText(const ApiError &error) const;
    void enrol();
    void confirmReissue();
    void editScheduleSettings();
    QCoro::Task<> reissue(QString subjectId);
    // Today's entries of the study (the stats answer) for the Today column.
    QCoro::Task<> loadToday(QString projectCode);
    void showToken(const QString &subjectId, const QString &token, bool reissued);

    ApiClient &m_api;
    bool m_reissuing = false;
    bool m_loadingToday = false;
    quint64 m_todayGeneration = 0;
    QString m_errorText;

    SubjectTableModel *m_model = nullptr;
    QLabel *m_studyLabel = nullptr;
    StudyChooser *m_studyCombo = nullptr;
    QPushButton *m_enrolButton = nullptr;
    QPushButton *m_reissueButton = nullptr;
    QPushButton *m_scheduleSettingsButton = nullptr;
    QPushButton *m_refreshButton = nullptr;
    RecordTableView *m_table = nullptr;
    MessageBanner *m_stateLabel = nullptr;
    QPushButton *m_moreButton = nullptr;
    QPointer<SubjectTokenDialog> m_tokenDialog;
    SubjectCompliancePanel *m_compliance = nullptr;
    QTimer *m_liveReload = nullptr;
};

} // namespace td

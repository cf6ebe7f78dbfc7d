#pragma once

#include "net/ApiClient.h"
#include "widgets/EditForm.h"
#include "widgets/FormErrors.h"

#include <QCoroTask>
#include <QDialog>
#include <QMap>

class QCheckBox;
class QComboBox;
class QDateEdit;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;

namespace td {

class MessageBanner;
class TimeZoneCombo;

// Creates a study or edits one. Save sends createProject (all fields) or
// updateProject (only what changed); when the server refuses, its per-field
// problems appear in red under the fields concerned and the dialog stays open with
// everything the user typed. Accepted once the server stored the study.
class ProjectDialog : public QDialog
{
    Q_OBJECT

public:
    // A new study.
    explicit ProjectDialog(ApiClient &api, QWidget *parent = nullptr);
    // Edits `project` (its code cannot change).
    ProjectDialog(ApiClient &api, const Project &project, QWidget *parent = nullptr);

    bool isEditing() const { return m_original.has_value(); }
    bool isBusy() const { return m_busy; }
    // The study as the server stored it; valid once accepted.
    const Project &savedProject() const { return m_saved; }
    // What the form shows as wrong: the line under each field (by API name) and the
    // message above the buttons.
    const FormErrors &errors() const { return *m_form->errors(); }

Q_SIGNALS:
    void projectSaved(const td::Project &project);

protected:
    void changeEvent(QEvent *event) override;

private:
    void buildUi();
    void retranslateUi();
    void fill(const Project &project);
    QString fieldName(const QString &key) const;
    bool validateLocally();
    // The study as the form describes it.
    Project formProject() const;
    void setBusy(bool busy);
    QCoro::Task<> save();

    ApiClient &m_api;
    std::optional<Project> m_original;
    Project m_saved;
    bool m_busy = false;

    QLineEdit *m_codeEdit = nullptr;
    QLineEdit *m_titleEdit = nullptr;
    QComboBox *m_phaseCombo = nullptr;
    QComboBox *m_statusCombo = nullptr;
    QLineEdit *m_sponsorEdit = nullptr;
    QLineEdit *m_piEdit = nullptr;
    QCheckBox *m_startDateCheck = nullptr;
    QDateEdit *m_startDateEdit = nullptr;
    QCheckBox *m_endDateCheck = nullptr;
    QDateEdit *m_endDateEdit = nullptr;
    QSpinBox *m_targetSpin = nullptr;
    QPlainTextEdit *m_sitesEdit = nullptr;
    TimeZoneCombo *m_timeZoneCombo = nullptr;
    EditForm *m_form = nullptr;
};

} // namespace td

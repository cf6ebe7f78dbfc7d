#pragma once

#include "net/ApiClient.h"
#include "widgets/EditForm.h"
#include "widgets/FormErrors.h"

#include <QCoroTask>
#include <QDialog>
#include <QMap>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;

namespace td {

class MessageBanner;
class AnchorDateField;
class TimeZoneCombo;

// Enrols a subject into one study: name, phone, site (from the study's sites),
// sex, birth year, an optional subject id (the server makes one up otherwise) and
// its schedule settings: a time zone (default the study's) and an anchor date.
// When the server refuses, its per-field problems appear in red under the fields
// and the dialog stays open with the entries. Accepted once the server enrolled the
// subject; enrolment() then holds the subject and its one-time token.
class EnrolDialog : public QDialog
{
    Q_OBJECT

public:
    EnrolDialog(ApiClient &api, const Project &project, QWidget *parent = nullptr);

    bool isBusy() const { return m_busy; }
    const ApiClient::Enrolment &enrolment() const { return m_enrolment; }
    // What the form shows as wrong: the line under each field (by API name) and the
    // message above the buttons.
    const FormErrors &errors() const { return *m_form->errors(); }

Q_SIGNALS:
    void enrolled(const td::ApiClient::Enrolment &enrolment);

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslateUi();
    QString fieldName(const QString &key) const;
    bool validateLocally();
    // The subject as the form describes it.
    Subject formSubject() const;
    void setBusy(bool busy);
    QCoro::Task<> save();

    ApiClient &m_api;
    Project m_project;
    ApiClient::Enrolment m_enrolment;
    bool m_busy = false;

    QLineEdit *m_nameEdit = nullptr;
    QLineEdit *m_phoneEdit = nullptr;
    QComboBox *m_siteCombo = nullptr;
    QComboBox *m_sexCombo = nullptr;
    QSpinBox *m_birthYearSpin = nullptr;
    QLineEdit *m_subjectIdEdit = nullptr;
    TimeZoneCombo *m_timeZoneCombo = nullptr;
    AnchorDateField *m_anchorDate = nullptr;
    EditForm *m_form = nullptr;
};

} // namespace td

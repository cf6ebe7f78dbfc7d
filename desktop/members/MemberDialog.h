#pragma once

#include "Project.h"
#include "StudyMembership.h"
#include "net/ApiClient.h"
#include "widgets/EditForm.h"
#include "widgets/FormErrors.h"

#include <QCoroTask>
#include <QDialog>
#include <QMap>
#include <optional>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;

namespace td {

class MessageBanner;

// Adds a person to a study or changes their membership (issue #14): the account's
// user name (fixed when changing), the role in the study, and either every site
// or some of them. Saved with PUT /projects/{code}/members/{username}; the server's
// field problems show under the fields.
class MemberDialog : public QDialog
{
    Q_OBJECT

public:
    // A new member of `project`, offered `defaultRole`.
    MemberDialog(ApiClient &api, const Project &project, QWidget *parent = nullptr);
    // A change to `membership`.
    MemberDialog(ApiClient &api, const Project &project, const StudyMembership &membership, QWidget *parent = nullptr);

    const FormErrors &errors() const { return *m_form->errors(); }
    // For tests and for the page: fills the form.
    void setUsername(const QString &username);
    void setStudyRole(Role role);
    // Empty: every site.
    void setSites(const QStringList &sites);

Q_SIGNALS:
    void memberSaved(const td::StudyMembership &membership);

protected:
    void changeEvent(QEvent *event) override;

private:
    void buildUi();
    void retranslateUi();
    QString fieldName(const QString &key) const;
    MembershipChange formChange() const;
    bool validateLocally();
    void setBusy(bool busy);
    QCoro::Task<> save();

    ApiClient &m_api;
    Project m_project;
    std::optional<StudyMembership> m_original;
    bool m_busy = false;

    QLineEdit *m_usernameEdit = nullptr;
    QComboBox *m_roleCombo = nullptr;
    QCheckBox *m_allSitesCheck = nullptr;
    QListWidget *m_siteList = nullptr;
    EditForm *m_form = nullptr;
};

} // namespace td

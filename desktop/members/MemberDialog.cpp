#include "MemberDialog.h"

#include "members/MembersModel.h"
#include "widgets/EditForm.h"
#include "widgets/FormErrors.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPointer>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace td {

MemberDialog::MemberDialog(ApiClient &api, const Project &project, QWidget *parent)
    : QDialog(parent)
    , m_api(api)
    , m_project(project)
{
    buildUi();
}

MemberDialog::MemberDialog(ApiClient &api, const Project &project, const StudyMembership &membership, QWidget *parent)
    : QDialog(parent)
    , m_api(api)
    , m_project(project)
    , m_original(membership)
{
    buildUi();
    setUsername(membership.username);
    m_usernameEdit->setReadOnly(true);
    setStudyRole(membership.studyRole);
    setSites(membership.sites);
}

void MemberDialog::buildUi()
{
    setObjectName(u"memberDialog"_s);
    m_usernameEdit = new QLineEdit(this);
    m_usernameEdit->setObjectName(u"memberUsernameEdit"_s);
    m_usernameEdit->setMaxLength(64);
    m_roleCombo = new QComboBox(this);
    m_roleCombo->setObjectName(u"memberRoleCombo"_s);
    for (const Role role : {Role::Crc, Role::Monitor, Role::Pm})
        m_roleCombo->addItem(QString(), roleName(role));
    m_allSitesCheck = new QCheckBox(this);
    m_allSitesCheck->setObjectName(u"memberAllSitesCheck"_s);
    m_allSitesCheck->setChecked(true);
    m_siteList = new QListWidget(this);
    m_siteList->setObjectName(u"memberSiteList"_s);
    for (const QString &site : std::as_const(m_project.sites)) {
        auto *item = new QListWidgetItem(site, m_siteList);
        item->setFlags(Qt::ItemIsUserCheckable | Qt::ItemIsEnabled);
        item->setCheckState(Qt::Unchecked);
    }
    m_siteList->setEnabled(false);
    m_siteList->setMaximumHeight(120);
    connect(m_allSitesCheck, &QCheckBox::toggled, m_siteList, [this](bool all) { m_siteList->setEnabled(!all); });

    auto *sites = new QWidget(this);
    auto *sitesLayout = new QVBoxLayout(sites);
    sitesLayout->setContentsMargins(0, 0, 0, 0);
    sitesLayout->addWidget(m_allSitesCheck);
    sitesLayout->addWidget(m_siteList);

    const QList<EditForm::Row> rows = {
        {u"username"_s, m_usernameEdit}, {u"studyRole"_s, m_roleCombo}, {u"sites"_s, sites, m_allSitesCheck}};
    m_form = new EditForm(this, rows, {u"memberMessageLabel"_s, u"memberSaveButton"_s},
                          [this](const QString &key) { return fieldName(key); });
    connect(m_form->saveButton(), &QPushButton::clicked, this, [this] { save(); });
    setMinimumWidth(420);
    retranslateUi();
}

void MemberDialog::setUsername(const QString &username)
{
    m_usernameEdit->setText(username);
}

void MemberDialog::setStudyRole(Role role)
{
    m_roleCombo->setCurrentIndex(qMax(0, m_roleCombo->findData(roleName(role))));
}

void MemberDialog::setSites(const QStringList &sites)
{
    m_allSitesCheck->setChecked(sites.isEmpty());
    for (int row = 0; row < m_siteList->count(); ++row) {
        QListWidgetItem *item = m_siteList->item(row);
        item->setCheckState(sites.contains(item->text()) ? Qt::Checked : Qt::Unchecked);
    }
}

void MemberDialog::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QDialog::changeEvent(event);
}

void MemberDialog::retranslateUi()
{
    //: %1 is the study's code.
    setWindowTitle(m_original ? tr("Change Membership of %1").arg(m_project.code)
                              : tr("Add a Member to %1").arg(m_project.code));
    m_form->introLabel()->setText(
        m_original ? tr("Change what %1 may do in this study. It takes effect with their next "
                        "request.")
                         .arg(m_original->displayName.isEmpty() ? m_original->username : m_original->displayName)
                   : tr("Give a staff account access to this study: its role here, and the "
                        "sites whose subjects it may see."));
    m_form->fieldLabel(u"username"_s)->setText(tr("&User name:"));
    m_form->fieldLabel(u"studyRole"_s)->setText(tr("&Role:"));
    m_form->fieldLabel(u"sites"_s)->setText(tr("&Sites:"));
    for (int i = 0; i < m_roleCombo->count(); ++i)
        m_roleCombo->setItemText(
            i, MembersModel::studyRoleName(roleFromName(m_roleCombo->itemData(i).toString()).value_or(Role::Monitor)));
    m_allSitesCheck->setText(tr("All sites of the study"));
    m_form->buttons()->button(QDialogButtonBox::Cancel)->setText(tr("Cancel"));
    setBusy(m_busy);
}

QString MemberDialog::fieldName(const QString &key) const
{
    if (key == u"username"_s)
        return tr("User name");
    if (key == u"studyRole"_s)
        return tr("Role");
    if (key == u"sites"_s)
        return tr("Sites");
    return key;
}

MembershipChange MemberDialog::formChange() const
{
    MembershipChange change;
    change.studyRole = roleFromName(m_roleCombo->currentData().toString()).value_or(Role::Monitor);
    if (!m_allSitesCheck->isChecked()) {
        for (int row = 0; row < m_siteList->count(); ++row) {
            if (m_siteList->item(row)->checkState() == Qt::Checked)
                change.sites << m_siteList->item(row)->text();
        }
    }
    return change;
}

bool MemberDialog::validateLocally()
{
    bool ok = true;
    if (m_usernameEdit->text().trimmed().isEmpty()) {
        m_form->errors()->showFieldError(u"username"_s, tr("is required"));
        ok = false;
    }
    if (!m_allSitesCheck->isChecked() && formChange().sites.isEmpty()) {
        m_form->errors()->showFieldError(u"sites"_s, tr("choose at least one site, or all sites"));
        ok = false;
    }
    return ok;
}

void MemberDialog::setBusy(bool busy)
{
    m_busy = busy;
    m_form->setBusy(busy, busy ? tr("Saving…") : tr("&Save"));
    m_siteList->setEnabled(!busy && !m_allSitesCheck->isChecked());
}

QCoro::Task<> MemberDialog::save()
{
    if (m_busy)
        co_return;
    m_form->errors()->clear();
    if (!validateLocally())
        co_return;
    const QString username = m_usernameEdit->text().trimmed();
    const MembershipChange change = formChange();
    setBusy(true);
    QPointer<MemberDialog> self(this);
    const Result<StudyMembership> result = co_await m_api.setProjectMember(m_project.code, username, change);
    if (!self)
        co_return;
    setBusy(false);

    if (result) {
        Q_EMIT memberSaved(result.value());
        accept();
        co_return;
    }
    const ApiError &error = result.error();
    if (m_form->errors()->showFields(error,
                                     tr("The membership was not saved. Please correct the fields marked in red.")))
        co_return;
    switch (error.kind) {
    case ApiError::Kind::NotFound:
        m_form->errors()->showFieldError(u"username"_s, tr("is not a staff account on this server"));
        break;
    case ApiError::Kind::Unauthorized:
        m_form->errors()->showMessage(
            tr("Your session has expired. Sign in again, then click Save: your entries are kept."));
        break;
    case ApiError::Kind::Forbidden:
        m_form->errors()->showMessage(error.code == u"own_membership"_s
                                          ? tr("You cannot change your own membership; ask an administrator.")
                                          : tr("Only the study's project managers and administrators manage its "
                                               "members."));
        break;
    case ApiError::Kind::Network:
        m_form->errors()->showMessage(tr("The server cannot be reached; the membership was not saved. Try again."));
        break;
    default:
        //: %1 is the server's explanation (in English).
        m_form->errors()->showMessage(tr("The membership was not saved: %1").arg(error.message));
        break;
    }
}

} // namespace td

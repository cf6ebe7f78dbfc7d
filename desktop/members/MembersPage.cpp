#include "MembersPage.h"

#include "Permissions.h"
#include "members/MemberDialog.h"
#include "members/MembersModel.h"
#include "net/ApiClient.h"
#include "widgets/MessageBanner.h"
#include "widgets/RecordTableView.h"
#include "widgets/StudyChooser.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QMessageBox>
#include <QPointer>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace td {

MembersPage::MembersPage(ApiClient &api, QWidget *parent)
    : QWidget(parent)
    , m_api(api)
{
    setObjectName(u"membersPage"_s);
    m_model = new MembersModel(this);
    m_studyLabel = new QLabel(this);
    m_studyCombo = new StudyChooser(m_api, this);
    m_studyCombo->setObjectName(u"membersStudyCombo"_s);
    m_studyCombo->setMinimumContentsLength(30);
    m_studyLabel->setBuddy(m_studyCombo);
    m_addButton = new QPushButton(this);
    m_addButton->setObjectName(u"addMemberButton"_s);
    m_changeButton = new QPushButton(this);
    m_changeButton->setObjectName(u"changeMemberButton"_s);
    m_removeButton = new QPushButton(this);
    m_removeButton->setObjectName(u"removeMemberButton"_s);
    m_refreshButton = new QPushButton(this);
    m_refreshButton->setObjectName(u"refreshMembersButton"_s);

    m_table = new RecordTableView(this);
    m_table->setObjectName(u"membersTable"_s);
    m_table->setRecordModel(m_model, MembersModel::SitesColumn);
    m_table->setColumnWidths({{MembersModel::NameColumn, 160},
                              {MembersModel::UsernameColumn, 110},
                              {MembersModel::RoleColumn, 160},
                              {MembersModel::AddedColumn, 140}});
    m_banner = new MessageBanner(this);
    m_banner->setObjectName(u"membersBanner"_s);

    auto *top = new QHBoxLayout;
    top->addWidget(m_studyLabel);
    top->addWidget(m_studyCombo, 1);
    top->addWidget(m_addButton);
    top->addWidget(m_changeButton);
    top->addWidget(m_removeButton);
    top->addWidget(m_refreshButton);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_banner);
    layout->addWidget(m_table, 1);

    connect(m_studyCombo, &QComboBox::currentIndexChanged, this, [this] { loadMembers(); });
    connect(m_studyCombo, &StudyChooser::studiesLoaded, this, [this] { loadMembers(); });
    connect(m_studyCombo, &StudyChooser::loadFailed, this, &MembersPage::showError);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, &MembersPage::updateButtons);
    connect(m_table, &QAbstractItemView::doubleClicked, this, &MembersPage::changeMember);
    connect(m_addButton, &QPushButton::clicked, this, &MembersPage::addMember);
    connect(m_changeButton, &QPushButton::clicked, this, &MembersPage::changeMember);
    connect(m_removeButton, &QPushButton::clicked, this, &MembersPage::confirmRemove);
    connect(m_refreshButton, &QPushButton::clicked, this, &MembersPage::reload);
    connect(&m_api, &ApiClient::accessChanged, this, &MembersPage::updateButtons);
    retranslateUi();
}

void MembersPage::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

void MembersPage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    m_studyCombo->loadOnce();
}

void MembersPage::retranslateUi()
{
    m_studyLabel->setText(tr("&Study:"));
    m_addButton->setText(tr("&Add…"));
    m_changeButton->setText(tr("&Change…"));
    m_removeButton->setText(tr("Re&move"));
    m_refreshButton->setText(tr("&Refresh"));
    m_model->headerDataChanged(Qt::Horizontal, 0, MembersModel::ColumnCount - 1);
}

void MembersPage::reload()
{
    m_studyCombo->reload();
}

bool MembersPage::mayManage() const
{
    const QString code = m_studyCombo->currentCode();
    return !code.isEmpty() && isAllowed(m_api.roleIn(code), Permission::ManageMembers);
}

const StudyMembership *MembersPage::selectedMember() const
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    if (rows.size() != 1)
        return nullptr;
    return &m_model->membership(rows.first().row());
}

void MembersPage::updateButtons()
{
    const bool manage = mayManage() && !m_busy;
    const StudyMembership *selected = selectedMember();
    // One's own membership is changed by someone else (an admin is never a member).
    const bool other = selected && selected->username != m_api.username();
    m_addButton->setEnabled(manage);
    m_changeButton->setEnabled(manage && other);
    m_removeButton->setEnabled(manage && other);
}

QCoro::Task<> MembersPage::loadMembers()
{
    const quint64 generation = ++m_generation;
    const QString code = m_studyCombo->currentCode();
    m_model->setMembers({});
    updateButtons();
    if (code.isEmpty()) {
        m_banner->showMessage(
            [this] { return m_studyCombo->isLoaded() ? tr("There are no active studies.") : QString(); });
        Q_EMIT membersLoaded();
        co_return;
    }
    if (!mayManage()) {
        m_banner->showMessage([] {
            return tr("Only the study's project managers and administrators see and manage "
                      "its members.");
        });
        Q_EMIT membersLoaded();
        co_return;
    }
    m_banner->showMessage([] { return tr("Loading members…"); });
    QPointer<MembersPage> self(this);
    const Result<QList<StudyMembership>> members = co_await m_api.projectMembers(code);
    if (!self || generation != m_generation)
        co_return;
    if (!members) {
        showError(members.error());
    } else {
        m_model->setMembers(members.value());
        const int count = int(members->size());
        m_banner->showMessage([count] { return tr("%n members.", nullptr, count); });
    }
    updateButtons();
    Q_EMIT membersLoaded();
}

void MembersPage::addMember()
{
    const int index = m_studyCombo->currentIndex();
    if (!mayManage() || index < 0 || index >= m_studyCombo->studies().size())
        return;
    auto *dialog = new MemberDialog(m_api, m_studyCombo->studies().at(index), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &MemberDialog::memberSaved, this, [this](const StudyMembership &membership) {
        m_model->upsert(membership);
        m_table->selectRow(m_model->rowOf(membership.username));
    });
    dialog->open();
}

void MembersPage::changeMember()
{
    const int index = m_studyCombo->currentIndex();
    const StudyMembership *selected = selectedMember();
    if (!m_changeButton->isEnabled() || !selected || index < 0 || index >= m_studyCombo->studies().size())
        return;
    auto *dialog = new MemberDialog(m_api, m_studyCombo->studies().at(index), *selected, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &MemberDialog::memberSaved, this,
            [this](const StudyMembership &membership) { m_model->upsert(membership); });
    dialog->open();
}

void MembersPage::confirmRemove()
{
    const StudyMembership *selected = selectedMember();
    if (!m_removeButton->isEnabled() || !selected)
        return;
    const QString username = selected->username;
    const QString name = selected->displayName.isEmpty() ? username : selected->displayName;
    auto *box = new QMessageBox(QMessageBox::Question, tr("Remove Member"),
                                //: %1 is the person's name, %2 the study's code.
                                tr("Remove %1 from study %2? They lose access to its data with their next request.")
                                    .arg(name, m_studyCombo->currentCode()),
                                QMessageBox::Yes | QMessageBox::Cancel, this);
    box->setObjectName(u"removeMemberConfirmBox"_s);
    box->setDefaultButton(QMessageBox::Cancel);
    box->button(QMessageBox::Yes)->setText(tr("Remove"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::finished, this, [this, username](int result) {
        if (result == QMessageBox::Yes)
            remove(username);
    });
    box->open();
}

QCoro::Task<> MembersPage::remove(QString username)
{
    m_busy = true;
    updateButtons();
    QPointer<MembersPage> self(this);
    const Result<Done> done = co_await m_api.removeProjectMember(m_studyCombo->currentCode(), username);
    if (!self)
        co_return;
    m_busy = false;
    if (done) {
        m_model->remove(username);
        m_banner->showMessage([] { return tr("The member was removed."); }, MessageBanner::Kind::Success);
    } else {
        showError(done.error());
    }
    updateButtons();
}

void MembersPage::showError(const ApiError &error)
{
    m_banner->showApiError(
        error, [] { return tr("Only the study's project managers and administrators manage its members."); });
}

} // namespace td

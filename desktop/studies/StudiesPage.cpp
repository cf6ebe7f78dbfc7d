#include "StudiesPage.h"

#include "Permissions.h"
#include "net/ApiClient.h"
#include "studies/ProjectDialog.h"
#include "studies/ProjectTableModel.h"
#include "subjects/EnrolmentDelegate.h"
#include "widgets/MessageBanner.h"
#include "widgets/RecordTableView.h"

#include <QComboBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QTimer>
#include <QVBoxLayout>
#include <algorithm>

using namespace Qt::StringLiterals;

namespace td {

namespace {

constexpr int SearchDelayMs = 300;

} // namespace

StudiesPage::StudiesPage(ApiClient &api, QWidget *parent)
    : QWidget(parent)
    , m_api(api)
{
    setObjectName(u"studiesPage"_s);
    m_model = new ProjectTableModel(m_api, this);
    m_proxy = new QSortFilterProxyModel(this);
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(ProjectTableModel::SortRole);
    m_proxy->setSortCaseSensitivity(Qt::CaseInsensitive);
    m_proxy->setSortLocaleAware(true);

    m_searchEdit = new QLineEdit(this);
    m_searchEdit->setObjectName(u"studySearchEdit"_s);
    m_searchEdit->setClearButtonEnabled(true);
    m_statusCombo = new QComboBox(this);
    m_statusCombo->setObjectName(u"studyStatusCombo"_s);
    m_statusCombo->addItem(QString(), QString());
    for (const QString &status : Project::statuses())
        m_statusCombo->addItem(QString(), status);
    m_newButton = new QPushButton(this);
    m_newButton->setObjectName(u"newStudyButton"_s);
    m_editButton = new QPushButton(this);
    m_editButton->setObjectName(u"editStudyButton"_s);
    m_refreshButton = new QPushButton(this);
    m_refreshButton->setObjectName(u"refreshStudiesButton"_s);

    m_table = new RecordTableView(this);
    m_table->setObjectName(u"studiesTable"_s);
    m_table->setRecordModel(m_proxy, ProjectTableModel::TitleColumn);
    m_table->setItemDelegateForColumn(ProjectTableModel::EnrolmentColumn, new EnrolmentDelegate(m_table));
    m_table->setColumnWidths({{ProjectTableModel::CodeColumn, 110},
                              {ProjectTableModel::PhaseColumn, 60},
                              {ProjectTableModel::StatusColumn, 90},
                              {ProjectTableModel::SitesColumn, 160},
                              {ProjectTableModel::EnrolmentColumn, 140}});
    m_table->horizontalHeader()->setSortIndicator(ProjectTableModel::CodeColumn, Qt::AscendingOrder);
    m_table->horizontalHeader()->setMinimumSectionSize(50);
    m_table->setSortingEnabled(true);

    m_stateLabel = new MessageBanner(this);
    m_stateLabel->setObjectName(u"studiesStateLabel"_s);
    m_progressBar = new QProgressBar(this);
    m_progressBar->setObjectName(u"studiesProgressBar"_s);
    m_progressBar->setRange(0, 0);
    m_progressBar->setTextVisible(false);
    m_progressBar->setMaximumWidth(160);
    m_cancelButton = new QPushButton(this);
    m_cancelButton->setObjectName(u"cancelLoadButton"_s);
    m_moreButton = new QPushButton(this);
    m_moreButton->setObjectName(u"loadMoreButton"_s);

    auto *toolbar = new QHBoxLayout;
    toolbar->addWidget(m_searchEdit, 1);
    toolbar->addWidget(m_statusCombo);
    toolbar->addSpacing(12);
    toolbar->addWidget(m_newButton);
    toolbar->addWidget(m_editButton);
    toolbar->addWidget(m_refreshButton);

    auto *footer = new QHBoxLayout;
    footer->addWidget(m_stateLabel, 1);
    footer->addWidget(m_progressBar);
    footer->addWidget(m_cancelButton);
    footer->addWidget(m_moreButton);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(toolbar);
    layout->addWidget(m_table, 1);
    layout->addLayout(footer);

    m_searchTimer = new QTimer(this);
    m_searchTimer->setSingleShot(true);
    m_searchTimer->setInterval(SearchDelayMs);
    connect(m_searchTimer, &QTimer::timeout, this, &StudiesPage::applyFilters);
    connect(m_searchEdit, &QLineEdit::textChanged, m_searchTimer, qOverload<>(&QTimer::start));
    connect(m_searchEdit, &QLineEdit::returnPressed, this, &StudiesPage::applyFilters);
    connect(m_statusCombo, &QComboBox::currentIndexChanged, this, &StudiesPage::applyFilters);
    connect(m_newButton, &QPushButton::clicked, this, &StudiesPage::newProject);
    connect(m_editButton, &QPushButton::clicked, this, &StudiesPage::editProject);
    connect(m_refreshButton, &QPushButton::clicked, this, [this] {
        m_errorText.clear();
        m_model->reload();
        m_model->fetchMore();
    });
    connect(m_cancelButton, &QPushButton::clicked, m_model, &ProjectTableModel::cancel);
    connect(m_moreButton, &QPushButton::clicked, this, [this] {
        m_errorText.clear();
        m_model->resume();
    });
    connect(m_table, &QTableView::doubleClicked, this, &StudiesPage::editProject);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, &StudiesPage::updateButtons);
    connect(m_model, &ProjectTableModel::loadingChanged, this, &StudiesPage::updateState);
    connect(m_model, &ProjectTableModel::pageLoaded, this, &StudiesPage::updateState);
    connect(m_model, &ProjectTableModel::modelReset, this, &StudiesPage::updateState);
    connect(m_model, &ProjectTableModel::rowsInserted, this, &StudiesPage::updateState);
    connect(m_model, &ProjectTableModel::loadFailed, this, &StudiesPage::showLoadError);
    connect(&m_api, &ApiClient::roleChanged, this, &StudiesPage::applyRole);
    connect(&m_api, &ApiClient::accessChanged, this, &StudiesPage::applyRole);
    applyRole();

    retranslateUi();
    // The first page; the view asks for the next ones as the user scrolls.
    m_model->fetchMore();
}

void StudiesPage::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

void StudiesPage::retranslateUi()
{
    m_searchEdit->setPlaceholderText(tr("Search by code or title…"));
    m_statusCombo->setItemText(0, tr("All statuses"));
    for (int i = 1; i < m_statusCombo->count(); ++i)
        m_statusCombo->setItemText(i, ProjectTableModel::statusText(m_statusCombo->itemData(i).toString()));
    m_newButton->setText(tr("&New Study…"));
    m_editButton->setText(tr("&Edit…"));
    m_refreshButton->setText(tr("&Refresh"));
    m_cancelButton->setText(tr("Cancel"));
    m_model->headerDataChanged(Qt::Horizontal, 0, ProjectTableModel::ColumnCount - 1);
    updateState();
}

void StudiesPage::applyFilters()
{
    m_searchTimer->stop();
    const ApiClient::ProjectQuery query{m_statusCombo->currentData().toString(), m_searchEdit->text().trimmed()};
    if (query.status == m_model->query().status && query.text == m_model->query().text && !m_model->lastError())
        return;
    m_errorText.clear();
    m_model->setQuery(query);
    m_model->fetchMore();
}

void StudiesPage::updateState()
{
    const bool loading = m_model->isLoading();
    const int rows = m_model->rowCount();
    m_progressBar->setVisible(loading);
    m_cancelButton->setVisible(loading);
    const bool paused = !loading && m_model->hasMore() && !m_model->canFetchMore();
    m_moreButton->setVisible(paused);
    m_moreButton->setText(m_model->lastError() ? tr("Retry") : tr("Load More"));

    const bool failed = !m_errorText.isEmpty() && m_model->lastError();
    QString text;
    if (failed)
        text = m_errorText;
    else if (loading)
        text = rows == 0 ? tr("Loading studies…") : tr("%n studies loaded; loading more…", nullptr, rows);
    else if (rows == 0)
        text = m_model->hasMore() ? tr("Loading stopped.") : tr("No studies match.");
    else if (m_model->hasMore())
        text = tr("%n studies loaded; scroll down for more.", nullptr, rows);
    else
        text = tr("%n studies.", nullptr, rows);
    // Rewritten by retranslateUi() in a new language, like the texts it is made of.
    m_stateLabel->showMessage([text] { return text; }, failed ? MessageBanner::Kind::Error : MessageBanner::Kind::Info);
    updateButtons();
}

QString StudiesPage::selectedCode() const
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    if (rows.size() != 1)
        return {};
    return m_model->project(m_proxy->mapToSource(rows.first()).row()).code;
}

void StudiesPage::updateButtons()
{
    // What the study role allows (issue #14): a crc may be the pm of one study.
    const QString code = selectedCode();
    m_editButton->setEnabled(!code.isEmpty() && isAllowed(m_api.roleIn(code), Permission::EditStudies));
}

void StudiesPage::applyRole()
{
    // New studies follow the global role; the creator becomes the new study's pm.
    m_newButton->setVisible(isAllowed(m_api.role(), Permission::EditStudies));
    const QList<StudyMembership> memberships = m_api.memberships();
    const bool pmSomewhere = std::any_of(memberships.cbegin(), memberships.cend(),
                                         [](const StudyMembership &m) { return m.studyRole == Role::Pm; });
    m_editButton->setVisible(isAllowed(m_api.role(), Permission::EditStudies) || pmSomewhere);
    updateButtons();
}

void StudiesPage::showLoadError(const ApiError &error)
{
    switch (error.kind) {
    case ApiError::Kind::Unauthorized:
        m_errorText = tr("Your session has expired. Sign in again, then click Retry.");
        break;
    case ApiError::Kind::Network:
        m_errorText = tr("The server cannot be reached. Check the connection, then click Retry.");
        break;
    default:
        //: %1 is the server's explanation (in English).
        m_errorText = tr("The studies could not be loaded: %1").arg(error.message);
        break;
    }
    updateState();
}

void StudiesPage::newProject()
{
    if (!isAllowed(m_api.role(), Permission::EditStudies))
        return;
    auto *dialog = new ProjectDialog(m_api, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &ProjectDialog::projectSaved, this, &StudiesPage::onProjectSaved);
    dialog->open();
}

void StudiesPage::editProject()
{
    // Double-click comes here too.
    const QString code = selectedCode();
    if (code.isEmpty() || !isAllowed(m_api.roleIn(code), Permission::EditStudies))
        return;
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    const int row = m_proxy->mapToSource(rows.first()).row();
    auto *dialog = new ProjectDialog(m_api, m_model->project(row), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &ProjectDialog::projectSaved, this, &StudiesPage::onProjectSaved);
    dialog->open();
}

void StudiesPage::onProjectSaved(const Project &project)
{
    m_model->upsert(project);
    if (const int row = m_model->rowOf(project.code); row >= 0) {
        const QModelIndex index = m_proxy->mapFromSource(m_model->index(row, 0));
        m_table->selectRow(index.row());
        m_table->scrollTo(index);
    }
}

} // namespace td

#include "ProjectTableModel.h"

#include <QPointer>

using namespace Qt::StringLiterals;

namespace td {

ProjectTableModel::ProjectTableModel(ApiClient &api, QObject *parent)
    : QAbstractTableModel(parent)
    , m_api(api)
    , m_canceller(new RequestCanceller(this))
{}

QString ProjectTableModel::statusText(const QString &status)
{
    if (status == u"planning"_s)
        return tr("Planning");
    if (status == u"active"_s)
        return tr("Active");
    if (status == u"suspended"_s)
        return tr("Suspended");
    if (status == u"completed"_s)
        return tr("Completed");
    return status;
}

int ProjectTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_projects.size());
}

int ProjectTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ProjectTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Project &p = m_projects.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case CodeColumn:
            return p.code;
        case TitleColumn:
            return p.title;
        case PhaseColumn:
            return p.phase;
        case StatusColumn:
            return statusText(p.status);
        case SitesColumn:
            return p.sites.join(u", "_s);
        case EnrolmentColumn:
            //: Enrolment progress: %1 subjects enrolled of a target of %2.
            return p.targetEnrollment ? tr("%1 / %2").arg(p.enrolledCount).arg(*p.targetEnrollment)
                                      : tr("%1 (no target)").arg(p.enrolledCount);
        }
        break;
    case Qt::ToolTipRole:
        if (index.column() == TitleColumn || index.column() == SitesColumn)
            return data(index, Qt::DisplayRole);
        if (index.column() == EnrolmentColumn && p.targetEnrollment)
            return tr("%1 of %2 subjects enrolled").arg(p.enrolledCount).arg(*p.targetEnrollment);
        break;
    case SortRole:
        switch (index.column()) {
        case PhaseColumn:
            return int(Project::phases().indexOf(p.phase));
        case StatusColumn:
            return int(Project::statuses().indexOf(p.status));
        case SitesColumn:
            return int(p.sites.size());
        case EnrolmentColumn:
            return p.targetEnrollment && *p.targetEnrollment > 0 ? double(p.enrolledCount) / *p.targetEnrollment : -1.0;
        default:
            return data(index, Qt::DisplayRole);
        }
    case EnrolledCountRole:
        return p.enrolledCount;
    case TargetEnrollmentRole:
        return p.targetEnrollment ? QVariant(*p.targetEnrollment) : QVariant();
    default:
        break;
    }
    return {};
}

QVariant ProjectTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case CodeColumn:
        return tr("Code");
    case TitleColumn:
        return tr("Title");
    case PhaseColumn:
        return tr("Phase");
    case StatusColumn:
        return tr("Status");
    case SitesColumn:
        return tr("Sites");
    case EnrolmentColumn:
        return tr("Enrolment");
    }
    return {};
}

bool ProjectTableModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && m_hasMore && !m_loading && !m_paused;
}

void ProjectTableModel::fetchMore(const QModelIndex &parent)
{
    if (canFetchMore(parent))
        loadNextPage();
}

void ProjectTableModel::setQuery(const ApiClient::ProjectQuery &query)
{
    ++m_generation;
    // An answer to the old query would be dropped anyway: stop it downloading.
    m_canceller->cancel();
    beginResetModel();
    m_query = query;
    m_projects.clear();
    m_nextCursor.clear();
    m_hasMore = true;
    m_paused = false;
    m_lastError.reset();
    endResetModel();
    setLoading(false);
}

void ProjectTableModel::reload()
{
    setQuery(m_query);
}

void ProjectTableModel::cancel()
{
    if (!m_loading)
        return;
    // Stale first, so the aborted request's coroutine (which may finish inside
    // cancel()) drops its answer instead of reporting an error.
    ++m_generation;
    m_canceller->cancel();
    m_paused = true;
    setLoading(false);
}

void ProjectTableModel::resume()
{
    m_paused = false;
    m_lastError.reset();
    fetchMore();
}

int ProjectTableModel::rowOf(const QString &code) const
{
    for (int row = 0; row < m_projects.size(); ++row) {
        if (m_projects.at(row).code == code)
            return row;
    }
    return -1;
}

void ProjectTableModel::upsert(const Project &project)
{
    if (const int row = rowOf(project.code); row >= 0) {
        m_projects[row] = project;
        Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
        return;
    }
    // Same order as the server (by code, as SQLite compares text), so a later page
    // neither repeats nor skips it.
    const auto it = std::lower_bound(m_projects.cbegin(), m_projects.cend(), project.code,
                                     [](const Project &p, const QString &code) { return p.code < code; });
    if (it == m_projects.cend() && m_hasMore)
        return; // belongs to a page not loaded yet
    const int row = int(it - m_projects.cbegin());
    beginInsertRows({}, row, row);
    m_projects.insert(row, project);
    endInsertRows();
}

void ProjectTableModel::setLoading(bool loading)
{
    if (m_loading == loading)
        return;
    m_loading = loading;
    Q_EMIT loadingChanged(loading);
}

QCoro::Task<> ProjectTableModel::loadNextPage()
{
    const int generation = m_generation;
    setLoading(true);
    QPointer<ProjectTableModel> self(this);
    const Result<Page<Project>> page = co_await m_api.projects(m_query, m_nextCursor, PageSize, m_canceller);
    if (!self || generation != m_generation)
        co_return;
    if (!page) {
        m_lastError = page.error();
        m_paused = true;
        setLoading(false);
        Q_EMIT loadFailed(page.error());
        co_return;
    }
    m_lastError.reset();
    m_nextCursor = page->nextCursor;
    m_hasMore = !m_nextCursor.isEmpty();
    if (!page->items.isEmpty()) {
        const int first = int(m_projects.size());
        beginInsertRows({}, first, first + int(page->items.size()) - 1);
        m_projects += page->items;
        endInsertRows();
    }
    setLoading(false);
    Q_EMIT pageLoaded(int(page->items.size()));
}

} // namespace td

#include "ProjectTableModel.h"

using namespace Qt::StringLiterals;

namespace td {

ProjectTableModel::ProjectTableModel(ApiClient &api, QObject *parent)
    : CursorPagedTableModel(FirstPage::OnFetchMore, parent)
    , m_api(api)
{
    setPageSize(PageSize);
}

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

int ProjectTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ProjectTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Project &p = m_rows.at(index.row());
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

void ProjectTableModel::setQuery(const ApiClient::ProjectQuery &query)
{
    restart([&] { m_query = query; });
}

QCoro::Task<Result<Page<Project>>> ProjectTableModel::requestPage(QString cursor, int limit,
                                                                  RequestCanceller *canceller)
{
    return m_api.projects(m_query, cursor, limit, canceller);
}

int ProjectTableModel::rowOf(const QString &code) const
{
    for (int row = 0; row < m_rows.size(); ++row) {
        if (m_rows.at(row).code == code)
            return row;
    }
    return -1;
}

void ProjectTableModel::upsert(const Project &project)
{
    if (const int row = rowOf(project.code); row >= 0) {
        m_rows[row] = project;
        Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
        return;
    }
    // Same order as the server (by code, as SQLite compares text), so a later page
    // neither repeats nor skips it.
    const auto it = std::lower_bound(m_rows.cbegin(), m_rows.cend(), project.code,
                                     [](const Project &p, const QString &code) { return p.code < code; });
    if (it == m_rows.cend() && hasMore())
        return; // belongs to a page not loaded yet
    const int row = int(it - m_rows.cbegin());
    beginInsertRows({}, row, row);
    m_rows.insert(row, project);
    endInsertRows();
}

} // namespace td

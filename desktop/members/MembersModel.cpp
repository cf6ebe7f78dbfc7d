#include "MembersModel.h"

#include <QLocale>
#include <algorithm>

namespace td {

namespace {

bool byName(const StudyMembership &a, const StudyMembership &b)
{
    const QString left = a.displayName.isEmpty() ? a.username : a.displayName;
    const QString right = b.displayName.isEmpty() ? b.username : b.displayName;
    return QString::localeAwareCompare(left, right) < 0;
}

} // namespace

MembersModel::MembersModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

int MembersModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_members.size());
}

int MembersModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString MembersModel::studyRoleName(Role role)
{
    switch (role) {
    case Role::Pm:
        return tr("Project manager");
    case Role::Crc:
        return tr("Research nurse / CRC");
    case Role::Monitor:
        return tr("Monitor");
    default:
        return roleName(role);
    }
}

QVariant MembersModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_members.size())
        return {};
    const StudyMembership &m = m_members.at(index.row());
    if (role == Qt::ToolTipRole && index.column() == AddedColumn && !m.createdBy.isEmpty())
        //: Tooltip of a membership's date: %1 is who added the member.
        return tr("Added by %1").arg(m.createdBy);
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case NameColumn:
        return m.displayName.isEmpty() ? m.username : m.displayName;
    case UsernameColumn:
        return m.username;
    case RoleColumn:
        return studyRoleName(m.studyRole);
    case SitesColumn:
        return m.sites.isEmpty() ? tr("All sites") : m.sites.join(QStringLiteral(", "));
    case AddedColumn:
        return m.createdAt.isValid() ? QLocale().toString(m.createdAt.toLocalTime(), QLocale::ShortFormat) : QString();
    }
    return {};
}

QVariant MembersModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case NameColumn:
        return tr("Name");
    case UsernameColumn:
        return tr("User name");
    case RoleColumn:
        return tr("Role in this study");
    case SitesColumn:
        return tr("Sites");
    case AddedColumn:
        return tr("Added");
    }
    return {};
}

void MembersModel::setMembers(QList<StudyMembership> members)
{
    beginResetModel();
    m_members = std::move(members);
    std::sort(m_members.begin(), m_members.end(), byName);
    endResetModel();
}

void MembersModel::upsert(const StudyMembership &membership)
{
    if (const int row = rowOf(membership.username); row >= 0) {
        m_members[row] = membership;
        Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
        return;
    }
    const auto at = std::upper_bound(m_members.begin(), m_members.end(), membership, byName);
    const int row = int(at - m_members.begin());
    beginInsertRows({}, row, row);
    m_members.insert(row, membership);
    endInsertRows();
}

void MembersModel::remove(const QString &username)
{
    const int row = rowOf(username);
    if (row < 0)
        return;
    beginRemoveRows({}, row, row);
    m_members.removeAt(row);
    endRemoveRows();
}

int MembersModel::rowOf(const QString &username) const
{
    for (int row = 0; row < m_members.size(); ++row) {
        if (m_members.at(row).username == username)
            return row;
    }
    return -1;
}

} // namespace td

#pragma once

#include "StudyMembership.h"

#include <QAbstractTableModel>
#include <QList>

namespace td {

// The members of one study (issue #14), one row each, sorted by name: who, their
// role in the study and the sites they are limited to.
class MembersModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { NameColumn, UsernameColumn, RoleColumn, SitesColumn, AddedColumn, ColumnCount };

    explicit MembersModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void setMembers(QList<StudyMembership> members);
    // Adds the membership or replaces the one of the same account.
    void upsert(const StudyMembership &membership);
    void remove(const QString &username);
    const StudyMembership &membership(int row) const { return m_members.at(row); }
    int rowOf(const QString &username) const;

    // "Project manager", "Research nurse / CRC", "Monitor", in the current language.
    static QString studyRoleName(Role role);

private:
    QList<StudyMembership> m_members;
};

} // namespace td

#include "MissingSubjectsModel.h"

#include <QBrush>
#include <QColor>
#include <QLocale>

using namespace Qt::StringLiterals;

namespace td {

MissingSubjectsModel::MissingSubjectsModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

void MissingSubjectsModel::setSubjects(const QList<Subject> &subjects)
{
    beginResetModel();
    m_subjects = subjects;
    endResetModel();
}

int MissingSubjectsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_subjects.size());
}

int MissingSubjectsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant MissingSubjectsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Subject &s = m_subjects.at(index.row());
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case SubjectIdColumn:
            return s.subjectId;
        case NameColumn:
            return s.name;
        case PhoneColumn:
            return s.phone;
        case LastSubmissionColumn:
            return s.lastSubmissionAt ? QLocale().toString(s.lastSubmissionAt->toLocalTime(), u"yyyy-MM-dd HH:mm"_s)
                                      : tr("Never");
        }
    } else if (role == Qt::ForegroundRole && index.column() == LastSubmissionColumn && !s.lastSubmissionAt) {
        return QBrush(QColor(0xb3, 0x26, 0x1e));
    } else if (role == Qt::ToolTipRole && index.column() == NameColumn) {
        return s.site;
    }
    return {};
}

QVariant MissingSubjectsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case SubjectIdColumn:
        return tr("Subject ID");
    case NameColumn:
        return tr("Name");
    case PhoneColumn:
        return tr("Phone");
    case LastSubmissionColumn:
        return tr("Last Submission");
    }
    return {};
}

} // namespace td

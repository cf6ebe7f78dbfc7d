#pragma once

#include "Subject.h"

#include <QAbstractTableModel>

namespace td {

// The subjects who have not submitted anything today, as the stats endpoint lists
// them: whom a nurse calls. Filled in one go (the list is short).
class MissingSubjectsModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { SubjectIdColumn, NameColumn, PhoneColumn, LastSubmissionColumn, ColumnCount };

    explicit MissingSubjectsModel(QObject *parent = nullptr);

    void setSubjects(const QList<Subject> &subjects);
    const Subject &subject(int row) const { return m_subjects.at(row); }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<Subject> m_subjects;
};

} // namespace td

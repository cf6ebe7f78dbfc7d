#pragma once

#include "ProjectStats.h"

#include <QAbstractTableModel>

namespace td {

// Whom a nurse calls today, as the stats endpoint tells it. On the schedule basis:
// one row per entry of today that is open and not yet received (with the time its
// window closes), then one per entry missed today; on the enrolment basis: the
// subjects who have not submitted anything today. Filled in one go (the list is short).
class MissingSubjectsModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { SubjectIdColumn, NameColumn, PhoneColumn, DueColumn, LastSubmissionColumn, ColumnCount };

    struct Row {
        Subject subject;
        std::optional<EntryState> state; // Open or Missed; none on the enrolment basis
        QString questionnaire;
        QDateTime closesAt;
    };

    explicit MissingSubjectsModel(QObject *parent = nullptr);

    void setStats(const ProjectStats &stats);
    const Subject &subject(int row) const { return m_rows.at(row).subject; }
    const Row &entry(int row) const { return m_rows.at(row); }
    int awaitingCount() const { return m_awaiting; }
    int missedCount() const { return m_missed; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<Row> m_rows;
    int m_awaiting = 0;
    int m_missed = 0;
};

} // namespace td

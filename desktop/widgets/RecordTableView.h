#pragma once

#include <QTableView>

namespace td {

// A read-only table of records (studies, subjects, submissions, members): whole rows
// are selected one at a time, nothing is edited in place, no row numbers, and the
// columns are sized by the page (the stretching column given here, the others by
// hand). One place for the look every list in the app shares.
class RecordTableView : public QTableView
{
    Q_OBJECT

public:
    explicit RecordTableView(QWidget *parent = nullptr);

    // Sets the model and makes `stretchColumn` take the width the others leave.
    void setRecordModel(QAbstractItemModel *model, int stretchColumn);
    // Initial widths of the other columns, by column.
    void setColumnWidths(std::initializer_list<std::pair<int, int>> widths);
};

} // namespace td

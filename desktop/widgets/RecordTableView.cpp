#include "RecordTableView.h"

#include <QHeaderView>

namespace td {

RecordTableView::RecordTableView(QWidget *parent)
    : QTableView(parent)
{
    setSelectionBehavior(QAbstractItemView::SelectRows);
    setSelectionMode(QAbstractItemView::SingleSelection);
    setEditTriggers(QAbstractItemView::NoEditTriggers);
    setAlternatingRowColors(true);
    setWordWrap(false);
    verticalHeader()->setVisible(false);
    horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
}

void RecordTableView::setRecordModel(QAbstractItemModel *model, int stretchColumn)
{
    setModel(model);
    horizontalHeader()->setSectionResizeMode(stretchColumn, QHeaderView::Stretch);
}

void RecordTableView::setColumnWidths(std::initializer_list<std::pair<int, int>> widths)
{
    for (const auto &[column, width] : widths)
        horizontalHeader()->resizeSection(column, width);
}

} // namespace td

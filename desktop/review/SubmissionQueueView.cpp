#include "SubmissionQueueView.h"

#include "review/SubmissionQueueModel.h"

#include <QEvent>
#include <QHeaderView>
#include <QScrollBar>
#include <algorithm>

using namespace Qt::StringLiterals;

namespace td {

SubmissionQueueView::SubmissionQueueView(SubmissionQueueModel *model, QWidget *parent)
    : RecordTableView(parent)
    , m_queue(model)
{
    setObjectName(u"queueView"_s);
    setModel(m_queue);
    verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 8);
    horizontalHeader()->setStretchLastSection(true);
    horizontalHeader()->setHighlightSections(false);
    setTabKeyNavigation(false);

    connect(selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &SubmissionQueueView::currentSubmissionChanged);
    connect(m_queue, &QAbstractItemModel::dataChanged, this, [this](const QModelIndex &topLeft) {
        if (topLeft.row() == currentIndex().row())
            Q_EMIT currentSubmissionChanged();
    });
    connect(m_queue, &QAbstractItemModel::modelReset, this, &SubmissionQueueView::currentSubmissionChanged);
    // Rows that arrive live above the rows in view would push them down: keep the
    // same rows in view instead (the selection and current row follow the model).
    connect(m_queue, &QAbstractItemModel::rowsAboutToBeInserted, this,
            [this] { m_topRowBeforeInsert = verticalScrollBar()->value() > 0 ? rowAt(0) : -1; });
    connect(m_queue, &QAbstractItemModel::rowsInserted, this, [this](const QModelIndex &, int first, int last) {
        if (m_topRowBeforeInsert < 0 || first > m_topRowBeforeInsert)
            return;
        const int count = last - first + 1;
        const int step = verticalScrollMode() == ScrollPerItem ? count : count * rowHeight(first);
        updateGeometries(); // the scroll bar's range, so the new value is not clamped
        verticalScrollBar()->setValue(verticalScrollBar()->value() + step);
    });
    connect(m_queue, &SubmissionQueueModel::pageLoaded, this, [this](bool first) {
        if (first)
            queueOpened();
    });
}

const QuestionnaireSubmission *SubmissionQueueView::currentSubmission() const
{
    const QModelIndex index = currentIndex();
    if (!index.isValid() || index.row() >= m_queue->rowCount())
        return nullptr;
    return &m_queue->submission(index.row());
}

bool SubmissionQueueView::hasNext() const
{
    const int rows = m_queue->rowCount();
    return rows > 0 && (currentIndex().row() + 1 < rows || m_queue->canFetchMore({}));
}

bool SubmissionQueueView::hasPrevious() const
{
    return currentIndex().row() > 0;
}

void SubmissionQueueView::moveSelection(int delta)
{
    const int rows = m_queue->rowCount();
    if (rows == 0)
        return;
    const int currentRow = currentIndex().isValid() ? currentIndex().row() : -1;
    const int row = std::clamp(currentRow + delta, 0, rows - 1);
    if (row + 1 >= rows && m_queue->canFetchMore({}))
        m_queue->fetchMore({});
    const QModelIndex index = m_queue->index(row, 0);
    selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    scrollTo(index);
}

void SubmissionQueueView::queueOpened()
{
    resizeColumnsToContents();
    // Wide enough for every status, not just the ones on the first page.
    const auto fitStatuses = [this](int column, const QStringList &texts) {
        int width = columnWidth(column);
        for (const QString &text : texts)
            width = std::max(width, fontMetrics().horizontalAdvance(text) + 16);
        setColumnWidth(column, width);
    };
    fitStatuses(SubmissionQueueModel::ReviewStatusColumn, {SubmissionQueueModel::reviewStatusText(u"pending"_s),
                                                           SubmissionQueueModel::reviewStatusText(u"reviewed"_s),
                                                           SubmissionQueueModel::reviewStatusText(u"queried"_s)});
    fitStatuses(SubmissionQueueModel::QueryStatusColumn,
                {SubmissionQueueModel::queryStatusText(u"open"_s), SubmissionQueueModel::queryStatusText(u"answered"_s),
                 SubmissionQueueModel::queryStatusText(u"closed"_s)});
    fitStatuses(SubmissionQueueModel::EntryColumn,
                {SubmissionQueueModel::entryColumnText(u"received"_s), SubmissionQueueModel::entryColumnText(u"late"_s),
                 SubmissionQueueModel::entryColumnText(u"duplicate"_s),
                 SubmissionQueueModel::entryColumnText(u"unscheduled"_s)});
    if (m_queue->rowCount() > 0 && !currentIndex().isValid())
        selectionModel()->setCurrentIndex(m_queue->index(0, 0),
                                          QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
}

void SubmissionQueueView::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        m_queue->headerDataChanged(Qt::Horizontal, 0, m_queue->columnCount() - 1);
    RecordTableView::changeEvent(event);
}

} // namespace td

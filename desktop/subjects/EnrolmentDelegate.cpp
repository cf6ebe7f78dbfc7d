#include "EnrolmentDelegate.h"

#include "studies/ProjectTableModel.h"

#include <QApplication>
#include <QPainter>
#include <QStyleOptionProgressBar>

namespace td {

void EnrolmentDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    const QVariant target = index.data(ProjectTableModel::TargetEnrollmentRole);
    if (!target.isValid() || target.toInt() <= 0) {
        QStyledItemDelegate::paint(painter, option, index);
        return;
    }
    // Selection background first, then the bar inset so rows stay readable.
    QStyleOptionViewItem background = option;
    initStyleOption(&background, index);
    background.text.clear();
    const QWidget *widget = option.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &background, painter, widget);

    const int enrolled = index.data(ProjectTableModel::EnrolledCountRole).toInt();
    QStyleOptionProgressBar bar;
    bar.initFrom(widget);
    bar.rect = option.rect.adjusted(3, 3, -3, -3);
    bar.state = option.state | QStyle::State_Horizontal;
    bar.minimum = 0;
    bar.maximum = target.toInt();
    // Over-enrolment shows a full bar; the text still tells the real count.
    bar.progress = qMin(enrolled, bar.maximum);
    bar.text = index.data(Qt::DisplayRole).toString();
    bar.textVisible = true;
    bar.textAlignment = Qt::AlignCenter;
    style->drawControl(QStyle::CE_ProgressBar, &bar, painter, widget);
}

QSize EnrolmentDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QSize size = QStyledItemDelegate::sizeHint(option, index);
    size.setWidth(qMax(size.width() + 24, 120));
    return size;
}

} // namespace td

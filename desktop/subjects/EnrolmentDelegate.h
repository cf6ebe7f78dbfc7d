#pragma once

#include <QStyledItemDelegate>

namespace td {

// Paints a study's enrolment as a progress bar (enrolled of target) with the
// counts as its text; without a target it paints the plain text.
// Reads ProjectTableModel::EnrolledCountRole and TargetEnrollmentRole.
class EnrolmentDelegate : public QStyledItemDelegate
{
    Q_OBJECT

public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
};

} // namespace td

#include "WindowPicture.h"

#include <QPainter>
#include <QWidget>

namespace td {

QPixmap windowPicture(QWidget *window, QWidget *dialog)
{
    QPixmap picture = window->grab();
    if (!dialog || !dialog->isVisible())
        return picture;
    const QPixmap dialogPicture = dialog->grab();
    const QRect area(QPoint(), picture.deviceIndependentSize().toSize());
    QRect target(QPoint(), dialogPicture.deviceIndependentSize().toSize());
    target.moveCenter(area.center());

    QPainter painter(&picture);
    painter.fillRect(area, QColor(0, 0, 0, 70));
    painter.setRenderHint(QPainter::Antialiasing);
    for (int i = 1; i <= 8; ++i) // a soft shadow, darker near the dialog
        painter.fillRect(target.adjusted(-i, -i + 3, i, i + 3), QColor(0, 0, 0, 10));
    painter.drawPixmap(target, dialogPicture);
    painter.setPen(QColor(0, 0, 0, 110));
    painter.setBrush(Qt::NoBrush);
    painter.drawRect(QRectF(target).adjusted(-0.5, -0.5, 0.5, 0.5));
    return picture;
}

} // namespace td

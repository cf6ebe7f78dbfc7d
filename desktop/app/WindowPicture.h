#pragma once

#include <QPixmap>

class QWidget;

namespace td {

// A picture of `window` as a user sees it, with `dialog` (a top-level window of
// its own, which QWidget::grab() of the main window does not contain) on top:
// the window dimmed, the dialog centred over it with a frame and a shadow, the way
// a window manager shows an application-modal dialog. For screenshots taken
// without a window manager (QT_QPA_PLATFORM=offscreen), where the dialog's own
// position means nothing. `dialog` may be null or hidden: then just the window.
QPixmap windowPicture(QWidget *window, QWidget *dialog = nullptr);

} // namespace td

#include "app/WindowPicture.h"

#include <QDialog>
#include <QImage>
#include <QMainWindow>
#include <QTest>

// The picture behind --screenshot and scripts/screenshots: the window as it is, or
// dimmed with the dialog centred and framed over it (offscreen there is no window
// manager to place and frame the dialog).
class TestWindowPicture : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void windowAlone();
    void dialogCentredOverDimmedWindow();
};

namespace {

void paintSolid(QWidget &widget, const QColor &color)
{
    QPalette palette = widget.palette();
    palette.setColor(QPalette::Window, color);
    widget.setPalette(palette);
    widget.setAutoFillBackground(true);
}

} // namespace

void TestWindowPicture::windowAlone()
{
    QMainWindow window;
    paintSolid(window, Qt::white);
    window.resize(400, 300);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    const QImage picture = td::windowPicture(&window).toImage();
    QCOMPARE(picture.size(), QSize(400, 300));
    QCOMPARE(picture.pixelColor(200, 150), QColor(Qt::white));

    // A hidden dialog is not drawn.
    QDialog dialog(&window);
    QCOMPARE(td::windowPicture(&window, &dialog).toImage().pixelColor(200, 150), QColor(Qt::white));
}

void TestWindowPicture::dialogCentredOverDimmedWindow()
{
    QMainWindow window;
    paintSolid(window, Qt::white);
    window.resize(400, 300);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QDialog dialog(&window);
    paintSolid(dialog, Qt::green);
    dialog.setFixedSize(100, 60);
    // Wherever the platform put it: the picture centres it.
    dialog.move(0, 0);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));

    const QImage picture = td::windowPicture(&window, &dialog).toImage();
    QCOMPARE(picture.size(), QSize(400, 300));
    // The dialog, undimmed, in the middle: x 150..249, y 120..179.
    for (const QPoint &p : {QPoint(151, 121), QPoint(200, 150), QPoint(248, 178)})
        QCOMPARE(picture.pixelColor(p), QColor(Qt::green));
    // The window around it is dimmed, not hidden.
    const QColor corner = picture.pixelColor(5, 295);
    QVERIFY(corner.lightness() < 255);
    QVERIFY(corner.lightness() > 150);
    QCOMPARE(corner.red(), corner.green());
    // A frame line just outside the dialog, darker than the dimmed window.
    QVERIFY(picture.pixelColor(149, 150).lightness() < corner.lightness());
}

QTEST_MAIN(TestWindowPicture)
#include "tst_windowpicture.moc"

#pragma once

#include "VitalSign.h"

#include <QChartView>
#include <QDateTime>
#include <QList>
#include <QPointF>
#include <optional>

class QAreaSeries;
class QDateTimeAxis;
class QLineSeries;
class QScatterSeries;
class QValueAxis;

namespace td {

// One vital sign of one subject over time: the values as lines (systolic and
// diastolic for blood pressure), the normal range shaded behind them, values
// outside it marked in red, and the exact reading in a tooltip on hover.
// Left-drag zooms into a rectangle, the wheel zooms time around the cursor,
// right- or middle-drag (or Shift+left-drag) and the arrow keys pan, +/- zoom,
// Home, Escape or a double click reset. Bulk loads go through QXYSeries::replace()
// and render without OpenGL, so 10,000 readings stay smooth.
class VitalsChartView : public QChartView
{
    Q_OBJECT
public:
    explicit VitalsChartView(QWidget *parent = nullptr);

    // Charts `vitals` (readings of `type`; others are ignored) over [from, to].
    void setVitals(VitalSign::Type type, const QList<VitalSign> &vitals, const QDateTime &from, const QDateTime &to);
    VitalSign::Type type() const { return m_type; }
    int readingCount() const { return int(m_readings.size()); }
    int outOfRangeCount() const;

    // The value line (systolic for blood pressure) and the diastolic line (empty and
    // hidden for other types).
    QLineSeries *valueSeries() const { return m_value; }
    QLineSeries *secondValueSeries() const { return m_value2; }
    QScatterSeries *outOfRangeSeries() const { return m_outOfRange; }
    QAreaSeries *normalRangeSeries() const { return m_normal; }
    QAreaSeries *secondNormalRangeSeries() const { return m_normal2; }
    QDateTimeAxis *timeAxis() const { return m_axisX; }
    QValueAxis *valueAxis() const { return m_axisY; }
    bool isZoomed() const;

    // "Blood pressure", "SpO₂", ... for menus and titles.
    static QString typeTitle(VitalSign::Type type);
    // The text of the tooltip for the reading nearest to `msecsSinceEpoch`.
    QString toolTipAt(qreal msecsSinceEpoch) const;

public Q_SLOTS:
    void resetZoom();
    // > 1 zooms in, < 1 zooms out, along time around `center` (chart coordinates;
    // the plot's centre when null).
    void zoomTime(qreal factor, QPointF center = {});
    void pan(qreal dx, qreal dy);

Q_SIGNALS:
    void zoomChanged(bool zoomed);

protected:
    void changeEvent(QEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void mouseDoubleClickEvent(QMouseEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;

private:
    struct Reading {
        qreal x;
        double value;
        std::optional<double> value2;
    };
    void hovered(const QPointF &point, bool state);
    // Series names, axis titles and format, and the title: for the current type and
    // language. Changes no data, range or zoom.
    void retranslateUi();

    VitalSign::Type m_type = VitalSign::Type::BloodPressure;
    QList<Reading> m_readings; // sorted by time
    QLineSeries *m_value;
    QLineSeries *m_value2;
    QScatterSeries *m_outOfRange;
    QLineSeries *m_normalUpper;
    QLineSeries *m_normalLower;
    QAreaSeries *m_normal;
    QLineSeries *m_normal2Upper;
    QLineSeries *m_normal2Lower;
    QAreaSeries *m_normal2;
    QDateTimeAxis *m_axisX;
    QValueAxis *m_axisY;
    qreal m_xMin = 0;
    qreal m_xMax = 1;
    qreal m_yMin = 0;
    qreal m_yMax = 1;
    bool m_panning = false;
    QPoint m_lastPanPos;
};

} // namespace td

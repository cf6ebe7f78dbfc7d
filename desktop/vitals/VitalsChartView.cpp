#include "VitalsChartView.h"

#include <QAreaSeries>
#include <QCursor>
#include <QDateTimeAxis>
#include <QLegendMarker>
#include <QLineSeries>
#include <QLocale>
#include <QMouseEvent>
#include <QScatterSeries>
#include <QToolTip>
#include <QValueAxis>
#include <QWheelEvent>
#include <algorithm>
#include <cmath>
#include <limits>

using namespace Qt::StringLiterals;

namespace td {

namespace {

const QColor kValueColor(0x1f, 0x6f, 0xb4);
const QColor kValue2Color(0x2e, 0x8b, 0x57);
const QColor kOutOfRangeColor(0xd6, 0x27, 0x28);
constexpr int kPointMarkersUpTo = 120; // more readings than this: lines only

QColor translucent(QColor color, int alpha)
{
    color.setAlpha(alpha);
    return color;
}

bool hasRange(const VitalSign::Range &range)
{
    return range.high > range.low;
}

bool outside(double value, const VitalSign::Range &range)
{
    return hasRange(range) && (value < range.low || value > range.high);
}

QString formatValue(double value, VitalSign::Type type)
{
    const int decimals =
        (type == VitalSign::Type::Glucose || type == VitalSign::Type::Weight || type == VitalSign::Type::Temperature)
            ? 1
            : 0;
    return QLocale().toString(value, 'f', decimals);
}

} // namespace

VitalsChartView::VitalsChartView(QWidget *parent)
    : QChartView(parent)
    , m_value(new QLineSeries(this))
    , m_value2(new QLineSeries(this))
    , m_outOfRange(new QScatterSeries(this))
    , m_normalUpper(new QLineSeries(this))
    , m_normalLower(new QLineSeries(this))
    , m_normal(new QAreaSeries(m_normalUpper, m_normalLower))
    , m_normal2Upper(new QLineSeries(this))
    , m_normal2Lower(new QLineSeries(this))
    , m_normal2(new QAreaSeries(m_normal2Upper, m_normal2Lower))
    , m_axisX(new QDateTimeAxis)
    , m_axisY(new QValueAxis)
{
    setObjectName(u"vitalsChartView"_s);
    auto *chart = new QChart;
    chart->setTheme(QChart::ChartThemeLight);
    chart->setAnimationOptions(QChart::NoAnimation);
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->setMargins(QMargins(6, 6, 6, 6));
    setChart(chart);
    setRenderHint(QPainter::Antialiasing);
    setRubberBand(QChartView::RectangleRubberBand);
    setFocusPolicy(Qt::StrongFocus);
    setMinimumSize(320, 240);

    m_normal->setBrush(translucent(kValueColor, 38));
    m_normal->setPen(QPen(translucent(kValueColor, 90), 1, Qt::DashLine));
    m_normal2->setBrush(translucent(kValue2Color, 38));
    m_normal2->setPen(QPen(translucent(kValue2Color, 90), 1, Qt::DashLine));
    m_value->setPen(QPen(kValueColor, 2));
    m_value->setColor(kValueColor);
    m_value2->setPen(QPen(kValue2Color, 2));
    m_value2->setColor(kValue2Color);
    m_outOfRange->setColor(kOutOfRangeColor);
    m_outOfRange->setBorderColor(Qt::white);
    m_outOfRange->setMarkerSize(9);
    m_outOfRange->setMarkerShape(QScatterSeries::MarkerShapeCircle);
    for (QXYSeries *series : {static_cast<QXYSeries *>(m_value), static_cast<QXYSeries *>(m_value2),
                              static_cast<QXYSeries *>(m_outOfRange)})
        series->setUseOpenGL(false); // measured: raster is smooth enough and works offscreen

    // Series first, then axes attached to each (Qt Charts needs the series in the chart).
    chart->addSeries(m_normal);
    chart->addSeries(m_normal2);
    chart->addSeries(m_value);
    chart->addSeries(m_value2);
    chart->addSeries(m_outOfRange);
    m_axisX->setTickCount(7);
    m_axisY->setTickCount(6);
    chart->addAxis(m_axisX, Qt::AlignBottom);
    chart->addAxis(m_axisY, Qt::AlignLeft);
    for (QAbstractSeries *series : chart->series()) {
        series->attachAxis(m_axisX);
        series->attachAxis(m_axisY);
    }

    connect(m_value, &QXYSeries::hovered, this, &VitalsChartView::hovered);
    connect(m_value2, &QXYSeries::hovered, this, &VitalsChartView::hovered);
    connect(m_outOfRange, &QXYSeries::hovered, this, &VitalsChartView::hovered);
    connect(m_axisX, &QDateTimeAxis::rangeChanged, this, [this] { Q_EMIT zoomChanged(isZoomed()); });

    const QDateTime now = QDateTime::currentDateTime();
    setVitals(m_type, {}, now.addDays(-30), now);
}

QString VitalsChartView::typeTitle(VitalSign::Type type)
{
    switch (type) {
    case VitalSign::Type::BloodPressure:
        return tr("Blood pressure");
    case VitalSign::Type::Glucose:
        return tr("Glucose");
    case VitalSign::Type::HeartRate:
        return tr("Heart rate");
    case VitalSign::Type::Weight:
        return tr("Weight");
    case VitalSign::Type::Temperature:
        return tr("Temperature");
    case VitalSign::Type::SpO2:
        return tr("SpO₂");
    }
    return {};
}

void VitalsChartView::setVitals(VitalSign::Type type, const QList<VitalSign> &vitals, const QDateTime &from,
                                const QDateTime &to)
{
    m_type = type;
    const bool bloodPressure = type == VitalSign::Type::BloodPressure;
    const VitalSign::Range range = VitalSign::normalRange(type);
    const VitalSign::Range range2 = VitalSign::normalRange(type, true);

    m_readings.clear();
    m_readings.reserve(vitals.size());
    for (const VitalSign &v : vitals) {
        if (v.type == type)
            m_readings.append(
                {qreal(v.measuredAt.toMSecsSinceEpoch()), v.value, bloodPressure ? v.value2 : std::nullopt});
    }
    std::stable_sort(m_readings.begin(), m_readings.end(),
                     [](const Reading &a, const Reading &b) { return a.x < b.x; });

    QList<QPointF> values;
    QList<QPointF> values2;
    QList<QPointF> flagged;
    values.reserve(m_readings.size());
    if (bloodPressure)
        values2.reserve(m_readings.size());
    double low = hasRange(range) ? range.low : std::numeric_limits<double>::max();
    double high = hasRange(range) ? range.high : std::numeric_limits<double>::lowest();
    if (bloodPressure) {
        low = std::min(low, range2.low);
        high = std::max(high, range2.high);
    }
    for (const Reading &r : std::as_const(m_readings)) {
        values.append({r.x, r.value});
        low = std::min(low, r.value);
        high = std::max(high, r.value);
        if (outside(r.value, range))
            flagged.append({r.x, r.value});
        if (r.value2) {
            values2.append({r.x, *r.value2});
            low = std::min(low, *r.value2);
            high = std::max(high, *r.value2);
            if (outside(*r.value2, range2))
                flagged.append({r.x, *r.value2});
        }
    }
    if (low > high) { // no readings and no normal range (weight)
        low = 0;
        high = 100;
    }

    m_xMin = qreal(from.toMSecsSinceEpoch());
    m_xMax = qreal(to.toMSecsSinceEpoch());
    if (!m_readings.isEmpty()) {
        m_xMin = std::min(m_xMin, m_readings.first().x);
        m_xMax = std::max(m_xMax, m_readings.last().x);
    }
    if (m_xMax <= m_xMin)
        m_xMax = m_xMin + 3600'000;

    m_value2->setVisible(bloodPressure);
    const bool markers = m_readings.size() <= kPointMarkersUpTo;
    m_value->setPointsVisible(markers);
    m_value2->setPointsVisible(markers);
    // Antialiasing costs more than it brings once lines are dense.
    setRenderHint(QPainter::Antialiasing, m_readings.size() <= 2000);

    // The bulk of the work: one replace() per series instead of one append() per point.
    m_value->replace(values);
    m_value2->replace(values2);
    m_outOfRange->replace(flagged);

    const QList<QPointF> upper{{m_xMin, range.high}, {m_xMax, range.high}};
    const QList<QPointF> lower{{m_xMin, range.low}, {m_xMax, range.low}};
    m_normalUpper->replace(upper);
    m_normalLower->replace(lower);
    m_normal->setVisible(hasRange(range));
    const QList<QPointF> upper2{{m_xMin, range2.high}, {m_xMax, range2.high}};
    const QList<QPointF> lower2{{m_xMin, range2.low}, {m_xMax, range2.low}};
    m_normal2Upper->replace(upper2);
    m_normal2Lower->replace(lower2);
    m_normal2->setVisible(bloodPressure);
    for (QLegendMarker *marker : chart()->legend()->markers())
        marker->setVisible(marker->series()->isVisible());

    const double pad = std::max((high - low) * 0.08, type == VitalSign::Type::Temperature ? 0.2 : 1.0);
    m_yMin = low - pad;
    m_yMax = high + pad;
    if (type == VitalSign::Type::SpO2)
        m_yMax = std::min(m_yMax, 101.0);
    m_yMin = std::max(m_yMin, 0.0);
    m_axisY->setLabelFormat(type == VitalSign::Type::Temperature || type == VitalSign::Type::Glucose
                                    || type == VitalSign::Type::Weight
                                ? u"%.1f"_s
                                : u"%.0f"_s);
    // Round tick values: let the axis pick nice bounds once, and keep them as the home view.
    m_axisY->setRange(m_yMin, m_yMax);
    m_axisY->applyNiceNumbers();
    m_yMin = m_axisY->min();
    m_yMax = m_axisY->max();
    retranslateUi();
    resetZoom();
}

void VitalsChartView::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QChartView::changeEvent(event);
}

void VitalsChartView::retranslateUi()
{
    const bool bloodPressure = m_type == VitalSign::Type::BloodPressure;
    const QString unit = VitalSign::canonicalUnit(m_type);
    m_value->setName(bloodPressure ? tr("Systolic (%1)").arg(unit) : tr("%1 (%2)").arg(typeTitle(m_type), unit));
    m_value2->setName(tr("Diastolic (%1)").arg(unit));
    m_normal->setName(bloodPressure ? tr("Normal systolic") : tr("Normal range"));
    m_normal2->setName(tr("Normal diastolic"));
    m_outOfRange->setName(tr("Out of range"));
    m_axisX->setTitleText(tr("Measured"));
    m_axisY->setTitleText(unit);
    const qint64 span = qint64(m_xMax - m_xMin);
    m_axisX->setFormat(span > 3 * 86400'000LL ? tr("MMM d", "date axis format")
                                              : tr("MMM d HH:mm", "date axis format"));
    QString title = typeTitle(m_type);
    if (m_readings.isEmpty())
        title = tr("%1: no readings in this period").arg(title);
    else
        title = tr("%1: %n reading(s)", nullptr, int(m_readings.size())).arg(title);
    chart()->setTitle(title);
}

int VitalsChartView::outOfRangeCount() const
{
    return int(m_outOfRange->count());
}

bool VitalsChartView::isZoomed() const
{
    const qreal xMin = qreal(m_axisX->min().toMSecsSinceEpoch());
    const qreal xMax = qreal(m_axisX->max().toMSecsSinceEpoch());
    const auto same = [](qreal a, qreal b, qreal scale) { return std::abs(a - b) <= std::abs(scale) * 1e-6 + 1; };
    return !same(xMin, m_xMin, m_xMax - m_xMin) || !same(xMax, m_xMax, m_xMax - m_xMin)
           || !same(m_axisY->min(), m_yMin, 0.0) || !same(m_axisY->max(), m_yMax, 0.0);
}

void VitalsChartView::resetZoom()
{
    chart()->zoomReset();
    m_axisX->setRange(QDateTime::fromMSecsSinceEpoch(qint64(m_xMin)), QDateTime::fromMSecsSinceEpoch(qint64(m_xMax)));
    m_axisY->setRange(m_yMin, m_yMax);
    Q_EMIT zoomChanged(false);
}

void VitalsChartView::zoomTime(qreal factor, QPointF center)
{
    if (factor <= 0)
        return;
    const QRectF plot = chart()->plotArea();
    const qreal cx = center.isNull() ? plot.center().x() : std::clamp(center.x(), plot.left(), plot.right());
    const qreal width = plot.width() / factor;
    const qreal left = cx - (cx - plot.left()) / factor;
    chart()->zoomIn(QRectF(left, plot.top(), width, plot.height()));
}

void VitalsChartView::pan(qreal dx, qreal dy)
{
    chart()->scroll(dx, dy);
}

QString VitalsChartView::toolTipAt(qreal msecsSinceEpoch) const
{
    if (m_readings.isEmpty())
        return {};
    auto it = std::lower_bound(m_readings.begin(), m_readings.end(), msecsSinceEpoch,
                               [](const Reading &r, qreal x) { return r.x < x; });
    if (it == m_readings.end())
        --it;
    else if (it != m_readings.begin() && std::abs((it - 1)->x - msecsSinceEpoch) < std::abs(it->x - msecsSinceEpoch))
        --it;
    const QString unit = VitalSign::canonicalUnit(m_type);
    const QString when =
        QLocale().toString(QDateTime::fromMSecsSinceEpoch(qint64(it->x)).toLocalTime(), QLocale::ShortFormat);
    QString value;
    if (it->value2)
        value = tr("%1/%2 %3").arg(formatValue(it->value, m_type), formatValue(*it->value2, m_type), unit);
    else
        value = tr("%1 %2").arg(formatValue(it->value, m_type), unit);
    const bool flagged = outside(it->value, VitalSign::normalRange(m_type))
                         || (it->value2 && outside(*it->value2, VitalSign::normalRange(m_type, true)));
    QString text = tr("%1: %2\n%3").arg(typeTitle(m_type), value, when);
    if (flagged)
        text += u'\n' + tr("Outside the normal range");
    return text;
}

void VitalsChartView::hovered(const QPointF &point, bool state)
{
    if (!state || m_panning) {
        QToolTip::hideText();
        return;
    }
    QToolTip::showText(QCursor::pos(), toolTipAt(point.x()), this);
}

void VitalsChartView::wheelEvent(QWheelEvent *event)
{
    const int steps = event->angleDelta().y();
    if (steps == 0) {
        event->ignore();
        return;
    }
    const QPointF pos = chart()->mapFromScene(mapToScene(event->position().toPoint()));
    zoomTime(std::pow(1.2, steps / 120.0), pos);
    event->accept();
}

void VitalsChartView::mousePressEvent(QMouseEvent *event)
{
    const bool panButton = event->button() == Qt::RightButton || event->button() == Qt::MiddleButton
                           || (event->button() == Qt::LeftButton && (event->modifiers() & Qt::ShiftModifier));
    if (panButton) {
        m_panning = true;
        m_lastPanPos = event->position().toPoint();
        setCursor(Qt::ClosedHandCursor);
        event->accept();
        return;
    }
    QChartView::mousePressEvent(event);
}

void VitalsChartView::mouseMoveEvent(QMouseEvent *event)
{
    if (m_panning) {
        const QPoint pos = event->position().toPoint();
        const QPoint delta = pos - m_lastPanPos;
        m_lastPanPos = pos;
        pan(-delta.x(), delta.y());
        event->accept();
        return;
    }
    QChartView::mouseMoveEvent(event);
}

void VitalsChartView::mouseReleaseEvent(QMouseEvent *event)
{
    if (m_panning) {
        m_panning = false;
        unsetCursor();
        event->accept();
        return;
    }
    if (event->button() == Qt::RightButton) { // QChartView would zoom out; right-drag pans here
        event->accept();
        return;
    }
    QChartView::mouseReleaseEvent(event);
}

void VitalsChartView::mouseDoubleClickEvent(QMouseEvent *event)
{
    if (event->button() == Qt::LeftButton) {
        resetZoom();
        event->accept();
        return;
    }
    QChartView::mouseDoubleClickEvent(event);
}

void VitalsChartView::keyPressEvent(QKeyEvent *event)
{
    const QRectF plot = chart()->plotArea();
    switch (event->key()) {
    case Qt::Key_Left:
        pan(-plot.width() / 10, 0);
        break;
    case Qt::Key_Right:
        pan(plot.width() / 10, 0);
        break;
    case Qt::Key_Up:
        pan(0, plot.height() / 10);
        break;
    case Qt::Key_Down:
        pan(0, -plot.height() / 10);
        break;
    case Qt::Key_Plus:
    case Qt::Key_Equal:
        zoomTime(1.5);
        break;
    case Qt::Key_Minus:
        zoomTime(1 / 1.5);
        break;
    case Qt::Key_Home:
    case Qt::Key_Escape:
    case Qt::Key_0:
        resetZoom();
        break;
    default:
        QChartView::keyPressEvent(event);
        return;
    }
    event->accept();
}

} // namespace td

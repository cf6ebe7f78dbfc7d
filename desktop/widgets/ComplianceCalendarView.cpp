#include "ComplianceCalendarView.h"

#include <QEvent>
#include <QHelpEvent>
#include <QLocale>
#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>

using namespace Qt::StringLiterals;

namespace td {

namespace {

constexpr int kMargin = 4;
constexpr int kLegendStates = 5; // every state but None

} // namespace

ComplianceCalendarView::ComplianceCalendarView(QWidget *parent)
    : QWidget(parent)
{
    setMouseTracking(true);
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Preferred);
    setAccessibleName(tr("Compliance calendar"));
}

void ComplianceCalendarView::setDays(const QDate &first, const QDate &last, const QMap<QDate, DayTally> &days)
{
    m_first = first;
    m_last = last < first ? first : last;
    m_days = days;
    updateGeometry();
    update();
}

ComplianceCalendarView::DayState ComplianceCalendarView::stateOf(const DayTally &t)
{
    if (t.missed > 0)
        return DayState::Missed;
    if (t.late > 0)
        return DayState::Late;
    if (t.open > 0)
        return DayState::Open;
    if (t.upcoming > 0)
        return DayState::Upcoming;
    if (t.received > 0)
        return DayState::Received;
    return DayState::None;
}

QColor ComplianceCalendarView::colour(DayState state)
{
    switch (state) {
    case DayState::Missed:
        return QColor(0xd3, 0x2f, 0x2f);
    case DayState::Late:
        return QColor(0xf5, 0xa6, 0x23);
    case DayState::Open:
        return QColor(0x1e, 0x88, 0xe5);
    case DayState::Upcoming:
        return QColor(0xbd, 0xbd, 0xbd);
    case DayState::Received:
        return QColor(0x43, 0xa0, 0x47);
    case DayState::None:
        break;
    }
    return QColor();
}

QString ComplianceCalendarView::stateName(DayState state)
{
    switch (state) {
    case DayState::Missed:
        return tr("Missed");
    case DayState::Late:
        return tr("Late");
    case DayState::Open:
        return tr("Open now");
    case DayState::Upcoming:
        return tr("Upcoming");
    case DayState::Received:
        return tr("Received");
    case DayState::None:
        break;
    }
    return tr("Nothing due");
}

QString ComplianceCalendarView::summary(const QDate &day) const
{
    const QString date = QLocale().toString(day, QLocale::LongFormat);
    const DayTally t = tally(day);
    if (t.expected == 0)
        return date % u'\n' % tr("Nothing due");
    QStringList lines{date, tr("Due: %n", nullptr, t.expected)};
    auto add = [&](int count, DayState state) {
        if (count > 0)
            lines << stateName(state) % u": "_s % QLocale().toString(count);
    };
    add(t.received, DayState::Received);
    add(t.late, DayState::Late);
    add(t.missed, DayState::Missed);
    add(t.open, DayState::Open);
    add(t.upcoming, DayState::Upcoming);
    return lines.join(u'\n');
}

QDate ComplianceCalendarView::gridStart() const
{
    return m_first.isValid() ? m_first.addDays(1 - m_first.dayOfWeek()) : QDate();
}

int ComplianceCalendarView::weekCount() const
{
    if (!m_first.isValid())
        return 0;
    return int(gridStart().daysTo(m_last) / 7) + 1;
}

int ComplianceCalendarView::headerHeight() const
{
    return fontMetrics().height() + kMargin;
}

QRect ComplianceCalendarView::legendRect() const
{
    // Right under the last week, so a short range does not leave it far below.
    const int h = fontMetrics().height() + 2 * kMargin;
    return QRect(0, headerHeight() + std::max(1, weekCount()) * cellSize() + kMargin, width(), h);
}

int ComplianceCalendarView::cellSize() const
{
    const int weeks = std::max(1, weekCount());
    const int legendHeight = fontMetrics().height() + 2 * kMargin;
    const int byWidth = (width() - 2 * kMargin) / 7;
    const int byHeight = (height() - headerHeight() - legendHeight - kMargin) / weeks;
    return std::max(8, std::min(byWidth, byHeight));
}

QRect ComplianceCalendarView::cellRect(const QDate &day) const
{
    if (!m_first.isValid() || day < m_first || day > m_last)
        return {};
    const qint64 offset = gridStart().daysTo(day);
    const int size = cellSize();
    const int column = int(offset % 7);
    const int row = int(offset / 7);
    return QRect(kMargin + column * size, headerHeight() + row * size, size, size);
}

QDate ComplianceCalendarView::dayAt(const QPoint &point) const
{
    if (!m_first.isValid() || point.x() < kMargin || point.y() < headerHeight())
        return {};
    const int size = cellSize();
    const int column = (point.x() - kMargin) / size;
    const int row = (point.y() - headerHeight()) / size;
    if (column > 6 || row >= weekCount())
        return {};
    const QDate day = gridStart().addDays(qint64(row) * 7 + column);
    return day < m_first || day > m_last ? QDate() : day;
}

QSize ComplianceCalendarView::sizeHint() const
{
    const int size = fontMetrics().height() * 2 + 4;
    const int legendWidth = kLegendStates * fontMetrics().horizontalAdvance(u"Upcoming00000"_s);
    return QSize(std::max(7 * size + 2 * kMargin, legendWidth),
                 headerHeight() + std::max(1, weekCount()) * size + fontMetrics().height() + 3 * kMargin);
}

QSize ComplianceCalendarView::minimumSizeHint() const
{
    return QSize(7 * 16 + 2 * kMargin, headerHeight() + 4 * 16 + fontMetrics().height() + 3 * kMargin);
}

bool ComplianceCalendarView::event(QEvent *event)
{
    if (event->type() == QEvent::ToolTip) {
        auto *help = static_cast<QHelpEvent *>(event);
        const QDate day = dayAt(help->pos());
        if (day.isValid())
            QToolTip::showText(help->globalPos(), summary(day), this, cellRect(day));
        else
            QToolTip::hideText();
        return true;
    }
    return QWidget::event(event);
}

void ComplianceCalendarView::mousePressEvent(QMouseEvent *event)
{
    const QDate day = dayAt(event->position().toPoint());
    if (day.isValid() && event->button() == Qt::LeftButton)
        Q_EMIT dayClicked(day);
    QWidget::mousePressEvent(event);
}

void ComplianceCalendarView::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    const QPalette pal = palette();
    const int size = cellSize();
    const QLocale locale;

    painter.setPen(pal.color(QPalette::PlaceholderText));
    for (int column = 0; column < 7; ++column) {
        const QRect header(kMargin + column * size, 0, size, headerHeight());
        painter.drawText(header, Qt::AlignCenter, locale.dayName(column + 1, QLocale::NarrowFormat));
    }
    if (!m_first.isValid())
        return;

    const QDate today = QDate::currentDate();
    for (QDate day = m_first; day <= m_last; day = day.addDays(1)) {
        const QRect cell = cellRect(day).adjusted(1, 1, -1, -1);
        const DayState state = stateOf(tally(day));
        if (state == DayState::None) {
            painter.setPen(pal.color(QPalette::Mid));
            painter.setBrush(Qt::NoBrush);
        } else {
            painter.setPen(Qt::NoPen);
            painter.setBrush(colour(state));
        }
        painter.drawRoundedRect(cell, 3, 3);
        if (day == today) {
            painter.setPen(QPen(pal.color(QPalette::Text), 2));
            painter.setBrush(Qt::NoBrush);
            painter.drawRoundedRect(cell.adjusted(1, 1, -1, -1), 3, 3);
        }
        painter.setPen(state == DayState::None || state == DayState::Upcoming ? pal.color(QPalette::Text)
                                                                              : QColor(Qt::white));
        const QString label = day.day() == 1 ? locale.toString(day, u"MMM d"_s) : QString::number(day.day());
        painter.drawText(cell, Qt::AlignCenter, label);
    }

    // The legend: a swatch and the name of each state.
    const QRect legend = legendRect();
    const int slot = legend.width() / kLegendStates;
    const int swatch = fontMetrics().height() - 2;
    const DayState states[kLegendStates] = {DayState::Received, DayState::Late, DayState::Missed, DayState::Open,
                                            DayState::Upcoming};
    for (int i = 0; i < kLegendStates; ++i) {
        const QRect box(legend.left() + kMargin + i * slot, legend.top() + kMargin, swatch, swatch);
        painter.setPen(Qt::NoPen);
        painter.setBrush(colour(states[i]));
        painter.drawRoundedRect(box, 2, 2);
        painter.setPen(pal.color(QPalette::Text));
        painter.drawText(QRect(box.right() + kMargin, legend.top(), slot - swatch - 2 * kMargin, legend.height()),
                         Qt::AlignVCenter | Qt::AlignLeft, stateName(states[i]));
    }
}

} // namespace td

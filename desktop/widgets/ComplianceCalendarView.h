#pragma once

#include <QDate>
#include <QMap>
#include <QWidget>

namespace td {

// What was due on one day and what became of it: counts of expected entries by
// state (the server's compliance figures for a subject, or a schedule's preview).
struct DayTally {
    int expected = 0;
    int received = 0; // in the window
    int late = 0;     // after the window closed
    int missed = 0;
    int open = 0;     // window open now, nothing received yet
    int upcoming = 0; // window not open yet

    friend bool operator==(const DayTally &, const DayTally &) = default;
};

// A month-style calendar of days, Monday first, one row per week: each day with
// entries is filled by the state that matters most to a nurse (missed, then
// late, open, upcoming, received), with a tooltip listing the counts and a
// legend below. Used for a subject's compliance and a schedule's preview.
class ComplianceCalendarView : public QWidget
{
    Q_OBJECT
public:
    // The colour-coded meaning of a day, in the order of precedence.
    enum class DayState { None, Missed, Late, Open, Upcoming, Received };
    Q_ENUM(DayState)

    explicit ComplianceCalendarView(QWidget *parent = nullptr);

    // Shows the days from `first` to `last` (inclusive); days missing in `days` had
    // nothing due.
    void setDays(const QDate &first, const QDate &last, const QMap<QDate, DayTally> &days);
    QDate firstDay() const { return m_first; }
    QDate lastDay() const { return m_last; }
    DayTally tally(const QDate &day) const { return m_days.value(day); }

    static DayState stateOf(const DayTally &tally);
    DayState state(const QDate &day) const { return stateOf(tally(day)); }
    // The tooltip text of a day: its date and each non-zero count, translated.
    QString summary(const QDate &day) const;
    // Where `day` is drawn (empty when it is outside the shown range), and the day at
    // a point (invalid when none).
    QRect cellRect(const QDate &day) const;
    QDate dayAt(const QPoint &point) const;
    static QColor colour(DayState state);
    static QString stateName(DayState state);

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

Q_SIGNALS:
    void dayClicked(const QDate &day);

protected:
    bool event(QEvent *event) override;
    void paintEvent(QPaintEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;

private:
    QDate gridStart() const; // the Monday on or before m_first
    int weekCount() const;
    int cellSize() const;
    int headerHeight() const;
    QRect legendRect() const;

    QDate m_first;
    QDate m_last;
    QMap<QDate, DayTally> m_days;
};

} // namespace td

// The compliance calendar: which state colours a day, where each day is drawn and
// which day a point hits, what the tooltip says, and that a click names the day.
#include "widgets/ComplianceCalendarView.h"

#include <QApplication>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using td::ComplianceCalendarView;
using td::DayTally;
using DayState = td::ComplianceCalendarView::DayState;

Q_DECLARE_METATYPE(td::DayTally)

class TestComplianceCalendarView : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates)); }

    void stateOf_data()
    {
        QTest::addColumn<DayTally>("tally");
        QTest::addColumn<DayState>("state");
        QTest::newRow("nothing due") << DayTally{} << DayState::None;
        QTest::newRow("received") << DayTally{1, 1, 0, 0, 0, 0} << DayState::Received;
        QTest::newRow("late") << DayTally{1, 0, 1, 0, 0, 0} << DayState::Late;
        QTest::newRow("missed") << DayTally{1, 0, 0, 1, 0, 0} << DayState::Missed;
        QTest::newRow("open") << DayTally{1, 0, 0, 0, 1, 0} << DayState::Open;
        QTest::newRow("upcoming") << DayTally{1, 0, 0, 0, 0, 1} << DayState::Upcoming;
        QTest::newRow("missed beats received") << DayTally{2, 1, 0, 1, 0, 0} << DayState::Missed;
        QTest::newRow("late beats open") << DayTally{2, 0, 1, 0, 1, 0} << DayState::Late;
        QTest::newRow("open beats received") << DayTally{2, 1, 0, 0, 1, 0} << DayState::Open;
    }
    void stateOf()
    {
        QFETCH(DayTally, tally);
        QFETCH(DayState, state);
        QCOMPARE(ComplianceCalendarView::stateOf(tally), state);
    }

    // Every shown day has a cell, the cell's centre maps back to the day, and days
    // outside the range have none. 2026-03-05 is a Thursday: the grid starts Monday 2nd.
    void geometry()
    {
        ComplianceCalendarView view;
        view.resize(420, 400);
        const QDate first(2026, 3, 5);
        const QDate last(2026, 4, 1);
        view.setDays(first, last, {});
        QList<QRect> seen;
        for (QDate day = first; day <= last; day = day.addDays(1)) {
            const QRect cell = view.cellRect(day);
            QVERIFY2(!cell.isEmpty(), qPrintable(day.toString(Qt::ISODate)));
            QVERIFY(view.rect().contains(cell));
            QCOMPARE(view.dayAt(cell.center()), day);
            QVERIFY(!seen.contains(cell));
            seen.append(cell);
        }
        QVERIFY(view.cellRect(first.addDays(-1)).isEmpty());
        QVERIFY(view.cellRect(last.addDays(1)).isEmpty());
        // Thursday is the fourth column, and Monday the 9th starts the second row.
        QCOMPARE(view.cellRect(first).left(), view.cellRect(QDate(2026, 3, 12)).left());
        QVERIFY(view.cellRect(QDate(2026, 3, 9)).left() < view.cellRect(first).left());
        QCOMPARE(view.cellRect(QDate(2026, 3, 9)).top(), view.cellRect(QDate(2026, 3, 12)).top());
        // The blank cells of the first week (Mon 2nd to Wed 4th) are no day.
        const QRect monday9 = view.cellRect(QDate(2026, 3, 9));
        QVERIFY(!view.dayAt(monday9.center() - QPoint(0, monday9.height())).isValid());
    }

    void summary()
    {
        ComplianceCalendarView view;
        const QDate day(2026, 3, 10);
        view.setDays(day, day, {{day, DayTally{3, 1, 1, 1, 0, 0}}});
        const QString text = view.summary(day);
        QVERIFY2(text.contains(u"March 10, 2026"_s), qPrintable(text));
        QVERIFY2(text.contains(u"Due: 3"_s), qPrintable(text));
        QVERIFY(text.contains(u"Received: 1"_s));
        QVERIFY(text.contains(u"Late: 1"_s));
        QVERIFY(text.contains(u"Missed: 1"_s));
        QVERIFY(!text.contains(u"Upcoming"_s));
        QVERIFY(view.summary(day.addDays(1)).contains(u"Nothing due"_s));
    }

    // What is painted: a missed day is red, a received one green, a day with nothing
    // due is left unfilled.
    void painting()
    {
        ComplianceCalendarView view;
        view.resize(420, 400);
        const QDate first(2026, 3, 2);
        view.setDays(first, first.addDays(13),
                     {{first, DayTally{1, 0, 0, 1, 0, 0}}, {first.addDays(1), DayTally{1, 1, 0, 0, 0, 0}}});
        const QImage image = view.grab().toImage();
        auto pixelNearCorner = [&](const QDate &day) {
            const QRect cell = view.cellRect(day);
            return image.pixelColor(cell.topLeft() + QPoint(5, 5) * image.devicePixelRatio());
        };
        QCOMPARE(pixelNearCorner(first), ComplianceCalendarView::colour(DayState::Missed));
        QCOMPARE(pixelNearCorner(first.addDays(1)), ComplianceCalendarView::colour(DayState::Received));
        QVERIFY(pixelNearCorner(first.addDays(2)) != ComplianceCalendarView::colour(DayState::Received));
    }

    void clickNamesTheDay()
    {
        ComplianceCalendarView view;
        view.resize(420, 400);
        const QDate first(2026, 3, 2);
        view.setDays(first, first.addDays(27), {});
        QSignalSpy clicked(&view, &ComplianceCalendarView::dayClicked);
        const QDate target(2026, 3, 18);
        QTest::mouseClick(&view, Qt::LeftButton, {}, view.cellRect(target).center());
        QCOMPARE(clicked.size(), 1);
        QCOMPARE(clicked.at(0).at(0).toDate(), target);
        QTest::mouseClick(&view, Qt::LeftButton, {}, QPoint(1, 1)); // the header: no day
        QCOMPARE(clicked.size(), 1);
    }
};

QTEST_MAIN(TestComplianceCalendarView)
#include "tst_compliancecalendarview.moc"

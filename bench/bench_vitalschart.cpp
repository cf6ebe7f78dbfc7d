// Charts N synthetic blood pressure readings (default 10,000) in a VitalsChartView
// and prints how long loading them into the chart and rendering frames take.
// Run offscreen: QT_QPA_PLATFORM=offscreen ./bench_vitalschart [points] [repeats]
#include "vitals/VitalsChartView.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QLineSeries>
#include <QPixmap>
#include <QScatterSeries>
#include <algorithm>
#include <cmath>
#include <cstdio>

using td::VitalSign;

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    const QStringList args = app.arguments();
    const int points = args.size() > 1 ? std::max(1, args.at(1).toInt()) : 10000;
    const int repeats = args.size() > 2 ? std::max(1, args.at(2).toInt()) : 5;

    const QDateTime start = QDateTime::currentDateTime().addDays(-35);
    QList<VitalSign> vitals;
    vitals.reserve(points);
    for (int i = 0; i < points; ++i) {
        VitalSign v;
        v.id = i + 1;
        v.type = VitalSign::Type::BloodPressure;
        v.value = std::round(125 + 25 * std::sin(i / 40.0) + (i % 7));
        v.value2 = std::round(78 + 15 * std::cos(i / 55.0));
        v.measuredAt = start.addSecs(qint64(i) * 300);
        vitals << v;
    }

    td::VitalsChartView view;
    view.resize(1200, 600);
    view.show();
    QCoreApplication::processEvents();

    double loadTotal = 0, firstTotal = 0, nextTotal = 0, bestLoad = 1e9, bestFirst = 1e9;
    for (int r = 0; r < repeats; ++r) {
        view.setVitals(VitalSign::Type::HeartRate, {}, start, start.addDays(1)); // start empty
        QElapsedTimer timer;
        timer.start();
        view.setVitals(VitalSign::Type::BloodPressure, vitals, start, vitals.last().measuredAt);
        const double load = timer.nsecsElapsed() / 1e6;
        timer.restart();
        QCoreApplication::processEvents(); // the chart's deferred layout belongs to the first frame
        const QPixmap first = view.grab();
        const double firstFrame = timer.nsecsElapsed() / 1e6;
        timer.restart();
        const QPixmap next = view.grab();
        const double nextFrame = timer.nsecsElapsed() / 1e6;
        loadTotal += load;
        firstTotal += firstFrame;
        nextTotal += nextFrame;
        bestLoad = std::min(bestLoad, load);
        bestFirst = std::min(bestFirst, firstFrame);
        if (first.isNull() || next.isNull())
            return 1;
    }
    std::printf("bench_vitalschart: %d readings (%lld systolic + %lld diastolic points, %lld out of range), "
                "%d runs, platform %s\n",
                points, qlonglong(view.valueSeries()->count()), qlonglong(view.secondValueSeries()->count()),
                qlonglong(view.outOfRangeSeries()->count()), repeats, qPrintable(QApplication::platformName()));
    std::printf("  load into chart:      mean %7.1f ms, best %7.1f ms\n", loadTotal / repeats, bestLoad);
    std::printf("  first frame (render): mean %7.1f ms, best %7.1f ms\n", firstTotal / repeats, bestFirst);
    std::printf("  repaint:              mean %7.1f ms\n", nextTotal / repeats);
    return 0;
}

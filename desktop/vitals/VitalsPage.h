#pragma once

#include "ApiError.h"
#include "Project.h"
#include "VitalSign.h"

#include <QCoroTask>
#include <QList>
#include <QWidget>
#include <functional>

class QAction;
class QComboBox;
class QDateEdit;
class QLabel;
class QProgressBar;
class QPushButton;
class QToolButton;

namespace td {

class MessageBanner;
class StudyChooser;

class ApiClient;
class RequestCanceller;
class VitalsChartView;

// A subject's vital signs over time: pick a study, a subject, a period (the last
// 30 days by default) and a vital sign; the chart shows them against the normal range.
class VitalsPage : public QWidget
{
    Q_OBJECT
public:
    explicit VitalsPage(ApiClient &api, QWidget *parent = nullptr);

    VitalsChartView *chartView() const { return m_chart; }
    // All readings of the current subject in the period, every type.
    const QList<VitalSign> &vitals() const { return m_vitals; }

public Q_SLOTS:
    void reload();
    // Stops loading the readings (aborts the request); Reload starts over.
    void cancelLoading();

Q_SIGNALS:
    // The current subject's readings arrived and are charted.
    void vitalsLoaded();

protected:
    void changeEvent(QEvent *event) override;
    void showEvent(QShowEvent *event) override;

private:
    void retranslateUi();
    QCoro::Task<> loadSubjects();
    QCoro::Task<> loadVitals();
    void showChart();
    void showSummary();
    // The status line is kept as the way to write it, so a language switch rewrites
    // it; an empty function hides it.
    void setStatus(std::function<QString()> text, bool error = false);
    void showError(const ApiError &error);
    void setLoading(bool loading);
    VitalSign::Type currentType() const;

    ApiClient &m_api;
    StudyChooser *m_studyCombo;
    QComboBox *m_subjectCombo;
    QComboBox *m_typeCombo;
    QDateEdit *m_fromEdit;
    QDateEdit *m_toEdit;
    QToolButton *m_resetZoomButton;
    QAction *m_resetZoomAction;
    QAction *m_refreshAction;
    QLabel *m_studyLabel;
    QLabel *m_subjectLabel;
    QLabel *m_typeLabel;
    QLabel *m_fromLabel;
    QLabel *m_toLabel;
    QLabel *m_hintLabel;
    MessageBanner *m_statusLabel;
    QLabel *m_summaryLabel;
    VitalsChartView *m_chart;
    QProgressBar *m_progressBar;
    QPushButton *m_cancelButton;
    RequestCanceller *m_canceller;

    QList<VitalSign> m_vitals;
    QDateTime m_from;
    QDateTime m_to;
    quint64 m_subjectsGeneration = 0;
    quint64 m_vitalsGeneration = 0;
};

} // namespace td

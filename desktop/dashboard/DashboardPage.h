#pragma once

#include "net/ApiClient.h"
#include "widgets/StudyChooser.h"

#include <QCoroTask>
#include <QWidget>

class QBarCategoryAxis;
class QBarSeries;
class QBarSet;
class QChart;
class QChartView;
class QComboBox;
class QLabel;
class QPushButton;
class QValueAxis;

namespace td {

class RecordTableView;

class MessageBanner;
class MissingSubjectsModel;

// Today at a glance for one active study: how many subjects submitted today of how
// many expected, the daily submission rate over the last 30 days, and the subjects
// still missing today with their phone numbers (whom to call). A study with
// questionnaire schedules is counted from its expected entries (issue #15): entries
// received of those opened so far today, and whom to call is every entry open and
// not yet received (with its closing time), then those missed.
class DashboardPage : public QWidget
{
    Q_OBJECT

public:
    static constexpr int Days = 30;

    explicit DashboardPage(ApiClient &api, QWidget *parent = nullptr);

    StudyChooser *studyCombo() const { return m_studyCombo; }
    QChartView *chartView() const { return m_chartView; }
    MissingSubjectsModel *missingModel() const { return m_missingModel; }
    bool isLoading() const { return m_studyCombo->isLoading() || m_loadingStats; }
    // Loads the study list (again) and the numbers of the selected study.
    void reload();

protected:
    void changeEvent(QEvent *event) override;
    void showEvent(QShowEvent *event) override;

private:
    void retranslateUi();
    QCoro::Task<> loadStats();
    void showStats();
    void setStatus(const QString &text, bool error = false);
    void showError(const ApiError &error);

    ApiClient &m_api;
    std::optional<ApiClient::ProjectStats> m_stats;
    bool m_loadingStats = false;
    quint64 m_statsGeneration = 0;

    QLabel *m_studyLabel = nullptr;
    StudyChooser *m_studyCombo = nullptr;
    QPushButton *m_refreshButton = nullptr;
    QLabel *m_numbersLabel = nullptr;
    QLabel *m_numbersCaption = nullptr;
    QLabel *m_rateLabel = nullptr;
    QLabel *m_enrolledLabel = nullptr;
    QChart *m_chart = nullptr;
    QChartView *m_chartView = nullptr;
    QBarSeries *m_series = nullptr;
    QBarSet *m_rateSet = nullptr;
    QBarCategoryAxis *m_dateAxis = nullptr;
    QValueAxis *m_rateAxis = nullptr;
    QLabel *m_missingTitle = nullptr;
    MissingSubjectsModel *m_missingModel = nullptr;
    RecordTableView *m_missingTable = nullptr;
    MessageBanner *m_statusLabel = nullptr;
};

} // namespace td

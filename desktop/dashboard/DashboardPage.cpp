#include "DashboardPage.h"

#include "dashboard/MissingSubjectsModel.h"
#include "widgets/MessageBanner.h"
#include "widgets/RecordTableView.h"
#include "widgets/StudyChooser.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QEvent>
#include <QFrame>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPointer>
#include <QPushButton>
#include <QSplitter>
#include <QTimer>
#include <QVBoxLayout>
#include <QValueAxis>
#include <cmath>

using namespace Qt::StringLiterals;

namespace td {

namespace {

int percent(int part, int whole)
{
    return whole > 0 ? int(std::lround(100.0 * part / whole)) : 0;
}

} // namespace

DashboardPage::DashboardPage(ApiClient &api, QWidget *parent)
    : QWidget(parent)
    , m_api(api)
{
    setObjectName(u"dashboardPage"_s);
    m_studyLabel = new QLabel(this);
    m_studyCombo = new StudyChooser(m_api, this);
    m_studyCombo->setObjectName(u"dashboardStudyCombo"_s);
    m_studyCombo->setMinimumContentsLength(30);
    m_studyLabel->setBuddy(m_studyCombo);
    m_refreshButton = new QPushButton(this);
    m_refreshButton->setObjectName(u"refreshDashboardButton"_s);

    // Today's numbers.
    auto *numbersBox = new QFrame(this);
    numbersBox->setFrameShape(QFrame::StyledPanel);
    m_numbersLabel = new QLabel(numbersBox);
    m_numbersLabel->setObjectName(u"todayNumbersLabel"_s);
    QFont big = m_numbersLabel->font();
    big.setPointSizeF(big.pointSizeF() * 3);
    big.setBold(true);
    m_numbersLabel->setFont(big);
    m_numbersLabel->setAlignment(Qt::AlignCenter);
    m_numbersCaption = new QLabel(numbersBox);
    m_numbersCaption->setAlignment(Qt::AlignCenter);
    m_rateLabel = new QLabel(numbersBox);
    m_rateLabel->setObjectName(u"todayRateLabel"_s);
    QFont medium = m_rateLabel->font();
    medium.setPointSizeF(medium.pointSizeF() * 1.6);
    m_rateLabel->setFont(medium);
    m_rateLabel->setAlignment(Qt::AlignCenter);
    m_enrolledLabel = new QLabel(numbersBox);
    m_enrolledLabel->setObjectName(u"enrolledLabel"_s);
    m_enrolledLabel->setAlignment(Qt::AlignCenter);
    auto *numbersLayout = new QVBoxLayout(numbersBox);
    numbersLayout->addStretch();
    numbersLayout->addWidget(m_numbersLabel);
    numbersLayout->addWidget(m_numbersCaption);
    numbersLayout->addSpacing(8);
    numbersLayout->addWidget(m_rateLabel);
    numbersLayout->addWidget(m_enrolledLabel);
    numbersLayout->addStretch();
    numbersBox->setMinimumWidth(220);

    // The daily rate chart.
    m_rateSet = new QBarSet(QString());
    m_rateSet->setColor(QColor(0x2e, 0x6d, 0xb4));
    m_series = new QBarSeries;
    m_series->append(m_rateSet);
    m_series->setBarWidth(0.8);
    m_chart = new QChart;
    m_chart->addSeries(m_series);
    m_dateAxis = new QBarCategoryAxis;
    m_dateAxis->setLabelsAngle(-90);
    m_dateAxis->setTruncateLabels(false);
    QFont axisFont = m_dateAxis->labelsFont();
    axisFont.setPointSizeF(axisFont.pointSizeF() * 0.85);
    m_dateAxis->setLabelsFont(axisFont);
    m_rateAxis = new QValueAxis;
    m_rateAxis->setRange(0, 100);
    m_rateAxis->setTickCount(6);
    m_rateAxis->setLabelFormat(u"%d%"_s);
    m_chart->addAxis(m_dateAxis, Qt::AlignBottom);
    m_chart->addAxis(m_rateAxis, Qt::AlignLeft);
    m_series->attachAxis(m_dateAxis);
    m_series->attachAxis(m_rateAxis);
    m_chart->legend()->setVisible(false);
    m_chart->setMargins(QMargins(4, 4, 4, 4));
    m_chartView = new QChartView(m_chart, this);
    m_chartView->setObjectName(u"submissionRateChart"_s);
    m_chartView->setRenderHint(QPainter::Antialiasing);
    m_chartView->setMinimumHeight(260);

    auto *top = new QHBoxLayout;
    top->addWidget(numbersBox);
    top->addWidget(m_chartView, 1);

    // Who is missing today.
    m_missingTitle = new QLabel(this);
    m_missingTitle->setObjectName(u"missingTitleLabel"_s);
    QFont titleFont = m_missingTitle->font();
    titleFont.setBold(true);
    m_missingTitle->setFont(titleFont);
    m_missingModel = new MissingSubjectsModel(this);
    m_missingTable = new RecordTableView(this);
    m_missingTable->setObjectName(u"missingSubjectsTable"_s);
    m_missingTable->setRecordModel(m_missingModel, MissingSubjectsModel::NameColumn);
    m_missingTable->setColumnWidths({{MissingSubjectsModel::SubjectIdColumn, 110},
                                     {MissingSubjectsModel::PhoneColumn, 150},
                                     {MissingSubjectsModel::DueColumn, 220},
                                     {MissingSubjectsModel::LastSubmissionColumn, 160}});

    m_statusLabel = new MessageBanner(this);
    m_statusLabel->setObjectName(u"dashboardStatusLabel"_s);

    auto *toolbar = new QHBoxLayout;
    toolbar->addWidget(m_studyLabel);
    toolbar->addWidget(m_studyCombo, 1);
    toolbar->addSpacing(12);
    toolbar->addWidget(m_refreshButton);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(toolbar);
    layout->addWidget(m_statusLabel);
    layout->addLayout(top, 3);
    layout->addWidget(m_missingTitle);
    layout->addWidget(m_missingTable, 2);

    connect(m_studyCombo, &QComboBox::currentIndexChanged, this, [this] { loadStats(); });
    connect(m_studyCombo, &StudyChooser::loadingStarted, this, [this] { setStatus(tr("Loading studies…")); });
    connect(m_studyCombo, &StudyChooser::loadFailed, this, &DashboardPage::showError);
    connect(m_studyCombo, &StudyChooser::studiesLoaded, this, [this] {
        if (m_studyCombo->count() == 0) {
            setStatus(tr("There are no active studies."));
            return;
        }
        setStatus({});
        loadStats();
    });
    connect(m_refreshButton, &QPushButton::clicked, this, &DashboardPage::reload);
    // Issue #16: the numbers follow what happens in the study shown, reloaded at most
    // a second after the first event of a burst.
    auto *liveReload = new QTimer(this);
    liveReload->setSingleShot(true);
    liveReload->setInterval(1000);
    connect(liveReload, &QTimer::timeout, this, [this] { loadStats(); });
    connect(&m_api.eventStream(), &EventStream::eventReceived, this, [this, liveReload](const StudyEvent &event) {
        static const QStringList relevant{StudyEvent::SubmissionStored, StudyEvent::VitalsStored,
                                          StudyEvent::SubjectEnrolled, StudyEvent::SubjectUpdated,
                                          StudyEvent::ScheduleChanged};
        if (event.projectCode == m_studyCombo->currentCode() && relevant.contains(event.type)
            && !liveReload->isActive())
            liveReload->start();
    });
    retranslateUi();
}

void DashboardPage::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

void DashboardPage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    m_studyCombo->loadOnce();
}

void DashboardPage::retranslateUi()
{
    m_studyLabel->setText(tr("&Study:"));
    m_refreshButton->setText(tr("&Refresh"));
    m_rateSet->setLabel(tr("Submission rate"));
    m_chart->setTitle(tr("Daily submission rate, last %n days", nullptr, Days));
    m_rateAxis->setTitleText(tr("Submitted / expected"));
    m_missingModel->headerDataChanged(Qt::Horizontal, 0, MissingSubjectsModel::ColumnCount - 1);
    showStats();
}

void DashboardPage::reload()
{
    if (m_studyCombo->isLoading())
        return;
    if (!m_studyCombo->isLoaded())
        m_studyCombo->reload();
    else
        loadStats();
}

QCoro::Task<> DashboardPage::loadStats()
{
    const QString code = m_studyCombo->currentCode();
    if (code.isEmpty())
        co_return;
    QPointer<DashboardPage> self(this);
    const quint64 generation = ++m_statsGeneration;
    m_loadingStats = true;
    m_refreshButton->setEnabled(false);
    setStatus(tr("Loading the numbers of %1…").arg(code));
    const Result<ApiClient::ProjectStats> stats = co_await m_api.projectStats(code, Days);
    if (!self || generation != m_statsGeneration)
        co_return;
    m_loadingStats = false;
    m_refreshButton->setEnabled(true);
    if (!stats) {
        showError(stats.error());
        co_return;
    }
    setStatus({});
    m_stats = stats.value();
    showStats();
}

void DashboardPage::showStats()
{
    if (!m_stats) {
        m_numbersLabel->setText(u"–"_s);
        m_rateLabel->clear();
        m_enrolledLabel->clear();
        m_numbersCaption->clear();
        m_missingTitle->setText(tr("Missing today"));
        m_missingModel->setStats({});
        return;
    }
    const ApiClient::ProjectStats &s = *m_stats;
    const bool scheduled = s.basis == ProjectStats::Basis::Schedule;
    const int expected = s.days.isEmpty() ? s.enrolled : s.days.constLast().expected;
    //: Today's big number: %1 subjects submitted (or entries received) of %2 expected.
    m_numbersLabel->setText(tr("%1 / %2").arg(s.submittedToday).arg(expected));
    // Scheduled: entries whose window has opened by now, so the number means "so far".
    m_numbersCaption->setText(scheduled ? tr("entries received / expected so far today")
                                        : tr("subjects who submitted today / enrolled"));
    m_rateLabel->setText(tr("%1%").arg(percent(s.submittedToday, expected)));
    m_enrolledLabel->setText(tr("%n subjects enrolled", nullptr, s.enrolled));
    m_missingModel->setStats(s);
    if (scheduled) {
        m_missingTitle->setText(tr("Open, not yet received (%1) · missed today (%2)")
                                    .arg(m_missingModel->awaitingCount())
                                    .arg(m_missingModel->missedCount()));
    } else {
        //: %1 is today's date; the study has no questionnaire schedule.
        m_missingTitle->setText(tr("No submission today (%1): %n subjects have not submitted anything yet", nullptr,
                                   int(s.missingToday.size()))
                                    .arg(QLocale().toString(s.today, QLocale::ShortFormat)));
    }

    QStringList categories;
    QList<qreal> rates;
    for (const ApiClient::DayStats &day : s.days) {
        categories << QLocale().toString(day.date, u"MM-dd"_s);
        rates << (day.expected > 0 ? 100.0 * day.submitted / day.expected : 0.0);
    }
    m_rateSet->remove(0, m_rateSet->count());
    m_rateSet->append(rates);
    m_dateAxis->setCategories(categories);
}

void DashboardPage::setStatus(const QString &text, bool error)
{
    m_statusLabel->showMessage([text] { return text; }, error ? MessageBanner::Kind::Error : MessageBanner::Kind::Info);
}

void DashboardPage::showError(const ApiError &error)
{
    switch (error.kind) {
    case ApiError::Kind::Unauthorized:
        setStatus(tr("Your session has expired. Sign in again, then click Refresh."), true);
        break;
    case ApiError::Kind::Network:
        setStatus(tr("The server cannot be reached. Check the connection, then click Refresh."), true);
        break;
    default:
        //: %1 is the server's explanation (in English).
        setStatus(tr("The numbers could not be loaded: %1").arg(error.message), true);
        break;
    }
}

} // namespace td

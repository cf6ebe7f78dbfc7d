#include "VitalsPage.h"

#include "net/ApiClient.h"
#include "vitals/VitalsChartView.h"
#include "widgets/MessageBanner.h"
#include "widgets/StudyChooser.h"

#include <QAction>
#include <QComboBox>
#include <QDateEdit>
#include <QElapsedTimer>
#include <QHBoxLayout>
#include <QLabel>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QScatterSeries>
#include <QToolButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace td {

namespace {
constexpr int kSubjectPageSize = 200;
constexpr int kVitalPageSize = 10000;
// The subject selector keeps each subject's site, to write its item again in another language.
constexpr int kSiteRole = Qt::UserRole + 1;
} // namespace

VitalsPage::VitalsPage(ApiClient &api, QWidget *parent)
    : QWidget(parent)
    , m_api(api)
    , m_studyCombo(new StudyChooser(api, this))
    , m_subjectCombo(new QComboBox(this))
    , m_typeCombo(new QComboBox(this))
    , m_fromEdit(new QDateEdit(QDate::currentDate().addDays(-30), this))
    , m_toEdit(new QDateEdit(QDate::currentDate(), this))
    , m_resetZoomButton(new QToolButton(this))
    , m_resetZoomAction(new QAction(this))
    , m_refreshAction(new QAction(this))
    , m_studyLabel(new QLabel(this))
    , m_subjectLabel(new QLabel(this))
    , m_typeLabel(new QLabel(this))
    , m_fromLabel(new QLabel(this))
    , m_toLabel(new QLabel(this))
    , m_hintLabel(new QLabel(this))
    , m_statusLabel(new MessageBanner(this))
    , m_summaryLabel(new QLabel(this))
    , m_chart(new VitalsChartView(this))
    , m_progressBar(new QProgressBar(this))
    , m_cancelButton(new QPushButton(this))
    , m_canceller(new RequestCanceller(this))
{
    m_studyCombo->setObjectName(u"studyCombo"_s);
    m_subjectCombo->setObjectName(u"subjectCombo"_s);
    m_subjectCombo->setMinimumContentsLength(14);
    m_subjectCombo->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_typeCombo->setObjectName(u"typeCombo"_s);
    for (const QString &name : VitalSign::typeNames())
        m_typeCombo->addItem(QString(), name); // texts in retranslateUi()
    m_fromEdit->setObjectName(u"fromEdit"_s);
    m_toEdit->setObjectName(u"toEdit"_s);
    for (QDateEdit *edit : {m_fromEdit, m_toEdit})
        edit->setCalendarPopup(true);

    m_resetZoomAction->setObjectName(u"resetZoomAction"_s);
    m_resetZoomAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_0));
    m_resetZoomAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_resetZoomAction->setEnabled(false);
    addAction(m_resetZoomAction);
    m_resetZoomButton->setDefaultAction(m_resetZoomAction);
    m_resetZoomButton->setObjectName(u"resetZoomButton"_s);
    m_refreshAction->setObjectName(u"refreshAction"_s);
    m_refreshAction->setShortcut(QKeySequence::Refresh);
    m_refreshAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    addAction(m_refreshAction);
    auto *refreshButton = new QToolButton(this);
    refreshButton->setDefaultAction(m_refreshAction);

    m_statusLabel->setObjectName(u"statusLabel"_s);
    m_statusLabel->setWordWrap(true);
    m_summaryLabel->setObjectName(u"summaryLabel"_s);
    // A subject with months of readings takes a moment: show it, and let it be stopped.
    m_progressBar->setObjectName(u"vitalsProgressBar"_s);
    m_progressBar->setRange(0, 0);
    m_progressBar->setTextVisible(false);
    m_progressBar->setMaximumWidth(160);
    m_progressBar->hide();
    m_cancelButton->setObjectName(u"cancelVitalsButton"_s);
    m_cancelButton->hide();

    auto *filters = new QHBoxLayout;
    auto addLabelled = [&](QLabel *label, QWidget *widget, int stretch = 0) {
        label->setBuddy(widget);
        filters->addWidget(label);
        filters->addWidget(widget, stretch);
    };
    addLabelled(m_studyLabel, m_studyCombo, 2);
    addLabelled(m_subjectLabel, m_subjectCombo, 1);
    addLabelled(m_typeLabel, m_typeCombo);
    addLabelled(m_fromLabel, m_fromEdit);
    addLabelled(m_toLabel, m_toEdit);
    filters->addWidget(refreshButton);

    auto *footer = new QHBoxLayout;
    footer->addWidget(m_summaryLabel, 1);
    m_hintLabel->setEnabled(false);
    footer->addWidget(m_hintLabel);
    footer->addWidget(m_resetZoomButton);

    auto *status = new QHBoxLayout;
    status->addWidget(m_statusLabel, 1);
    status->addWidget(m_progressBar);
    status->addWidget(m_cancelButton);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(filters);
    layout->addLayout(status);
    layout->addWidget(m_chart, 1);
    layout->addLayout(footer);

    connect(m_studyCombo, &QComboBox::currentIndexChanged, this, [this] { loadSubjects(); });
    connect(m_studyCombo, &StudyChooser::loadingStarted, this,
            [this] { setStatus([] { return tr("Loading studies…"); }); });
    connect(m_studyCombo, &StudyChooser::loadFailed, this, &VitalsPage::showError);
    connect(m_studyCombo, &StudyChooser::studiesLoaded, this, [this] {
        setStatus({});
        loadSubjects();
    });
    connect(m_subjectCombo, &QComboBox::currentIndexChanged, this, [this] { loadVitals(); });
    connect(m_fromEdit, &QDateEdit::dateChanged, this, [this] { loadVitals(); });
    connect(m_toEdit, &QDateEdit::dateChanged, this, [this] { loadVitals(); });
    connect(m_typeCombo, &QComboBox::currentIndexChanged, this, &VitalsPage::showChart);
    connect(m_resetZoomAction, &QAction::triggered, m_chart, &VitalsChartView::resetZoom);
    connect(m_chart, &VitalsChartView::zoomChanged, m_resetZoomAction, &QAction::setEnabled);
    connect(m_refreshAction, &QAction::triggered, this, &VitalsPage::reload);
    connect(m_cancelButton, &QPushButton::clicked, this, &VitalsPage::cancelLoading);
    retranslateUi();
}

void VitalsPage::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

void VitalsPage::retranslateUi()
{
    m_studyLabel->setText(tr("S&tudy:"));
    m_subjectLabel->setText(tr("Su&bject:"));
    m_typeLabel->setText(tr("&Vital sign:"));
    m_fromLabel->setText(tr("&From:"));
    m_toLabel->setText(tr("T&o:"));
    m_hintLabel->setText(tr("Drag to zoom, wheel zooms time, right-drag or arrow keys pan, double-click resets."));
    m_resetZoomAction->setText(tr("Reset &zoom"));
    m_refreshAction->setText(tr("Reload"));
    m_cancelButton->setText(tr("Cancel"));
    // Item texts only: the selection and the loaded readings stay as they are.
    for (int i = 0; i < m_typeCombo->count(); ++i) {
        if (const auto type = VitalSign::typeFromName(m_typeCombo->itemData(i).toString()))
            m_typeCombo->setItemText(i, VitalsChartView::typeTitle(*type));
    }
    for (int i = 0; i < m_subjectCombo->count(); ++i) {
        const QString id = m_subjectCombo->itemData(i).toString();
        const QString site = m_subjectCombo->itemData(i, kSiteRole).toString();
        //: A subject in the selector: %1 is its id, %2 its site.
        m_subjectCombo->setItemText(i, site.isEmpty() ? id : tr("%1 (%2)").arg(id, site));
    }
    showSummary();
}

void VitalsPage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    m_studyCombo->loadOnce();
}

void VitalsPage::reload()
{
    if (!m_studyCombo->isLoaded())
        m_studyCombo->reload();
    else
        loadVitals();
}

VitalSign::Type VitalsPage::currentType() const
{
    return VitalSign::typeFromName(m_typeCombo->currentData().toString()).value_or(VitalSign::Type::BloodPressure);
}

void VitalsPage::cancelLoading()
{
    if (!m_progressBar->isVisible())
        return;
    // Stale first: the aborted request's coroutine may finish inside cancel().
    ++m_vitalsGeneration;
    m_canceller->cancel();
    setLoading(false);
    setStatus([] { return tr("Loading cancelled. Click Reload to load the readings."); });
}

void VitalsPage::setLoading(bool loading)
{
    m_progressBar->setVisible(loading);
    m_cancelButton->setVisible(loading);
}

void VitalsPage::setStatus(std::function<QString()> text, bool error)
{
    m_statusLabel->showMessage(std::move(text), error ? MessageBanner::Kind::Error : MessageBanner::Kind::Info);
}

void VitalsPage::showError(const ApiError &error)
{
    const QString message = error.message;
    if (error.kind == ApiError::Kind::Network)
        setStatus([message] { return tr("No answer from the server: %1").arg(message); }, true);
    else
        setStatus([message] { return tr("The server refused: %1").arg(message); }, true);
}

QCoro::Task<> VitalsPage::loadSubjects()
{
    QPointer<VitalsPage> self(this);
    const quint64 generation = ++m_subjectsGeneration;
    const QString project = m_studyCombo->currentCode();
    {
        const QSignalBlocker blocker(m_subjectCombo);
        m_subjectCombo->clear();
    }
    // The readings on their way belong to the previous study's subject: stop them, or
    // they would be charted (and reported loaded) under this study. Nothing is shown
    // until this study's first subject is.
    ++m_vitalsGeneration;
    m_canceller->cancel();
    setLoading(false);
    setStatus({});
    m_vitals.clear();
    showChart();
    if (project.isEmpty())
        co_return;
    // Page through the study's subjects; the first page fills the list and charts its
    // first subject while the rest arrive.
    QString cursor;
    bool first = true;
    do {
        Result<Page<Subject>> page = co_await m_api.subjects(project, cursor, kSubjectPageSize);
        if (!self || generation != m_subjectsGeneration)
            co_return;
        if (!page) {
            showError(page.error());
            co_return;
        }
        {
            const QSignalBlocker blocker(m_subjectCombo);
            for (const Subject &s : page->items) {
                m_subjectCombo->addItem(s.site.isEmpty() ? s.subjectId : tr("%1 (%2)").arg(s.subjectId, s.site),
                                        s.subjectId);
                m_subjectCombo->setItemData(m_subjectCombo->count() - 1, s.site, kSiteRole);
            }
        }
        cursor = page->nextCursor;
        if (first) {
            first = false;
            loadVitals();
        }
    } while (!cursor.isEmpty());
}

QCoro::Task<> VitalsPage::loadVitals()
{
    QPointer<VitalsPage> self(this);
    const quint64 generation = ++m_vitalsGeneration;
    // The answer for the previous subject or period would be dropped: stop it.
    m_canceller->cancel();
    const QString subject = m_subjectCombo->currentData().toString();
    m_vitals.clear();
    m_from = m_fromEdit->date().startOfDay();
    m_to = m_toEdit->date().addDays(1).startOfDay();
    if (subject.isEmpty()) {
        setLoading(false);
        showChart();
        co_return;
    }
    ApiClient::VitalQuery query;
    query.subjectId = subject;
    query.from = m_from;
    query.to = m_to;
    setStatus([subject] { return tr("Loading vital signs of %1…").arg(subject); });
    setLoading(true);
    QList<VitalSign> vitals;
    QString cursor;
    do {
        Result<Page<VitalSign>> page = co_await m_api.vitals(query, cursor, kVitalPageSize, m_canceller);
        if (!self || generation != m_vitalsGeneration)
            co_return;
        if (!page) {
            setLoading(false);
            showError(page.error());
            co_return;
        }
        vitals += page->items;
        cursor = page->nextCursor;
        if (!cursor.isEmpty()) {
            const int received = int(vitals.size());
            setStatus([subject, received] {
                //: %1 is a subject id, %n the number of readings received so far.
                return tr("Loading vital signs of %1: %n readings so far…", nullptr, received).arg(subject);
            });
        }
    } while (!cursor.isEmpty());
    m_vitals = vitals;
    setLoading(false);
    setStatus({});
    showChart();
    Q_EMIT vitalsLoaded();
}

void VitalsPage::showChart()
{
    m_chart->setVitals(currentType(), m_vitals, m_from.isValid() ? m_from : m_fromEdit->date().startOfDay(),
                       m_to.isValid() ? m_to : m_toEdit->date().addDays(1).startOfDay());
    showSummary();
}

void VitalsPage::showSummary()
{
    const int readings = m_chart->readingCount();
    const int flagged = m_chart->outOfRangeCount();
    m_summaryLabel->setText(readings == 0 ? tr("No readings.")
                                          : tr("%n reading(s)", nullptr, readings) + u" · "_s
                                                + tr("%n value(s) outside the normal range", nullptr, flagged));
}

} // namespace td

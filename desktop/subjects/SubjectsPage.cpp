#include "SubjectsPage.h"

#include "Permissions.h"
#include "net/ApiClient.h"
#include "subjects/EnrolDialog.h"
#include "subjects/ScheduleSettingsDialog.h"
#include "subjects/SubjectCompliancePanel.h"
#include "subjects/SubjectTableModel.h"
#include "subjects/SubjectTokenDialog.h"
#include "widgets/MessageBanner.h"
#include "widgets/RecordTableView.h"
#include "widgets/StudyChooser.h"

#include <QComboBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QMessageBox>
#include <QPointer>
#include <QPushButton>
#include <QSplitter>
#include <QTimer>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace td {

SubjectsPage::SubjectsPage(ApiClient &api, QWidget *parent)
    : QWidget(parent)
    , m_api(api)
{
    setObjectName(u"subjectsPage"_s);
    m_model = new SubjectTableModel(m_api, this);

    m_studyLabel = new QLabel(this);
    m_studyCombo = new StudyChooser(m_api, this);
    m_studyCombo->setObjectName(u"subjectsStudyCombo"_s);
    m_studyCombo->setMinimumContentsLength(30);
    m_studyLabel->setBuddy(m_studyCombo);
    m_enrolButton = new QPushButton(this);
    m_enrolButton->setObjectName(u"enrolButton"_s);
    m_reissueButton = new QPushButton(this);
    m_reissueButton->setObjectName(u"reissueTokenButton"_s);
    m_scheduleSettingsButton = new QPushButton(this);
    m_scheduleSettingsButton->setObjectName(u"scheduleSettingsButton"_s);
    m_refreshButton = new QPushButton(this);
    m_refreshButton->setObjectName(u"refreshSubjectsButton"_s);

    m_table = new RecordTableView(this);
    m_table->setObjectName(u"subjectsTable"_s);
    m_table->setRecordModel(m_model, SubjectTableModel::NameColumn);
    m_table->setColumnWidths({{SubjectTableModel::SubjectIdColumn, 110},
                              {SubjectTableModel::SiteColumn, 140},
                              {SubjectTableModel::EnrolledAtColumn, 140},
                              {SubjectTableModel::LastSubmissionColumn, 140},
                              {SubjectTableModel::TodayColumn, 90}});

    m_stateLabel = new MessageBanner(this);
    m_stateLabel->setObjectName(u"subjectsStateLabel"_s);
    m_moreButton = new QPushButton(this);
    m_moreButton->setObjectName(u"subjectsRetryButton"_s);

    auto *toolbar = new QHBoxLayout;
    toolbar->addWidget(m_studyLabel);
    toolbar->addWidget(m_studyCombo, 1);
    toolbar->addSpacing(12);
    toolbar->addWidget(m_enrolButton);
    toolbar->addWidget(m_reissueButton);
    toolbar->addWidget(m_scheduleSettingsButton);
    toolbar->addWidget(m_refreshButton);

    auto *footer = new QHBoxLayout;
    footer->addWidget(m_stateLabel, 1);
    footer->addWidget(m_moreButton);

    m_compliance = new SubjectCompliancePanel(api, this);
    auto *split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(m_table);
    split->addWidget(m_compliance);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 1);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(toolbar);
    layout->addWidget(split, 1);
    layout->addLayout(footer);

    connect(m_studyCombo, &QComboBox::currentIndexChanged, this, &SubjectsPage::selectStudy);
    connect(m_studyCombo, &StudyChooser::loadingStarted, this, &SubjectsPage::updateState);
    connect(m_studyCombo, &StudyChooser::studiesLoaded, this, [this] {
        m_errorText.clear();
        selectStudy();
    });
    connect(m_studyCombo, &StudyChooser::loadFailed, this,
            [this](const ApiError &error) { showError(errorText(error)); });
    connect(m_enrolButton, &QPushButton::clicked, this, &SubjectsPage::enrol);
    connect(m_reissueButton, &QPushButton::clicked, this, &SubjectsPage::confirmReissue);
    connect(m_scheduleSettingsButton, &QPushButton::clicked, this, &SubjectsPage::editScheduleSettings);
    connect(m_refreshButton, &QPushButton::clicked, this, &SubjectsPage::reload);
    connect(m_moreButton, &QPushButton::clicked, this, [this] {
        m_errorText.clear();
        m_model->resume();
    });
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, &SubjectsPage::updateButtons);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
        const QModelIndexList rows = m_table->selectionModel()->selectedRows();
        m_compliance->showSubject(rows.size() == 1 ? m_model->subject(rows.first().row()).subjectId : QString());
    });
    connect(m_model, &SubjectTableModel::loadingChanged, this, &SubjectsPage::updateState);
    connect(m_model, &SubjectTableModel::modelReset, this, &SubjectsPage::updateState);
    connect(m_model, &SubjectTableModel::rowsInserted, this, &SubjectsPage::updateState);
    connect(m_model, &SubjectTableModel::loadFailed, this,
            [this](const ApiError &error) { showError(errorText(error)); });
    connect(&m_api, &ApiClient::roleChanged, this, &SubjectsPage::updateButtons);
    connect(&m_api, &ApiClient::accessChanged, this, &SubjectsPage::updateButtons);
    // Issue #16: enrolments and today's submissions in the study shown appear by
    // themselves, at most a second after the first event of a burst. The loaded rows
    // are refreshed in place (CursorPagedModel::refresh), so the selected subject,
    // the scroll position and the compliance panel stay; the panel and the Today
    // column are read again quietly.
    m_liveReload = new QTimer(this);
    m_liveReload->setSingleShot(true);
    m_liveReload->setInterval(1000);
    connect(m_liveReload, &QTimer::timeout, this, &SubjectsPage::reloadLive);
    connect(&m_api.eventStream(), &EventStream::eventReceived, this, [this](const StudyEvent &event) {
        static const QStringList relevant{StudyEvent::SubmissionStored, StudyEvent::VitalsStored,
                                          StudyEvent::SubjectEnrolled, StudyEvent::SubjectUpdated};
        if (event.projectCode == m_studyCombo->currentCode() && relevant.contains(event.type)
            && !m_liveReload->isActive())
            m_liveReload->start();
    });
    connect(m_model, &SubjectTableModel::refreshed, this, [this] {
        updateState();
        Q_EMIT liveReloaded();
    });

    retranslateUi();
}

void SubjectsPage::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

void SubjectsPage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    m_studyCombo->loadOnce();
}

void SubjectsPage::retranslateUi()
{
    m_studyLabel->setText(tr("&Study:"));
    m_enrolButton->setText(tr("&Enrol…"));
    m_reissueButton->setText(tr("Re-issue &Token…"));
    m_scheduleSettingsButton->setText(tr("Sc&hedule Settings…"));
    m_refreshButton->setText(tr("&Refresh"));
    m_moreButton->setText(tr("Retry"));
    m_model->headerDataChanged(Qt::Horizontal, 0, SubjectTableModel::ColumnCount - 1);
    updateState();
}

void SubjectsPage::reload()
{
    m_errorText.clear();
    // The study list may have changed too; the selection is kept.
    m_studyCombo->reload();
}

void SubjectsPage::reloadLive()
{
    // While a page or another refresh is on its way, try again after it rather than
    // drop the news.
    if (!m_model->refresh()) {
        if (m_model->isLoading() || m_model->isRefreshing())
            m_liveReload->start();
        return;
    }
    loadToday(m_model->projectCode());
    m_compliance->refresh();
}

void SubjectsPage::selectStudy()
{
    m_errorText.clear();
    const QString code = m_studyCombo->currentData().toString();
    m_model->setProjectCode(code);
    m_model->setTodayStats(std::nullopt);
    m_model->fetchMore();
    loadToday(code);
    updateState();
}

QCoro::Task<> SubjectsPage::loadToday(QString projectCode)
{
    const quint64 generation = ++m_todayGeneration;
    if (projectCode.isEmpty()) {
        m_loadingToday = false;
        co_return;
    }
    QPointer<SubjectsPage> self(this);
    m_loadingToday = true;
    const Result<ProjectStats> stats = co_await m_api.projectStats(projectCode, 1);
    if (!self || generation != m_todayGeneration)
        co_return;
    m_loadingToday = false;
    // Without the answer the column falls back to the last submission's date; the
    // subject list itself reports its own errors.
    m_model->setTodayStats(stats ? std::optional<ProjectStats>(stats.value()) : std::nullopt);
    updateState();
}

void SubjectsPage::updateState()
{
    const bool loading = m_studyCombo->isLoading() || m_model->isLoading();
    const int rows = m_model->rowCount();
    m_moreButton->setVisible(!loading && m_model->lastError().has_value());

    QString text;
    if (!m_errorText.isEmpty())
        text = m_errorText;
    else if (m_studyCombo->isLoading())
        text = tr("Loading studies…");
    else if (m_studyCombo->isLoaded() && m_studyCombo->count() == 0)
        text = tr("There are no active studies.");
    else if (m_model->isLoading())
        text = rows == 0 ? tr("Loading subjects…") : tr("%n subjects loaded; loading more…", nullptr, rows);
    else if (!m_studyCombo->isLoaded())
        text = QString();
    else if (rows == 0)
        text = tr("No subjects are enrolled in this study yet.");
    else {
        int missing = 0;
        for (int row = 0; row < rows; ++row)
            missing += m_model->missingToday(m_model->subject(row)) ? 1 : 0;
        if (m_model->hasMore())
            text = tr("%n subjects loaded; scroll down for more.", nullptr, rows);
        else if (m_model->isScheduled())
            //: %1 is the number of subjects, %2 how many have an entry today open and not yet received, or missed.
            text = tr("%1 subjects, %2 open or missed today.").arg(rows).arg(missing);
        else
            //: %1 is the number of subjects, %2 how many of them have not submitted today.
            text = tr("%1 subjects, %2 missing today.").arg(rows).arg(missing);
    }
    // Rewritten by retranslateUi() in a new language, like the texts it is made of.
    m_stateLabel->showMessage([text] { return text; },
                              m_errorText.isEmpty() ? MessageBanner::Kind::Info : MessageBanner::Kind::Error);
    updateButtons();
}

void SubjectsPage::updateButtons()
{
    // What the role in the chosen study allows (issue #14), the global one before a
    // study is chosen.
    const QString code = m_studyCombo->currentCode();
    const QString role = code.isEmpty() ? m_api.role() : m_api.roleIn(code);
    m_enrolButton->setVisible(isAllowed(role, Permission::EnrolSubjects));
    m_reissueButton->setVisible(isAllowed(role, Permission::IssueSubjectTokens));
    m_enrolButton->setEnabled(m_studyCombo->currentIndex() >= 0);
    m_reissueButton->setEnabled(!m_reissuing && m_table->selectionModel()->selectedRows().size() == 1);
    // Who may enrol may change when the questionnaires are due (PATCH /subjects/{id}).
    m_scheduleSettingsButton->setVisible(isAllowed(role, Permission::EnrolSubjects));
    m_scheduleSettingsButton->setEnabled(m_table->selectionModel()->selectedRows().size() == 1);
}

void SubjectsPage::showError(const QString &text)
{
    m_errorText = text;
    updateState();
}

QString SubjectsPage::errorText(const ApiError &error) const
{
    switch (error.kind) {
    case ApiError::Kind::Unauthorized:
        return tr("Your session has expired. Sign in again, then click Refresh.");
    case ApiError::Kind::Forbidden:
        return tr("Your role may not do this.");
    case ApiError::Kind::Network:
        return tr("The server cannot be reached. Check the connection, then click Refresh.");
    default:
        //: %1 is the server's explanation (in English).
        return tr("The server refused: %1").arg(error.message);
    }
}

void SubjectsPage::enrol()
{
    if (!isAllowed(m_api.roleIn(m_studyCombo->currentCode()), Permission::EnrolSubjects))
        return;
    const int index = m_studyCombo->currentIndex();
    if (index < 0 || index >= m_studyCombo->studies().size())
        return;
    auto *dialog = new EnrolDialog(m_api, m_studyCombo->studies().at(index), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &EnrolDialog::enrolled, this, [this](const ApiClient::Enrolment &enrolment) {
        if (enrolment.subject.projectCode.isEmpty() || enrolment.subject.projectCode == m_model->projectCode()) {
            m_model->upsert(enrolment.subject);
            loadToday(m_model->projectCode()); // the new subject's entries of today
        }
        if (const int row = m_model->rowOf(enrolment.subject.subjectId); row >= 0) {
            m_table->selectRow(row);
            m_table->scrollTo(m_model->index(row, 0));
        }
        updateState();
        showToken(enrolment.subject.subjectId, enrolment.subjectToken, false);
    });
    dialog->open();
}

void SubjectsPage::editScheduleSettings()
{
    const QString code = m_studyCombo->currentCode();
    if (!isAllowed(m_api.roleIn(code), Permission::EnrolSubjects))
        return;
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    const int index = m_studyCombo->currentIndex();
    if (rows.size() != 1 || index < 0 || index >= m_studyCombo->studies().size())
        return;
    const Subject subject = m_model->subject(rows.first().row());
    auto *dialog = new ScheduleSettingsDialog(m_api, subject, m_studyCombo->studies().at(index).timeZone, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &ScheduleSettingsDialog::subjectSaved, this, [this](const Subject &saved) {
        if (saved.projectCode.isEmpty() || saved.projectCode == m_model->projectCode())
            m_model->upsert(saved);
        // Its calendar moved with the settings: show it afresh.
        m_compliance->showSubject(QString());
        m_compliance->showSubject(saved.subjectId);
        updateState();
    });
    dialog->open();
}

void SubjectsPage::confirmReissue()
{
    if (!isAllowed(m_api.roleIn(m_studyCombo->currentCode()), Permission::IssueSubjectTokens))
        return;
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    if (rows.size() != 1)
        return;
    const Subject subject = m_model->subject(rows.first().row());
    auto *box = new QMessageBox(QMessageBox::Question, tr("Re-issue Token"),
                                tr("Issue a new token for subject %1 (%2)? The token the patient's app uses now "
                                   "stops working at once.")
                                    .arg(subject.subjectId, subject.name),
                                QMessageBox::Yes | QMessageBox::Cancel, this);
    box->setObjectName(u"reissueConfirmBox"_s);
    box->setDefaultButton(QMessageBox::Cancel);
    box->button(QMessageBox::Yes)->setText(tr("Re-issue"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    const QString subjectId = subject.subjectId;
    connect(box, &QMessageBox::finished, this, [this, subjectId](int result) {
        if (result == QMessageBox::Yes)
            reissue(subjectId);
    });
    box->open();
}

QCoro::Task<> SubjectsPage::reissue(QString subjectId)
{
    QPointer<SubjectsPage> self(this);
    m_reissuing = true;
    updateButtons();
    const Result<SubjectToken> token = co_await m_api.issueSubjectToken(subjectId);
    if (!self)
        co_return;
    m_reissuing = false;
    updateButtons();
    if (!token) {
        //: %1 is the subject id, %2 why it failed.
        showError(tr("No new token was issued for %1: %2").arg(subjectId, errorText(token.error())));
        co_return;
    }
    showToken(subjectId, token->token, true);
}

void SubjectsPage::showToken(const QString &subjectId, const QString &token, bool reissued)
{
    if (m_tokenDialog)
        m_tokenDialog->close();
    auto *dialog = new SubjectTokenDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setToken(subjectId, token, reissued);
    m_tokenDialog = dialog;
    dialog->open();
}

} // namespace td

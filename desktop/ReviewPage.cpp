#include "ReviewPage.h"

#include "AnswersModel.h"
#include "ApiClient.h"
#include "ElidingComboBox.h"
#include "Permissions.h"
#include "SignDialog.h"
#include "SubmissionQueueModel.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QDateEdit>
#include <QFormLayout>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPointer>
#include <QSplitter>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>
#include <algorithm>

using namespace Qt::StringLiterals;

namespace td {

namespace {

QToolButton *actionButton(QAction *action, QWidget *parent)
{
    auto *button = new QToolButton(parent);
    button->setDefaultAction(action);
    button->setToolButtonStyle(Qt::ToolButtonTextOnly);
    button->setObjectName(action->objectName() + u"Button"_s);
    return button;
}

} // namespace

ReviewPage::ReviewPage(ApiClient &api, QWidget *parent)
    : QWidget(parent)
    , m_api(api)
    , m_model(new SubmissionQueueModel(api, this))
    , m_answers(new AnswersModel(this))
    , m_studyCombo(new ElidingComboBox(this))
    , m_questionnaireEdit(new QLineEdit(this))
    , m_statusCombo(new QComboBox(this))
    , m_sinceCheck(new QCheckBox(tr("&From"), this))
    , m_sinceEdit(new QDateEdit(QDate::currentDate().addDays(-30), this))
    , m_untilCheck(new QCheckBox(tr("&To"), this))
    , m_untilEdit(new QDateEdit(QDate::currentDate(), this))
    , m_messageLabel(new QLabel(this))
    , m_countLabel(new QLabel(this))
    , m_table(new QTableView(this))
    , m_detailsLabel(new QLabel(this))
    , m_answersView(new QTableView(this))
{
    m_studyCombo->setObjectName(u"studyCombo"_s);
    m_studyCombo->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_studyCombo->setMinimumContentsLength(24);
    m_questionnaireEdit->setObjectName(u"questionnaireEdit"_s);
    m_questionnaireEdit->setPlaceholderText(tr("All questionnaires"));
    m_questionnaireEdit->setClearButtonEnabled(true);
    m_statusCombo->setObjectName(u"reviewStatusCombo"_s);
    m_statusCombo->addItem(tr("Pending"), u"pending"_s);
    m_statusCombo->addItem(tr("Reviewed"), u"reviewed"_s);
    m_statusCombo->addItem(tr("Queried"), u"queried"_s);
    m_statusCombo->addItem(tr("All"), QString());
    m_sinceCheck->setObjectName(u"sinceCheck"_s);
    m_untilCheck->setObjectName(u"untilCheck"_s);
    for (QDateEdit *edit : {m_sinceEdit, m_untilEdit}) {
        edit->setCalendarPopup(true);
        edit->setEnabled(false);
    }
    m_sinceEdit->setObjectName(u"sinceEdit"_s);
    m_untilEdit->setObjectName(u"untilEdit"_s);

    m_messageLabel->setObjectName(u"messageLabel"_s);
    m_messageLabel->setWordWrap(true);
    m_messageLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_messageLabel->hide();
    m_countLabel->setObjectName(u"countLabel"_s);

    m_table->setObjectName(u"queueView"_s);
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 8);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->setHighlightSections(false);
    m_table->setTabKeyNavigation(false);

    m_detailsLabel->setObjectName(u"detailsLabel"_s);
    m_detailsLabel->setWordWrap(true);
    m_detailsLabel->setTextFormat(Qt::PlainText);
    m_detailsLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_detailsLabel->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_answersView->setObjectName(u"answersView"_s);
    m_answersView->setModel(m_answers);
    m_answersView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_answersView->setSelectionMode(QAbstractItemView::NoSelection);
    m_answersView->setFocusPolicy(Qt::NoFocus);
    m_answersView->setWordWrap(true);
    m_answersView->verticalHeader()->hide();
    m_answersView->horizontalHeader()->setStretchLastSection(true);
    m_answersView->horizontalHeader()->setSectionResizeMode(AnswersModel::QuestionColumn,
                                                            QHeaderView::ResizeToContents);

    auto makeAction = [this](const QString &name, const QString &text, const QList<QKeySequence> &keys) {
        auto *action = new QAction(text, this);
        action->setObjectName(name);
        action->setShortcuts(keys);
        action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        if (!keys.isEmpty())
            action->setToolTip(tr("%1 (%2)").arg(text, keys.first().toString(QKeySequence::NativeText)).remove(u'&'));
        addAction(action);
        return action;
    };
    m_reviewAction = makeAction(u"markReviewedAction"_s, tr("Mark &reviewed"), {QKeySequence(Qt::Key_R)});
    m_queryAction = makeAction(u"raiseQueryAction"_s, tr("Raise &query…"), {QKeySequence(Qt::Key_Q)});
    m_answeredAction = makeAction(u"queryAnsweredAction"_s, tr("Query &answered"), {QKeySequence(Qt::Key_A)});
    m_closeQueryAction = makeAction(u"closeQueryAction"_s, tr("&Close query"), {QKeySequence(Qt::Key_C)});
    m_signAction = makeAction(u"signAction"_s, tr("&Sign…"), {QKeySequence(Qt::Key_S)});
    m_nextAction = makeAction(u"nextAction"_s, tr("Next"), {QKeySequence(Qt::Key_J)});
    m_previousAction = makeAction(u"previousAction"_s, tr("Previous"), {QKeySequence(Qt::Key_K)});
    m_refreshAction = makeAction(u"refreshAction"_s, tr("Reload"), {QKeySequence(QKeySequence::Refresh)});

    // Filters.
    auto *filters = new QHBoxLayout;
    auto *studyLabel = new QLabel(tr("S&tudy:"), this);
    studyLabel->setBuddy(m_studyCombo);
    auto *questionnaireLabel = new QLabel(tr("Q&uestionnaire:"), this);
    questionnaireLabel->setBuddy(m_questionnaireEdit);
    auto *statusLabel = new QLabel(tr("Stat&us:"), this);
    statusLabel->setBuddy(m_statusCombo);
    filters->addWidget(studyLabel);
    filters->addWidget(m_studyCombo, 2);
    filters->addWidget(questionnaireLabel);
    filters->addWidget(m_questionnaireEdit, 1);
    filters->addWidget(statusLabel);
    filters->addWidget(m_statusCombo);
    filters->addWidget(m_sinceCheck);
    filters->addWidget(m_sinceEdit);
    filters->addWidget(m_untilCheck);
    filters->addWidget(m_untilEdit);
    filters->addWidget(actionButton(m_refreshAction, this));

    // Details and actions.
    auto *details = new QWidget(this);
    auto *detailsLayout = new QVBoxLayout(details);
    detailsLayout->setContentsMargins(0, 0, 0, 0);
    auto *actions = new QHBoxLayout;
    for (QAction *action : {m_reviewAction, m_queryAction, m_answeredAction, m_closeQueryAction, m_signAction})
        actions->addWidget(actionButton(action, details));
    actions->addStretch();
    detailsLayout->addLayout(actions);
    detailsLayout->addWidget(m_detailsLabel);
    detailsLayout->addWidget(m_answersView, 1);

    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->setChildrenCollapsible(false);
    splitter->addWidget(m_table);
    splitter->addWidget(details);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    // Start at 3:2 rather than at the size hints, which favour the answers: the
    // queue's columns then fit without a horizontal scroll bar.
    splitter->setSizes({3000, 2000});

    m_keyHintLabel = new QLabel(this);
    m_keyHintLabel->setObjectName(u"keyHintLabel"_s);
    m_keyHintLabel->setEnabled(false);
    auto *footer = new QHBoxLayout;
    footer->addWidget(m_countLabel);
    footer->addStretch();
    footer->addWidget(m_keyHintLabel);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(filters);
    layout->addWidget(m_messageLabel);
    layout->addWidget(splitter, 1);
    layout->addLayout(footer);

    setFocusProxy(m_table);

    connect(m_studyCombo, &QComboBox::currentIndexChanged, this, &ReviewPage::applyFilters);
    connect(m_statusCombo, &QComboBox::currentIndexChanged, this, &ReviewPage::applyFilters);
    connect(m_questionnaireEdit, &QLineEdit::editingFinished, this, [this] {
        if (m_questionnaireEdit->text().trimmed() != m_model->query().questionnaire)
            applyFilters();
    });
    connect(m_sinceCheck, &QCheckBox::toggled, m_sinceEdit, &QWidget::setEnabled);
    connect(m_untilCheck, &QCheckBox::toggled, m_untilEdit, &QWidget::setEnabled);
    connect(m_sinceCheck, &QCheckBox::toggled, this, &ReviewPage::applyFilters);
    connect(m_untilCheck, &QCheckBox::toggled, this, &ReviewPage::applyFilters);
    connect(m_sinceEdit, &QDateEdit::dateChanged, this, &ReviewPage::applyFilters);
    connect(m_untilEdit, &QDateEdit::dateChanged, this, &ReviewPage::applyFilters);

    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this] {
        updateDetails();
        updateActions();
    });
    connect(m_model, &QAbstractItemModel::dataChanged, this, [this](const QModelIndex &topLeft) {
        if (topLeft.row() == m_table->currentIndex().row()) {
            updateDetails();
            updateActions();
        }
    });
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &ReviewPage::updateActions);
    connect(m_model, &SubmissionQueueModel::loadingChanged, this, &ReviewPage::updateActions);
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] {
        updateDetails();
        updateActions();
    });
    connect(m_model, &SubmissionQueueModel::pageLoaded, this, [this](bool first) {
        if (first) {
            m_table->resizeColumnsToContents();
            // Wide enough for every status, not just the ones on the first page.
            const auto fitStatuses = [this](int column, const QStringList &texts) {
                int width = m_table->columnWidth(column);
                for (const QString &text : texts)
                    width = std::max(width, m_table->fontMetrics().horizontalAdvance(text) + 16);
                m_table->setColumnWidth(column, width);
            };
            fitStatuses(SubmissionQueueModel::ReviewStatusColumn,
                        {SubmissionQueueModel::reviewStatusText(u"pending"_s),
                         SubmissionQueueModel::reviewStatusText(u"reviewed"_s),
                         SubmissionQueueModel::reviewStatusText(u"queried"_s)});
            fitStatuses(SubmissionQueueModel::QueryStatusColumn, {SubmissionQueueModel::queryStatusText(u"open"_s),
                                                                  SubmissionQueueModel::queryStatusText(u"answered"_s),
                                                                  SubmissionQueueModel::queryStatusText(u"closed"_s)});
            if (m_model->rowCount() > 0 && !m_table->currentIndex().isValid())
                m_table->selectionModel()->setCurrentIndex(m_model->index(0, 0), QItemSelectionModel::ClearAndSelect |
                                                                                     QItemSelectionModel::Rows);
        }
        m_countLabel->setText(m_model->canFetchMore({})
                                  ? tr("%1 submissions shown, more as you scroll").arg(m_model->rowCount())
                                  : tr("%n submission(s)", nullptr, m_model->rowCount()));
    });
    connect(m_model, &SubmissionQueueModel::loadingChanged, this, [this](bool loading) {
        if (loading)
            m_countLabel->setText(tr("Loading…"));
    });
    connect(m_model, &SubmissionQueueModel::loadFailed, this, &ReviewPage::showError);

    connect(m_reviewAction, &QAction::triggered, this, &ReviewPage::markReviewed);
    connect(m_queryAction, &QAction::triggered, this, &ReviewPage::raiseQuery);
    connect(m_answeredAction, &QAction::triggered, this, [this] { resolveQuery(u"answered"_s); });
    connect(m_closeQueryAction, &QAction::triggered, this, [this] { resolveQuery(u"closed"_s); });
    connect(m_signAction, &QAction::triggered, this, &ReviewPage::sign);
    connect(m_nextAction, &QAction::triggered, this, [this] { moveSelection(1); });
    connect(m_previousAction, &QAction::triggered, this, [this] { moveSelection(-1); });
    connect(m_refreshAction, &QAction::triggered, this, &ReviewPage::reload);
    connect(&m_api, &ApiClient::roleChanged, this, &ReviewPage::applyRole);
    applyRole();

    updateDetails();
    updateActions();
}

void ReviewPage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (!m_studiesLoaded && !m_loadingStudies && m_api.isSignedIn())
        loadStudies();
}

void ReviewPage::reload()
{
    m_messageLabel->hide();
    if (!m_studiesLoaded)
        loadStudies();
    else
        m_model->refresh();
}

QCoro::Task<> ReviewPage::loadStudies()
{
    QPointer<ReviewPage> self(this);
    m_loadingStudies = true;
    m_countLabel->setText(tr("Loading studies…"));
    Result<QList<Project>> projects = co_await m_api.activeProjects();
    if (!self)
        co_return;
    m_loadingStudies = false;
    if (!projects) {
        showError(projects.error());
        co_return;
    }
    m_studiesLoaded = true;
    const QString previous = m_studyCombo->currentData().toString();
    {
        const QSignalBlocker blocker(m_studyCombo);
        m_studyCombo->clear();
        for (const Project &p : projects.value())
            m_studyCombo->addItem(tr("%1 – %2").arg(p.code, p.title), p.code);
        const int index = m_studyCombo->findData(previous);
        m_studyCombo->setCurrentIndex(index >= 0 ? index : 0);
    }
    if (projects->isEmpty())
        m_countLabel->setText(tr("No active studies."));
    applyFilters();
}

void ReviewPage::applyFilters()
{
    ApiClient::SubmissionQuery query;
    query.projectCode = m_studyCombo->currentData().toString();
    query.questionnaire = m_questionnaireEdit->text().trimmed();
    query.reviewStatus = m_statusCombo->currentData().toString();
    if (m_sinceCheck->isChecked())
        query.since = m_sinceEdit->date().startOfDay();
    if (m_untilCheck->isChecked())
        query.until = m_untilEdit->date().addDays(1).startOfDay(); // the whole "to" day
    m_model->setQuery(query);
}

const QuestionnaireSubmission *ReviewPage::current() const
{
    const QModelIndex index = m_table->currentIndex();
    if (!index.isValid() || index.row() >= m_model->rowCount())
        return nullptr;
    return &m_model->submission(index.row());
}

void ReviewPage::updateDetails()
{
    const QuestionnaireSubmission *s = current();
    if (!s) {
        m_detailsLabel->setText(tr("Select a submission to see its answers."));
        m_answers->setAnswers({});
        return;
    }
    const QLocale locale;
    QStringList lines;
    lines << tr("Submission %1 · subject %2 · %3")
                 .arg(QString::number(s->id), s->subjectId,
                      s->questionnaire.isEmpty() ? tr("(no questionnaire)") : s->questionnaire);
    lines << tr("Submitted %1, received %2")
                 .arg(locale.toString(s->submitAt.toLocalTime(), QLocale::ShortFormat),
                      locale.toString(s->receivedAt.toLocalTime(), QLocale::ShortFormat));
    QString review = tr("Review: %1").arg(SubmissionQueueModel::reviewStatusText(s->review.status));
    if (!s->review.reviewedBy.isEmpty() && s->review.reviewedAt)
        review +=
            tr(" by %1 on %2")
                .arg(s->review.reviewedBy, locale.toString(s->review.reviewedAt->toLocalTime(), QLocale::ShortFormat));
    lines << review;
    if (!s->review.queryStatus.isEmpty())
        lines << tr("Query: %1 – “%2”")
                     .arg(SubmissionQueueModel::queryStatusText(s->review.queryStatus), s->review.comment);
    else if (!s->review.comment.isEmpty())
        lines << tr("Comment: %1").arg(s->review.comment);
    if (s->review.isSigned())
        lines << tr("Signed by %1 on %2: %3")
                     .arg(s->review.signedBy,
                          locale.toString(s->review.signedAt.value_or(QDateTime()).toLocalTime(), QLocale::ShortFormat),
                          s->review.signatureMeaning);
    m_detailsLabel->setText(lines.join(u'\n'));
    m_answers->setAnswers(s->answers);
    m_answersView->resizeRowsToContents();
}

void ReviewPage::applyRole()
{
    const bool mayReview = isAllowed(m_api.role(), Permission::ReviewSubmissions);
    const bool maySign = isAllowed(m_api.role(), Permission::SignSubmissions);
    // A hidden action has no shortcut either: the keys do nothing for such a role.
    const QList<QPair<QAction *, bool>> actions = {{m_reviewAction, mayReview},
                                                   {m_queryAction, mayReview},
                                                   {m_answeredAction, mayReview},
                                                   {m_closeQueryAction, mayReview},
                                                   {m_signAction, maySign}};
    for (const auto &[action, allowed] : actions) {
        action->setVisible(allowed);
        if (auto *button = findChild<QToolButton *>(action->objectName() + u"Button"_s))
            button->setVisible(allowed);
    }
    if (mayReview && maySign)
        m_keyHintLabel->setText(
            tr("Keys: J/K or Down/Up move, R mark reviewed, Q raise a query, A/C query answered/closed, S sign."));
    else
        m_keyHintLabel->setText(tr("Keys: J/K or Down/Up move."));
    updateActions();
}

void ReviewPage::updateActions()
{
    const QuestionnaireSubmission *s = current();
    const bool ready = s && !m_busy;
    // The server has the final word on every rule (and says why in the message area);
    // these only keep pointless actions out of the way.
    const bool mayReview = ready && isAllowed(m_api.role(), Permission::ReviewSubmissions);
    m_reviewAction->setEnabled(mayReview && s->review.status != u"reviewed"_s);
    m_queryAction->setEnabled(mayReview && s->review.queryStatus != u"open"_s);
    const bool resolvable = mayReview && (s->review.queryStatus == u"open"_s || s->review.queryStatus == u"answered"_s);
    m_answeredAction->setEnabled(resolvable && s->review.queryStatus == u"open"_s);
    m_closeQueryAction->setEnabled(resolvable);
    m_signAction->setEnabled(ready && isAllowed(m_api.role(), Permission::SignSubmissions) && !s->review.isSigned());
    const int row = m_table->currentIndex().row();
    m_nextAction->setEnabled(m_model->rowCount() > 0 && (row + 1 < m_model->rowCount() || m_model->canFetchMore({})));
    m_previousAction->setEnabled(row > 0);
}

void ReviewPage::moveSelection(int delta)
{
    const int rows = m_model->rowCount();
    if (rows == 0)
        return;
    const int currentRow = m_table->currentIndex().isValid() ? m_table->currentIndex().row() : -1;
    const int row = std::clamp(currentRow + delta, 0, rows - 1);
    if (row + 1 >= rows && m_model->canFetchMore({}))
        m_model->fetchMore({});
    const QModelIndex index = m_model->index(row, 0);
    m_table->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_table->scrollTo(index);
}

void ReviewPage::markReviewed()
{
    const QuestionnaireSubmission *s = current();
    if (!s || m_busy)
        return;
    QJsonObject change;
    change.insert(u"reviewStatus"_s, u"reviewed"_s);
    requestChange(change, tr("Submission %1 marked reviewed.").arg(s->id));
}

void ReviewPage::raiseQuery()
{
    const QuestionnaireSubmission *s = current();
    if (!s || m_busy)
        return;
    const qint64 id = s->id;
    auto *dialog = new QInputDialog(this);
    dialog->setObjectName(u"queryCommentDialog"_s);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("Raise query"));
    dialog->setInputMode(QInputDialog::TextInput);
    dialog->setOption(QInputDialog::UsePlainTextEditForTextInput);
    dialog->setLabelText(
        tr("What should subject %1 or the site clarify about submission %2?").arg(s->subjectId, QString::number(id)));
    dialog->setOkButtonText(tr("Raise query"));
    connect(dialog, &QInputDialog::textValueSelected, this, [this, id](const QString &text) {
        const QString comment = text.trimmed();
        if (comment.isEmpty()) {
            showMessage(tr("A query needs a comment saying what to clarify."), true);
            return;
        }
        if (!current() || current()->id != id)
            return;
        QJsonObject change;
        change.insert(u"reviewStatus"_s, u"queried"_s);
        change.insert(u"comment"_s, comment);
        requestChange(change, tr("Query raised on submission %1.").arg(id));
    });
    openDialog(dialog);
}

void ReviewPage::resolveQuery(const QString &queryStatus)
{
    const QuestionnaireSubmission *s = current();
    if (!s || m_busy)
        return;
    QJsonObject change;
    change.insert(u"queryStatus"_s, queryStatus);
    requestChange(change, queryStatus == u"closed"_s ? tr("Query on submission %1 closed.").arg(s->id)
                                                     : tr("Query on submission %1 marked answered.").arg(s->id));
}

void ReviewPage::requestChange(QJsonObject change, const QString &doneMessage)
{
    const QuestionnaireSubmission *s = current();
    if (!s)
        return;
    const qint64 id = s->id;
    if (!s->review.isSigned()) {
        sendReview(id, change, doneMessage);
        return;
    }
    // A signed submission changes only together with a new signature.
    auto *dialog = new SignDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setSummary(tr("Submission %1 of subject %2 is signed. Changing its review needs a new signature.")
                           .arg(QString::number(id), s->subjectId));
    connect(dialog, &QDialog::accepted, this, [this, dialog, id, change, doneMessage]() mutable {
        change.insert(u"password"_s, dialog->password());
        change.insert(u"meaning"_s, dialog->meaning());
        sendReview(id, change, doneMessage);
    });
    openDialog(dialog);
}

void ReviewPage::sign()
{
    const QuestionnaireSubmission *s = current();
    if (!s || m_busy)
        return;
    const qint64 id = s->id;
    auto *dialog = new SignDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setSummary(tr("Sign submission %1 of subject %2 (%3, submitted %4).")
                           .arg(QString::number(id), s->subjectId, s->questionnaire,
                                QLocale().toString(s->submitAt.toLocalTime(), QLocale::ShortFormat)));
    connect(dialog, &QDialog::accepted, this,
            [this, dialog, id] { sendSign(id, dialog->password(), dialog->meaning()); });
    openDialog(dialog);
}

void ReviewPage::openDialog(QDialog *dialog)
{
    // Back to the queue afterwards, so the next key works without the mouse.
    connect(dialog, &QDialog::finished, this, [this] {
        window()->activateWindow();
        m_table->setFocus();
    });
    dialog->open();
}

QCoro::Task<> ReviewPage::sendReview(qint64 id, QJsonObject change, QString doneMessage)
{
    QPointer<ReviewPage> self(this);
    setBusy(true);
    Result<QuestionnaireSubmission> result = co_await m_api.review(id, change);
    if (!self)
        co_return;
    setBusy(false);
    if (!result) {
        showError(result.error());
        co_return;
    }
    m_model->updateSubmission(result.value());
    showMessage(doneMessage, false);
}

QCoro::Task<> ReviewPage::sendSign(qint64 id, QString password, QString meaning)
{
    QPointer<ReviewPage> self(this);
    setBusy(true);
    Result<QuestionnaireSubmission> result = co_await m_api.sign(id, password, meaning);
    if (!self)
        co_return;
    setBusy(false);
    if (!result) {
        showError(result.error());
        co_return;
    }
    m_model->updateSubmission(result.value());
    showMessage(tr("Submission %1 signed: %2.").arg(QString::number(id), result->review.signatureMeaning), false);
}

void ReviewPage::setBusy(bool busy)
{
    m_busy = busy;
    updateActions();
}

void ReviewPage::showMessage(const QString &text, bool error)
{
    m_messageLabel->setText(text);
    m_messageLabel->setProperty("error", error);
    m_messageLabel->setStyleSheet(error ? u"QLabel { background: #fdecea; color: #8a1c12; border: 1px solid #e0a39c; "
                                          "border-radius: 3px; padding: 4px 8px; }"_s
                                        : u"QLabel { background: #e8f5e9; color: #1b5e20; border: 1px solid #a5d6a7; "
                                          "border-radius: 3px; padding: 4px 8px; }"_s);
    m_messageLabel->show();
}

void ReviewPage::showError(const ApiError &error)
{
    QString text;
    if (error.code == u"query_open"_s)
        text = tr("This submission has an open query: mark the query answered or closed before marking it reviewed.");
    else if (error.code == u"not_reviewed"_s)
        text = tr("Only a reviewed submission can be signed: mark it reviewed first.");
    else if (error.code == u"invalid_password"_s)
        text = tr("The password is not correct. Nothing was signed.");
    else if (error.code == u"already_signed"_s)
        text = tr("This submission is already signed.");
    else if (error.code == u"signature_required"_s)
        text = tr("This submission is signed: changing its review needs a new signature.");
    else if (error.code == u"no_open_query"_s)
        text = tr("This submission has no open query to resolve.");
    else if (error.kind == ApiError::Kind::Forbidden)
        text = tr("Your account may not do this: %1").arg(error.message);
    else if (error.kind == ApiError::Kind::Network)
        text = tr("No answer from the server: %1").arg(error.message);
    else
        text = tr("The server refused: %1").arg(error.message);
    showMessage(text, true);
}

} // namespace td

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
    , m_studyLabel(new QLabel(this))
    , m_questionnaireLabel(new QLabel(this))
    , m_statusLabel(new QLabel(this))
    , m_studyCombo(new ElidingComboBox(this))
    , m_questionnaireEdit(new QLineEdit(this))
    , m_statusCombo(new QComboBox(this))
    , m_sinceCheck(new QCheckBox(this))
    , m_sinceEdit(new QDateEdit(QDate::currentDate().addDays(-30), this))
    , m_untilCheck(new QCheckBox(this))
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
    m_questionnaireEdit->setClearButtonEnabled(true);
    m_statusCombo->setObjectName(u"reviewStatusCombo"_s);
    for (const QString &status : {u"pending"_s, u"reviewed"_s, u"queried"_s, QString()})
        m_statusCombo->addItem(QString(), status); // texts in retranslateUi()
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

    // Texts (and the tooltips naming the keys) are set in retranslateUi().
    auto makeAction = [this](const QString &name, const QList<QKeySequence> &keys) {
        auto *action = new QAction(this);
        action->setObjectName(name);
        action->setShortcuts(keys);
        action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        addAction(action);
        return action;
    };
    m_reviewAction = makeAction(u"markReviewedAction"_s, {QKeySequence(Qt::Key_R)});
    m_queryAction = makeAction(u"raiseQueryAction"_s, {QKeySequence(Qt::Key_Q)});
    m_answeredAction = makeAction(u"queryAnsweredAction"_s, {QKeySequence(Qt::Key_A)});
    m_closeQueryAction = makeAction(u"closeQueryAction"_s, {QKeySequence(Qt::Key_C)});
    m_signAction = makeAction(u"signAction"_s, {QKeySequence(Qt::Key_S)});
    m_nextAction = makeAction(u"nextAction"_s, {QKeySequence(Qt::Key_J)});
    m_previousAction = makeAction(u"previousAction"_s, {QKeySequence(Qt::Key_K)});
    m_refreshAction = makeAction(u"refreshAction"_s, {QKeySequence(QKeySequence::Refresh)});

    // Filters.
    auto *filters = new QHBoxLayout;
    m_studyLabel->setBuddy(m_studyCombo);
    m_questionnaireLabel->setBuddy(m_questionnaireEdit);
    m_statusLabel->setBuddy(m_statusCombo);
    filters->addWidget(m_studyLabel);
    filters->addWidget(m_studyCombo, 2);
    filters->addWidget(m_questionnaireLabel);
    filters->addWidget(m_questionnaireEdit, 1);
    filters->addWidget(m_statusLabel);
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
        showCount();
    });
    connect(m_model, &SubmissionQueueModel::loadingChanged, this, [this](bool loading) {
        if (loading)
            setCountText([] { return tr("Loading…"); });
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
    retranslateUi();
}

void ReviewPage::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

void ReviewPage::retranslateUi()
{
    m_studyLabel->setText(tr("S&tudy:"));
    m_questionnaireLabel->setText(tr("Q&uestionnaire:"));
    m_statusLabel->setText(tr("Stat&us:"));
    m_questionnaireEdit->setPlaceholderText(tr("All questionnaires"));
    m_sinceCheck->setText(tr("&From"));
    m_untilCheck->setText(tr("&To"));
    // Item texts only: the chosen filters, the queue and its selection stay as they are.
    for (int i = 0; i < m_statusCombo->count(); ++i) {
        const QString status = m_statusCombo->itemData(i).toString();
        m_statusCombo->setItemText(i, status.isEmpty()          ? tr("All")
                                      : status == u"pending"_s  ? tr("Pending")
                                      : status == u"reviewed"_s ? tr("Reviewed")
                                                                : tr("Queried"));
    }
    for (int i = 0; i < m_studyCombo->count() && i < m_projects.size(); ++i)
        //: A study in the selector: %1 is its code, %2 its title.
        m_studyCombo->setItemText(i, tr("%1 – %2").arg(m_projects.at(i).code, m_projects.at(i).title));
    const auto setActionText = [](QAction *action, const QString &text) {
        action->setText(text);
        if (!action->shortcut().isEmpty())
            action->setToolTip(
                tr("%1 (%2)").arg(text, action->shortcut().toString(QKeySequence::NativeText)).remove(u'&'));
    };
    setActionText(m_reviewAction, tr("Mark &reviewed"));
    setActionText(m_queryAction, tr("Raise &query…"));
    setActionText(m_answeredAction, tr("Query &answered"));
    setActionText(m_closeQueryAction, tr("&Close query"));
    setActionText(m_signAction, tr("&Sign…"));
    setActionText(m_nextAction, tr("Next"));
    setActionText(m_previousAction, tr("Previous"));
    setActionText(m_refreshAction, tr("Reload"));
    m_model->headerDataChanged(Qt::Horizontal, 0, m_model->columnCount() - 1);
    m_answers->headerDataChanged(Qt::Horizontal, 0, m_answers->columnCount() - 1);
    if (m_countText)
        m_countLabel->setText(m_countText());
    if (m_messageText)
        m_messageLabel->setText(m_messageText());
    applyRole(); // the key hint, and the actions' state
    updateDetails();
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
    setCountText([] { return tr("Loading studies…"); });
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
    m_projects = projects.value();
    {
        const QSignalBlocker blocker(m_studyCombo);
        m_studyCombo->clear();
        for (const Project &p : std::as_const(m_projects))
            m_studyCombo->addItem(tr("%1 – %2").arg(p.code, p.title), p.code);
        const int index = m_studyCombo->findData(previous);
        m_studyCombo->setCurrentIndex(index >= 0 ? index : 0);
    }
    if (projects->isEmpty())
        setCountText([] { return tr("No active studies."); });
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
    ReviewChange change;
    change.reviewStatus = u"reviewed"_s;
    requestChange(change, [id = s->id] { return tr("Submission %1 marked reviewed.").arg(id); });
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
            showMessage([] { return tr("A query needs a comment saying what to clarify."); }, true);
            return;
        }
        if (!current() || current()->id != id)
            return;
        ReviewChange change;
        change.reviewStatus = u"queried"_s;
        change.comment = comment;
        requestChange(change, [id] { return tr("Query raised on submission %1.").arg(id); });
    });
    openDialog(dialog);
}

void ReviewPage::resolveQuery(const QString &queryStatus)
{
    const QuestionnaireSubmission *s = current();
    if (!s || m_busy)
        return;
    ReviewChange change;
    change.queryStatus = queryStatus;
    const qint64 id = s->id;
    if (queryStatus == u"closed"_s)
        requestChange(change, [id] { return tr("Query on submission %1 closed.").arg(id); });
    else
        requestChange(change, [id] { return tr("Query on submission %1 marked answered.").arg(id); });
}

void ReviewPage::requestChange(ReviewChange change, std::function<QString()> doneMessage)
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
        change.signature = Signature{dialog->password(), dialog->meaning()};
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

QCoro::Task<> ReviewPage::sendReview(qint64 id, ReviewChange change, std::function<QString()> doneMessage)
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
    // A named value, not a braced temporary inside the co_await: g++ 12 mishandles
    // those in coroutines (with one here, tst_reviewpage aborted on a corrupted heap).
    const Signature signature{password, meaning};
    Result<QuestionnaireSubmission> result = co_await m_api.sign(id, signature);
    if (!self)
        co_return;
    setBusy(false);
    if (!result) {
        showError(result.error());
        co_return;
    }
    m_model->updateSubmission(result.value());
    const QString signedMeaning = result->review.signatureMeaning;
    showMessage([id, signedMeaning] { return tr("Submission %1 signed: %2.").arg(QString::number(id), signedMeaning); },
                false);
}

void ReviewPage::setBusy(bool busy)
{
    m_busy = busy;
    updateActions();
}

void ReviewPage::setCountText(std::function<QString()> text)
{
    m_countText = std::move(text);
    m_countLabel->setText(m_countText ? m_countText() : QString());
}

void ReviewPage::showCount()
{
    setCountText([this] {
        return m_model->canFetchMore({}) ? tr("%1 submissions shown, more as you scroll").arg(m_model->rowCount())
                                         : tr("%n submission(s)", nullptr, m_model->rowCount());
    });
}

void ReviewPage::showMessage(std::function<QString()> text, bool error)
{
    m_messageText = std::move(text);
    m_messageLabel->setText(m_messageText());
    m_messageLabel->setProperty("error", error);
    m_messageLabel->setStyleSheet(error ? u"QLabel { background: #fdecea; color: #8a1c12; border: 1px solid #e0a39c; "
                                          "border-radius: 3px; padding: 4px 8px; }"_s
                                        : u"QLabel { background: #e8f5e9; color: #1b5e20; border: 1px solid #a5d6a7; "
                                          "border-radius: 3px; padding: 4px 8px; }"_s);
    m_messageLabel->show();
}

void ReviewPage::showError(const ApiError &error)
{
    // The error is rendered again for each language: keep its parts, not its text.
    const QString code = error.code;
    const ApiError::Kind kind = error.kind;
    const QString message = error.message;
    showMessage(
        [code, kind, message] {
            if (code == u"query_open"_s)
                return tr("This submission has an open query: mark the query answered or closed before marking it "
                          "reviewed.");
            if (code == u"not_reviewed"_s)
                return tr("Only a reviewed submission can be signed: mark it reviewed first.");
            if (code == u"invalid_password"_s)
                return tr("The password is not correct. Nothing was signed.");
            if (code == u"already_signed"_s)
                return tr("This submission is already signed.");
            if (code == u"signature_required"_s)
                return tr("This submission is signed: changing its review needs a new signature.");
            if (code == u"no_open_query"_s)
                return tr("This submission has no open query to resolve.");
            if (kind == ApiError::Kind::Forbidden)
                return tr("Your account may not do this: %1").arg(message);
            if (kind == ApiError::Kind::Network)
                return tr("No answer from the server: %1").arg(message);
            return tr("The server refused: %1").arg(message);
        },
        true);
}

} // namespace td

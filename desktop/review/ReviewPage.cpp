#include "ReviewPage.h"

#include "net/ApiClient.h"
#include "review/ReviewActionBar.h"
#include "review/ReviewFilterBar.h"
#include "review/SignDialog.h"
#include "review/SubmissionDetailsPanel.h"
#include "review/SubmissionQueueModel.h"
#include "review/SubmissionQueueView.h"
#include "widgets/MessageBanner.h"
#include "widgets/StudyChooser.h"

#include <QAction>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QLocale>
#include <QPointer>
#include <QSplitter>
#include <QToolButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace td {

ReviewPage::ReviewPage(ApiClient &api, QWidget *parent)
    : QWidget(parent)
    , m_api(api)
    , m_model(new SubmissionQueueModel(api, this))
    , m_filters(new ReviewFilterBar(api, this))
    , m_queue(new SubmissionQueueView(m_model, this))
    , m_details(new SubmissionDetailsPanel(this))
    , m_actions(new ReviewActionBar(this, this))
    , m_messageBanner(new MessageBanner(this))
    , m_countLabel(new QLabel(this))
{
    m_messageBanner->setObjectName(u"messageLabel"_s);
    m_countLabel->setObjectName(u"countLabel"_s);
    m_filters->addTrailingWidget(ReviewActionBar::makeButton(m_actions->refreshAction(), m_filters));
    layOut();
    setFocusProxy(m_queue);

    StudyChooser *studies = m_filters->studyChooser();
    connect(studies, &StudyChooser::loadingStarted, this,
            [this] { setCountText([] { return tr("Loading studies…"); }); });
    connect(studies, &StudyChooser::studiesLoaded, this, [this, studies] {
        if (studies->count() == 0)
            setCountText([] { return tr("No active studies."); });
    });
    connect(studies, &StudyChooser::loadFailed, this, &ReviewPage::showError);
    connect(m_filters, &ReviewFilterBar::filtersChanged, this, [this] {
        m_model->setQuery(m_filters->query());
        applyStudyRole();
    });
    connect(m_queue, &SubmissionQueueView::currentSubmissionChanged, this, [this] {
        const QuestionnaireSubmission *submission = current();
        m_details->setSubmission(submission);
        if (submission && !submission->questionnaire.isEmpty() && submission->definitionVersion)
            loadDefinition(submission->projectCode, submission->questionnaire, *submission->definitionVersion);
        updateActions();
    });
    connectQueue();
    connectActions();
    applyStudyRole();
}

QCoro::Task<> ReviewPage::loadDefinition(QString projectCode, QString key, int version)
{
    const QString cacheKey = projectCode % u'/' % key % u'/' % QString::number(version);
    if (const auto it = m_definitions.constFind(cacheKey); it != m_definitions.cend()) {
        m_details->setDefinition(projectCode, version, *it);
        co_return;
    }
    QPointer<ReviewPage> self(this);
    const Result<QuestionnaireVersion> loaded = co_await m_api.questionnaireVersion(projectCode, key, version);
    if (!self || !loaded)
        co_return; // without it the answers stay readable, only unlabelled
    m_definitions.insert(cacheKey, loaded->definition);
    m_details->setDefinition(projectCode, version, loaded->definition);
    Q_EMIT definitionShown();
}

void ReviewPage::applyStudyRole()
{
    // What the role in the chosen study allows (issue #14).
    const QString code = m_filters->studyChooser()->currentCode();
    m_actions->setRole(code.isEmpty() ? m_api.role() : m_api.roleIn(code));
    updateActions();
}

void ReviewPage::layOut()
{
    auto *details = new QWidget(this);
    auto *detailsLayout = new QVBoxLayout(details);
    detailsLayout->setContentsMargins(0, 0, 0, 0);
    detailsLayout->addWidget(m_actions);
    detailsLayout->addWidget(m_details, 1);

    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->setChildrenCollapsible(false);
    splitter->addWidget(m_queue);
    splitter->addWidget(details);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    // Start at 3:2 rather than at the size hints, which favour the answers: the
    // queue's columns then fit without a horizontal scroll bar.
    splitter->setSizes({3000, 2000});

    auto *footer = new QHBoxLayout;
    footer->addWidget(m_countLabel);
    footer->addStretch();
    footer->addWidget(m_actions->keyHintLabel());

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_filters);
    layout->addWidget(m_messageBanner);
    layout->addWidget(splitter, 1);
    layout->addLayout(footer);
}

void ReviewPage::connectQueue()
{
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &ReviewPage::updateActions);
    connect(m_model, &SubmissionQueueModel::loadingChanged, this, [this](bool loading) {
        updateActions();
        if (loading)
            setCountText([] { return tr("Loading…"); });
    });
    connect(m_model, &SubmissionQueueModel::pageLoaded, this, &ReviewPage::showCount);
    connect(m_model, &SubmissionQueueModel::loadFailed, this, &ReviewPage::showError);
    // New and reviewed submissions of the study shown appear as they happen (issue #16).
    connect(&m_api.eventStream(), &EventStream::eventReceived, m_model, &SubmissionQueueModel::applyEvent);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, [this] {
        if (!m_model->isLoading())
            showCount();
    });
}

void ReviewPage::connectActions()
{
    connect(m_actions->reviewAction(), &QAction::triggered, this, &ReviewPage::markReviewed);
    connect(m_actions->queryAction(), &QAction::triggered, this, &ReviewPage::raiseQuery);
    connect(m_actions->answeredAction(), &QAction::triggered, this, [this] { resolveQuery(u"answered"_s); });
    connect(m_actions->closeQueryAction(), &QAction::triggered, this, [this] { resolveQuery(u"closed"_s); });
    connect(m_actions->signAction(), &QAction::triggered, this, &ReviewPage::sign);
    connect(m_actions->nextAction(), &QAction::triggered, this, [this] { m_queue->moveSelection(1); });
    connect(m_actions->previousAction(), &QAction::triggered, this, [this] { m_queue->moveSelection(-1); });
    connect(m_actions->refreshAction(), &QAction::triggered, this, &ReviewPage::reload);
    connect(&m_api, &ApiClient::roleChanged, this, &ReviewPage::applyStudyRole);
    connect(&m_api, &ApiClient::accessChanged, this, &ReviewPage::applyStudyRole);
}

void ReviewPage::changeEvent(QEvent *event)
{
    // The parts and the message banner rewrite their own texts.
    if (event->type() == QEvent::LanguageChange && m_countText)
        m_countLabel->setText(m_countText());
    QWidget::changeEvent(event);
}

void ReviewPage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    m_filters->studyChooser()->loadOnce();
}

void ReviewPage::reload()
{
    m_messageBanner->clearMessage();
    if (!m_filters->studyChooser()->isLoaded())
        m_filters->studyChooser()->reload();
    else if (m_model->lastError() && m_model->rowCount() > 0)
        m_model->resume(); // the page that failed, after the rows already shown
    else
        m_model->refresh();
}

const QuestionnaireSubmission *ReviewPage::current() const
{
    return m_queue->currentSubmission();
}

void ReviewPage::updateActions()
{
    m_actions->updateActions(current(), m_busy, m_queue->hasNext(), m_queue->hasPrevious());
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
        m_queue->setFocus();
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
    m_messageBanner->showMessage(std::move(text), error ? MessageBanner::Kind::Error : MessageBanner::Kind::Success);
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

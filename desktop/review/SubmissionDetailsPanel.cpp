#include "SubmissionDetailsPanel.h"

#include "review/AnswersModel.h"
#include "review/SubmissionQueueModel.h"

#include <QEvent>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QTableView>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace td {

SubmissionDetailsPanel::SubmissionDetailsPanel(QWidget *parent)
    : QWidget(parent)
    , m_answers(new AnswersModel(this))
    , m_detailsLabel(new QLabel(this))
    , m_answersView(new QTableView(this))
{
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

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_detailsLabel);
    layout->addWidget(m_answersView, 1);
    showSummary();
}

void SubmissionDetailsPanel::setSubmission(const QuestionnaireSubmission *submission)
{
    if (submission)
        m_submission = *submission;
    else
        m_submission.reset();
    m_definition.reset();
    showSummary();
    showAnswers();
}

void SubmissionDetailsPanel::setDefinition(const QString &projectCode, int version,
                                           const QuestionnaireDefinition &definition)
{
    if (!m_submission || m_submission->projectCode != projectCode || m_submission->questionnaire != definition.key
        || m_submission->definitionVersion != version)
        return;
    m_definition = definition;
    showAnswers();
}

void SubmissionDetailsPanel::showAnswers()
{
    const QJsonObject answers = m_submission ? m_submission->answers : QJsonObject();
    if (m_definition)
        m_answers->setAnswers(answers, *m_definition);
    else
        m_answers->setAnswers(answers);
    if (m_submission)
        m_answersView->resizeRowsToContents();
}

void SubmissionDetailsPanel::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange) {
        showSummary();
        if (m_definition)
            showAnswers(); // the items' labels in the new language
        m_answers->headerDataChanged(Qt::Horizontal, 0, m_answers->columnCount() - 1);
    }
    QWidget::changeEvent(event);
}

void SubmissionDetailsPanel::showSummary()
{
    if (!m_submission) {
        m_detailsLabel->setText(tr("Select a submission to see its answers."));
        return;
    }
    const QuestionnaireSubmission &s = *m_submission;
    const QLocale locale;
    QStringList lines;
    lines << tr("Submission %1 · subject %2 · %3")
                 .arg(QString::number(s.id), s.subjectId,
                      s.questionnaire.isEmpty() ? tr("(no questionnaire)") : s.questionnaire);
    lines << tr("Submitted %1, received %2")
                 .arg(locale.toString(s.submitAt.toLocalTime(), QLocale::ShortFormat),
                      locale.toString(s.receivedAt.toLocalTime(), QLocale::ShortFormat));
    if (s.entryState == u"duplicate"_s)
        lines << tr("Entry: duplicate – the entry was already fulfilled; stored, but not counted");
    else if (s.entryState == u"unscheduled"_s)
        lines << tr("Entry: unscheduled – no entry was due or open when it was filled in");
    else if (!s.entryState.isEmpty() && s.entryDay)
        //: %1 is Received or Late, %2 the entry's day number in the schedule.
        lines << tr("Entry: %1 (day %2)").arg(SubmissionQueueModel::entryStateText(s.entryState)).arg(*s.entryDay);
    QString review = tr("Review: %1").arg(SubmissionQueueModel::reviewStatusText(s.review.status));
    if (!s.review.reviewedBy.isEmpty() && s.review.reviewedAt)
        review +=
            tr(" by %1 on %2")
                .arg(s.review.reviewedBy, locale.toString(s.review.reviewedAt->toLocalTime(), QLocale::ShortFormat));
    lines << review;
    if (!s.review.queryStatus.isEmpty())
        lines << tr("Query: %1 – “%2”")
                     .arg(SubmissionQueueModel::queryStatusText(s.review.queryStatus), s.review.comment);
    else if (!s.review.comment.isEmpty())
        lines << tr("Comment: %1").arg(s.review.comment);
    if (s.review.isSigned())
        lines << tr("Signed by %1 on %2: %3")
                     .arg(s.review.signedBy,
                          locale.toString(s.review.signedAt.value_or(QDateTime()).toLocalTime(), QLocale::ShortFormat),
                          s.review.signatureMeaning);
    m_detailsLabel->setText(lines.join(u'\n'));
}

} // namespace td

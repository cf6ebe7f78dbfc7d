#pragma once

#include "QuestionnaireSubmission.h"

#include <QWidget>
#include <optional>

class QLabel;
class QTableView;

namespace td {

class AnswersModel;

// The selected submission in the review page: a summary of it and its review, and
// its answers as a question/answer table.
class SubmissionDetailsPanel : public QWidget
{
    Q_OBJECT

public:
    explicit SubmissionDetailsPanel(QWidget *parent = nullptr);

    // Shows `submission` (a copy is kept for a language switch), or a hint when null.
    void setSubmission(const QuestionnaireSubmission *submission);

protected:
    void changeEvent(QEvent *event) override;

private:
    void showSummary();

    AnswersModel *m_answers;
    QLabel *m_detailsLabel;
    QTableView *m_answersView;
    std::optional<QuestionnaireSubmission> m_submission;
};

} // namespace td

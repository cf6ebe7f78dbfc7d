#pragma once

#include "QuestionnaireDefinition.h"
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
    // The definition the shown submission was validated against (its questionnaire
    // and definitionVersion): its answers are then shown with the items' labels,
    // choices and units, and answers it does not allow are flagged. Ignored when it
    // is not the shown submission's.
    void setDefinition(const QString &projectCode, int version, const QuestionnaireDefinition &definition);
    AnswersModel *answersModel() const { return m_answers; }

protected:
    void changeEvent(QEvent *event) override;

private:
    void showSummary();
    void showAnswers();

    AnswersModel *m_answers;
    QLabel *m_detailsLabel;
    QTableView *m_answersView;
    std::optional<QuestionnaireSubmission> m_submission;
    std::optional<QuestionnaireDefinition> m_definition; // the shown submission's, once loaded
};

} // namespace td

#pragma once

#include "widgets/RecordTableView.h"

namespace td {

class SubmissionQueueModel;
struct QuestionnaireSubmission;

// The review queue as a table: one row per submission, the first one selected
// when a queue opens, and moving the selection fetches the next page at the end.
class SubmissionQueueView : public RecordTableView
{
    Q_OBJECT

public:
    explicit SubmissionQueueView(SubmissionQueueModel *model, QWidget *parent = nullptr);

    // The selected submission, or null.
    const QuestionnaireSubmission *currentSubmission() const;
    void moveSelection(int delta);
    bool hasNext() const;
    bool hasPrevious() const;

Q_SIGNALS:
    // Another submission is selected, or the selected one changed.
    void currentSubmissionChanged();

protected:
    void changeEvent(QEvent *event) override;

private:
    void queueOpened();

    SubmissionQueueModel *m_queue;
    int m_topRowBeforeInsert = -1;
};

} // namespace td

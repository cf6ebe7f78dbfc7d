#pragma once

#include "ApiError.h"
#include "QuestionnaireDefinition.h"
#include "ReviewChange.h"

#include <QCoroTask>
#include <QHash>
#include <QWidget>
#include <functional>

class QDialog;
class QLabel;

namespace td {

class ApiClient;
class MessageBanner;
class ReviewActionBar;
class ReviewFilterBar;
class SubmissionDetailsPanel;
class SubmissionQueueModel;
class SubmissionQueueView;
struct QuestionnaireSubmission;

// The review queue: a study's submissions page by page with filters, the selected
// submission's answers, and the review actions (mark reviewed, raise and resolve a
// query, e-sign), all reachable from the keyboard: J/K or Down/Up move, R marks
// reviewed, Q raises a query, A/C resolve it as answered/closed, S signs, F5 reloads.
// The parts (filter bar, queue, details, action bar) each do one job; the page
// connects them and sends the reviews.
class ReviewPage : public QWidget
{
    Q_OBJECT
public:
    explicit ReviewPage(ApiClient &api, QWidget *parent = nullptr);

    SubmissionQueueModel *queueModel() const { return m_model; }
    SubmissionDetailsPanel *details() const { return m_details; }

Q_SIGNALS:
    // The current submission's answers are shown with their definition's labels.
    void definitionShown();

public Q_SLOTS:
    // Reloads the list of studies (when empty) and the queue.
    void reload();

protected:
    void changeEvent(QEvent *event) override;
    void showEvent(QShowEvent *event) override;

private:
    void layOut();
    void connectQueue();
    void connectActions();
    void updateActions();
    // The actions the role in the chosen study allows.
    void applyStudyRole();
    const QuestionnaireSubmission *current() const;

    void markReviewed();
    void raiseQuery();
    void resolveQuery(const QString &queryStatus);
    void sign();
    void openDialog(QDialog *dialog);
    // Sends `change` for the current submission; a signed one asks for a new signature first.
    void requestChange(ReviewChange change, std::function<QString()> doneMessage);
    QCoro::Task<> sendReview(qint64 id, ReviewChange change, std::function<QString()> doneMessage);
    QCoro::Task<> sendSign(qint64 id, QString password, QString meaning);
    // Fetches (once: published versions never change) the definition the current
    // submission was validated against, for its labels in the details.
    QCoro::Task<> loadDefinition(QString projectCode, QString key, int version);

    // The count line is kept as the way to write it, so a language switch rewrites it.
    void showMessage(std::function<QString()> text, bool error);
    void showError(const ApiError &error);
    void setCountText(std::function<QString()> text);
    void showCount();
    void setBusy(bool busy);

    ApiClient &m_api;
    QHash<QString, QuestionnaireDefinition> m_definitions; // "code/key/version"
    SubmissionQueueModel *m_model;
    ReviewFilterBar *m_filters;
    SubmissionQueueView *m_queue;
    SubmissionDetailsPanel *m_details;
    ReviewActionBar *m_actions;
    MessageBanner *m_messageBanner;
    QLabel *m_countLabel;

    std::function<QString()> m_countText;
    bool m_busy = false;
};

} // namespace td

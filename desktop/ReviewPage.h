#pragma once

#include "ApiError.h"
#include "Project.h"
#include "ReviewChange.h"

#include <QCoroTask>
#include <QList>
#include <QWidget>
#include <functional>

class QAction;
class QCheckBox;
class QDialog;
class QComboBox;
class QDateEdit;
class QLabel;
class QLineEdit;
class QTableView;
class QToolButton;

namespace td {

class AnswersModel;
class ApiClient;
class SubmissionQueueModel;
struct QuestionnaireSubmission;

// The review queue: a study's submissions page by page with filters, the selected
// submission's answers, and the review actions (mark reviewed, raise and resolve a
// query, e-sign), all reachable from the keyboard: J/K or Down/Up move, R marks
// reviewed, Q raises a query, A/C resolve it as answered/closed, S signs, F5 reloads.
class ReviewPage : public QWidget
{
    Q_OBJECT
public:
    explicit ReviewPage(ApiClient &api, QWidget *parent = nullptr);

    SubmissionQueueModel *queueModel() const { return m_model; }

public Q_SLOTS:
    // Reloads the list of studies (when empty) and the queue.
    void reload();

protected:
    void changeEvent(QEvent *event) override;
    void showEvent(QShowEvent *event) override;

private:
    void retranslateUi();
    QCoro::Task<> loadStudies();
    void applyFilters();
    void updateDetails();
    void updateActions();
    // Review and sign actions (buttons, keys, hint) only for roles that may use them.
    void applyRole();
    void moveSelection(int delta);
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

    // The message area and the count line are kept as the way to write them, so a
    // language switch rewrites them.
    void showMessage(std::function<QString()> text, bool error);
    void showError(const ApiError &error);
    void setCountText(std::function<QString()> text);
    void showCount();
    void setBusy(bool busy);

    ApiClient &m_api;
    SubmissionQueueModel *m_model;
    AnswersModel *m_answers;

    QLabel *m_studyLabel;
    QLabel *m_questionnaireLabel;
    QLabel *m_statusLabel;
    QComboBox *m_studyCombo;
    QLineEdit *m_questionnaireEdit;
    QComboBox *m_statusCombo;
    QCheckBox *m_sinceCheck;
    QDateEdit *m_sinceEdit;
    QCheckBox *m_untilCheck;
    QDateEdit *m_untilEdit;
    QLabel *m_messageLabel;
    QLabel *m_countLabel;
    QTableView *m_table;
    QLabel *m_detailsLabel;
    QTableView *m_answersView;

    QAction *m_reviewAction;
    QAction *m_queryAction;
    QAction *m_answeredAction;
    QAction *m_closeQueryAction;
    QAction *m_signAction;
    QAction *m_nextAction;
    QAction *m_previousAction;
    QAction *m_refreshAction;
    QLabel *m_keyHintLabel;

    QList<Project> m_projects; // the study selector's, to retranslate its items
    std::function<QString()> m_messageText;
    std::function<QString()> m_countText;

    bool m_studiesLoaded = false;
    bool m_loadingStudies = false;
    bool m_busy = false;
};

} // namespace td

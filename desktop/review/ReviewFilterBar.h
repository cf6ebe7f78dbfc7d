#pragma once

#include "net/ApiClient.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QDateEdit;
class QHBoxLayout;
class QLabel;
class QLineEdit;

namespace td {

class StudyChooser;

// The review queue's filters in one row: study, questionnaire, review status and
// an optional date range. Says when they changed; the page turns query() into a
// new queue.
class ReviewFilterBar : public QWidget
{
    Q_OBJECT

public:
    explicit ReviewFilterBar(ApiClient &api, QWidget *parent = nullptr);

    StudyChooser *studyChooser() const { return m_studyCombo; }
    ApiClient::SubmissionQuery query() const;
    // Adds `widget` at the end of the row (the page's Reload button).
    void addTrailingWidget(QWidget *widget);

Q_SIGNALS:
    void filtersChanged();

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslateUi();
    void emitChanged();

    QHBoxLayout *m_layout;
    QLabel *m_studyLabel;
    QLabel *m_questionnaireLabel;
    QLabel *m_statusLabel;
    StudyChooser *m_studyCombo;
    QLineEdit *m_questionnaireEdit;
    QComboBox *m_statusCombo;
    QCheckBox *m_sinceCheck;
    QDateEdit *m_sinceEdit;
    QCheckBox *m_untilCheck;
    QDateEdit *m_untilEdit;
    // The questionnaire text of the last change: leaving the field unchanged is no change.
    QString m_appliedQuestionnaire;
};

} // namespace td

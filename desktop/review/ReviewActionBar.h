#pragma once

#include <QWidget>

class QAction;
class QLabel;
class QToolButton;

namespace td {

struct QuestionnaireSubmission;

// The review actions of the review page as buttons and single keys: mark reviewed
// (R), raise a query (Q), resolve it as answered or closed (A/C), sign (S), plus
// next/previous (J/K) and reload (F5), with a line naming the keys. The keys work
// anywhere in `shortcutScope` (the page). Only the actions the role may use are
// shown, and only those that make sense for the selected submission are enabled;
// the server still has the final word on every rule.
class ReviewActionBar : public QWidget
{
    Q_OBJECT

public:
    ReviewActionBar(QWidget *shortcutScope, QWidget *parent = nullptr);

    QAction *reviewAction() const { return m_reviewAction; }
    QAction *queryAction() const { return m_queryAction; }
    QAction *answeredAction() const { return m_answeredAction; }
    QAction *closeQueryAction() const { return m_closeQueryAction; }
    QAction *signAction() const { return m_signAction; }
    QAction *nextAction() const { return m_nextAction; }
    QAction *previousAction() const { return m_previousAction; }
    QAction *refreshAction() const { return m_refreshAction; }
    // The line naming the keys, for the page to place.
    QLabel *keyHintLabel() const { return m_keyHintLabel; }
    // A text-only button for `action`, named after it (tests find buttons by name).
    static QToolButton *makeButton(QAction *action, QWidget *parent);

    // Shows the actions the signed-in `role` may use.
    void setRole(const QString &role);
    // Enables the actions that make sense for `submission` (null: none selected).
    void updateActions(const QuestionnaireSubmission *submission, bool busy, bool hasNext, bool hasPrevious);

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslateUi();
    void showKeyHint();

    QWidget *m_shortcutScope;
    QString m_role;
    QAction *m_reviewAction;
    QAction *m_queryAction;
    QAction *m_answeredAction;
    QAction *m_closeQueryAction;
    QAction *m_signAction;
    QAction *m_nextAction;
    QAction *m_previousAction;
    QAction *m_refreshAction;
    QLabel *m_keyHintLabel;
};

} // namespace td

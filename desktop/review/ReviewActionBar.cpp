#include "ReviewActionBar.h"

#include "Permissions.h"
#include "QuestionnaireSubmission.h"

#include <QAction>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QToolButton>

using namespace Qt::StringLiterals;

namespace td {

ReviewActionBar::ReviewActionBar(QWidget *shortcutScope, QWidget *parent)
    : QWidget(parent)
    , m_shortcutScope(shortcutScope)
    , m_keyHintLabel(new QLabel(this))
{
    // Texts (and the tooltips naming the keys) are set in retranslateUi().
    auto makeAction = [this](const QString &name, const QList<QKeySequence> &keys) {
        auto *action = new QAction(this);
        action->setObjectName(name);
        action->setShortcuts(keys);
        // The page's, not this bar's: the keys work while the queue has the focus.
        action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        m_shortcutScope->addAction(action);
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

    m_keyHintLabel->setObjectName(u"keyHintLabel"_s);
    m_keyHintLabel->setEnabled(false);

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    for (QAction *action : {m_reviewAction, m_queryAction, m_answeredAction, m_closeQueryAction, m_signAction})
        layout->addWidget(makeButton(action, this));
    layout->addStretch();
    retranslateUi();
}

QToolButton *ReviewActionBar::makeButton(QAction *action, QWidget *parent)
{
    auto *button = new QToolButton(parent);
    button->setDefaultAction(action);
    button->setToolButtonStyle(Qt::ToolButtonTextOnly);
    button->setObjectName(action->objectName() + u"Button"_s);
    return button;
}

void ReviewActionBar::setRole(const QString &role)
{
    m_role = role;
    const bool mayReview = isAllowed(role, Permission::ReviewSubmissions);
    const bool maySign = isAllowed(role, Permission::SignSubmissions);
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
    showKeyHint();
}

void ReviewActionBar::updateActions(const QuestionnaireSubmission *s, bool busy, bool hasNext, bool hasPrevious)
{
    const bool ready = s && !busy;
    const bool mayReview = ready && isAllowed(m_role, Permission::ReviewSubmissions);
    m_reviewAction->setEnabled(mayReview && s->review.status != u"reviewed"_s);
    m_queryAction->setEnabled(mayReview && s->review.queryStatus != u"open"_s);
    const bool resolvable = mayReview && (s->review.queryStatus == u"open"_s || s->review.queryStatus == u"answered"_s);
    m_answeredAction->setEnabled(resolvable && s->review.queryStatus == u"open"_s);
    m_closeQueryAction->setEnabled(resolvable);
    m_signAction->setEnabled(ready && isAllowed(m_role, Permission::SignSubmissions) && !s->review.isSigned());
    m_nextAction->setEnabled(hasNext);
    m_previousAction->setEnabled(hasPrevious);
}

void ReviewActionBar::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

void ReviewActionBar::retranslateUi()
{
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
    showKeyHint();
}

void ReviewActionBar::showKeyHint()
{
    if (isAllowed(m_role, Permission::ReviewSubmissions) && isAllowed(m_role, Permission::SignSubmissions))
        m_keyHintLabel->setText(
            tr("Keys: J/K or Down/Up move, R mark reviewed, Q raise a query, A/C query answered/closed, S sign."));
    else
        m_keyHintLabel->setText(tr("Keys: J/K or Down/Up move."));
}

} // namespace td

#pragma once

#include "QuestionnaireDefinition.h"

#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QWidget>
#include <functional>

class QAbstractButton;
class QButtonGroup;
class QLabel;
class QScrollArea;
class QSlider;
class QTranslator;
class QVBoxLayout;

namespace td {

// A questionnaire as the patient sees it (issue #15): its title, sections as group
// titles, each item with its label (starred when required), help text and an editor
// fit for its type, in English or Chinese whatever the language of the desktop
// itself. Items with a condition appear and disappear as the answers change, the way
// the patient app shows them. The form follows the patient's language, not the
// desktop's: a desktop language switch changes nothing here. What is filled in can be read back as the answers the
// app would send.
class QuestionnairePreview : public QWidget
{
    Q_OBJECT

public:
    explicit QuestionnairePreview(QWidget *parent = nullptr);
    ~QuestionnairePreview() override;

    // Renders `definition`, keeping the answers given so far to items of the same key.
    void setDefinition(const QuestionnaireDefinition &definition);
    const QuestionnaireDefinition &definition() const { return m_definition; }
    // "en" or "zh_CN": the patient's language, not the desktop's.
    void setLanguage(const QString &language);
    QString language() const { return m_language; }

    // The answers to the items shown, as the patient app submits them; unanswered
    // items are left out.
    QJsonObject answers() const;
    void clearAnswers();

    // For tests and the screenshot tour: the parts of the form rendering item `key`.
    QWidget *itemBox(const QString &key) const;                 // the item's frame (hidden when its condition fails)
    QLabel *itemLabel(const QString &key) const;                // its label
    QWidget *editor(const QString &key) const;                  // spin box, line edit, date edit, slider…
    QList<QAbstractButton *> buttons(const QString &key) const; // yes/no, choices, rating points
    QLabel *titleLabel() const { return m_title; }

Q_SIGNALS:
    // The patient changed an answer (conditions have been applied).
    void answersChanged();

private:
    struct ItemView {
        QuestionnaireItem item;
        QWidget *box = nullptr;
        QLabel *label = nullptr;
        QWidget *editor = nullptr;
        QButtonGroup *group = nullptr;
        QList<QAbstractButton *> buttons;
        QLabel *valueLabel = nullptr; // a slider's value, "–" until moved
        bool touched = false;         // time and slider editors have no "empty" state of their own
    };

    void rebuild();
    QWidget *createItem(ItemView &view, QWidget *parent);
    QWidget *createEditor(ItemView &view, QWidget *parent);
    QWidget *createScale(ItemView &view, QWidget *parent);
    // The item's answer as its editor holds it, null when unanswered; hidden or not.
    QJsonValue rawAnswer(const ItemView &view) const;
    void restoreAnswer(ItemView &view, const QJsonValue &value);
    // A "Clear" button beside a date or time editor, which `clear` makes unanswered.
    void addClearButton(ItemView &view, QWidget *holder, std::function<void()> clear);
    // A time editor answered (its time shown, 00:00 too) or not (a dash, no answer).
    void setTimeAnswered(ItemView &view, bool answered);
    void onEdited(int index);
    void applyConditions();
    QString text(const LocalizedText &text) const;
    // The form's own words ("Yes", "No") in the patient's language.
    QString formWord(const char *source) const;

    QuestionnaireDefinition m_definition;
    QString m_language = QStringLiteral("en");
    QList<ItemView> m_views;
    QMap<QString, QJsonValue> m_kept; // answers by item key, across rebuilds
    QScrollArea *m_scroll = nullptr;
    QLabel *m_title = nullptr;
    QLabel *m_description = nullptr;
    QWidget *m_form = nullptr;
    QTranslator *m_chinese = nullptr;
    bool m_restoring = false;
};

} // namespace td

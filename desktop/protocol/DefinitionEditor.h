#pragma once

#include "QuestionnaireDefinition.h"

#include <QMap>
#include <QWidget>
#include <optional>

class QTableWidgetItem;

class QComboBox;
class QGroupBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QSpinBox;
class QTableView;
class QTableWidget;

namespace td {

class MessageBanner;
class QuestionnaireItemsModel;

// The editor of a draft questionnaire (issue #15): its title and description in both
// languages, its sections (key and title, which the preview shows over their items), the
// table of its items (QuestionnaireItemsModel) with add, remove and move, and a
// detail panel for the selected item (type, section, help texts, anchors, maximum
// length, choices with their codes and labels, and the condition that shows it).
// Every edit is checked at once with QuestionnaireDefinition::fromJson, the check the
// server makes on save: the problems are listed beside the table and marked on the
// rows they concern; while there are none, definitionChanged() hands the definition
// to the live preview. Read-only for published versions and for those who may only
// read the protocol. No network here: the Protocol page saves what this holds.
class DefinitionEditor : public QWidget
{
    Q_OBJECT

public:
    explicit DefinitionEditor(QWidget *parent = nullptr);

    void setDefinition(const QuestionnaireDefinition &definition);
    // What the editor holds now, checked or not.
    QuestionnaireDefinition definition() const;
    // The definition when it passes fromJson; the problems by path otherwise.
    std::optional<QuestionnaireDefinition> checkedDefinition(QMap<QString, QString> *problems = nullptr) const;
    void setReadOnly(bool readOnly);
    bool isReadOnly() const { return m_readOnly; }
    // Edited since setDefinition() or setModified(false).
    bool isModified() const { return m_modified; }
    void setModified(bool modified) { m_modified = modified; }

    // Problems the server found (400 invalid_definition, not_publishable), by path,
    // shown like the editor's own until the next edit.
    void showProblems(const QMap<QString, QString> &problems);
    // The problems listed now, one a line, as shown.
    QStringList problemTexts() const;

    QuestionnaireItemsModel *itemsModel() const { return m_model; }
    QTableView *itemsTable() const { return m_table; }
    QTableWidget *sectionsTable() const { return m_sections; }
    int currentRow() const;
    void selectItem(int row);

Q_SIGNALS:
    // The user changed something (valid or not).
    void edited();
    // The edited definition passed the check: what the preview shows.
    void definitionChanged(const td::QuestionnaireDefinition &definition);

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslateUi();
    void fillTypeCombo(QComboBox *combo);
    void onEdited();
    void check();
    void listProblems(const QMap<QString, QString> &problems, const QMap<QString, QString> &beforePublishing);
    void showDetail();
    void applyDetail();
    void applyChoices();
    void updateButtons();
    void addItem();
    void removeItem();
    void moveItem(int delta);
    void addChoice();
    void removeChoice();
    void fillSections(const QList<QuestionnaireSection> &sections);
    void applySections(QTableWidgetItem *changed);
    void addSection();
    void removeSection();
    void fillSectionCombo();
    QJsonValue conditionValue(const QString &itemKey, const QString &text) const;

    QuestionnaireDefinition m_original; // the key, which no field shows
    QuestionnaireItemsModel *m_model = nullptr;
    bool m_readOnly = false;
    bool m_modified = false;
    bool m_filling = false;

    QLabel *m_keyLabel = nullptr;
    QLabel *m_keyValue = nullptr;
    QLabel *m_titleEnLabel = nullptr;
    QLineEdit *m_titleEn = nullptr;
    QLabel *m_titleZhLabel = nullptr;
    QLineEdit *m_titleZh = nullptr;
    QLabel *m_descriptionEnLabel = nullptr;
    QLineEdit *m_descriptionEn = nullptr;
    QLabel *m_descriptionZhLabel = nullptr;
    QLineEdit *m_descriptionZh = nullptr;
    QGroupBox *m_sectionsBox = nullptr;
    QTableWidget *m_sections = nullptr;
    QPushButton *m_addSectionButton = nullptr;
    QPushButton *m_removeSectionButton = nullptr;
    QTableView *m_table = nullptr;
    QComboBox *m_newTypeCombo = nullptr;
    QPushButton *m_addButton = nullptr;
    QPushButton *m_removeButton = nullptr;
    QPushButton *m_upButton = nullptr;
    QPushButton *m_downButton = nullptr;
    QLabel *m_problemsLabel = nullptr;
    QListWidget *m_problems = nullptr;
    MessageBanner *m_banner = nullptr;

    QGroupBox *m_detail = nullptr;
    QMap<QString, QLabel *> m_detailLabels;
    QComboBox *m_typeCombo = nullptr;
    QComboBox *m_sectionCombo = nullptr;
    QSpinBox *m_maxLength = nullptr;
    QLineEdit *m_helpEn = nullptr;
    QLineEdit *m_helpZh = nullptr;
    QLineEdit *m_minAnchorEn = nullptr;
    QLineEdit *m_minAnchorZh = nullptr;
    QLineEdit *m_maxAnchorEn = nullptr;
    QLineEdit *m_maxAnchorZh = nullptr;
    QTableWidget *m_choices = nullptr;
    QPushButton *m_addChoiceButton = nullptr;
    QPushButton *m_removeChoiceButton = nullptr;
    QComboBox *m_conditionItem = nullptr;
    QLineEdit *m_conditionValue = nullptr;
};

} // namespace td

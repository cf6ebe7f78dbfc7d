#include "DefinitionEditor.h"

#include "protocol/QuestionnaireItemsModel.h"
#include "widgets/MessageBanner.h"

#include <QComboBox>
#include <QEvent>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSpinBox>
#include <QTableView>
#include <QTableWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace td {

namespace {

using Type = QuestionnaireItem::Type;

QString valueText(const QJsonValue &value)
{
    if (value.isBool())
        return value.toBool() ? u"true"_s : u"false"_s;
    if (value.isDouble())
        return QString::number(value.toDouble(), 'g', 15);
    return value.toString();
}

QLineEdit *lineEdit(const QString &name, QWidget *parent)
{
    auto *edit = new QLineEdit(parent);
    edit->setObjectName(name);
    return edit;
}

} // namespace

DefinitionEditor::DefinitionEditor(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(u"definitionEditor"_s);
    m_model = new QuestionnaireItemsModel(this);

    m_keyLabel = new QLabel(this);
    m_keyValue = new QLabel(this);
    m_keyValue->setObjectName(u"definitionKeyLabel"_s);
    m_keyValue->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_titleEnLabel = new QLabel(this);
    m_titleEn = lineEdit(u"titleEnEdit"_s, this);
    m_titleEnLabel->setBuddy(m_titleEn);
    m_titleZhLabel = new QLabel(this);
    m_titleZh = lineEdit(u"titleZhEdit"_s, this);
    m_titleZhLabel->setBuddy(m_titleZh);
    m_descriptionEnLabel = new QLabel(this);
    m_descriptionEn = lineEdit(u"descriptionEnEdit"_s, this);
    m_descriptionEnLabel->setBuddy(m_descriptionEn);
    m_descriptionZhLabel = new QLabel(this);
    m_descriptionZh = lineEdit(u"descriptionZhEdit"_s, this);
    m_descriptionZhLabel->setBuddy(m_descriptionZh);

    // Sections group items under a title; an item names its section in the detail panel.
    m_sectionsBox = new QGroupBox(this);
    m_sections = new QTableWidget(0, 3, m_sectionsBox);
    m_sections->setObjectName(u"sectionsTable"_s);
    m_sections->verticalHeader()->setVisible(false);
    m_sections->horizontalHeader()->setStretchLastSection(true);
    m_sections->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_sections->setSelectionMode(QAbstractItemView::SingleSelection);
    m_sections->setColumnWidth(0, 90);
    m_sections->setColumnWidth(1, 150);
    m_sections->setMaximumHeight(110);
    m_addSectionButton = new QPushButton(m_sectionsBox);
    m_addSectionButton->setObjectName(u"addSectionButton"_s);
    m_removeSectionButton = new QPushButton(m_sectionsBox);
    m_removeSectionButton->setObjectName(u"removeSectionButton"_s);

    m_table = new QTableView(this);
    m_table->setObjectName(u"itemsTable"_s);
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->verticalHeader()->setVisible(false);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed
                             | QAbstractItemView::AnyKeyPressed);
    m_table->setColumnWidth(QuestionnaireItemsModel::KeyColumn, 110);
    m_table->setColumnWidth(QuestionnaireItemsModel::TypeColumn, 120);
    m_table->setColumnWidth(QuestionnaireItemsModel::RequiredColumn, 70);
    m_table->setColumnWidth(QuestionnaireItemsModel::MinColumn, 50);
    m_table->setColumnWidth(QuestionnaireItemsModel::MaxColumn, 50);
    m_table->setColumnWidth(QuestionnaireItemsModel::UnitColumn, 55);
    m_table->setColumnWidth(QuestionnaireItemsModel::LabelEnColumn, 180);

    m_newTypeCombo = new QComboBox(this);
    m_newTypeCombo->setObjectName(u"newItemTypeCombo"_s);
    m_addButton = new QPushButton(this);
    m_addButton->setObjectName(u"addItemButton"_s);
    m_removeButton = new QPushButton(this);
    m_removeButton->setObjectName(u"removeItemButton"_s);
    m_upButton = new QPushButton(this);
    m_upButton->setObjectName(u"moveItemUpButton"_s);
    m_downButton = new QPushButton(this);
    m_downButton->setObjectName(u"moveItemDownButton"_s);

    m_problemsLabel = new QLabel(this);
    m_problems = new QListWidget(this);
    m_problems->setObjectName(u"definitionProblemsList"_s);
    m_problems->setWordWrap(true);
    m_problems->setMinimumWidth(220);
    m_banner = new MessageBanner(this);
    m_banner->setObjectName(u"definitionBanner"_s);

    m_detail = new QGroupBox(this);
    m_detail->setObjectName(u"itemDetailBox"_s);
    m_typeCombo = new QComboBox(m_detail);
    m_typeCombo->setObjectName(u"itemTypeCombo"_s);
    m_sectionCombo = new QComboBox(m_detail);
    m_sectionCombo->setObjectName(u"itemSectionCombo"_s);
    m_sectionCombo->setEditable(true);
    m_maxLength = new QSpinBox(m_detail);
    m_maxLength->setObjectName(u"itemMaxLengthSpin"_s);
    m_maxLength->setRange(0, 10000);
    m_helpEn = lineEdit(u"helpEnEdit"_s, m_detail);
    m_helpZh = lineEdit(u"helpZhEdit"_s, m_detail);
    m_minAnchorEn = lineEdit(u"minAnchorEnEdit"_s, m_detail);
    m_minAnchorZh = lineEdit(u"minAnchorZhEdit"_s, m_detail);
    m_maxAnchorEn = lineEdit(u"maxAnchorEnEdit"_s, m_detail);
    m_maxAnchorZh = lineEdit(u"maxAnchorZhEdit"_s, m_detail);
    m_choices = new QTableWidget(0, 3, m_detail);
    m_choices->setObjectName(u"choicesTable"_s);
    m_choices->verticalHeader()->setVisible(false);
    m_choices->horizontalHeader()->setStretchLastSection(true);
    m_choices->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_choices->setMaximumHeight(130);
    m_addChoiceButton = new QPushButton(m_detail);
    m_addChoiceButton->setObjectName(u"addChoiceButton"_s);
    m_removeChoiceButton = new QPushButton(m_detail);
    m_removeChoiceButton->setObjectName(u"removeChoiceButton"_s);
    m_conditionItem = new QComboBox(m_detail);
    m_conditionItem->setObjectName(u"conditionItemCombo"_s);
    m_conditionValue = lineEdit(u"conditionValueEdit"_s, m_detail);

    // Layout: the title on top, the table with its problems beside it, the detail
    // panel of the chosen item under them.
    auto *titles = new QFormLayout;
    titles->addRow(m_keyLabel, m_keyValue);
    titles->addRow(m_titleEnLabel, m_titleEn);
    titles->addRow(m_titleZhLabel, m_titleZh);
    titles->addRow(m_descriptionEnLabel, m_descriptionEn);
    titles->addRow(m_descriptionZhLabel, m_descriptionZh);
    auto *sectionButtons = new QVBoxLayout;
    sectionButtons->addWidget(m_addSectionButton);
    sectionButtons->addWidget(m_removeSectionButton);
    sectionButtons->addStretch(1);
    auto *sectionsLayout = new QHBoxLayout(m_sectionsBox);
    sectionsLayout->addWidget(m_sections, 1);
    sectionsLayout->addLayout(sectionButtons);
    auto *top = new QHBoxLayout;
    top->addLayout(titles, 3);
    top->addWidget(m_sectionsBox, 2);

    auto *itemButtons = new QHBoxLayout;
    itemButtons->addWidget(m_newTypeCombo);
    itemButtons->addWidget(m_addButton);
    itemButtons->addWidget(m_removeButton);
    itemButtons->addWidget(m_upButton);
    itemButtons->addWidget(m_downButton);
    itemButtons->addStretch(1);
    auto *tableColumn = new QVBoxLayout;
    tableColumn->addWidget(m_table, 1);
    tableColumn->addLayout(itemButtons);
    auto *problemsColumn = new QVBoxLayout;
    problemsColumn->addWidget(m_problemsLabel);
    problemsColumn->addWidget(m_problems, 1);
    auto *middle = new QHBoxLayout;
    middle->addLayout(tableColumn, 3);
    middle->addLayout(problemsColumn, 1);

    auto *detail = new QGridLayout(m_detail);
    auto addDetailRow = [&](int row, int column, const QString &key, QWidget *first, QWidget *second = nullptr) {
        auto *label = new QLabel(m_detail);
        label->setBuddy(first);
        m_detailLabels.insert(key, label);
        detail->addWidget(label, row, column * 3);
        if (second) {
            detail->addWidget(first, row, column * 3 + 1);
            detail->addWidget(second, row, column * 3 + 2);
        } else {
            detail->addWidget(first, row, column * 3 + 1, 1, 2);
        }
    };
    addDetailRow(0, 0, u"type"_s, m_typeCombo);
    addDetailRow(1, 0, u"section"_s, m_sectionCombo);
    addDetailRow(2, 0, u"maxLength"_s, m_maxLength);
    addDetailRow(3, 0, u"showWhen"_s, m_conditionItem, m_conditionValue);
    addDetailRow(0, 1, u"help"_s, m_helpEn, m_helpZh);
    addDetailRow(1, 1, u"minAnchor"_s, m_minAnchorEn, m_minAnchorZh);
    addDetailRow(2, 1, u"maxAnchor"_s, m_maxAnchorEn, m_maxAnchorZh);
    auto *choiceButtons = new QVBoxLayout;
    choiceButtons->addWidget(m_addChoiceButton);
    choiceButtons->addWidget(m_removeChoiceButton);
    choiceButtons->addStretch(1);
    auto *choicesLabel = new QLabel(m_detail);
    choicesLabel->setBuddy(m_choices);
    m_detailLabels.insert(u"choices"_s, choicesLabel);
    detail->addWidget(choicesLabel, 4, 0);
    detail->addWidget(m_choices, 4, 1, 1, 5);
    detail->addLayout(choiceButtons, 4, 6);
    detail->setColumnStretch(1, 1);
    detail->setColumnStretch(4, 1);
    detail->setColumnStretch(5, 1);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(top);
    layout->addWidget(m_banner);
    layout->addLayout(middle, 1);
    layout->addWidget(m_detail);

    connect(m_titleEn, &QLineEdit::textEdited, this, &DefinitionEditor::onEdited);
    connect(m_titleZh, &QLineEdit::textEdited, this, &DefinitionEditor::onEdited);
    connect(m_descriptionEn, &QLineEdit::textEdited, this, &DefinitionEditor::onEdited);
    connect(m_descriptionZh, &QLineEdit::textEdited, this, &DefinitionEditor::onEdited);
    connect(m_sections, &QTableWidget::itemChanged, this, &DefinitionEditor::applySections);
    connect(m_sections, &QTableWidget::itemSelectionChanged, this, &DefinitionEditor::updateButtons);
    connect(m_addSectionButton, &QPushButton::clicked, this, &DefinitionEditor::addSection);
    connect(m_removeSectionButton, &QPushButton::clicked, this, &DefinitionEditor::removeSection);
    connect(m_model, &QuestionnaireItemsModel::itemsEdited, this, [this] {
        if (!m_filling)
            onEdited();
    });
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
        showDetail();
        updateButtons();
    });
    connect(m_addButton, &QPushButton::clicked, this, &DefinitionEditor::addItem);
    connect(m_removeButton, &QPushButton::clicked, this, &DefinitionEditor::removeItem);
    connect(m_upButton, &QPushButton::clicked, this, [this] { moveItem(-1); });
    connect(m_downButton, &QPushButton::clicked, this, [this] { moveItem(1); });
    connect(m_problems, &QListWidget::itemActivated, this, [this](QListWidgetItem *entry) {
        const int row = entry->data(Qt::UserRole).toInt();
        if (row >= 0)
            selectItem(row);
    });
    connect(m_typeCombo, &QComboBox::activated, this, &DefinitionEditor::applyDetail);
    connect(m_sectionCombo, &QComboBox::currentTextChanged, this, &DefinitionEditor::applyDetail);
    connect(m_maxLength, &QSpinBox::valueChanged, this, &DefinitionEditor::applyDetail);
    for (QLineEdit *edit :
         {m_helpEn, m_helpZh, m_minAnchorEn, m_minAnchorZh, m_maxAnchorEn, m_maxAnchorZh, m_conditionValue})
        connect(edit, &QLineEdit::textEdited, this, &DefinitionEditor::applyDetail);
    connect(m_conditionItem, &QComboBox::activated, this, &DefinitionEditor::applyDetail);
    connect(m_choices, &QTableWidget::itemChanged, this, &DefinitionEditor::applyChoices);
    connect(m_choices, &QTableWidget::itemSelectionChanged, this, &DefinitionEditor::updateButtons);
    connect(m_addChoiceButton, &QPushButton::clicked, this, &DefinitionEditor::addChoice);
    connect(m_removeChoiceButton, &QPushButton::clicked, this, &DefinitionEditor::removeChoice);

    retranslateUi();
    showDetail();
    updateButtons();
}

void DefinitionEditor::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

void DefinitionEditor::fillTypeCombo(QComboBox *combo)
{
    const int current = combo->currentIndex();
    combo->clear();
    for (int i = 0; i < QuestionnaireItem::typeNames().size(); ++i)
        combo->addItem(QuestionnaireItemsModel::typeDisplayName(Type(i)), i);
    combo->setCurrentIndex(current < 0 ? 0 : current);
}

void DefinitionEditor::retranslateUi()
{
    m_keyLabel->setText(tr("Key:"));
    m_titleEnLabel->setText(tr("&Title (English):"));
    m_titleZhLabel->setText(tr("Title (&Chinese):"));
    m_descriptionEnLabel->setText(tr("Description (English):"));
    m_descriptionZhLabel->setText(tr("Description (Chinese):"));
    m_sectionsBox->setTitle(tr("Sections"));
    m_sections->setHorizontalHeaderLabels({tr("Key"), tr("Title (English)"), tr("Title (Chinese)")});
    m_addSectionButton->setText(tr("Add section"));
    m_removeSectionButton->setText(tr("Remove section"));
    m_addButton->setText(tr("&Add item"));
    m_removeButton->setText(tr("Remove item"));
    m_upButton->setText(tr("Move &up"));
    m_downButton->setText(tr("Move &down"));
    m_problemsLabel->setText(tr("Problems:"));
    m_detail->setTitle(tr("Selected item"));
    m_detailLabels.value(u"type"_s)->setText(tr("Type:"));
    m_detailLabels.value(u"section"_s)->setText(tr("Section:"));
    m_detailLabels.value(u"maxLength"_s)->setText(tr("Maximum length:"));
    //: Condition of an item: shown only when the item chosen here has the value typed beside it.
    m_detailLabels.value(u"showWhen"_s)->setText(tr("Shown when:"));
    m_detailLabels.value(u"help"_s)->setText(tr("Help (English / Chinese):"));
    m_detailLabels.value(u"minAnchor"_s)->setText(tr("Lowest means (English / Chinese):"));
    m_detailLabels.value(u"maxAnchor"_s)->setText(tr("Highest means (English / Chinese):"));
    m_detailLabels.value(u"choices"_s)->setText(tr("Choices:"));
    m_maxLength->setSpecialValueText(tr("Default (%1)").arg(QuestionnaireItem::kDefaultTextLength));
    m_conditionValue->setPlaceholderText(tr("value, e.g. true, 3 or a choice code"));
    m_addChoiceButton->setText(tr("Add choice"));
    m_removeChoiceButton->setText(tr("Remove choice"));
    m_choices->setHorizontalHeaderLabels({tr("Code"), tr("Label (English)"), tr("Label (Chinese)")});
    {
        const bool filling = m_filling;
        m_filling = true;
        fillTypeCombo(m_newTypeCombo);
        fillTypeCombo(m_typeCombo);
        if (m_conditionItem->count() > 0)
            m_conditionItem->setItemText(0, tr("Always shown"));
        m_filling = filling;
    }
    m_model->headerDataChanged(Qt::Horizontal, 0, QuestionnaireItemsModel::ColumnCount - 1);
    check();
}

void DefinitionEditor::setDefinition(const QuestionnaireDefinition &definition)
{
    m_filling = true;
    m_original = definition;
    m_keyValue->setText(definition.key);
    m_titleEn->setText(definition.title.en);
    m_titleZh->setText(definition.title.zhCN);
    m_descriptionEn->setText(definition.description.en);
    m_descriptionZh->setText(definition.description.zhCN);
    m_model->setItems(definition.items);
    fillSections(definition.sections);
    m_filling = false;
    m_modified = false;
    if (m_model->rowCount() > 0)
        selectItem(0);
    else
        showDetail();
    check();
}

QuestionnaireDefinition DefinitionEditor::definition() const
{
    QuestionnaireDefinition d = m_original;
    d.title = {m_titleEn->text().trimmed(), m_titleZh->text().trimmed()};
    d.description = {m_descriptionEn->text().trimmed(), m_descriptionZh->text().trimmed()};
    d.sections.clear();
    for (int r = 0; r < m_sections->rowCount(); ++r) {
        auto cell = [&](int column) {
            const QTableWidgetItem *c = m_sections->item(r, column);
            return c ? c->text().trimmed() : QString();
        };
        d.sections.append({cell(0), {cell(1), cell(2)}});
    }
    d.items = m_model->items();
    // A section typed in the detail panel that the definition does not have yet is
    // added, titled with its key until someone names it.
    for (const QuestionnaireItem &item : std::as_const(d.items)) {
        if (!item.section.isEmpty()
            && std::none_of(d.sections.cbegin(), d.sections.cend(),
                            [&](const QuestionnaireSection &s) { return s.key == item.section; }))
            d.sections.append({item.section, {item.section, item.section}});
    }
    return d;
}

std::optional<QuestionnaireDefinition> DefinitionEditor::checkedDefinition(QMap<QString, QString> *problems) const
{
    ApiError error;
    auto checked = QuestionnaireDefinition::fromJson(definition().toJson(), &error);
    if (problems)
        *problems = checked ? QMap<QString, QString>() : error.fields;
    return checked;
}

void DefinitionEditor::setReadOnly(bool readOnly)
{
    m_readOnly = readOnly;
    m_model->setEditable(!readOnly);
    m_titleEn->setReadOnly(readOnly);
    m_titleZh->setReadOnly(readOnly);
    m_descriptionEn->setReadOnly(readOnly);
    m_descriptionZh->setReadOnly(readOnly);
    m_sections->setEditTriggers(readOnly ? QAbstractItemView::NoEditTriggers
                                         : QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed
                                               | QAbstractItemView::AnyKeyPressed);
    for (QWidget *w :
         std::initializer_list<QWidget *>{m_typeCombo, m_sectionCombo, m_maxLength, m_conditionItem, m_newTypeCombo})
        w->setEnabled(!readOnly);
    for (QLineEdit *edit :
         {m_helpEn, m_helpZh, m_minAnchorEn, m_minAnchorZh, m_maxAnchorEn, m_maxAnchorZh, m_conditionValue})
        edit->setReadOnly(readOnly);
    m_choices->setEditTriggers(readOnly ? QAbstractItemView::NoEditTriggers
                                        : QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed
                                              | QAbstractItemView::AnyKeyPressed);
    updateButtons();
}

int DefinitionEditor::currentRow() const
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    return rows.size() == 1 ? rows.first().row() : -1;
}

void DefinitionEditor::selectItem(int row)
{
    if (row >= 0 && row < m_model->rowCount())
        m_table->selectRow(row);
}

void DefinitionEditor::updateButtons()
{
    const int row = currentRow();
    const bool edit = !m_readOnly;
    m_addButton->setEnabled(edit);
    m_removeButton->setEnabled(edit && row >= 0);
    m_upButton->setEnabled(edit && row > 0);
    m_downButton->setEnabled(edit && row >= 0 && row < m_model->rowCount() - 1);
    const bool choice = row >= 0 && m_model->item(row).isChoice();
    m_addChoiceButton->setEnabled(edit && choice);
    m_removeChoiceButton->setEnabled(edit && choice && m_choices->currentRow() >= 0);
    m_addSectionButton->setEnabled(edit);
    m_removeSectionButton->setEnabled(edit && m_sections->currentRow() >= 0);
}

void DefinitionEditor::onEdited()
{
    m_modified = true;
    check();
    Q_EMIT edited();
}

void DefinitionEditor::check()
{
    if (m_original.key.isEmpty() && m_model->rowCount() == 0) {
        // Nothing open: nothing to complain about.
        m_model->setProblems({});
        listProblems({}, {});
        return;
    }
    QMap<QString, QString> problems;
    const auto checked = checkedDefinition(&problems);
    m_model->setProblems(problems);
    listProblems(problems, checked ? checked->publishProblems() : QMap<QString, QString>());
    if (checked)
        Q_EMIT definitionChanged(*checked);
}

void DefinitionEditor::showProblems(const QMap<QString, QString> &problems)
{
    m_model->setProblems(problems);
    listProblems(problems, {});
    const int row = problems.isEmpty() ? -1 : QuestionnaireItemsModel::rowOfPath(problems.firstKey());
    if (row >= 0)
        selectItem(row);
}

void DefinitionEditor::listProblems(const QMap<QString, QString> &problems,
                                    const QMap<QString, QString> &beforePublishing)
{
    m_problems->clear();
    auto add = [this](const QMap<QString, QString> &list, bool blocking) {
        for (auto it = list.cbegin(); it != list.cend(); ++it) {
            const int row = QuestionnaireItemsModel::rowOfPath(it.key());
            QString where = it.key();
            if (row >= 0 && row < m_model->rowCount()) {
                where = where.mid(where.indexOf(u']') + 1);
                if (where.startsWith(u'.'))
                    where.remove(0, 1);
                //: A problem of one questionnaire item: %1 its number, %2 its key, %3 the field path.
                where = tr("Item %1 (%2) %3").arg(row + 1).arg(m_model->item(row).key, where).trimmed();
            }
            //: %1 says where (an item and field), %2 what is wrong (from the check, in English).
            auto *entry = new QListWidgetItem(blocking ? tr("%1: %2").arg(where, it.value())
                                                       : tr("Before publishing: %1 %2").arg(where, it.value()),
                                              m_problems);
            entry->setData(Qt::UserRole, row);
        }
    };
    add(problems, true);
    add(beforePublishing, false);
    if (!problems.isEmpty())
        m_banner->showError([count = int(problems.size())] {
            return tr("%n problem(s) to fix before this draft can be saved.", nullptr, count);
        });
    else if (!beforePublishing.isEmpty())
        m_banner->showMessage(
            [count = int(beforePublishing.size())] {
                return tr("%n text(s) still need a translation before publishing.", nullptr, count);
            },
            MessageBanner::Kind::Warning);
    else
        m_banner->clearMessage();
}

QStringList DefinitionEditor::problemTexts() const
{
    QStringList texts;
    for (int i = 0; i < m_problems->count(); ++i)
        texts << m_problems->item(i)->text();
    return texts;
}

void DefinitionEditor::showDetail()
{
    const int row = currentRow();
    m_filling = true;
    m_detail->setEnabled(row >= 0);
    const QuestionnaireItem item = row >= 0 ? m_model->item(row) : QuestionnaireItem();
    m_typeCombo->setCurrentIndex(m_typeCombo->findData(int(item.type)));
    m_sectionCombo->setCurrentText(item.section);
    m_maxLength->setValue(item.maxLength.value_or(0));
    m_maxLength->setEnabled(!m_readOnly && item.type == Type::Text);
    m_helpEn->setText(item.help.en);
    m_helpZh->setText(item.help.zhCN);
    m_minAnchorEn->setText(item.minAnchor.en);
    m_minAnchorZh->setText(item.minAnchor.zhCN);
    m_maxAnchorEn->setText(item.maxAnchor.en);
    m_maxAnchorZh->setText(item.maxAnchor.zhCN);
    const bool scale = item.type == Type::RatingScale || item.type == Type::VisualAnalogue;
    for (QLineEdit *edit : {m_minAnchorEn, m_minAnchorZh, m_maxAnchorEn, m_maxAnchorZh})
        edit->setEnabled(scale);
    m_choices->setRowCount(0);
    m_choices->setEnabled(item.isChoice());
    for (const QuestionnaireItem::Choice &choice : item.choices) {
        const int r = m_choices->rowCount();
        m_choices->insertRow(r);
        m_choices->setItem(r, 0, new QTableWidgetItem(choice.code));
        m_choices->setItem(r, 1, new QTableWidgetItem(choice.label.en));
        m_choices->setItem(r, 2, new QTableWidgetItem(choice.label.zhCN));
    }
    // A condition names an earlier item (fromJson checks that too).
    m_conditionItem->clear();
    m_conditionItem->addItem(tr("Always shown"), QString());
    for (int i = 0; i < row; ++i)
        m_conditionItem->addItem(m_model->item(i).key, m_model->item(i).key);
    if (item.showWhen) {
        int index = m_conditionItem->findData(item.showWhen->item);
        if (index < 0) {
            m_conditionItem->addItem(item.showWhen->item, item.showWhen->item);
            index = m_conditionItem->count() - 1;
        }
        m_conditionItem->setCurrentIndex(index);
        m_conditionValue->setText(valueText(item.showWhen->equals));
    } else {
        m_conditionItem->setCurrentIndex(0);
        m_conditionValue->clear();
    }
    m_conditionValue->setEnabled(item.showWhen.has_value());
    m_filling = false;
    updateButtons();
}

QJsonValue DefinitionEditor::conditionValue(const QString &itemKey, const QString &text) const
{
    const QString t = text.trimmed();
    for (const QuestionnaireItem &on : m_model->items()) {
        if (on.key != itemKey)
            continue;
        if (on.type == Type::Boolean) {
            if (t == u"true"_s || t == u"yes"_s)
                return true;
            if (t == u"false"_s || t == u"no"_s)
                return false;
        }
        if (on.type == Type::Integer || on.type == Type::RatingScale) {
            bool ok = false;
            const double d = t.toDouble(&ok);
            if (ok)
                return d;
        }
    }
    // Choice codes, and anything else as typed: the check says what is wrong with it.
    return t.isEmpty() ? QJsonValue() : QJsonValue(t);
}

void DefinitionEditor::applyDetail()
{
    const int row = currentRow();
    if (m_filling || m_readOnly || row < 0)
        return;
    QuestionnaireItem item = m_model->item(row);
    const Type type = Type(m_typeCombo->currentData().toInt());
    if (type != item.type) {
        // What the new type cannot have goes; fromJson would refuse it.
        item.type = type;
        if (!item.isNumeric()) {
            item.min.reset();
            item.max.reset();
        }
        if (type != Type::Text)
            item.maxLength.reset();
        if (!item.isChoice())
            item.choices.clear();
        else if (item.choices.size() < 2)
            item.choices = {{u"a"_s, {u"A"_s, u"A"_s}}, {u"b"_s, {u"B"_s, u"B"_s}}};
    }
    item.section = m_sectionCombo->currentText().trimmed();
    if (type == Type::Text && m_maxLength->value() > 0)
        item.maxLength = m_maxLength->value();
    else
        item.maxLength.reset();
    item.help = {m_helpEn->text().trimmed(), m_helpZh->text().trimmed()};
    item.minAnchor = {m_minAnchorEn->text().trimmed(), m_minAnchorZh->text().trimmed()};
    item.maxAnchor = {m_maxAnchorEn->text().trimmed(), m_maxAnchorZh->text().trimmed()};
    const QString on = m_conditionItem->currentData().toString();
    if (on.isEmpty())
        item.showWhen.reset();
    else
        item.showWhen = QuestionnaireItem::Condition{on, conditionValue(on, m_conditionValue->text())};
    const bool typeChanged = m_model->item(row).type != item.type;
    m_model->setItem(row, item);
    if (typeChanged)
        showDetail(); // the fields that apply to the new type
    else
        m_conditionValue->setEnabled(item.showWhen.has_value());
}

void DefinitionEditor::applyChoices()
{
    const int row = currentRow();
    if (m_filling || m_readOnly || row < 0)
        return;
    QuestionnaireItem item = m_model->item(row);
    item.choices.clear();
    for (int r = 0; r < m_choices->rowCount(); ++r) {
        auto cell = [&](int column) {
            const QTableWidgetItem *c = m_choices->item(r, column);
            return c ? c->text().trimmed() : QString();
        };
        item.choices.append({cell(0), {cell(1), cell(2)}});
    }
    m_model->setItem(row, item);
}

void DefinitionEditor::addItem()
{
    const int row = m_model->addItem(Type(m_newTypeCombo->currentData().toInt()));
    selectItem(row);
    m_table->setFocus();
}

void DefinitionEditor::removeItem()
{
    const int row = currentRow();
    if (row < 0)
        return;
    m_model->removeItem(row);
    selectItem(std::min(row, m_model->rowCount() - 1));
}

void DefinitionEditor::moveItem(int delta)
{
    const int row = currentRow();
    if (m_model->moveItem(row, delta))
        selectItem(row + delta);
}

void DefinitionEditor::addChoice()
{
    const int r = m_choices->rowCount();
    m_filling = true;
    m_choices->insertRow(r);
    m_choices->setItem(r, 0, new QTableWidgetItem(u"c%1"_s.arg(r + 1)));
    m_choices->setItem(r, 1, new QTableWidgetItem);
    m_choices->setItem(r, 2, new QTableWidgetItem);
    m_filling = false;
    applyChoices();
    m_choices->setCurrentCell(r, 1);
}

void DefinitionEditor::removeChoice()
{
    const int r = m_choices->currentRow();
    if (r < 0)
        return;
    m_filling = true;
    m_choices->removeRow(r);
    m_filling = false;
    applyChoices();
}

} // namespace td

namespace td {

void DefinitionEditor::fillSections(const QList<QuestionnaireSection> &sections)
{
    const bool filling = m_filling;
    m_filling = true;
    m_sections->setRowCount(0);
    for (const QuestionnaireSection &section : sections) {
        const int r = m_sections->rowCount();
        m_sections->insertRow(r);
        auto *key = new QTableWidgetItem(section.key);
        key->setData(Qt::UserRole, section.key); // the key the items name, to follow a rename
        m_sections->setItem(r, 0, key);
        m_sections->setItem(r, 1, new QTableWidgetItem(section.title.en));
        m_sections->setItem(r, 2, new QTableWidgetItem(section.title.zhCN));
    }
    m_filling = filling;
    fillSectionCombo();
}

void DefinitionEditor::fillSectionCombo()
{
    const bool filling = m_filling;
    m_filling = true;
    const QString current = m_sectionCombo->currentText();
    m_sectionCombo->clear();
    m_sectionCombo->addItem(QString());
    for (int r = 0; r < m_sections->rowCount(); ++r) {
        if (const QTableWidgetItem *key = m_sections->item(r, 0); key && !key->text().trimmed().isEmpty())
            m_sectionCombo->addItem(key->text().trimmed());
    }
    m_sectionCombo->setCurrentText(current);
    m_filling = filling;
}

void DefinitionEditor::applySections(QTableWidgetItem *changed)
{
    if (m_filling || m_readOnly)
        return;
    if (changed && changed->column() == 0) {
        // A renamed section keeps its items.
        const QString before = changed->data(Qt::UserRole).toString();
        const QString after = changed->text().trimmed();
        if (before != after) {
            m_filling = true;
            changed->setData(Qt::UserRole, after);
            m_filling = false;
            if (!before.isEmpty()) {
                for (int row = 0; row < m_model->rowCount(); ++row) {
                    QuestionnaireItem item = m_model->item(row);
                    if (item.section == before) {
                        item.section = after;
                        m_model->setItem(row, item); // itemsEdited: checked like any edit
                    }
                }
            }
            fillSectionCombo();
            showDetail();
        }
    }
    onEdited();
}

void DefinitionEditor::addSection()
{
    // A key no section has yet; the author renames it.
    QStringList keys;
    for (int r = 0; r < m_sections->rowCount(); ++r)
        keys << (m_sections->item(r, 0) ? m_sections->item(r, 0)->text() : QString());
    int n = m_sections->rowCount() + 1;
    while (keys.contains(u"section%1"_s.arg(n)))
        ++n;
    const QString key = u"section%1"_s.arg(n);
    const int r = m_sections->rowCount();
    m_filling = true;
    m_sections->insertRow(r);
    auto *keyItem = new QTableWidgetItem(key);
    keyItem->setData(Qt::UserRole, key);
    m_sections->setItem(r, 0, keyItem);
    m_sections->setItem(r, 1, new QTableWidgetItem(key));
    m_sections->setItem(r, 2, new QTableWidgetItem);
    m_filling = false;
    fillSectionCombo();
    onEdited();
    m_sections->setCurrentCell(r, 1);
}

void DefinitionEditor::removeSection()
{
    const int r = m_sections->currentRow();
    if (r < 0 || m_readOnly)
        return;
    const QString key = m_sections->item(r, 0) ? m_sections->item(r, 0)->data(Qt::UserRole).toString() : QString();
    m_filling = true;
    m_sections->removeRow(r);
    // Its items stay, outside any section.
    for (int row = 0; row < m_model->rowCount(); ++row) {
        QuestionnaireItem item = m_model->item(row);
        if (!key.isEmpty() && item.section == key) {
            item.section.clear();
            m_model->setItem(row, item);
        }
    }
    m_filling = false;
    fillSectionCombo();
    showDetail();
    onEdited();
}

} // namespace td

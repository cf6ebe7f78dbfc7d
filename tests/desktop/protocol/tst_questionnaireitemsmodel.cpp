// Issue #15: the item table of the definition editor, and the editor's checks as
// the user edits (the same fromJson the server runs on save).
#include "QuestionnaireDefinition.h"
#include "protocol/DefinitionEditor.h"
#include "protocol/QuestionnaireItemsModel.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTableWidget>
#include <QTest>

using namespace Qt::StringLiterals;
using td::QuestionnaireItem;
using td::QuestionnaireItemsModel;
using Type = td::QuestionnaireItem::Type;

namespace {

QuestionnaireItem makeItem(const QString &key, Type type)
{
    QuestionnaireItem item;
    item.key = key;
    item.type = type;
    item.label = {u"Label "_s + key, u"标签 "_s + key};
    return item;
}

td::QuestionnaireDefinition makeDefinition()
{
    td::QuestionnaireDefinition d;
    d.key = u"daily-symptoms"_s;
    d.title = {u"Daily symptoms"_s, u"每日症状"_s};
    d.items = {makeItem(u"pain"_s, Type::RatingScale), makeItem(u"note"_s, Type::Text),
               makeItem(u"fever"_s, Type::Boolean)};
    return d;
}

} // namespace

class TestQuestionnaireItemsModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void columnsShowItems();
    void editsInPlace();
    void boundsOnlyForNumbers();
    void addRemoveMove();
    void problemsMarkRows();
    void editorChecksAsTheUserTypes();
    void editorChoicesAndCondition();
    void readOnlyEditorChangesNothing();
};

void TestQuestionnaireItemsModel::columnsShowItems()
{
    QuestionnaireItemsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QuestionnaireItem systolic = makeItem(u"systolic"_s, Type::Integer);
    systolic.required = true;
    systolic.min = 60;
    systolic.max = 250;
    systolic.unit = u"mmHg"_s;
    model.setItems({systolic, makeItem(u"pain"_s, Type::RatingScale)});
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.columnCount(), int(QuestionnaireItemsModel::ColumnCount));
    auto cell = [&](int row, int column, int role = Qt::DisplayRole) { return model.index(row, column).data(role); };
    QCOMPARE(cell(0, QuestionnaireItemsModel::KeyColumn).toString(), u"systolic"_s);
    QCOMPARE(cell(0, QuestionnaireItemsModel::TypeColumn).toString(), u"Whole number"_s);
    QCOMPARE(cell(0, QuestionnaireItemsModel::RequiredColumn, Qt::CheckStateRole).toInt(), int(Qt::Checked));
    QCOMPARE(cell(0, QuestionnaireItemsModel::MinColumn).toString(), u"60"_s);
    QCOMPARE(cell(0, QuestionnaireItemsModel::MaxColumn).toString(), u"250"_s);
    QCOMPARE(cell(0, QuestionnaireItemsModel::UnitColumn).toString(), u"mmHg"_s);
    QCOMPARE(cell(0, QuestionnaireItemsModel::LabelEnColumn).toString(), u"Label systolic"_s);
    QCOMPARE(cell(0, QuestionnaireItemsModel::LabelZhColumn).toString(), u"标签 systolic"_s);
    // A rating scale without bounds shows its default 0-10, and edits as empty.
    QCOMPARE(cell(1, QuestionnaireItemsModel::MinColumn).toString(), u"0"_s);
    QCOMPARE(cell(1, QuestionnaireItemsModel::MaxColumn).toString(), u"10"_s);
    QCOMPARE(cell(1, QuestionnaireItemsModel::MaxColumn, Qt::EditRole).toString(), QString());
    QCOMPARE(cell(1, QuestionnaireItemsModel::RequiredColumn, Qt::CheckStateRole).toInt(), int(Qt::Unchecked));
}

void TestQuestionnaireItemsModel::editsInPlace()
{
    QuestionnaireItemsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setItems({makeItem(u"systolic"_s, Type::Integer)});
    QSignalSpy edited(&model, &QuestionnaireItemsModel::itemsEdited);
    QVERIFY(model.setData(model.index(0, QuestionnaireItemsModel::KeyColumn), u" sbp "_s));
    QVERIFY(model.setData(model.index(0, QuestionnaireItemsModel::MinColumn), u"70"_s));
    QVERIFY(model.setData(model.index(0, QuestionnaireItemsModel::MaxColumn), u"240.5"_s));
    QVERIFY(!model.setData(model.index(0, QuestionnaireItemsModel::MaxColumn), u"high"_s));
    QVERIFY(model.setData(model.index(0, QuestionnaireItemsModel::UnitColumn), u"mmHg"_s));
    QVERIFY(model.setData(model.index(0, QuestionnaireItemsModel::LabelZhColumn), u"收缩压"_s));
    QVERIFY(model.setData(model.index(0, QuestionnaireItemsModel::RequiredColumn), Qt::Checked, Qt::CheckStateRole));
    QCOMPARE(edited.count(), 6);
    const QuestionnaireItem &item = model.item(0);
    QCOMPARE(item.key, u"sbp"_s);
    QCOMPARE(item.min, std::optional<double>(70));
    QCOMPARE(item.max, std::optional<double>(240.5));
    QCOMPARE(item.unit, u"mmHg"_s);
    QCOMPARE(item.label.zhCN, u"收缩压"_s);
    QVERIFY(item.required);
    // Empty clears a bound.
    QVERIFY(model.setData(model.index(0, QuestionnaireItemsModel::MinColumn), QString()));
    QVERIFY(!model.item(0).min);
}

void TestQuestionnaireItemsModel::boundsOnlyForNumbers()
{
    QuestionnaireItemsModel model;
    model.setItems({makeItem(u"note"_s, Type::Text), makeItem(u"vas"_s, Type::VisualAnalogue),
                    makeItem(u"count"_s, Type::Decimal)});
    QVERIFY(!(model.flags(model.index(0, QuestionnaireItemsModel::MinColumn)) & Qt::ItemIsEditable));
    QVERIFY(!(model.flags(model.index(1, QuestionnaireItemsModel::MaxColumn)) & Qt::ItemIsEditable));
    QVERIFY(model.flags(model.index(2, QuestionnaireItemsModel::MaxColumn)) & Qt::ItemIsEditable);
    QVERIFY(!model.setData(model.index(0, QuestionnaireItemsModel::MinColumn), u"1"_s));
    QVERIFY(!(model.flags(model.index(0, QuestionnaireItemsModel::TypeColumn)) & Qt::ItemIsEditable));
    model.setEditable(false);
    QVERIFY(!(model.flags(model.index(2, QuestionnaireItemsModel::KeyColumn)) & Qt::ItemIsEditable));
    QVERIFY(!model.setData(model.index(2, QuestionnaireItemsModel::KeyColumn), u"x"_s));
}

void TestQuestionnaireItemsModel::addRemoveMove()
{
    QuestionnaireItemsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setItems({makeItem(u"item2"_s, Type::Text)});
    const int row = model.addItem(Type::SingleChoice);
    QCOMPARE(row, 1);
    QCOMPARE(model.item(1).key, u"item3"_s); // a key not taken yet
    QCOMPARE(model.item(1).type, Type::SingleChoice);
    QCOMPARE(model.item(1).choices.size(), 2); // enough for the check to pass
    model.addItem(Type::Integer);
    QCOMPARE(model.item(2).key, u"item4"_s);

    QSignalSpy moved(&model, &QAbstractItemModel::rowsMoved);
    QVERIFY(model.moveItem(2, -1));
    QCOMPARE(moved.count(), 1);
    QCOMPARE(model.item(1).key, u"item4"_s);
    QCOMPARE(model.item(2).key, u"item3"_s);
    QVERIFY(model.moveItem(0, 1));
    QCOMPARE(model.item(0).key, u"item4"_s);
    QCOMPARE(model.item(1).key, u"item2"_s);
    QVERIFY(!model.moveItem(0, -1));
    QVERIFY(!model.moveItem(2, 1));

    model.removeItem(1);
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.item(1).key, u"item3"_s);
}

void TestQuestionnaireItemsModel::problemsMarkRows()
{
    QuestionnaireItemsModel model;
    model.setItems({makeItem(u"a"_s, Type::Text), makeItem(u"b"_s, Type::SingleChoice)});
    QCOMPARE(QuestionnaireItemsModel::rowOfPath(u"items[12].choices[0].code"_s), 12);
    QCOMPARE(QuestionnaireItemsModel::rowOfPath(u"title.zh_CN"_s), -1);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.setProblems({{u"items[1].choices"_s, u"must list at least 2 choices"_s},
                       {u"items[1].label.zh_CN"_s, u"needs its Chinese text before publishing"_s},
                       {u"title.en"_s, u"is required"_s}});
    QCOMPARE(changed.count(), 1);
    QVERIFY(model.problems(0).isEmpty());
    QCOMPARE(model.problems(1), (QStringList{u"choices: must list at least 2 choices"_s,
                                             u"label.zh_CN: needs its Chinese text before publishing"_s}));
    QVERIFY(model.index(1, 0).data(Qt::ToolTipRole).toString().contains(u"at least 2"_s));
    QVERIFY(model.index(1, 3).data(Qt::BackgroundRole).isValid());
    QVERIFY(!model.index(0, 0).data(Qt::BackgroundRole).isValid());
}

void TestQuestionnaireItemsModel::editorChecksAsTheUserTypes()
{
    td::DefinitionEditor editor;
    QSignalSpy changed(&editor, &td::DefinitionEditor::definitionChanged);
    QSignalSpy edited(&editor, &td::DefinitionEditor::edited);
    editor.setDefinition(makeDefinition());
    QCOMPARE(changed.count(), 1);
    QVERIFY(editor.problemTexts().isEmpty());
    QVERIFY(!editor.isModified());

    // A key the check refuses: listed beside the table, marked on the row, no preview.
    td::QuestionnaireItemsModel *model = editor.itemsModel();
    QVERIFY(model->setData(model->index(1, QuestionnaireItemsModel::KeyColumn), u"2nd"_s));
    QVERIFY(editor.isModified());
    QCOMPARE(edited.count(), 1);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(editor.problemTexts().size(), 1);
    QVERIFY2(editor.problemTexts().first().startsWith(u"Item 2 (2nd) key:"_s),
             qPrintable(editor.problemTexts().first()));
    QVERIFY(!model->problems(1).isEmpty());
    QVERIFY(!editor.checkedDefinition());

    // Fixed: the preview gets the new definition.
    QVERIFY(model->setData(model->index(1, QuestionnaireItemsModel::KeyColumn), u"second"_s));
    QCOMPARE(changed.count(), 2);
    QCOMPARE(changed.last().first().value<td::QuestionnaireDefinition>().items.at(1).key, u"second"_s);
    QVERIFY(editor.problemTexts().isEmpty());

    // A missing translation does not stop a save but is named before publishing.
    QVERIFY(model->setData(model->index(0, QuestionnaireItemsModel::LabelZhColumn), QString()));
    QCOMPARE(changed.count(), 3);
    QCOMPARE(editor.problemTexts().size(), 1);
    QVERIFY(editor.problemTexts().first().startsWith(u"Before publishing:"_s));

    // Title edits go through the same check.
    auto *titleEn = editor.findChild<QLineEdit *>(u"titleEnEdit"_s);
    titleEn->selectAll();
    QTest::keyClick(titleEn, Qt::Key_Delete);
    QVERIFY(!editor.checkedDefinition());
    QVERIFY(editor.problemTexts().join(u'\n').contains(u"title.en"_s));
}

void TestQuestionnaireItemsModel::editorChoicesAndCondition()
{
    td::DefinitionEditor editor;
    editor.setDefinition(makeDefinition());
    // Turn "note" (row 1) into a single choice through the detail panel.
    editor.selectItem(1);
    auto *type = editor.findChild<QComboBox *>(u"itemTypeCombo"_s);
    const int choiceIndex = type->findData(int(Type::SingleChoice));
    type->setCurrentIndex(choiceIndex);
    Q_EMIT type->activated(choiceIndex);
    QCOMPARE(editor.itemsModel()->item(1).type, Type::SingleChoice);
    auto *choices = editor.findChild<QTableWidget *>(u"choicesTable"_s);
    QCOMPARE(choices->rowCount(), 2);
    choices->item(0, 0)->setText(u"yes"_s);
    choices->item(0, 2)->setText(u"是"_s);
    QCOMPARE(editor.itemsModel()->item(1).choices.first().code, u"yes"_s);
    QCOMPARE(editor.itemsModel()->item(1).choices.first().label.zhCN, u"是"_s);
    editor.findChild<QPushButton *>(u"addChoiceButton"_s)->click();
    QCOMPARE(editor.itemsModel()->item(1).choices.size(), 3);
    // A repeated code is a problem of that choice.
    choices->item(2, 0)->setText(u"yes"_s);
    QVERIFY(editor.problemTexts().join(u'\n').contains(u"choices[2].code"_s));
    choices->item(2, 0)->setText(u"maybe"_s);
    QVERIFY(!editor.checkedDefinition()); // its English label is still missing
    choices->item(2, 1)->setText(u"Maybe"_s);
    QVERIFY2(editor.checkedDefinition(), qPrintable(editor.problemTexts().join(u'\n')));

    // "fever" (row 2) is shown only when "note" was answered "yes".
    editor.selectItem(2);
    auto *conditionItem = editor.findChild<QComboBox *>(u"conditionItemCombo"_s);
    QCOMPARE(conditionItem->count(), 3); // always, pain, note: earlier items only
    conditionItem->setCurrentIndex(conditionItem->findData(u"note"_s));
    Q_EMIT conditionItem->activated(conditionItem->currentIndex());
    auto *value = editor.findChild<QLineEdit *>(u"conditionValueEdit"_s);
    QTest::keyClicks(value, u"yes"_s);
    const auto checked = editor.checkedDefinition();
    QVERIFY(checked);
    QCOMPARE(checked->items.at(2).showWhen->item, u"note"_s);
    QCOMPARE(checked->items.at(2).showWhen->equals, QJsonValue(u"yes"_s));
    // An answer the item cannot have.
    value->clear();
    QTest::keyClicks(value, u"perhaps"_s);
    QVERIFY(!editor.checkedDefinition());
    QVERIFY(editor.problemTexts().join(u'\n').contains(u"showWhen.equals"_s));
}

void TestQuestionnaireItemsModel::readOnlyEditorChangesNothing()
{
    td::DefinitionEditor editor;
    editor.setDefinition(makeDefinition());
    editor.setReadOnly(true);
    QVERIFY(editor.findChild<QLineEdit *>(u"titleEnEdit"_s)->isReadOnly());
    QVERIFY(!editor.findChild<QPushButton *>(u"addItemButton"_s)->isEnabled());
    QVERIFY(!editor.itemsModel()->setData(editor.itemsModel()->index(0, 0), u"x"_s));
    QCOMPARE(editor.definition(), makeDefinition());
}

QTEST_MAIN(TestQuestionnaireItemsModel)
#include "tst_questionnaireitemsmodel.moc"

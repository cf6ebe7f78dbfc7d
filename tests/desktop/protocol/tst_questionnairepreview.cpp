// Issue #15: the preview renders a questionnaire as the patient sees it: one editor
// per item type with the definition's ranges and choices, in English or Chinese,
// conditional items appearing live, and answers that pass the server's own check.
#include "QuestionnaireDefinition.h"
#include "protocol/QuestionnairePreview.h"

#include <QAbstractButton>
#include <QCheckBox>
#include <QDateEdit>
#include <QDoubleSpinBox>
#include <QGroupBox>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSignalSpy>
#include <QSlider>
#include <QSpinBox>
#include <QTest>
#include <QTimeEdit>

using namespace Qt::StringLiterals;
using td::QuestionnaireDefinition;
using td::QuestionnairePreview;

namespace {

QJsonObject text(const QString &en, const QString &zh)
{
    return QJsonObject{{u"en"_s, en}, {u"zh_CN"_s, zh}};
}

QJsonArray choices()
{
    return QJsonArray{QJsonObject{{u"code"_s, u"none"_s}, {u"label"_s, text(u"None"_s, u"无"_s)}},
                      QJsonObject{{u"code"_s, u"mild"_s}, {u"label"_s, text(u"Mild"_s, u"轻度"_s)}},
                      QJsonObject{{u"code"_s, u"severe"_s}, {u"label"_s, text(u"Severe"_s, u"重度"_s)}}};
}

QuestionnaireDefinition definitionOf(const QJsonArray &items, const QJsonArray &sections = {})
{
    QJsonObject json{
        {u"key"_s, u"preview-test"_s}, {u"title"_s, text(u"Daily symptoms"_s, u"每日症状"_s)}, {u"items"_s, items}};
    if (!sections.isEmpty())
        json.insert(u"sections"_s, sections);
    td::ApiError error;
    const auto definition = QuestionnaireDefinition::fromJson(json, &error);
    if (!definition)
        qWarning("invalid test definition: %s", qPrintable(error.message));
    return definition.value_or(QuestionnaireDefinition());
}

QJsonObject item(const QString &key, const QString &type, QJsonObject extra = {})
{
    extra.insert(u"key"_s, key);
    extra.insert(u"type"_s, type);
    extra.insert(u"label"_s, text(u"Question "_s + key, u"问题 "_s + key));
    return extra;
}

// Every type once, with bounds, choices, anchors and a section.
QJsonArray everyType()
{
    return {
        item(u"systolic"_s, u"integer"_s,
             {{u"required"_s, true},
              {u"min"_s, 60},
              {u"max"_s, 250},
              {u"unit"_s, u"mmHg"_s},
              {u"section"_s, u"vitals"_s}}),
        item(u"temperature"_s, u"decimal"_s,
             {{u"min"_s, 34.5}, {u"max"_s, 42}, {u"unit"_s, u"°C"_s}, {u"section"_s, u"vitals"_s}}),
        item(u"note"_s, u"text"_s, {{u"maxLength"_s, 40}, {u"help"_s, text(u"In a few words"_s, u"简短描述"_s)}}),
        item(u"diary"_s, u"text"_s),
        item(u"slept"_s, u"boolean"_s, {{u"required"_s, true}}),
        item(u"since"_s, u"date"_s),
        item(u"wokeAt"_s, u"time"_s),
        item(u"severity"_s, u"singleChoice"_s, {{u"choices"_s, choices()}}),
        item(u"where"_s, u"multipleChoice"_s, {{u"choices"_s, choices()}}),
        item(u"pain"_s, u"ratingScale"_s,
             {{u"min"_s, 0},
              {u"max"_s, 10},
              {u"minAnchor"_s, text(u"No pain"_s, u"无痛"_s)},
              {u"maxAnchor"_s, text(u"Worst pain"_s, u"最痛"_s)}}),
        item(u"wellbeing"_s, u"visualAnalogueScale"_s,
             {{u"minAnchor"_s, text(u"Very bad"_s, u"很差"_s)}, {u"maxAnchor"_s, text(u"Very good"_s, u"很好"_s)}}),
    };
}

QJsonArray vitalsSection()
{
    return {QJsonObject{{u"key"_s, u"vitals"_s}, {u"title"_s, text(u"Vital signs"_s, u"生命体征"_s)}}};
}

} // namespace

class TestQuestionnairePreview : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void editorPerType_data();
    void editorPerType();
    void sectionsAreGroups();
    void languageSwitchChangesTexts();
    void conditionShowsItemLive();
    void filledAnswersValidate();
    void unansweredItemsAreLeftOut();
    void unansweredDateAndTimeLookUnanswered_data();
    void unansweredDateAndTimeLookUnanswered();
    void answersSurviveAnEdit();
};

void TestQuestionnairePreview::editorPerType_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("editorClass");
    QTest::addColumn<int>("buttons");
    QTest::newRow("integer") << u"systolic"_s << u"QSpinBox"_s << 0;
    QTest::newRow("decimal") << u"temperature"_s << u"QDoubleSpinBox"_s << 0;
    QTest::newRow("short text") << u"note"_s << u"QLineEdit"_s << 0;
    QTest::newRow("long text") << u"diary"_s << u"QPlainTextEdit"_s << 0;
    QTest::newRow("boolean") << u"slept"_s << u"QWidget"_s << 2;
    QTest::newRow("date") << u"since"_s << u"QDateEdit"_s << 0;
    QTest::newRow("time") << u"wokeAt"_s << u"QTimeEdit"_s << 0;
    QTest::newRow("single choice") << u"severity"_s << u"QWidget"_s << 3;
    QTest::newRow("multiple choice") << u"where"_s << u"QWidget"_s << 3;
    QTest::newRow("rating scale") << u"pain"_s << u"QWidget"_s << 11;
    QTest::newRow("visual analogue scale") << u"wellbeing"_s << u"QSlider"_s << 0;
}

void TestQuestionnairePreview::editorPerType()
{
    QFETCH(QString, key);
    QFETCH(QString, editorClass);
    QFETCH(int, buttons);
    QuestionnairePreview preview;
    const QuestionnaireDefinition definition = definitionOf(everyType(), vitalsSection());
    QVERIFY(!definition.items.isEmpty());
    preview.setDefinition(definition);
    QWidget *editor = preview.editor(key);
    QVERIFY(editor);
    QCOMPARE(QString::fromLatin1(editor->metaObject()->className()), editorClass);
    QCOMPARE(preview.buttons(key).size(), buttons);
    const td::QuestionnaireItem &item = *definition.item(key);
    QVERIFY(preview.itemLabel(key)->text().startsWith(item.label.en));
    // Required items say so.
    QCOMPARE(preview.itemLabel(key)->text().contains(u"(required)"_s), item.required);

    if (auto *spin = qobject_cast<QSpinBox *>(editor)) {
        // One below the minimum is "not answered".
        QCOMPARE(spin->minimum(), 59);
        QCOMPARE(spin->maximum(), 250);
        QCOMPARE(spin->suffix(), u" mmHg"_s);
        QCOMPARE(spin->value(), spin->minimum());
        QVERIFY(!spin->specialValueText().isEmpty());
    } else if (auto *decimal = qobject_cast<QDoubleSpinBox *>(editor)) {
        QCOMPARE(decimal->minimum(), 33.5);
        QCOMPARE(decimal->maximum(), 42.0);
        QCOMPARE(decimal->suffix(), u" °C"_s);
    } else if (auto *line = qobject_cast<QLineEdit *>(editor)) {
        QCOMPARE(line->maxLength(), 40);
        QVERIFY(preview.findChild<QLabel *>(u"help_note"_s));
        QCOMPARE(preview.findChild<QLabel *>(u"help_note"_s)->text(), u"In a few words"_s);
    } else if (auto *slider = qobject_cast<QSlider *>(editor)) {
        QCOMPARE(slider->minimum(), 0);
        QCOMPARE(slider->maximum(), 100);
        QCOMPARE(preview.findChild<QLabel *>(u"minAnchor_wellbeing"_s)->text(), u"Very bad"_s);
        QCOMPARE(preview.findChild<QLabel *>(u"maxAnchor_wellbeing"_s)->text(), u"Very good"_s);
    }
    const QList<QAbstractButton *> list = preview.buttons(key);
    if (item.type == td::QuestionnaireItem::Type::SingleChoice) {
        QVERIFY(qobject_cast<QRadioButton *>(list.first()));
        QCOMPARE(list.at(1)->text(), u"Mild"_s);
    } else if (item.type == td::QuestionnaireItem::Type::MultipleChoice) {
        QVERIFY(qobject_cast<QCheckBox *>(list.first()));
        QCOMPARE(list.at(2)->text(), u"Severe"_s);
    } else if (item.type == td::QuestionnaireItem::Type::Boolean) {
        QVERIFY(qobject_cast<QRadioButton *>(list.first()));
        QCOMPARE(list.first()->text(), u"Yes"_s);
        QCOMPARE(list.last()->text(), u"No"_s);
    } else if (item.type == td::QuestionnaireItem::Type::RatingScale) {
        QVERIFY(qobject_cast<QPushButton *>(list.first()));
        QCOMPARE(list.first()->text(), u"0"_s);
        QCOMPARE(list.last()->text(), u"10"_s);
        QCOMPARE(preview.findChild<QLabel *>(u"minAnchor_pain"_s)->text(), u"No pain"_s);
        QCOMPARE(preview.findChild<QLabel *>(u"maxAnchor_pain"_s)->text(), u"Worst pain"_s);
    }
}

void TestQuestionnairePreview::sectionsAreGroups()
{
    QuestionnairePreview preview;
    preview.setDefinition(definitionOf(everyType(), vitalsSection()));
    auto *group = preview.findChild<QGroupBox *>(u"section_vitals"_s);
    QVERIFY(group);
    QCOMPARE(group->title(), u"Vital signs"_s);
    QVERIFY(group->isAncestorOf(preview.itemBox(u"systolic"_s)));
    QVERIFY(group->isAncestorOf(preview.itemBox(u"temperature"_s)));
    QVERIFY(!group->isAncestorOf(preview.itemBox(u"note"_s)));
}

void TestQuestionnairePreview::languageSwitchChangesTexts()
{
    QuestionnairePreview preview;
    preview.setDefinition(definitionOf(everyType(), vitalsSection()));
    QCOMPARE(preview.titleLabel()->text(), u"Daily symptoms"_s);
    preview.setLanguage(u"zh_CN"_s);
    QCOMPARE(preview.titleLabel()->text(), u"每日症状"_s);
    QVERIFY(preview.itemLabel(u"note"_s)->text().startsWith(u"问题 note"_s));
    QCOMPARE(preview.buttons(u"severity"_s).at(1)->text(), u"轻度"_s);
    QCOMPARE(preview.findChild<QGroupBox *>(u"section_vitals"_s)->title(), u"生命体征"_s);
    QCOMPARE(preview.findChild<QLabel *>(u"minAnchor_pain"_s)->text(), u"无痛"_s);
    // The form's own words follow the patient's language too.
    QCOMPARE(preview.buttons(u"slept"_s).first()->text(), u"是"_s);
    QVERIFY(!preview.itemLabel(u"slept"_s)->text().contains(u"(required)"_s));
    preview.setLanguage(u"en"_s);
    QCOMPARE(preview.buttons(u"severity"_s).at(1)->text(), u"Mild"_s);
    QCOMPARE(preview.buttons(u"slept"_s).first()->text(), u"Yes"_s);
}

void TestQuestionnairePreview::conditionShowsItemLive()
{
    QuestionnairePreview preview;
    preview.setDefinition(definitionOf({
        item(u"hadPain"_s, u"boolean"_s, {{u"required"_s, true}}),
        item(u"painScore"_s, u"integer"_s,
             {{u"required"_s, true},
              {u"min"_s, 0},
              {u"max"_s, 10},
              {u"showWhen"_s, QJsonObject{{u"item"_s, u"hadPain"_s}, {u"equals"_s, true}}}}),
        item(u"painKind"_s, u"singleChoice"_s,
             {{u"choices"_s, choices()}, {u"showWhen"_s, QJsonObject{{u"item"_s, u"painScore"_s}, {u"equals"_s, 10}}}}),
    }));
    preview.show();
    QVERIFY(QTest::qWaitForWindowExposed(&preview));
    QVERIFY(preview.itemBox(u"painScore"_s)->isHidden());
    QVERIFY(preview.itemBox(u"painKind"_s)->isHidden());

    QSignalSpy changed(&preview, &QuestionnairePreview::answersChanged);
    QTest::mouseClick(preview.buttons(u"hadPain"_s).first(), Qt::LeftButton); // yes
    QVERIFY(changed.count() >= 1);
    QVERIFY(!preview.itemBox(u"painScore"_s)->isHidden());
    QVERIFY(preview.itemBox(u"painKind"_s)->isHidden());
    // A condition on a condition: shown once the score is 10.
    static_cast<QSpinBox *>(preview.editor(u"painScore"_s))->setValue(10);
    QVERIFY(!preview.itemBox(u"painKind"_s)->isHidden());
    QCOMPARE(preview.answers(), (QJsonObject{{u"hadPain"_s, true}, {u"painScore"_s, 10}}));

    QTest::mouseClick(preview.buttons(u"hadPain"_s).last(), Qt::LeftButton); // no
    QVERIFY(preview.itemBox(u"painScore"_s)->isHidden());
    QVERIFY(preview.itemBox(u"painKind"_s)->isHidden());
    // Hidden items are not answered, whatever their editors still hold.
    QCOMPARE(preview.answers(), (QJsonObject{{u"hadPain"_s, false}}));
    QVERIFY(preview.definition().validateAnswers(preview.answers(), nullptr));
}

void TestQuestionnairePreview::filledAnswersValidate()
{
    QuestionnairePreview preview;
    const QuestionnaireDefinition definition = definitionOf(everyType(), vitalsSection());
    preview.setDefinition(definition);
    static_cast<QSpinBox *>(preview.editor(u"systolic"_s))->setValue(128);
    static_cast<QDoubleSpinBox *>(preview.editor(u"temperature"_s))->setValue(37.25);
    QTest::keyClicks(preview.editor(u"note"_s), u"headache in the morning, light"_s);
    static_cast<QPlainTextEdit *>(preview.editor(u"diary"_s))->setPlainText(u"Slept badly.\nBetter later."_s);
    preview.buttons(u"slept"_s).last()->click();
    static_cast<QDateEdit *>(preview.editor(u"since"_s))->setDate(QDate(2026, 11, 30));
    static_cast<QTimeEdit *>(preview.editor(u"wokeAt"_s))->setTime(QTime(6, 45));
    preview.buttons(u"severity"_s).at(2)->click();
    preview.buttons(u"where"_s).at(0)->click();
    preview.buttons(u"where"_s).at(2)->click();
    preview.buttons(u"pain"_s).at(7)->click();
    static_cast<QSlider *>(preview.editor(u"wellbeing"_s))->setValue(64);

    const QJsonObject answers = preview.answers();
    td::ApiError error;
    QVERIFY2(definition.validateAnswers(answers, &error),
             qPrintable(error.message + u" in "_s + QString::fromUtf8(QJsonDocument(answers).toJson())));
    QCOMPARE(answers.size(), definition.items.size());
    QCOMPARE(answers.value(u"systolic"_s).toInt(), 128);
    QCOMPARE(answers.value(u"temperature"_s).toDouble(), 37.25);
    QCOMPARE(answers.value(u"slept"_s), QJsonValue(false));
    QCOMPARE(answers.value(u"since"_s).toString(), u"2026-11-30"_s);
    QCOMPARE(answers.value(u"wokeAt"_s).toString(), u"06:45"_s);
    QCOMPARE(answers.value(u"severity"_s).toString(), u"severe"_s);
    QCOMPARE(answers.value(u"where"_s).toArray(), (QJsonArray{u"none"_s, u"severe"_s}));
    QCOMPARE(answers.value(u"pain"_s).toInt(), 7);
    QCOMPARE(answers.value(u"wellbeing"_s).toInt(), 64);
}

void TestQuestionnairePreview::unansweredItemsAreLeftOut()
{
    QuestionnairePreview preview;
    const QuestionnaireDefinition definition = definitionOf(everyType(), vitalsSection());
    preview.setDefinition(definition);
    QCOMPARE(preview.answers(), QJsonObject());
    // The server's check names the required items the patient skipped.
    td::ApiError error;
    QVERIFY(!definition.validateAnswers(preview.answers(), &error));
    QCOMPARE(error.fields.keys(), (QStringList{u"answers.slept"_s, u"answers.systolic"_s}));
}

// A date or time editor always holds some value: unanswered it must show a dash, not
// 1900-01-01 or 00:00, and leave the item out of the answers; Clear makes it so again.
void TestQuestionnairePreview::unansweredDateAndTimeLookUnanswered_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<QDateTime>("answer"); // the date or the time is used
    QTest::addColumn<QString>("expected");
    QTest::newRow("time") << u"wokeAt"_s << QDateTime(QDate(2000, 1, 1), QTime(6, 45)) << u"06:45"_s;
    QTest::newRow("midnight") << u"wokeAt"_s << QDateTime(QDate(2000, 1, 1), QTime(0, 0)) << u"00:00"_s;
    QTest::newRow("date") << u"since"_s << QDateTime(QDate(2026, 11, 30), QTime(0, 0)) << u"2026-11-30"_s;
}

void TestQuestionnairePreview::unansweredDateAndTimeLookUnanswered()
{
    QFETCH(QString, key);
    QFETCH(QDateTime, answer);
    QFETCH(QString, expected);
    QuestionnairePreview preview;
    preview.setDefinition(definitionOf(everyType(), vitalsSection()));
    auto *edit = qobject_cast<QDateTimeEdit *>(preview.editor(key));
    QVERIFY(edit);
    const bool time = qobject_cast<QTimeEdit *>(edit) != nullptr;
    QCOMPARE(edit->text(), u"–"_s);
    QVERIFY(!preview.answers().contains(key));

    QSignalSpy changed(&preview, &QuestionnairePreview::answersChanged);
    if (time) {
        // Midnight is reached the way a patient reaches it: from another time.
        edit->setTime(QTime(1, 0));
        edit->setTime(answer.time());
    } else {
        edit->setDate(answer.date());
    }
    QVERIFY(changed.count() > 0);
    QCOMPARE(edit->text(), expected);
    QCOMPARE(preview.answers().value(key).toString(), expected);

    // Kept through a rebuild (the editor changed a label), midnight still shown as such.
    preview.setDefinition(definitionOf(everyType(), vitalsSection()));
    edit = qobject_cast<QDateTimeEdit *>(preview.editor(key));
    QCOMPARE(edit->text(), expected);
    QCOMPARE(preview.answers().value(key).toString(), expected);

    auto *clear = preview.findChild<QAbstractButton *>(u"clear_"_s + key);
    QVERIFY(clear);
    changed.clear();
    clear->click();
    QCOMPARE(changed.count(), 1);
    QCOMPARE(edit->text(), u"–"_s);
    QVERIFY(!preview.answers().contains(key));
}

void TestQuestionnairePreview::answersSurviveAnEdit()
{
    QuestionnairePreview preview;
    QJsonArray items = everyType();
    preview.setDefinition(definitionOf(items, vitalsSection()));
    static_cast<QSpinBox *>(preview.editor(u"systolic"_s))->setValue(120);
    preview.buttons(u"severity"_s).at(1)->click();
    // The editor changes a label: the live preview keeps what was filled in.
    QJsonObject first = items.at(0).toObject();
    first.insert(u"label"_s, text(u"Upper blood pressure"_s, u"收缩压"_s));
    items.replace(0, first);
    preview.setDefinition(definitionOf(items, vitalsSection()));
    preview.setLanguage(u"zh_CN"_s);
    QVERIFY(preview.itemLabel(u"systolic"_s)->text().startsWith(u"收缩压"_s));
    QCOMPARE(preview.answers(), (QJsonObject{{u"systolic"_s, 120}, {u"severity"_s, u"mild"_s}}));
}

QTEST_MAIN(TestQuestionnairePreview)
#include "tst_questionnairepreview.moc"

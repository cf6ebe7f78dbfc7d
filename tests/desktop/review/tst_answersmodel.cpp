// A submission's answers as staff read them: without a definition, keys made
// readable; with one, the questionnaire's order, labels in the interface language,
// choice labels, units, and answers the definition does not allow flagged.
#include "JsonInput.h"
#include "review/AnswersModel.h"

#include <QColor>
#include <QTest>

using namespace Qt::StringLiterals;
using td::AnswersModel;

namespace {

const QByteArray kDefinition = R"({
  "key": "daily-symptoms", "title": {"en": "Daily symptoms", "zh_CN": "每日症状"},
  "items": [
    {"key": "pain", "type": "ratingScale", "required": true, "label": {"en": "Pain", "zh_CN": "疼痛"}},
    {"key": "site", "type": "singleChoice", "showWhen": {"item": "pain", "equals": 10},
     "label": {"en": "Where", "zh_CN": "部位"},
     "choices": [{"code": "head", "label": {"en": "Head", "zh_CN": "头部"}},
                 {"code": "back", "label": {"en": "Back", "zh_CN": "背部"}}]},
    {"key": "weight", "type": "decimal", "min": 20, "max": 300, "unit": "kg", "label": {"en": "Weight", "zh_CN": "体重"}},
    {"key": "effects", "type": "multipleChoice", "label": {"en": "Side effects", "zh_CN": "副作用"},
     "choices": [{"code": "nausea", "label": {"en": "Nausea", "zh_CN": "恶心"}},
                 {"code": "rash", "label": {"en": "Rash", "zh_CN": "皮疹"}}]},
    {"key": "slept", "type": "boolean", "required": true, "label": {"en": "Slept well", "zh_CN": "睡得好"}}
  ]})";

td::QuestionnaireDefinition definition()
{
    td::ApiError error;
    const auto json = td::parseJsonObject(kDefinition, &error);
    const auto d = td::QuestionnaireDefinition::fromJson(json.value_or(QJsonObject()), &error);
    if (!d)
        qFatal("invalid test definition: %s", qPrintable(error.message));
    return *d;
}

QJsonObject answers(const QByteArray &text)
{
    td::ApiError error;
    return td::parseJsonObject(text, &error).value_or(QJsonObject());
}

// "label=value" of every row, and the keys of flagged rows.
QStringList rows(const AnswersModel &model)
{
    QStringList out;
    for (int r = 0; r < model.rowCount(); ++r)
        out << model.index(r, AnswersModel::QuestionColumn).data().toString() % u'='
                   % model.index(r, AnswersModel::AnswerColumn).data().toString();
    return out;
}

QStringList flagged(const AnswersModel &model)
{
    QStringList out;
    for (int r = 0; r < model.rowCount(); ++r) {
        if (!model.index(r, 0).data(AnswersModel::ProblemRole).toString().isEmpty())
            out << model.index(r, 0).data(AnswersModel::KeyRole).toString();
    }
    return out;
}

} // namespace

class TestAnswersModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates)); }

    void withoutDefinition()
    {
        AnswersModel model;
        model.setAnswers(answers(R"({"sleepHours":7,"side_effects":["rash"],"bp":{"sys":120}})"));
        QCOMPARE(rows(model), (QStringList{u"Bp="_s, u"    Sys=120"_s, u"Side effects=rash"_s, u"Sleep hours=7"_s}));
        QCOMPARE(model.problemCount(), 0);
    }

    void withDefinition_data()
    {
        QTest::addColumn<QByteArray>("answers");
        QTest::addColumn<QString>("language");
        QTest::addColumn<QStringList>("rows");
        QTest::addColumn<QStringList>("flagged");
        QTest::newRow("valid, English")
            << QByteArray(R"({"pain":3,"weight":71.5,"effects":["rash","nausea"],"slept":true})") << u"en"_s
            << QStringList{u"Pain=3"_s, u"Weight=71.5 kg"_s, u"Side effects=Rash, Nausea"_s, u"Slept well=Yes"_s}
            << QStringList{};
        QTest::newRow("valid, Chinese labels")
            << QByteArray(R"({"pain":10,"site":"back","slept":false})") << u"zh_CN"_s
            << QStringList{u"疼痛=10"_s, u"部位=背部"_s, u"体重=(no answer)"_s, u"副作用=(no answer)"_s, u"睡得好=No"_s}
            << QStringList{};
        QTest::newRow("out of range and unknown choice")
            << QByteArray(R"({"pain":11,"weight":400,"effects":["fever"],"slept":true})") << u"en"_s
            << QStringList{u"Pain=11"_s, u"Weight=400 kg"_s, u"Side effects=fever"_s, u"Slept well=Yes"_s}
            << QStringList{u"pain"_s, u"weight"_s, u"effects"_s};
        QTest::newRow("required missing, hidden answered, unknown item")
            << QByteArray(R"({"pain":2,"site":"head","colour":"red"})") << u"en"_s
            << QStringList{u"Pain=2"_s,
                           u"Where=Head"_s,
                           u"Weight=(no answer)"_s,
                           u"Side effects=(no answer)"_s,
                           u"Slept well=(no answer)"_s,
                           u"Colour=red"_s}
            << QStringList{u"site"_s, u"slept"_s, u"colour"_s};
    }
    void withDefinition()
    {
        QFETCH(QByteArray, answers);
        QFETCH(QString, language);
        QFETCH(QStringList, rows);
        QFETCH(QStringList, flagged);
        AnswersModel model;
        model.setAnswers(::answers(answers), definition(), language);
        QCOMPARE(::rows(model), rows);
        QCOMPARE(::flagged(model), flagged);
        QCOMPARE(model.problemCount(), flagged.size());
        for (int r = 0; r < model.rowCount(); ++r) {
            const QModelIndex index = model.index(r, AnswersModel::AnswerColumn);
            const QString problem = index.data(AnswersModel::ProblemRole).toString();
            QCOMPARE(index.data(Qt::ToolTipRole).toString().isEmpty(), false);
            if (!problem.isEmpty()) {
                QCOMPARE(index.data(Qt::ToolTipRole).toString(), problem);
                QVERIFY(index.data(Qt::ForegroundRole).value<QColor>().isValid());
            }
        }
    }

    void rangeProblemNamesTheRange()
    {
        const td::QuestionnaireDefinition d = definition();
        QCOMPARE(AnswersModel::problemText(*d.item(u"weight"_s), QJsonValue(400)), u"Outside the range 20 to 300."_s);
        QCOMPARE(AnswersModel::problemText(*d.item(u"pain"_s), QJsonValue(-1)), u"Outside the range 0 to 10."_s);
        QCOMPARE(AnswersModel::problemText(*d.item(u"site"_s), QJsonValue(u"knee"_s)),
                 u"Not one of the question's choices."_s);
    }
};

QTEST_MAIN(TestAnswersModel)
#include "tst_answersmodel.moc"

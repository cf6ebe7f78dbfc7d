#include "QuestionnaireDefinition.h"
#include "QuestionnaireVersion.h"
#include "TestSupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace Qt::StringLiterals;
using tdtest::row;

namespace {

// A definition with one item of every type, a section, and a two-level condition:
// `painSite` is shown when `pain` is true, `painOther` when painSite is "other".
const QByteArray kFullDefinition = R"({
  "key": "daily-symptoms",
  "title": {"en": "Daily symptoms", "zh_CN": "每日症状"},
  "sections": [{"key": "today", "title": {"en": "Today", "zh_CN": "今天"}}],
  "items": [
    {"key": "pain", "type": "boolean", "required": true, "section": "today",
     "label": {"en": "Any pain?", "zh_CN": "有疼痛吗？"}},
    {"key": "painSite", "type": "singleChoice", "required": true, "showWhen": {"item": "pain", "equals": true},
     "label": {"en": "Where?", "zh_CN": "哪里？"},
     "choices": [{"code": "head", "label": {"en": "Head", "zh_CN": "头"}},
                 {"code": "back", "label": {"en": "Back", "zh_CN": "背"}},
                 {"code": "other", "label": {"en": "Elsewhere", "zh_CN": "其他"}}]},
    {"key": "painOther", "type": "text", "required": true, "maxLength": 20,
     "showWhen": {"item": "painSite", "equals": "other"}, "label": {"en": "Where else?", "zh_CN": "其他部位？"}},
    {"key": "painScore", "type": "ratingScale", "label": {"en": "Pain score", "zh_CN": "疼痛评分"},
     "minAnchor": {"en": "none", "zh_CN": "无"}, "maxAnchor": {"en": "worst", "zh_CN": "最痛"}},
    {"key": "steps", "type": "integer", "min": 0, "max": 100000, "unit": "steps", "label": {"en": "Steps", "zh_CN": "步数"}},
    {"key": "weight", "type": "decimal", "min": 20, "max": 300, "unit": "kg", "label": {"en": "Weight", "zh_CN": "体重"}},
    {"key": "wellbeing", "type": "visualAnalogueScale", "label": {"en": "Well-being", "zh_CN": "健康感"}},
    {"key": "lastDose", "type": "date", "label": {"en": "Last dose", "zh_CN": "最后一次服药"}},
    {"key": "wokeAt", "type": "time", "label": {"en": "Woke at", "zh_CN": "起床时间"}},
    {"key": "effects", "type": "multipleChoice", "label": {"en": "Side effects", "zh_CN": "副作用"},
     "choices": [{"code": "nausea", "label": {"en": "Nausea", "zh_CN": "恶心"}},
                 {"code": "rash", "label": {"en": "Rash", "zh_CN": "皮疹"}}]}
  ]
})";

td::QuestionnaireDefinition fullDefinition()
{
    td::ApiError error;
    const auto json = td::parseJsonObject(kFullDefinition, &error);
    const auto d = td::QuestionnaireDefinition::fromJson(json.value_or(QJsonObject()), &error);
    if (!d)
        qFatal("the test definition is invalid: %s", qPrintable(error.message));
    return *d;
}

// kFullDefinition with its first item replaced by `item` (JSON object text).
QByteArray withItem(const QByteArray &item)
{
    return R"({"key":"q","title":{"en":"Q"},"items":[)" + item + "]}";
}

QByteArray withItems(const QByteArray &items)
{
    return R"({"key":"q","title":{"en":"Q"},"items":[)" + items + "]}";
}

} // namespace

class TestQuestionnaireDefinition : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void decoding_data()
    {
        tdtest::addColumns();
        const QString bad = u"invalid_definition"_s;
        row("full", kFullDefinition);
        row("minimal", withItem(R"({"key":"a","type":"text","label":{"en":"A"}})"));
        row("missing key", R"({"title":{"en":"Q"},"items":[{"key":"a","type":"text","label":{"en":"A"}}]})", bad,
            u"key"_s);
        row("key with space",
            R"({"key":"a b","title":{"en":"Q"},"items":[{"key":"a","type":"text","label":{"en":"A"}}]})", bad,
            u"key"_s);
        row("missing title", R"({"key":"q","items":[{"key":"a","type":"text","label":{"en":"A"}}]})", bad,
            u"title.en"_s);
        row("unknown member",
            R"({"key":"q","title":{"en":"Q"},"colour":1,"items":[{"key":"a","type":"text","label":{"en":"A"}}]})", bad,
            u"colour"_s);
        row("no items", R"({"key":"q","title":{"en":"Q"},"items":[]})", bad, u"items"_s);
        row("items not array", R"({"key":"q","title":{"en":"Q"},"items":{}})", bad, u"items"_s);
        row("item not object", withItems("3"), bad, u"items[0]"_s);
        row("item key missing", withItem(R"({"type":"text","label":{"en":"A"}})"), bad, u"items[0].key"_s);
        row("item key starts with digit", withItem(R"({"key":"1a","type":"text","label":{"en":"A"}})"), bad,
            u"items[0].key"_s);
        row("item key repeated",
            withItems(R"({"key":"a","type":"text","label":{"en":"A"}},{"key":"a","type":"text","label":{"en":"B"}})"),
            bad, u"items[1].key"_s);
        row("unknown type", withItem(R"({"key":"a","type":"colour","label":{"en":"A"}})"), bad, u"items[0].type"_s);
        row("label missing", withItem(R"({"key":"a","type":"text"})"), bad, u"items[0].label.en"_s);
        row("label not object", withItem(R"({"key":"a","type":"text","label":"A"})"), bad, u"items[0].label"_s);
        row("label unknown language", withItem(R"({"key":"a","type":"text","label":{"en":"A","fr":"A"}})"), bad,
            u"items[0].label.fr"_s);
        row("label too long", withItem(R"({"key":"a","type":"text","label":{"en":")" + QByteArray(501, 'x') + R"("}})"),
            bad, u"items[0].label.en"_s);
        row("label with control character", withItem(R"({"key":"a","type":"text","label":{"en":"A\u0007"}})"), bad,
            u"items[0].label.en"_s);
        row("required not bool", withItem(R"({"key":"a","type":"text","required":"yes","label":{"en":"A"}})"), bad,
            u"items[0].required"_s);
        row("min above max", withItem(R"({"key":"a","type":"integer","min":5,"max":1,"label":{"en":"A"}})"), bad,
            u"items[0].max"_s);
        row("fractional integer bound", withItem(R"({"key":"a","type":"integer","min":0.5,"label":{"en":"A"}})"), bad,
            u"items[0].min"_s);
        row("bounds on text", withItem(R"({"key":"a","type":"text","min":1,"label":{"en":"A"}})"), bad,
            u"items[0].min"_s);
        row("bound not a number", withItem(R"({"key":"a","type":"decimal","max":"9","label":{"en":"A"}})"), bad,
            u"items[0].max"_s);
        row("huge bound", withItem(R"({"key":"a","type":"decimal","max":1e300,"label":{"en":"A"}})"), bad,
            u"items[0].max"_s);
        row("rating scale too wide",
            withItem(R"({"key":"a","type":"ratingScale","min":0,"max":1000,"label":{"en":"A"}})"), bad,
            u"items[0].max"_s);
        row("maxLength on integer", withItem(R"({"key":"a","type":"integer","maxLength":3,"label":{"en":"A"}})"), bad,
            u"items[0].maxLength"_s);
        row("maxLength zero", withItem(R"({"key":"a","type":"text","maxLength":0,"label":{"en":"A"}})"), bad,
            u"items[0].maxLength"_s);
        row("choice without choices", withItem(R"({"key":"a","type":"singleChoice","label":{"en":"A"}})"), bad,
            u"items[0].choices"_s);
        row("one choice only",
            withItem(
                R"({"key":"a","type":"singleChoice","label":{"en":"A"},"choices":[{"code":"x","label":{"en":"X"}}]})"),
            bad, u"items[0].choices"_s);
        row("choice code repeated",
            withItem(
                R"({"key":"a","type":"multipleChoice","label":{"en":"A"},"choices":[{"code":"x","label":{"en":"X"}},{"code":"x","label":{"en":"Y"}}]})"),
            bad, u"items[0].choices[1].code"_s);
        row("choice code invalid",
            withItem(
                R"({"key":"a","type":"singleChoice","label":{"en":"A"},"choices":[{"code":"x y","label":{"en":"X"}},{"code":"z","label":{"en":"Z"}}]})"),
            bad, u"items[0].choices[0].code"_s);
        row("choice label missing",
            withItem(
                R"({"key":"a","type":"singleChoice","label":{"en":"A"},"choices":[{"code":"x"},{"code":"z","label":{"en":"Z"}}]})"),
            bad, u"items[0].choices[0].label.en"_s);
        row("choices on text",
            withItem(R"({"key":"a","type":"text","label":{"en":"A"},"choices":[{"code":"x","label":{"en":"X"}}]})"),
            bad, u"items[0].choices"_s);
        row("unknown section", withItem(R"({"key":"a","type":"text","section":"s","label":{"en":"A"}})"), bad,
            u"items[0].section"_s);
        row("condition on later item",
            withItems(
                R"({"key":"a","type":"text","showWhen":{"item":"b","equals":true},"label":{"en":"A"}},{"key":"b","type":"boolean","label":{"en":"B"}})"),
            bad, u"items[0].showWhen.item"_s);
        row("condition on itself",
            withItem(R"({"key":"a","type":"boolean","showWhen":{"item":"a","equals":true},"label":{"en":"A"}})"), bad,
            u"items[0].showWhen.item"_s);
        row("condition on text item",
            withItems(
                R"({"key":"a","type":"text","label":{"en":"A"}},{"key":"b","type":"text","showWhen":{"item":"a","equals":"x"},"label":{"en":"B"}})"),
            bad, u"items[1].showWhen.item"_s);
        row("condition value impossible",
            withItems(
                R"({"key":"a","type":"boolean","label":{"en":"A"}},{"key":"b","type":"text","showWhen":{"item":"a","equals":"yes"},"label":{"en":"B"}})"),
            bad, u"items[1].showWhen.equals"_s);
        row("condition value not a choice code",
            withItems(
                R"({"key":"a","type":"multipleChoice","label":{"en":"A"},"choices":[{"code":"x","label":{"en":"X"}},{"code":"y","label":{"en":"Y"}}]},)"
                R"({"key":"b","type":"text","showWhen":{"item":"a","equals":"z"},"label":{"en":"B"}})"),
            bad, u"items[1].showWhen.equals"_s);
        row("condition on multiple choice code",
            withItems(
                R"({"key":"a","type":"multipleChoice","label":{"en":"A"},"choices":[{"code":"x","label":{"en":"X"}},{"code":"y","label":{"en":"Y"}}]},)"
                R"({"key":"b","type":"text","showWhen":{"item":"a","equals":"y"},"label":{"en":"B"}})"));
        row("condition without value",
            withItems(
                R"({"key":"a","type":"boolean","label":{"en":"A"}},{"key":"b","type":"text","showWhen":{"item":"a"},"label":{"en":"B"}})"),
            bad, u"items[1].showWhen.equals"_s);
        row("section key repeated",
            R"({"key":"q","title":{"en":"Q"},"sections":[{"key":"s","title":{"en":"S"}},{"key":"s","title":{"en":"T"}}],)"
            R"("items":[{"key":"a","type":"text","label":{"en":"A"}}]})",
            bad, u"sections[1].key"_s);
    }
    void decoding() { tdtest::verifyDecoding(td::QuestionnaireDefinition::fromJson); }

    void everyProblemIsReported()
    {
        td::ApiError error;
        const auto json = td::parseJsonObject(
            withItems(R"({"key":"1","type":"nope","label":{"en":"A"}},{"key":"b","type":"integer","min":3,"max":1})"),
            &error);
        QVERIFY(json);
        QVERIFY(!td::QuestionnaireDefinition::fromJson(*json, &error));
        QCOMPARE(error.code, u"invalid_definition"_s);
        const QStringList expected = {u"items[0].key"_s, u"items[0].type"_s, u"items[1].label.en"_s, u"items[1].max"_s};
        for (const QString &field : expected)
            QVERIFY2(error.fields.contains(field), qPrintable(error.fields.keys().join(u", "_s)));
    }

    void roundTrip()
    {
        const td::QuestionnaireDefinition d = fullDefinition();
        td::ApiError error;
        const auto again = td::QuestionnaireDefinition::fromJson(d.toJson(), &error);
        QVERIFY2(again, qPrintable(error.message));
        QCOMPARE(again->toJson(), d.toJson());
        QVERIFY(*again == d);
        QCOMPARE(again->contentHash(), d.contentHash());
        QCOMPARE(d.items.size(), 10);
        QCOMPARE(d.item(u"painScore"_s)->highest(), 10.0);
        QCOMPARE(d.item(u"wellbeing"_s)->lowest(), 0.0);
    }

    // What the server sends is what the desktop decodes, with or without the definition.
    void versionRoundTrip()
    {
        td::QuestionnaireVersion v;
        v.projectCode = u"NCT007"_s;
        v.version = 3;
        v.status = td::QuestionnaireVersion::Status::Published;
        v.definition = fullDefinition();
        v.contentHash = v.definition.contentHash();
        v.createdBy = u"pm"_s;
        v.createdAt = tdtest::fixedNow();
        v.publishedBy = u"pm"_s;
        v.publishedAt = tdtest::fixedNow().addSecs(60);
        v.signatureMeaning = u"Approved for use"_s;
        const QJsonObject json = v.toJson();
        QCOMPARE(json.value(u"status"_s).toString(), u"published"_s);
        QCOMPARE(json.value(u"key"_s).toString(), u"daily-symptoms"_s);
        QVERIFY(json.value(u"updatedAt"_s).isNull());
        const td::QuestionnaireVersion back = td::QuestionnaireVersion::fromJson(json);
        QCOMPARE(back.toJson(), json);
        QVERIFY(back.definition == v.definition);

        const QJsonObject summary = v.toJson(false);
        QVERIFY(!summary.contains(u"definition"_s));
        const td::QuestionnaireVersion listed = td::QuestionnaireVersion::fromJson(summary);
        QCOMPARE(listed.key(), u"daily-symptoms"_s);
        QCOMPARE(listed.definition.title.zhCN, u"每日症状"_s);
        QVERIFY(listed.definition.items.isEmpty());
        QCOMPARE(listed.toJson(false), summary);
    }

    void hashFollowsContent()
    {
        const td::QuestionnaireDefinition d = fullDefinition();
        QVERIFY(d.contentHash().startsWith(u"sha256:"_s));
        QCOMPARE(d.contentHash().size(), 7 + 64);
        td::QuestionnaireDefinition changed = d;
        changed.items[4].max = 99999;
        QVERIFY(changed.contentHash() != d.contentHash());
        td::QuestionnaireDefinition relabelled = d;
        relabelled.items[0].label.zhCN = u"疼吗？"_s;
        QVERIFY(relabelled.contentHash() != d.contentHash());
    }

    void publishProblems()
    {
        QVERIFY(fullDefinition().publishProblems().isEmpty());
        td::QuestionnaireDefinition d = fullDefinition();
        d.items[1].choices[2].label.zhCN.clear();
        d.title.zhCN.clear();
        const auto problems = d.publishProblems();
        QCOMPARE(problems.keys(), (QStringList{u"items[1].choices[2].label.zh_CN"_s, u"title.zh_CN"_s}));
    }

    void localizedText_data()
    {
        QTest::addColumn<QString>("locale");
        QTest::addColumn<QString>("expected");
        QTest::newRow("en") << u"en"_s << u"Any pain?"_s;
        QTest::newRow("en-GB") << u"en-GB"_s << u"Any pain?"_s;
        QTest::newRow("zh_CN") << u"zh_CN"_s << u"有疼痛吗？"_s;
        QTest::newRow("zh-Hans-CN") << u"zh-Hans-CN"_s << u"有疼痛吗？"_s;
        QTest::newRow("fr falls back to en") << u"fr"_s << u"Any pain?"_s;
    }
    void localizedText()
    {
        QFETCH(QString, locale);
        QFETCH(QString, expected);
        QCOMPARE(fullDefinition().items.at(0).label.text(locale), expected);
    }

    void chineseFallsBackToEnglish()
    {
        const td::LocalizedText onlyEnglish{u"Pain"_s, {}};
        QCOMPARE(onlyEnglish.text(u"zh_CN"_s), u"Pain"_s);
    }

    // Columns: the answers (JSON object text), and the offending paths, comma-separated
    // (empty: the answers fit).
    void answers_data()
    {
        QTest::addColumn<QByteArray>("answers");
        QTest::addColumn<QString>("fields");
        auto add = [](const char *name, const QByteArray &answers, const QString &fields = {}) {
            QTest::newRow(name) << answers << fields;
        };
        add("no pain", R"({"pain":false})");
        add("pain at the head", R"({"pain":true,"painSite":"head"})");
        add("pain elsewhere", R"({"pain":true,"painSite":"other","painOther":"knee"})");
        add("every item", R"({"pain":true,"painSite":"back","painScore":7,"steps":5400,"weight":71.5,)"
                          R"("wellbeing":62.5,"lastDose":"2026-03-01","wokeAt":"06:45","effects":["nausea","rash"]})");
        add("null is unanswered", R"({"pain":false,"steps":null})");
        add("empty", R"({})", u"answers.pain"_s);
        add("unknown item", R"({"pain":false,"colour":"red"})", u"answers.colour"_s);
        add("required hidden-chain item missing", R"({"pain":true})", u"answers.painSite"_s);
        add("shown item of second level missing", R"({"pain":true,"painSite":"other"})", u"answers.painOther"_s);
        add("hidden item answered", R"({"pain":false,"painSite":"head"})", u"answers.painSite"_s);
        add("second-level hidden item answered", R"({"pain":true,"painSite":"head","painOther":"knee"})",
            u"answers.painOther"_s);
        add("boolean as string", R"({"pain":"true"})", u"answers.pain"_s);
        add("boolean as number", R"({"pain":1})", u"answers.pain"_s);
        add("invalid choice", R"({"pain":true,"painSite":"knee"})", u"answers.painSite"_s);
        add("choice as array", R"({"pain":true,"painSite":["head"]})", u"answers.painSite"_s);
        add("text too long", R"({"pain":true,"painSite":"other","painOther":"123456789012345678901"})",
            u"answers.painOther"_s);
        add("text with control character", R"({"pain":true,"painSite":"other","painOther":"a\u0001"})",
            u"answers.painOther"_s);
        add("text as number", R"({"pain":true,"painSite":"other","painOther":5})", u"answers.painOther"_s);
        add("rating above 10", R"({"pain":false,"painScore":11})", u"answers.painScore"_s);
        add("rating below 0", R"({"pain":false,"painScore":-1})", u"answers.painScore"_s);
        add("rating fractional", R"({"pain":false,"painScore":2.5})", u"answers.painScore"_s);
        add("rating at the ends", R"({"pain":false,"painScore":0,"wellbeing":100})");
        add("integer fractional", R"({"pain":false,"steps":10.5})", u"answers.steps"_s);
        add("integer as string", R"({"pain":false,"steps":"10"})", u"answers.steps"_s);
        add("integer above max", R"({"pain":false,"steps":100001})", u"answers.steps"_s);
        add("integer written as 1.0", R"({"pain":false,"steps":10.0})");
        add("decimal below min", R"({"pain":false,"weight":19.99})", u"answers.weight"_s);
        add("decimal as string", R"({"pain":false,"weight":"70"})", u"answers.weight"_s);
        add("vas above 100", R"({"pain":false,"wellbeing":100.5})", u"answers.wellbeing"_s);
        add("date invalid", R"({"pain":false,"lastDose":"2026-02-30"})", u"answers.lastDose"_s);
        add("date with time", R"({"pain":false,"lastDose":"2026-02-03T10:00:00Z"})", u"answers.lastDose"_s);
        add("time invalid", R"({"pain":false,"wokeAt":"25:00"})", u"answers.wokeAt"_s);
        add("time with seconds", R"({"pain":false,"wokeAt":"06:45:00"})", u"answers.wokeAt"_s);
        add("multiple choice not array", R"({"pain":false,"effects":"rash"})", u"answers.effects"_s);
        add("multiple choice unknown code", R"({"pain":false,"effects":["rash","fever"]})", u"answers.effects"_s);
        add("multiple choice repeated", R"({"pain":false,"effects":["rash","rash"]})", u"answers.effects"_s);
        add("multiple choice empty", R"({"pain":false,"effects":[]})");
        add("several problems at once", R"({"steps":-1,"weight":"x","colour":1})",
            u"answers.colour,answers.pain,answers.steps,answers.weight"_s);
    }
    void answers()
    {
        QFETCH(QByteArray, answers);
        QFETCH(QString, fields);
        td::ApiError error;
        const auto json = td::parseJsonObject(answers, &error);
        QVERIFY2(json, qPrintable(error.message));
        const bool ok = fullDefinition().validateAnswers(*json, &error);
        if (fields.isEmpty()) {
            QVERIFY2(ok, qPrintable(error.message));
            return;
        }
        QVERIFY(!ok);
        QCOMPARE(error.code, u"invalid_answers"_s);
        QCOMPARE(error.kind, td::ApiError::Kind::Invalid);
        QCOMPARE(error.fields.keys().join(u','), fields);
    }
};

QTEST_APPLESS_MAIN(TestQuestionnaireDefinition)
#include "tst_questionnairedefinition.moc"

#pragma once

#include "ApiError.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>
#include <optional>

namespace td {

// A text shown to patients and staff, in the two languages TrialDesk ships.
// JSON: {"en": "...", "zh_CN": "..."}.
struct LocalizedText {
    QString en;
    QString zhCN;

    bool isEmpty() const { return en.isEmpty() && zhCN.isEmpty(); }
    // The text for a locale name such as "zh_CN", "zh-Hans-CN" or "en-GB"; English
    // when the Chinese text is missing.
    QString text(const QString &locale) const;
    QJsonObject toJson() const;
    friend bool operator==(const LocalizedText &, const LocalizedText &) = default;
};

// One question of a questionnaire.
struct QuestionnaireItem {
    enum class Type {
        Integer,
        Decimal,
        Text,
        Boolean,
        Date,           // "YYYY-MM-DD"
        Time,           // "HH:MM"
        SingleChoice,   // one choice code (a string)
        MultipleChoice, // an array of distinct choice codes
        RatingScale,    // numeric rating scale: an integer from min to max (default 0-10), with anchors
        VisualAnalogue, // visual analogue scale: a number from 0 to 100
    };
    struct Choice {
        QString code;
        LocalizedText label;
        friend bool operator==(const Choice &, const Choice &) = default;
    };
    // Shown only when the earlier item `item` was answered with `equals` (for a
    // multiple choice item: when its answer contains `equals`).
    struct Condition {
        QString item;
        QJsonValue equals;
        friend bool operator==(const Condition &, const Condition &) = default;
    };

    QString key; // an identifier ([A-Za-z][A-Za-z0-9_]*): it names the answer and the export column
    Type type = Type::Text;
    bool required = false;
    std::optional<double> min; // integer, decimal and rating scale only
    std::optional<double> max;
    std::optional<int> maxLength; // text only; kDefaultTextLength when absent
    QString unit;                 // e.g. "mmHg", for numbers
    QList<Choice> choices;        // the two choice types only
    LocalizedText label;
    LocalizedText help;
    LocalizedText minAnchor; // rating and visual analogue scales: what the ends mean
    LocalizedText maxAnchor;
    QString section; // key of a section of the definition, or empty
    std::optional<Condition> showWhen;

    static constexpr int kDefaultTextLength = 2000;

    static const QStringList &typeNames(); // JSON names, in the order of Type
    static QString typeName(Type type);
    static std::optional<Type> typeFromName(const QString &name);
    bool isNumeric() const { return type == Type::Integer || type == Type::Decimal || type == Type::RatingScale; }
    bool isChoice() const { return type == Type::SingleChoice || type == Type::MultipleChoice; }
    // The effective bounds: a rating scale defaults to 0-10, a visual analogue scale is 0-100.
    std::optional<double> lowest() const;
    std::optional<double> highest() const;
    const Choice *choice(const QString &code) const;
    QJsonObject toJson() const;
    friend bool operator==(const QuestionnaireItem &, const QuestionnaireItem &) = default;
};

struct QuestionnaireSection {
    QString key;
    LocalizedText title;
    friend bool operator==(const QuestionnaireSection &, const QuestionnaireSection &) = default;
};

// What a questionnaire asks: the content of one version of it. Which version it is,
// whether it is a draft or published, and who published it are stored beside it
// (QuestionnaireVersion); the content here is what the hash covers.
struct QuestionnaireDefinition {
    QString key; // stable across versions, e.g. "daily-symptoms"
    LocalizedText title;
    LocalizedText description;
    QList<QuestionnaireSection> sections;
    QList<QuestionnaireItem> items; // in the order they are asked

    static constexpr int kMaxItems = 300;
    static constexpr int kMaxChoices = 100;
    // The largest JSON text of a definition the server accepts (routes that take one).
    static constexpr qint64 kMaxJsonBytes = 512 * 1024;

    // Decodes and checks a definition as an editor saves it: every problem is
    // reported at once, by path ("items[2].choices[0].code"), with code
    // invalid_definition. Unknown members are rejected.
    static std::optional<QuestionnaireDefinition> fromJson(const QJsonObject &json, ApiError *error);
    QJsonObject toJson() const;

    // What must still be done before this definition can be published (texts
    // missing in one of the languages); empty when it can be.
    QMap<QString, QString> publishProblems() const;

    // "sha256:<hex>" of the canonical JSON of toJson(): what a publication signs.
    QString contentHash() const;

    // Checks a patient's answers: unknown item, wrong type, out of range, unknown
    // choice code, missing required item (unless its condition hides it), and an
    // answer to a hidden item. Returns false and fills `error` (code invalid_answers,
    // fields "answers.<item>") with every problem. A JSON null counts as unanswered.
    bool validateAnswers(const QJsonObject &answers, ApiError *error) const;

    const QuestionnaireItem *item(const QString &key) const;
    // Whether `item` is shown for these answers (its condition, and its condition's
    // item's condition, hold).
    bool isShown(const QuestionnaireItem &item, const QJsonObject &answers) const;

    friend bool operator==(const QuestionnaireDefinition &, const QuestionnaireDefinition &) = default;
};

} // namespace td

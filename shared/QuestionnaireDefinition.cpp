#include "QuestionnaireDefinition.h"

#include "JsonInput.h"

#include <QCryptographicHash>
#include <QDate>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSet>
#include <QTime>
#include <cmath>

using namespace Qt::StringLiterals;

namespace td {

namespace {

constexpr int kMaxLabelLength = 500;
constexpr int kMaxHelpLength = 2000;
constexpr int kMaxUnitLength = 32;
constexpr int kMaxTextLengthLimit = 10000;
constexpr double kMaxMagnitude = 1e12; // bounds of numeric items, well inside double's exact integers

// Collects problems by path; the first code wins, like FieldReader.
class Problems
{
public:
    explicit Problems(QString code)
        : m_code(std::move(code))
    {}
    void add(const QString &path, const QString &problem)
    {
        if (!m_fields.contains(path))
            m_fields.insert(path, problem);
    }
    bool isEmpty() const { return m_fields.isEmpty(); }
    const QMap<QString, QString> &fields() const { return m_fields; }
    ApiError error(const QString &what) const
    {
        QStringList parts;
        for (auto it = m_fields.cbegin(); it != m_fields.cend(); ++it)
            parts << it.key() % u": "_s % it.value();
        return ApiError::invalid(m_code, what % parts.join(u"; "_s) % u'.', m_fields);
    }

private:
    QString m_code;
    QMap<QString, QString> m_fields;
};

QString child(const QString &path, const QString &member)
{
    return path.isEmpty() ? member : path % u'.' % member;
}

QString indexed(const QString &path, qsizetype index)
{
    return path % u'[' % QString::number(index) % u']';
}

void rejectUnknown(const QJsonObject &object, const QStringList &known, const QString &path, Problems &problems)
{
    for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
        if (!known.contains(it.key()))
            problems.add(child(path, it.key()), u"unknown field"_s);
    }
}

// An optional string member; "" when absent or null.
QString readString(const QJsonObject &object, const QString &member, const QString &path, int maxLength,
                   Problems &problems, bool allowNewlines = false)
{
    const QJsonValue v = object.value(member);
    if (v.isUndefined() || v.isNull())
        return {};
    const QString where = child(path, member);
    if (!v.isString()) {
        problems.add(where, u"must be a string"_s);
        return {};
    }
    const QString s = v.toString();
    if (s.size() > maxLength)
        problems.add(where, u"must be at most %1 characters"_s.arg(maxLength));
    else if (hasForbiddenCharacters(s, allowNewlines))
        problems.add(where, u"contains control characters"_s);
    return s.trimmed();
}

LocalizedText readText(const QJsonObject &object, const QString &member, const QString &path, int maxLength,
                       Problems &problems, bool required)
{
    const QJsonValue v = object.value(member);
    const QString where = child(path, member);
    if (v.isUndefined() || v.isNull()) {
        if (required)
            problems.add(child(where, u"en"_s), u"is required"_s);
        return {};
    }
    if (!v.isObject()) {
        problems.add(where, u"must be an object with \"en\" and \"zh_CN\" texts"_s);
        return {};
    }
    const QJsonObject o = v.toObject();
    rejectUnknown(o, {u"en"_s, u"zh_CN"_s}, where, problems);
    const bool multiline = maxLength > kMaxLabelLength;
    LocalizedText text{readString(o, u"en"_s, where, maxLength, problems, multiline),
                       readString(o, u"zh_CN"_s, where, maxLength, problems, multiline)};
    if (required && text.en.isEmpty())
        problems.add(child(where, u"en"_s), u"is required"_s);
    return text;
}

std::optional<double> readNumber(const QJsonObject &object, const QString &member, const QString &path,
                                 Problems &problems)
{
    const QJsonValue v = object.value(member);
    if (v.isUndefined() || v.isNull())
        return std::nullopt;
    if (!v.isDouble() || !std::isfinite(v.toDouble()) || std::abs(v.toDouble()) > kMaxMagnitude) {
        problems.add(child(path, member), u"must be a number between -1e12 and 1e12"_s);
        return std::nullopt;
    }
    return v.toDouble();
}

bool isIntegral(double d)
{
    return std::isfinite(d) && std::floor(d) == d && std::abs(d) <= kMaxMagnitude;
}

const QRegularExpression &definitionKeyPattern()
{
    static const QRegularExpression pattern(u"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}\\z"_s);
    return pattern;
}

const QRegularExpression &itemKeyPattern()
{
    static const QRegularExpression pattern(u"^[A-Za-z][A-Za-z0-9_]{0,63}\\z"_s);
    return pattern;
}

const QRegularExpression &choiceCodePattern()
{
    static const QRegularExpression pattern(u"^[A-Za-z0-9][A-Za-z0-9._-]{0,31}\\z"_s);
    return pattern;
}

void putText(QJsonObject &json, const QString &member, const LocalizedText &text)
{
    if (!text.isEmpty())
        json.insert(member, text.toJson());
}

QString numberText(double d)
{
    return QString::number(d, 'g', 15);
}

// Checks `value` as an answer to `item`; returns the problem or an empty string.
QString answerProblem(const QuestionnaireItem &item, const QJsonValue &value)
{
    using Type = QuestionnaireItem::Type;
    auto range = [&](double d) -> QString {
        const auto lo = item.lowest();
        const auto hi = item.highest();
        if ((lo && d < *lo) || (hi && d > *hi)) {
            if (lo && hi)
                return u"must be between %1 and %2"_s.arg(numberText(*lo), numberText(*hi));
            return lo ? u"must be at least %1"_s.arg(numberText(*lo)) : u"must be at most %1"_s.arg(numberText(*hi));
        }
        return {};
    };
    switch (item.type) {
    case Type::Integer:
    case Type::RatingScale:
        if (!value.isDouble() || !isIntegral(value.toDouble()))
            return u"must be a whole number"_s;
        return range(value.toDouble());
    case Type::Decimal:
    case Type::VisualAnalogue:
        if (!value.isDouble() || !std::isfinite(value.toDouble()))
            return u"must be a number"_s;
        return range(value.toDouble());
    case Type::Text: {
        if (!value.isString())
            return u"must be a string"_s;
        const QString s = value.toString();
        const int limit = item.maxLength.value_or(QuestionnaireItem::kDefaultTextLength);
        if (s.size() > limit)
            return u"must be at most %1 characters"_s.arg(limit);
        if (hasForbiddenCharacters(s, true))
            return u"contains control characters"_s;
        return {};
    }
    case Type::Boolean:
        return value.isBool() ? QString() : u"must be true or false"_s;
    case Type::Date:
        if (!value.isString() || value.toString().size() != 10
            || !QDate::fromString(value.toString(), Qt::ISODate).isValid())
            return u"must be a date (YYYY-MM-DD)"_s;
        return {};
    case Type::Time:
        if (!value.isString() || value.toString().size() != 5
            || !QTime::fromString(value.toString(), u"HH:mm"_s).isValid())
            return u"must be a time (HH:MM)"_s;
        return {};
    case Type::SingleChoice:
        if (!value.isString() || !item.choice(value.toString()))
            return u"must be one of the choice codes"_s;
        return {};
    case Type::MultipleChoice: {
        if (!value.isArray())
            return u"must be an array of choice codes"_s;
        QSet<QString> seen;
        for (const QJsonValue &v : value.toArray()) {
            if (!v.isString() || !item.choice(v.toString()))
                return u"must contain only choice codes"_s;
            if (seen.contains(v.toString()))
                return u"must not repeat a choice"_s;
            seen.insert(v.toString());
        }
        return {};
    }
    }
    return u"has an unknown type"_s;
}

// Whether `answer` (present) satisfies a condition value.
bool conditionHolds(const QuestionnaireItem &on, const QJsonValue &answer, const QJsonValue &equals)
{
    if (on.type == QuestionnaireItem::Type::MultipleChoice)
        return answer.isArray() && answer.toArray().contains(equals);
    if (answer.isDouble() && equals.isDouble())
        return answer.toDouble() == equals.toDouble();
    return answer == equals;
}

QuestionnaireItem readItem(const QJsonObject &o, const QString &path, Problems &problems)
{
    using Type = QuestionnaireItem::Type;
    rejectUnknown(o,
                  {u"key"_s, u"type"_s, u"required"_s, u"min"_s, u"max"_s, u"maxLength"_s, u"unit"_s, u"choices"_s,
                   u"label"_s, u"help"_s, u"minAnchor"_s, u"maxAnchor"_s, u"section"_s, u"showWhen"_s},
                  path, problems);
    QuestionnaireItem item;
    const QJsonValue key = o.value(u"key"_s);
    if (!key.isString() || !itemKeyPattern().match(key.toString()).hasMatch())
        problems.add(child(path, u"key"_s), u"is required: a letter, then up to 63 letters, digits or _"_s);
    else
        item.key = key.toString();

    const auto type = QuestionnaireItem::typeFromName(o.value(u"type"_s).toString());
    if (!type)
        problems.add(child(path, u"type"_s), u"must be one of: "_s % QuestionnaireItem::typeNames().join(u", "_s));
    else
        item.type = *type;

    const QJsonValue required = o.value(u"required"_s);
    if (!required.isUndefined() && !required.isNull() && !required.isBool())
        problems.add(child(path, u"required"_s), u"must be true or false"_s);
    item.required = required.toBool(false);

    item.label = readText(o, u"label"_s, path, kMaxLabelLength, problems, true);
    item.help = readText(o, u"help"_s, path, kMaxHelpLength, problems, false);
    item.minAnchor = readText(o, u"minAnchor"_s, path, kMaxLabelLength, problems, false);
    item.maxAnchor = readText(o, u"maxAnchor"_s, path, kMaxLabelLength, problems, false);
    item.unit = readString(o, u"unit"_s, path, kMaxUnitLength, problems);
    item.section = readString(o, u"section"_s, path, 64, problems);
    item.min = readNumber(o, u"min"_s, path, problems);
    item.max = readNumber(o, u"max"_s, path, problems);

    const bool bounded = type && (item.isNumeric());
    if ((item.min || item.max) && type && !bounded)
        problems.add(child(path, item.min ? u"min"_s : u"max"_s),
                     u"only integer, decimal and rating scale items have bounds"_s);
    if (item.min && item.max && *item.min > *item.max)
        problems.add(child(path, u"max"_s), u"must not be less than min"_s);
    if (type && (*type == Type::Integer || *type == Type::RatingScale)) {
        if (item.min && !isIntegral(*item.min))
            problems.add(child(path, u"min"_s), u"must be a whole number"_s);
        if (item.max && !isIntegral(*item.max))
            problems.add(child(path, u"max"_s), u"must be a whole number"_s);
    }
    if (type && *type == Type::RatingScale && item.lowest() && item.highest() && *item.highest() - *item.lowest() > 100)
        problems.add(child(path, u"max"_s), u"a rating scale has at most 101 points"_s);

    const QJsonValue maxLength = o.value(u"maxLength"_s);
    if (!maxLength.isUndefined() && !maxLength.isNull()) {
        if (type && *type != Type::Text)
            problems.add(child(path, u"maxLength"_s), u"only text items have a maximum length"_s);
        else if (!maxLength.isDouble() || !isIntegral(maxLength.toDouble()) || maxLength.toDouble() < 1
                 || maxLength.toDouble() > kMaxTextLengthLimit)
            problems.add(child(path, u"maxLength"_s),
                         u"must be a whole number from 1 to %1"_s.arg(kMaxTextLengthLimit));
        else
            item.maxLength = maxLength.toInt();
    }

    const QJsonValue choices = o.value(u"choices"_s);
    const QString choicesPath = child(path, u"choices"_s);
    if (type && item.isChoice()) {
        if (!choices.isArray() || choices.toArray().size() < 2)
            problems.add(choicesPath, u"must list at least 2 choices"_s);
        else if (choices.toArray().size() > QuestionnaireDefinition::kMaxChoices)
            problems.add(choicesPath, u"must list at most %1 choices"_s.arg(QuestionnaireDefinition::kMaxChoices));
        else {
            const QJsonArray list = choices.toArray();
            for (qsizetype i = 0; i < list.size(); ++i) {
                const QString at = indexed(choicesPath, i);
                if (!list.at(i).isObject()) {
                    problems.add(at, u"must be an object with code and label"_s);
                    continue;
                }
                const QJsonObject c = list.at(i).toObject();
                rejectUnknown(c, {u"code"_s, u"label"_s}, at, problems);
                QuestionnaireItem::Choice choice;
                const QJsonValue code = c.value(u"code"_s);
                if (!code.isString() || !choiceCodePattern().match(code.toString()).hasMatch())
                    problems.add(child(at, u"code"_s), u"is required: up to 32 letters, digits, . _ -"_s);
                else if (item.choice(code.toString()))
                    problems.add(child(at, u"code"_s), u"repeats an earlier choice's code"_s);
                else
                    choice.code = code.toString();
                choice.label = readText(c, u"label"_s, at, kMaxLabelLength, problems, true);
                item.choices << choice;
            }
        }
    } else if (!choices.isUndefined() && !choices.isNull() && type) {
        problems.add(choicesPath, u"only choice items have choices"_s);
    }

    const QJsonValue showWhen = o.value(u"showWhen"_s);
    if (!showWhen.isUndefined() && !showWhen.isNull()) {
        const QString at = child(path, u"showWhen"_s);
        if (!showWhen.isObject()) {
            problems.add(at, u"must be an object with item and equals"_s);
        } else {
            const QJsonObject c = showWhen.toObject();
            rejectUnknown(c, {u"item"_s, u"equals"_s}, at, problems);
            QuestionnaireItem::Condition condition{c.value(u"item"_s).toString(), c.value(u"equals"_s)};
            if (condition.item.isEmpty())
                problems.add(child(at, u"item"_s), u"is required"_s);
            if (condition.equals.isUndefined() || condition.equals.isNull())
                problems.add(child(at, u"equals"_s), u"is required"_s);
            item.showWhen = condition; // checked against the earlier items by the caller
        }
    }
    return item;
}

} // namespace

QString LocalizedText::text(const QString &locale) const
{
    if (locale.startsWith(u"zh"_s, Qt::CaseInsensitive) && !zhCN.isEmpty())
        return zhCN;
    return en.isEmpty() ? zhCN : en;
}

QJsonObject LocalizedText::toJson() const
{
    QJsonObject json;
    if (!en.isEmpty())
        json.insert(u"en"_s, en);
    if (!zhCN.isEmpty())
        json.insert(u"zh_CN"_s, zhCN);
    return json;
}

const QStringList &QuestionnaireItem::typeNames()
{
    static const QStringList names = {
        u"integer"_s, u"decimal"_s,      u"text"_s,           u"boolean"_s,     u"date"_s,
        u"time"_s,    u"singleChoice"_s, u"multipleChoice"_s, u"ratingScale"_s, u"visualAnalogueScale"_s};
    return names;
}

QString QuestionnaireItem::typeName(Type type)
{
    return typeNames().at(static_cast<int>(type));
}

std::optional<QuestionnaireItem::Type> QuestionnaireItem::typeFromName(const QString &name)
{
    const qsizetype i = typeNames().indexOf(name);
    return i < 0 ? std::nullopt : std::optional<Type>(static_cast<Type>(i));
}

std::optional<double> QuestionnaireItem::lowest() const
{
    if (type == Type::VisualAnalogue)
        return 0.0;
    if (type == Type::RatingScale)
        return min.value_or(0.0);
    return min;
}

std::optional<double> QuestionnaireItem::highest() const
{
    if (type == Type::VisualAnalogue)
        return 100.0;
    if (type == Type::RatingScale)
        return max.value_or(10.0);
    return max;
}

const QuestionnaireItem::Choice *QuestionnaireItem::choice(const QString &code) const
{
    for (const Choice &c : choices) {
        if (c.code == code)
            return &c;
    }
    return nullptr;
}

QString QuestionnaireItem::problemWith(const QJsonValue &value) const
{
    return answerProblem(*this, value);
}

QJsonObject QuestionnaireItem::toJson() const
{
    QJsonObject json{{u"key"_s, key}, {u"type"_s, typeName(type)}, {u"required"_s, required}};
    putText(json, u"label"_s, label);
    putText(json, u"help"_s, help);
    putText(json, u"minAnchor"_s, minAnchor);
    putText(json, u"maxAnchor"_s, maxAnchor);
    if (min)
        json.insert(u"min"_s, *min);
    if (max)
        json.insert(u"max"_s, *max);
    if (maxLength)
        json.insert(u"maxLength"_s, *maxLength);
    if (!unit.isEmpty())
        json.insert(u"unit"_s, unit);
    if (!section.isEmpty())
        json.insert(u"section"_s, section);
    if (isChoice()) {
        QJsonArray list;
        for (const Choice &c : choices)
            list.append(QJsonObject{{u"code"_s, c.code}, {u"label"_s, c.label.toJson()}});
        json.insert(u"choices"_s, list);
    }
    if (showWhen)
        json.insert(u"showWhen"_s, QJsonObject{{u"item"_s, showWhen->item}, {u"equals"_s, showWhen->equals}});
    return json;
}

std::optional<QuestionnaireDefinition> QuestionnaireDefinition::fromJson(const QJsonObject &json, ApiError *error)
{
    Problems problems(u"invalid_definition"_s);
    rejectUnknown(json, {u"key"_s, u"title"_s, u"description"_s, u"sections"_s, u"items"_s}, {}, problems);
    QuestionnaireDefinition d;
    const QJsonValue key = json.value(u"key"_s);
    if (!key.isString() || !definitionKeyPattern().match(key.toString()).hasMatch())
        problems.add(u"key"_s, u"is required: up to 64 letters, digits, . _ -"_s);
    else
        d.key = key.toString();
    d.title = readText(json, u"title"_s, {}, kMaxLabelLength, problems, true);
    d.description = readText(json, u"description"_s, {}, kMaxHelpLength, problems, false);

    const QJsonValue sections = json.value(u"sections"_s);
    if (!sections.isUndefined() && !sections.isNull()) {
        if (!sections.isArray() || sections.toArray().size() > 50) {
            problems.add(u"sections"_s, u"must be an array of at most 50 sections"_s);
        } else {
            const QJsonArray list = sections.toArray();
            for (qsizetype i = 0; i < list.size(); ++i) {
                const QString at = indexed(u"sections"_s, i);
                const QJsonObject s = list.at(i).toObject();
                if (!list.at(i).isObject()) {
                    problems.add(at, u"must be an object with key and title"_s);
                    continue;
                }
                rejectUnknown(s, {u"key"_s, u"title"_s}, at, problems);
                QuestionnaireSection section;
                section.key = s.value(u"key"_s).toString();
                if (!itemKeyPattern().match(section.key).hasMatch())
                    problems.add(child(at, u"key"_s), u"is required: a letter, then up to 63 letters, digits or _"_s);
                else if (std::any_of(d.sections.cbegin(), d.sections.cend(),
                                     [&](const QuestionnaireSection &e) { return e.key == section.key; }))
                    problems.add(child(at, u"key"_s), u"repeats an earlier section's key"_s);
                section.title = readText(s, u"title"_s, at, kMaxLabelLength, problems, true);
                d.sections << section;
            }
        }
    }

    const QJsonValue items = json.value(u"items"_s);
    if (!items.isArray() || items.toArray().isEmpty() || items.toArray().size() > kMaxItems) {
        problems.add(u"items"_s, u"must be an array of 1 to %1 items"_s.arg(kMaxItems));
    } else {
        const QJsonArray list = items.toArray();
        for (qsizetype i = 0; i < list.size(); ++i) {
            const QString at = indexed(u"items"_s, i);
            if (!list.at(i).isObject()) {
                problems.add(at, u"must be an object"_s);
                continue;
            }
            QuestionnaireItem item = readItem(list.at(i).toObject(), at, problems);
            if (!item.key.isEmpty() && d.item(item.key))
                problems.add(child(at, u"key"_s), u"repeats an earlier item's key"_s);
            if (!item.section.isEmpty()
                && std::none_of(d.sections.cbegin(), d.sections.cend(),
                                [&](const QuestionnaireSection &s) { return s.key == item.section; }))
                problems.add(child(at, u"section"_s), u"names no section of this questionnaire"_s);
            if (item.showWhen && !item.showWhen->item.isEmpty()) {
                // Conditions point backwards only, so they can never form a cycle.
                const QString where = child(at, u"showWhen.item"_s);
                const QuestionnaireItem *on = d.item(item.showWhen->item);
                using Type = QuestionnaireItem::Type;
                if (!on)
                    problems.add(where, u"must name an earlier item"_s);
                else if (on->type == Type::Text || on->type == Type::Decimal || on->type == Type::VisualAnalogue
                         || on->type == Type::Date || on->type == Type::Time)
                    problems.add(where, u"must name a boolean, choice, integer or rating scale item"_s);
                else if (!item.showWhen->equals.isUndefined() && !item.showWhen->equals.isNull()) {
                    QuestionnaireItem probe = *on;
                    probe.type = on->type == Type::MultipleChoice ? Type::SingleChoice : on->type;
                    if (!answerProblem(probe, item.showWhen->equals).isEmpty())
                        problems.add(child(at, u"showWhen.equals"_s),
                                     u"is not a possible answer to item %1"_s.arg(on->key));
                }
            }
            d.items << item;
        }
    }

    if (!problems.isEmpty()) {
        if (error)
            *error = problems.error(u"Invalid questionnaire definition: "_s);
        return std::nullopt;
    }
    return d;
}

QJsonObject QuestionnaireDefinition::toJson() const
{
    QJsonObject json{{u"key"_s, key}, {u"title"_s, title.toJson()}};
    putText(json, u"description"_s, description);
    if (!sections.isEmpty()) {
        QJsonArray list;
        for (const QuestionnaireSection &s : sections)
            list.append(QJsonObject{{u"key"_s, s.key}, {u"title"_s, s.title.toJson()}});
        json.insert(u"sections"_s, list);
    }
    QJsonArray list;
    for (const QuestionnaireItem &item : items)
        list.append(item.toJson());
    json.insert(u"items"_s, list);
    return json;
}

QMap<QString, QString> QuestionnaireDefinition::publishProblems() const
{
    QMap<QString, QString> problems;
    auto need = [&](const LocalizedText &text, const QString &path) {
        if (!text.en.isEmpty() && text.zhCN.isEmpty())
            problems.insert(path % u".zh_CN"_s, u"needs its Chinese text before publishing"_s);
        if (text.en.isEmpty() && !text.zhCN.isEmpty())
            problems.insert(path % u".en"_s, u"needs its English text before publishing"_s);
    };
    need(title, u"title"_s);
    need(description, u"description"_s);
    for (qsizetype i = 0; i < sections.size(); ++i)
        need(sections.at(i).title, indexed(u"sections"_s, i) % u".title"_s);
    for (qsizetype i = 0; i < items.size(); ++i) {
        const QuestionnaireItem &item = items.at(i);
        const QString at = indexed(u"items"_s, i);
        need(item.label, at % u".label"_s);
        need(item.help, at % u".help"_s);
        need(item.minAnchor, at % u".minAnchor"_s);
        need(item.maxAnchor, at % u".maxAnchor"_s);
        for (qsizetype c = 0; c < item.choices.size(); ++c)
            need(item.choices.at(c).label, indexed(at % u".choices"_s, c) % u".label"_s);
    }
    return problems;
}

QString QuestionnaireDefinition::contentHash() const
{
    // QJsonObject keeps members sorted, so the compact text is canonical.
    const QByteArray text = QJsonDocument(toJson()).toJson(QJsonDocument::Compact);
    return u"sha256:"_s % QString::fromLatin1(QCryptographicHash::hash(text, QCryptographicHash::Sha256).toHex());
}

const QuestionnaireItem *QuestionnaireDefinition::item(const QString &key) const
{
    for (const QuestionnaireItem &i : items) {
        if (i.key == key)
            return &i;
    }
    return nullptr;
}

bool QuestionnaireDefinition::isShown(const QuestionnaireItem &item, const QJsonObject &answers) const
{
    // Conditions point to earlier items only (fromJson checks), so this ends.
    const QuestionnaireItem *current = &item;
    while (current->showWhen) {
        const QuestionnaireItem *on = this->item(current->showWhen->item);
        if (!on)
            return false;
        const QJsonValue answer = answers.value(on->key);
        if (answer.isUndefined() || answer.isNull() || !conditionHolds(*on, answer, current->showWhen->equals))
            return false;
        current = on;
    }
    return true;
}

bool QuestionnaireDefinition::validateAnswers(const QJsonObject &answers, ApiError *error) const
{
    Problems problems(u"invalid_answers"_s);
    for (auto it = answers.constBegin(); it != answers.constEnd(); ++it) {
        if (!item(it.key()))
            problems.add(u"answers."_s % it.key(), u"is not an item of %1"_s.arg(key));
    }
    for (const QuestionnaireItem &i : items) {
        const QJsonValue value = answers.value(i.key);
        const bool answered = !value.isUndefined() && !value.isNull();
        const QString path = u"answers."_s % i.key;
        if (!isShown(i, answers)) {
            if (answered)
                problems.add(path, u"must not be answered: the question is not shown for these answers"_s);
            continue;
        }
        if (!answered) {
            if (i.required)
                problems.add(path, u"is required"_s);
            continue;
        }
        const QString problem = answerProblem(i, value);
        if (!problem.isEmpty())
            problems.add(path, problem);
    }
    if (!problems.isEmpty()) {
        if (error)
            *error = problems.error(u"The answers do not fit questionnaire %1: "_s.arg(key));
        return false;
    }
    return true;
}

} // namespace td

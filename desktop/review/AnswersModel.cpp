#include "AnswersModel.h"

#include <QColor>
#include <QJsonArray>
#include <QLocale>
#include <algorithm>

using namespace Qt::StringLiterals;

namespace td {

namespace {

bool isNested(const QJsonValue &value)
{
    if (value.isObject())
        return true;
    if (!value.isArray())
        return false;
    const QJsonArray array = value.toArray();
    return std::any_of(array.begin(), array.end(), [](const QJsonValue &v) { return v.isObject() || v.isArray(); });
}

} // namespace

// The shared library says what is wrong in English (for the API); staff read it here
// in their language.
QString AnswersModel::problemText(const QuestionnaireItem &item, const QJsonValue &value)
{
    const auto lo = item.lowest();
    const auto hi = item.highest();
    if (value.isDouble() && (lo || hi)) {
        const double d = value.toDouble();
        if ((lo && d < *lo) || (hi && d > *hi)) {
            const QLocale locale;
            if (lo && hi)
                return tr("Outside the range %1 to %2.").arg(locale.toString(*lo), locale.toString(*hi));
            return lo ? tr("Below the minimum %1.").arg(locale.toString(*lo))
                      : tr("Above the maximum %1.").arg(locale.toString(*hi));
        }
    }
    if (item.isChoice())
        return tr("Not one of the question's choices.");
    return tr("Not a valid answer to this question.");
}

AnswersModel::AnswersModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

QString AnswersModel::readableKey(const QString &key)
{
    QString text;
    for (int i = 0; i < key.size(); ++i) {
        const QChar c = key.at(i);
        if (c == u'_' || c == u'-') {
            text += u' ';
        } else if (c.isUpper() && i > 0 && key.at(i - 1).isLower()) {
            text += u' ';
            text += c.toLower();
        } else {
            text += c;
        }
    }
    if (!text.isEmpty())
        text[0] = text.at(0).toUpper();
    return text;
}

QString AnswersModel::readableValue(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Bool:
        return value.toBool() ? tr("Yes") : tr("No");
    case QJsonValue::Double: {
        const double d = value.toDouble();
        return QLocale().toString(d, 'g', 12);
    }
    case QJsonValue::String:
        return value.toString();
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        return tr("(no answer)");
    case QJsonValue::Array: {
        const QJsonArray array = value.toArray();
        if (array.isEmpty())
            return tr("(none)");
        QStringList parts;
        for (const QJsonValue &v : array)
            parts << readableValue(v);
        return parts.join(u", "_s);
    }
    case QJsonValue::Object:
        break;
    }
    return {};
}

void AnswersModel::appendValue(int depth, const QString &key, const QString &label, const QJsonValue &value)
{
    if (!isNested(value)) {
        m_rows.append({depth, key, label, readableValue(value), {}});
        return;
    }
    m_rows.append({depth, key, label, {}, {}});
    if (value.isObject()) {
        const QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it)
            appendValue(depth + 1, it.key(), readableKey(it.key()), it.value());
    } else {
        const QJsonArray array = value.toArray();
        for (qsizetype i = 0; i < array.size(); ++i)
            appendValue(depth + 1, QString::number(i + 1), tr("#%1").arg(i + 1), array.at(i));
    }
}

void AnswersModel::setAnswers(const QJsonObject &answers)
{
    beginResetModel();
    m_rows.clear();
    for (auto it = answers.begin(); it != answers.end(); ++it)
        appendValue(0, it.key(), readableKey(it.key()), it.value());
    endResetModel();
}

void AnswersModel::setAnswers(const QJsonObject &answers, const QuestionnaireDefinition &definition,
                              const QString &language)
{
    const QString lang = language.isEmpty() ? QLocale().name() : language;
    beginResetModel();
    m_rows.clear();
    for (const QuestionnaireItem &item : definition.items) {
        const QJsonValue value = answers.value(item.key);
        if (value.isUndefined() || value.isNull()) {
            if (definition.isShown(item, answers))
                m_rows.append({0, item.key, item.label.text(lang), readableValue(QJsonValue::Null),
                               item.required ? tr("A required question was not answered.") : QString()});
            continue; // a hidden question was not asked
        }
        QString text;
        if (item.isChoice()) {
            QStringList labels;
            const QJsonArray codes = value.isArray() ? value.toArray() : QJsonArray{value};
            for (const QJsonValue &code : codes) {
                const auto *choice = item.choice(code.toString());
                labels << (choice ? choice->label.text(lang) : readableValue(code));
            }
            text = labels.isEmpty() ? tr("(none)") : labels.join(u", "_s);
        } else {
            text = readableValue(value);
            if (!item.unit.isEmpty() && value.isDouble())
                text += u' ' % item.unit;
        }
        QString problem;
        if (!item.problemWith(value).isEmpty())
            problem = problemText(item, value);
        else if (!definition.isShown(item, answers))
            problem = tr("This question is not asked for these answers.");
        m_rows.append({0, item.key, item.label.text(lang), text, problem.isEmpty() ? QString() : problem});
    }
    for (auto it = answers.begin(); it != answers.end(); ++it) {
        if (definition.item(it.key()))
            continue;
        const qsizetype first = m_rows.size();
        appendValue(0, it.key(), readableKey(it.key()), it.value());
        m_rows[first].problem = tr("Not a question of this questionnaire.");
    }
    endResetModel();
}

int AnswersModel::problemCount() const
{
    return int(std::count_if(m_rows.cbegin(), m_rows.cend(), [](const Row &r) { return !r.problem.isEmpty(); }));
}

int AnswersModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int AnswersModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant AnswersModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        if (index.column() == QuestionColumn)
            return QString(QString(row.depth * 4, u' ') + row.label);
        return row.value;
    case Qt::ToolTipRole:
        if (!row.problem.isEmpty())
            return row.problem;
        return index.column() == QuestionColumn ? row.key : row.value;
    case Qt::ForegroundRole:
        if (!row.problem.isEmpty())
            return QColor(0xc6, 0x28, 0x28);
        return {};
    case Qt::DecorationRole:
        if (!row.problem.isEmpty() && index.column() == AnswerColumn)
            return QColor(0xc6, 0x28, 0x28);
        return {};
    case ProblemRole:
        return row.problem;
    case DepthRole:
        return row.depth;
    case KeyRole:
        return row.key;
    }
    return {};
}

QVariant AnswersModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    return section == QuestionColumn ? tr("Question") : tr("Answer");
}

} // namespace td

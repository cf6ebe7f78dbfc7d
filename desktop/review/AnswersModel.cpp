#include "AnswersModel.h"

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
        m_rows.append({depth, key, label, readableValue(value)});
        return;
    }
    m_rows.append({depth, key, label, {}});
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
        return index.column() == QuestionColumn ? row.key : row.value;
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

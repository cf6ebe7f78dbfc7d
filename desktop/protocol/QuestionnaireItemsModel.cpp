#include "QuestionnaireItemsModel.h"

#include <QBrush>
#include <QColor>
#include <QLocale>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace td {

namespace {

QString numberText(const std::optional<double> &value)
{
    return value ? QLocale().toString(*value, 'g', 15) : QString();
}

// Accepts the user's locale and the C locale ("1,5" and "1.5" in German); empty
// means no bound.
std::optional<std::optional<double>> parseBound(const QString &text)
{
    const QString t = text.trimmed();
    if (t.isEmpty())
        return std::optional<double>();
    bool ok = false;
    double d = QLocale().toDouble(t, &ok);
    if (!ok)
        d = QLocale::c().toDouble(t, &ok);
    if (!ok)
        return std::nullopt;
    return std::optional<double>(d);
}

} // namespace

QuestionnaireItemsModel::QuestionnaireItemsModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

int QuestionnaireItemsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_items.size());
}

int QuestionnaireItemsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString QuestionnaireItemsModel::typeDisplayName(QuestionnaireItem::Type type)
{
    using Type = QuestionnaireItem::Type;
    switch (type) {
    case Type::Integer:
        return tr("Whole number");
    case Type::Decimal:
        return tr("Decimal number");
    case Type::Text:
        return tr("Text");
    case Type::Boolean:
        return tr("Yes / no");
    case Type::Date:
        return tr("Date");
    case Type::Time:
        return tr("Time");
    case Type::SingleChoice:
        return tr("Single choice");
    case Type::MultipleChoice:
        return tr("Multiple choice");
    case Type::RatingScale:
        return tr("Rating scale");
    case Type::VisualAnalogue:
        return tr("Visual analogue scale");
    }
    return {};
}

QVariant QuestionnaireItemsModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_items.size())
        return {};
    const QuestionnaireItem &item = m_items.at(index.row());
    const QStringList rowProblems = m_problems.value(index.row());
    if (!rowProblems.isEmpty()) {
        if (role == Qt::ToolTipRole)
            return rowProblems.join(u'\n');
        if (role == Qt::BackgroundRole)
            return QBrush(QColor(0xfd, 0xec, 0xea)); // the error banner's background
    }
    if (role == Qt::CheckStateRole && index.column() == RequiredColumn)
        return item.required ? Qt::Checked : Qt::Unchecked;
    if (role != Qt::DisplayRole && role != Qt::EditRole)
        return {};
    switch (index.column()) {
    case KeyColumn:
        return item.key;
    case TypeColumn:
        return typeDisplayName(item.type);
    case RequiredColumn:
        return {};
    case MinColumn:
        return role == Qt::DisplayRole && !item.min && item.isNumeric() ? numberText(item.lowest())
                                                                        : numberText(item.min);
    case MaxColumn:
        return role == Qt::DisplayRole && !item.max && item.isNumeric() ? numberText(item.highest())
                                                                        : numberText(item.max);
    case UnitColumn:
        return item.unit;
    case LabelEnColumn:
        return item.label.en;
    case LabelZhColumn:
        return item.label.zhCN;
    }
    return {};
}

QVariant QuestionnaireItemsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case KeyColumn:
        return tr("Key");
    case TypeColumn:
        return tr("Type");
    case RequiredColumn:
        return tr("Required");
    case MinColumn:
        return tr("Min");
    case MaxColumn:
        return tr("Max");
    case UnitColumn:
        return tr("Unit");
    case LabelEnColumn:
        return tr("Label (English)");
    case LabelZhColumn:
        return tr("Label (Chinese)");
    }
    return {};
}

Qt::ItemFlags QuestionnaireItemsModel::flags(const QModelIndex &index) const
{
    Qt::ItemFlags f = QAbstractTableModel::flags(index);
    if (!index.isValid() || !m_editable)
        return f;
    const QuestionnaireItem &item = m_items.at(index.row());
    switch (index.column()) {
    case KeyColumn:
    case LabelEnColumn:
    case LabelZhColumn:
        return f | Qt::ItemIsEditable;
    case RequiredColumn:
        return f | Qt::ItemIsUserCheckable;
    case MinColumn:
    case MaxColumn:
    case UnitColumn:
        // Bounds and units belong to numbers only (the visual analogue scale is 0-100).
        return item.isNumeric() ? f | Qt::ItemIsEditable : f;
    default:
        return f;
    }
}

bool QuestionnaireItemsModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (!index.isValid() || index.row() >= m_items.size()
        || !(flags(index) & (Qt::ItemIsEditable | Qt::ItemIsUserCheckable)))
        return false;
    QuestionnaireItem &item = m_items[index.row()];
    if (index.column() == RequiredColumn) {
        if (role != Qt::CheckStateRole)
            return false;
        item.required = value.value<Qt::CheckState>() == Qt::Checked;
    } else {
        if (role != Qt::EditRole)
            return false;
        const QString text = value.toString();
        switch (index.column()) {
        case KeyColumn:
            item.key = text.trimmed();
            break;
        case MinColumn:
        case MaxColumn: {
            const auto bound = parseBound(text);
            if (!bound)
                return false;
            (index.column() == MinColumn ? item.min : item.max) = *bound;
            break;
        }
        case UnitColumn:
            item.unit = text.trimmed();
            break;
        case LabelEnColumn:
            item.label.en = text.trimmed();
            break;
        case LabelZhColumn:
            item.label.zhCN = text.trimmed();
            break;
        default:
            return false;
        }
    }
    Q_EMIT dataChanged(index, index);
    Q_EMIT itemsEdited();
    return true;
}

void QuestionnaireItemsModel::setItems(QList<QuestionnaireItem> items)
{
    beginResetModel();
    m_items = std::move(items);
    m_problems.clear();
    endResetModel();
}

void QuestionnaireItemsModel::setItem(int row, const QuestionnaireItem &item)
{
    if (row < 0 || row >= m_items.size() || m_items.at(row) == item)
        return;
    m_items[row] = item;
    Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
    Q_EMIT itemsEdited();
}

void QuestionnaireItemsModel::setEditable(bool editable)
{
    if (m_editable == editable)
        return;
    m_editable = editable;
    if (!m_items.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(int(m_items.size()) - 1, ColumnCount - 1));
}

QString QuestionnaireItemsModel::freshKey() const
{
    for (int n = int(m_items.size()) + 1;; ++n) {
        const QString key = u"item"_s + QString::number(n);
        if (std::none_of(m_items.cbegin(), m_items.cend(), [&](const QuestionnaireItem &i) { return i.key == key; }))
            return key;
    }
}

int QuestionnaireItemsModel::addItem(QuestionnaireItem::Type type)
{
    QuestionnaireItem item;
    item.key = freshKey();
    item.type = type;
    if (item.isChoice()) {
        // fromJson wants at least two choices: start with two to be renamed.
        item.choices = {{u"a"_s, {u"A"_s, u"A"_s}}, {u"b"_s, {u"B"_s, u"B"_s}}};
    }
    const int row = int(m_items.size());
    beginInsertRows({}, row, row);
    m_items.append(item);
    endInsertRows();
    Q_EMIT itemsEdited();
    return row;
}

void QuestionnaireItemsModel::removeItem(int row)
{
    if (row < 0 || row >= m_items.size())
        return;
    beginRemoveRows({}, row, row);
    m_items.removeAt(row);
    m_problems.clear(); // their rows moved; the next check says them again
    endRemoveRows();
    Q_EMIT itemsEdited();
}

bool QuestionnaireItemsModel::moveItem(int row, int delta)
{
    const int to = row + delta;
    if (row < 0 || row >= m_items.size() || to < 0 || to >= m_items.size() || (delta != 1 && delta != -1))
        return false;
    // beginMoveRows wants the destination before which the row lands.
    if (!beginMoveRows({}, row, row, {}, delta > 0 ? to + 1 : to))
        return false;
    m_items.move(row, to);
    m_problems.clear();
    endMoveRows();
    Q_EMIT itemsEdited();
    return true;
}

int QuestionnaireItemsModel::rowOfPath(const QString &path)
{
    static const QRegularExpression pattern(u"^items\\[(\\d+)\\]"_s);
    const QRegularExpressionMatch match = pattern.match(path);
    return match.hasMatch() ? match.captured(1).toInt() : -1;
}

void QuestionnaireItemsModel::setProblems(const QMap<QString, QString> &problems)
{
    QMap<int, QStringList> byRow;
    for (auto it = problems.cbegin(); it != problems.cend(); ++it) {
        const int row = rowOfPath(it.key());
        if (row < 0 || row >= m_items.size())
            continue;
        QString where = it.key().mid(it.key().indexOf(u']') + 1);
        if (where.startsWith(u'.'))
            where.remove(0, 1);
        where += where.isEmpty() ? QString() : u": "_s;
        byRow[row] << where + it.value();
    }
    if (byRow == m_problems)
        return;
    m_problems = byRow;
    if (!m_items.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(int(m_items.size()) - 1, ColumnCount - 1));
}

} // namespace td

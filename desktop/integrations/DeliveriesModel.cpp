#include "DeliveriesModel.h"

#include <QBrush>
#include <QColor>
#include <QLocale>
#include <QSet>

using namespace Qt::StringLiterals;

namespace td {

DeliveriesModel::DeliveriesModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

int DeliveriesModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_deliveries.size());
}

int DeliveriesModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString DeliveriesModel::stateName(const QString &state)
{
    if (state == WebhookDelivery::Pending)
        return tr("Pending");
    if (state == WebhookDelivery::Delivered)
        return tr("Delivered");
    if (state == WebhookDelivery::Dead)
        return tr("Dead");
    return state;
}

QColor DeliveriesModel::stateColour(const QString &state)
{
    if (state == WebhookDelivery::Delivered)
        return QColor(0x1b, 0x7f, 0x3b);
    if (state == WebhookDelivery::Dead)
        return QColor(0xb3, 0x26, 0x1e);
    if (state == WebhookDelivery::Pending)
        return QColor(0xa3, 0x5f, 0x00);
    return QColor(0x70, 0x70, 0x70);
}

QVariant DeliveriesModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const WebhookDelivery &d = m_deliveries.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case TimeColumn:
            return QLocale().toString(d.createdAt.toLocalTime(), u"yyyy-MM-dd HH:mm:ss"_s);
        case EventTypeColumn:
            return d.eventType;
        case EventSeqColumn:
            return d.eventSeq;
        case StateColumn:
            return stateName(d.state);
        case AttemptsColumn:
            return d.attempts;
        case LastStatusColumn:
            return d.lastStatus ? QVariant(*d.lastStatus) : QVariant(tr("—"));
        case LatencyColumn:
            //: A delivery's latency in milliseconds.
            return d.lastLatencyMs ? QVariant(tr("%1 ms").arg(*d.lastLatencyMs)) : QVariant(tr("—"));
        case LastErrorColumn:
            return d.lastError;
        }
        break;
    case Qt::ForegroundRole:
        if (index.column() == StateColumn)
            return QBrush(stateColour(d.state));
        if (index.column() == LastStatusColumn && d.lastStatus && (*d.lastStatus < 200 || *d.lastStatus >= 300))
            return QBrush(stateColour(WebhookDelivery::Dead));
        break;
    case Qt::ToolTipRole:
        if (index.column() == LastErrorColumn && !d.lastError.isEmpty())
            return d.lastError;
        if (index.column() == StateColumn && d.state == WebhookDelivery::Pending && d.nextAttemptAt.isValid())
            //: %1 is when the next attempt is due.
            return tr("Next attempt %1").arg(QLocale().toString(d.nextAttemptAt.toLocalTime(), QLocale::ShortFormat));
        break;
    case Qt::TextAlignmentRole:
        if (index.column() == EventSeqColumn || index.column() == AttemptsColumn || index.column() == LastStatusColumn
            || index.column() == LatencyColumn)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        break;
    default:
        break;
    }
    return {};
}

QVariant DeliveriesModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case TimeColumn:
        return tr("Time");
    case EventTypeColumn:
        return tr("Event");
    case EventSeqColumn:
        return tr("Seq");
    case StateColumn:
        return tr("State");
    case AttemptsColumn:
        return tr("Attempts");
    case LastStatusColumn:
        return tr("Last status");
    case LatencyColumn:
        return tr("Latency");
    case LastErrorColumn:
        return tr("Last error");
    }
    return {};
}

void DeliveriesModel::setDeliveries(const QList<WebhookDelivery> &deliveries)
{
    QSet<qint64> fresh;
    for (const WebhookDelivery &d : deliveries)
        fresh.insert(d.id);
    for (int row = int(m_deliveries.size()) - 1; row >= 0; --row) {
        if (!fresh.contains(m_deliveries.at(row).id)) {
            beginRemoveRows({}, row, row);
            m_deliveries.removeAt(row);
            endRemoveRows();
        }
    }
    // What is left is in the answer's order (both newest first): walk both at once,
    // updating the rows that are there and inserting the new ones where they belong.
    for (int i = 0; i < deliveries.size(); ++i) {
        if (i < m_deliveries.size() && m_deliveries.at(i).id == deliveries.at(i).id) {
            m_deliveries[i] = deliveries.at(i);
            Q_EMIT dataChanged(index(i, 0), index(i, ColumnCount - 1));
            continue;
        }
        beginInsertRows({}, i, i);
        m_deliveries.insert(i, deliveries.at(i));
        endInsertRows();
    }
}

void DeliveriesModel::update(const WebhookDelivery &delivery)
{
    const int row = rowOf(delivery.id);
    if (row < 0)
        return;
    m_deliveries[row] = delivery;
    Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

void DeliveriesModel::clear()
{
    if (m_deliveries.isEmpty())
        return;
    beginResetModel();
    m_deliveries.clear();
    endResetModel();
}

int DeliveriesModel::rowOf(qint64 id) const
{
    for (int row = 0; row < m_deliveries.size(); ++row) {
        if (m_deliveries.at(row).id == id)
            return row;
    }
    return -1;
}

} // namespace td

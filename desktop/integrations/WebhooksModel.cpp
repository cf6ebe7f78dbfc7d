#include "WebhooksModel.h"

#include <QBrush>
#include <QColor>

using namespace Qt::StringLiterals;

namespace td {

WebhooksModel::WebhooksModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

int WebhooksModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_webhooks.size());
}

int WebhooksModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString WebhooksModel::eventTypesText(const QStringList &types)
{
    return types.isEmpty() ? tr("All events") : types.join(u", "_s);
}

QVariant WebhooksModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Webhook &w = m_webhooks.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case UrlColumn:
            return w.url;
        case EventsColumn:
            return eventTypesText(w.eventTypes);
        case EnabledColumn:
            return w.enabled ? tr("Enabled") : tr("Disabled");
        case PendingColumn:
            return w.pending;
        case DeliveredColumn:
            return w.delivered;
        case DeadColumn:
            return w.dead;
        }
        break;
    case Qt::ToolTipRole:
        if (index.column() == UrlColumn && !w.description.isEmpty())
            return w.description;
        break;
    case Qt::ForegroundRole:
        if (index.column() == EnabledColumn && !w.enabled)
            return QBrush(QColor(0x70, 0x70, 0x70));
        if (index.column() == DeadColumn && w.dead > 0)
            return QBrush(QColor(0xb3, 0x26, 0x1e));
        break;
    case Qt::TextAlignmentRole:
        if (index.column() >= PendingColumn)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        break;
    default:
        break;
    }
    return {};
}

QVariant WebhooksModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case UrlColumn:
        return tr("URL");
    case EventsColumn:
        return tr("Events");
    case EnabledColumn:
        return tr("State");
    case PendingColumn:
        return tr("Pending");
    case DeliveredColumn:
        return tr("Delivered");
    case DeadColumn:
        return tr("Dead");
    }
    return {};
}

void WebhooksModel::setWebhooks(const QList<Webhook> &webhooks)
{
    // Rows gone from the answer leave first (from the bottom, so rows keep their numbers).
    for (int row = int(m_webhooks.size()) - 1; row >= 0; --row) {
        const qint64 id = m_webhooks.at(row).id;
        const bool kept = std::any_of(webhooks.cbegin(), webhooks.cend(), [&id](const auto &w) { return w.id == id; });
        if (!kept) {
            beginRemoveRows({}, row, row);
            m_webhooks.removeAt(row);
            endRemoveRows();
        }
    }
    for (const Webhook &webhook : webhooks)
        upsert(webhook);
}

void WebhooksModel::upsert(const Webhook &webhook)
{
    if (const int row = rowOf(webhook.id); row >= 0) {
        m_webhooks[row] = webhook;
        Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
        return;
    }
    const int row = int(m_webhooks.size());
    beginInsertRows({}, row, row);
    m_webhooks.append(webhook);
    endInsertRows();
}

void WebhooksModel::remove(qint64 id)
{
    const int row = rowOf(id);
    if (row < 0)
        return;
    beginRemoveRows({}, row, row);
    m_webhooks.removeAt(row);
    endRemoveRows();
}

int WebhooksModel::rowOf(qint64 id) const
{
    for (int row = 0; row < m_webhooks.size(); ++row) {
        if (m_webhooks.at(row).id == id)
            return row;
    }
    return -1;
}

} // namespace td

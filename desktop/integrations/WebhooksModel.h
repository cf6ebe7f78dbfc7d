#pragma once

#include "net/ApiClient.h"

#include <QAbstractTableModel>
#include <QList>

namespace td {

// The outgoing webhooks of one study (issue #16), one row each in the server's
// order: the target URL, the event types it receives, whether it is enabled, and
// how many of its deliveries are pending, delivered and dead.
class WebhooksModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { UrlColumn, EventsColumn, EnabledColumn, PendingColumn, DeliveredColumn, DeadColumn, ColumnCount };

    explicit WebhooksModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // Replaces the rows, updating those with the same id in place (a view keeps its
    // selection when the list is read again).
    void setWebhooks(const QList<Webhook> &webhooks);
    // Adds the webhook (last) or replaces the one with the same id.
    void upsert(const Webhook &webhook);
    void remove(qint64 id);
    const Webhook &webhook(int row) const { return m_webhooks.at(row); }
    int rowOf(qint64 id) const;

    // "All events", or the types joined.
    static QString eventTypesText(const QStringList &types);

private:
    QList<Webhook> m_webhooks;
};

} // namespace td

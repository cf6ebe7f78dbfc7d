#pragma once

#include "net/ApiClient.h"

#include <QAbstractTableModel>
#include <QList>

namespace td {

// The delivery log of one webhook (issue #16), newest first: when the event was
// queued, its type and seq, the state (coloured), the attempts so far and what the
// last one got (HTTP status, latency, error).
class DeliveriesModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        TimeColumn,
        EventTypeColumn,
        EventSeqColumn,
        StateColumn,
        AttemptsColumn,
        LastStatusColumn,
        LatencyColumn,
        LastErrorColumn,
        ColumnCount
    };

    explicit DeliveriesModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // Replaces the rows with a newer answer (same order, newest first) by removing,
    // inserting and updating rows, never resetting: a view keeps its selection.
    void setDeliveries(const QList<WebhookDelivery> &deliveries);
    // Replaces the delivery with the same id (after a retry).
    void update(const WebhookDelivery &delivery);
    void clear();
    const WebhookDelivery &delivery(int row) const { return m_deliveries.at(row); }
    int rowOf(qint64 id) const;

    // "Pending", "Delivered", "Dead" in the current language (unknown states as sent).
    static QString stateName(const QString &state);
    static QColor stateColour(const QString &state);

private:
    QList<WebhookDelivery> m_deliveries;
};

} // namespace td

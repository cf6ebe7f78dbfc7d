#pragma once

#include "net/ApiClient.h"

#include <QDialog>

class QLabel;
class QTableWidget;

namespace td {

// One delivery of a webhook with its attempt log (GET /deliveries/{id}): when each
// attempt was made, the HTTP status it got, how long it took and the error.
class DeliveryDetailsDialog : public QDialog
{
    Q_OBJECT

public:
    explicit DeliveryDetailsDialog(QWidget *parent = nullptr);

    void setDelivery(const WebhookDelivery &delivery);
    QTableWidget *attemptTable() const { return m_attempts; }

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslateUi();

    WebhookDelivery m_delivery;
    QLabel *m_summary = nullptr;
    QTableWidget *m_attempts = nullptr;
};

} // namespace td

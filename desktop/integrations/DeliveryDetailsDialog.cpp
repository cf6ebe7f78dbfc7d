#include "DeliveryDetailsDialog.h"

#include "integrations/DeliveriesModel.h"

#include <QDialogButtonBox>
#include <QEvent>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace td {

namespace {

QString localTime(const QDateTime &time)
{
    return time.isValid() ? QLocale().toString(time.toLocalTime(), u"yyyy-MM-dd HH:mm:ss"_s) : QString();
}

} // namespace

DeliveryDetailsDialog::DeliveryDetailsDialog(QWidget *parent)
    : QDialog(parent)
{
    setObjectName(u"deliveryDetailsDialog"_s);
    m_summary = new QLabel(this);
    m_summary->setObjectName(u"deliverySummaryLabel"_s);
    m_summary->setTextFormat(Qt::PlainText);
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_attempts = new QTableWidget(0, 4, this);
    m_attempts->setObjectName(u"attemptTable"_s);
    m_attempts->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_attempts->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_attempts->verticalHeader()->hide();
    m_attempts->horizontalHeader()->setStretchLastSection(true);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_summary);
    layout->addWidget(m_attempts, 1);
    layout->addWidget(buttons);
    resize(640, 360);
    retranslateUi();
}

void DeliveryDetailsDialog::setDelivery(const WebhookDelivery &delivery)
{
    m_delivery = delivery;
    m_attempts->setRowCount(int(delivery.attemptLog.size()));
    for (int row = 0; row < delivery.attemptLog.size(); ++row) {
        const WebhookDelivery::Attempt &a = delivery.attemptLog.at(row);
        const QStringList cells = {localTime(a.at), a.status ? QString::number(*a.status) : tr("—"),
                                   tr("%1 ms").arg(a.latencyMs), a.error};
        for (int column = 0; column < cells.size(); ++column)
            m_attempts->setItem(row, column, new QTableWidgetItem(cells.at(column)));
    }
    m_attempts->resizeColumnsToContents();
    retranslateUi();
}

void DeliveryDetailsDialog::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QDialog::changeEvent(event);
}

void DeliveryDetailsDialog::retranslateUi()
{
    //: %1 is the event's seq number.
    setWindowTitle(tr("Delivery of Event %1").arg(m_delivery.eventSeq));
    m_attempts->setHorizontalHeaderLabels({tr("Time"), tr("Status"), tr("Latency"), tr("Error")});
    QString summary =
        //: %1 the event type, %2 its seq, %3 the delivery's state, %4 the number of attempts.
        tr("%1 (event %2): %3 after %n attempt(s).", nullptr, m_delivery.attempts)
            .arg(m_delivery.eventType)
            .arg(m_delivery.eventSeq)
            .arg(DeliveriesModel::stateName(m_delivery.state));
    if (m_delivery.deliveredAt.isValid())
        summary += u'\n' + tr("Delivered %1.").arg(localTime(m_delivery.deliveredAt));
    else if (m_delivery.nextAttemptAt.isValid())
        summary += u'\n' + tr("Next attempt %1.").arg(localTime(m_delivery.nextAttemptAt));
    if (m_delivery.attemptLog.isEmpty())
        summary += u'\n' + tr("No attempt yet.");
    m_summary->setText(summary);
}

} // namespace td

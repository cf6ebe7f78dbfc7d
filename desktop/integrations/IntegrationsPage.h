#pragma once

#include "integrations/WebhookSecretDialog.h"
#include "net/ApiClient.h"

#include <QCoroTask>
#include <QPointer>
#include <QWidget>

class QComboBox;
class QLabel;
class QPushButton;
class QTimer;

namespace td {

class DeliveriesModel;
class MessageBanner;
class RecordTableView;
class StudyChooser;
class WebhooksModel;

// A study's outgoing webhooks and their delivery log (issue #16), for the
// administrator and the study's project managers: the webhooks (URL, event types,
// enabled, deliveries pending / delivered / dead) with Add…, Edit…, Enable/Disable,
// Rotate Secret… and Delete; under them the chosen webhook's deliveries, newest
// first, filtered by state, with Details… (the attempt log) and Retry for a dead
// one. While shown it follows the event stream: the log and the counts are read
// again (rows updated in place, the selection kept) shortly after the study's
// events, and again while deliveries are pending.
class IntegrationsPage : public QWidget
{
    Q_OBJECT

public:
    explicit IntegrationsPage(ApiClient &api, QWidget *parent = nullptr);

    StudyChooser *studyChooser() const { return m_studyCombo; }
    WebhooksModel *webhooksModel() const { return m_webhooks; }
    DeliveriesModel *deliveriesModel() const { return m_deliveries; }
    RecordTableView *webhookTable() const { return m_webhookTable; }
    RecordTableView *deliveryTable() const { return m_deliveryTable; }
    QComboBox *stateFilter() const { return m_stateCombo; }
    // The secret dialog on screen, if any.
    WebhookSecretDialog *secretDialog() const { return m_secretDialog; }
    // Reads the study list and the chosen study's webhooks again, keeping the selection.
    void reload();
    // The webhooks of the chosen study are on their way.
    bool isLoading() const { return m_loadingWebhooks; }
    // How long after a burst of events the log is read again (tests shorten it).
    void setLiveDelay(int ms);

Q_SIGNALS:
    // The webhooks of the chosen study are on screen (or could not be loaded).
    void webhooksLoaded();
    // The chosen webhook's deliveries are on screen (or could not be loaded).
    void deliveriesLoaded();

protected:
    void changeEvent(QEvent *event) override;
    void showEvent(QShowEvent *event) override;

private:
    void retranslateUi();
    bool mayManage() const;
    const Webhook *selectedWebhook() const;
    const WebhookDelivery *selectedDelivery() const;
    void updateButtons();
    // A new study starts afresh; the same one again is updated in place.
    void studyChosen();
    QCoro::Task<> loadWebhooks(bool quietly);
    QCoro::Task<> loadDeliveries(bool quietly);
    void refreshLive();
    void addWebhook();
    void editWebhook();
    QCoro::Task<> toggleEnabled();
    void confirmRotate();
    QCoro::Task<> rotate(qint64 id, QString url);
    void confirmDelete();
    QCoro::Task<> remove(qint64 id);
    QCoro::Task<> showDetails();
    QCoro::Task<> retry();
    void showSecret(const QString &url, const QString &secret, bool rotated);
    void showError(const ApiError &error);

    ApiClient &m_api;
    WebhooksModel *m_webhooks = nullptr;
    DeliveriesModel *m_deliveries = nullptr;
    QLabel *m_studyLabel = nullptr;
    StudyChooser *m_studyCombo = nullptr;
    QPushButton *m_addButton = nullptr;
    QPushButton *m_editButton = nullptr;
    QPushButton *m_enableButton = nullptr;
    QPushButton *m_rotateButton = nullptr;
    QPushButton *m_deleteButton = nullptr;
    QPushButton *m_refreshButton = nullptr;
    RecordTableView *m_webhookTable = nullptr;
    MessageBanner *m_banner = nullptr;
    QLabel *m_logLabel = nullptr;
    QLabel *m_stateLabel = nullptr;
    QComboBox *m_stateCombo = nullptr;
    QPushButton *m_detailsButton = nullptr;
    QPushButton *m_retryButton = nullptr;
    RecordTableView *m_deliveryTable = nullptr;
    QTimer *m_liveTimer = nullptr;
    int m_liveDelayMs = 500;
    QPointer<WebhookSecretDialog> m_secretDialog;
    bool m_busy = false;
    quint64 m_webhookGeneration = 0; // a newer load makes an older answer stale
    quint64 m_deliveryGeneration = 0;
    qint64 m_shownWebhookId = 0; // whose deliveries are in m_deliveries
    QString m_shownCode;         // whose webhooks are in m_webhooks
    bool m_loadingWebhooks = false;
};

} // namespace td

#include "IntegrationsPage.h"

#include "Permissions.h"
#include "integrations/DeliveriesModel.h"
#include "integrations/DeliveryDetailsDialog.h"
#include "integrations/WebhookDialog.h"
#include "integrations/WebhookSecretDialog.h"
#include "integrations/WebhooksModel.h"
#include "widgets/MessageBanner.h"
#include "widgets/RecordTableView.h"
#include "widgets/StudyChooser.h"

#include <QComboBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QMessageBox>
#include <QPointer>
#include <QPushButton>
#include <QSplitter>
#include <QTimer>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace td {

namespace {

// How many deliveries the log shows (newest first).
constexpr int kLogLimit = 200;
// While a shown delivery is pending, its next attempt's result is read this often.
constexpr int kPendingPollMs = 5000;

} // namespace

IntegrationsPage::IntegrationsPage(ApiClient &api, QWidget *parent)
    : QWidget(parent)
    , m_api(api)
{
    setObjectName(u"integrationsPage"_s);
    m_webhooks = new WebhooksModel(this);
    m_deliveries = new DeliveriesModel(this);
    m_studyLabel = new QLabel(this);
    m_studyCombo = new StudyChooser(m_api, this);
    m_studyCombo->setObjectName(u"integrationsStudyCombo"_s);
    m_studyCombo->setMinimumContentsLength(30);
    m_studyLabel->setBuddy(m_studyCombo);
    const auto button = [this](const QString &name) {
        auto *b = new QPushButton(this);
        b->setObjectName(name);
        return b;
    };
    m_addButton = button(u"addWebhookButton"_s);
    m_editButton = button(u"editWebhookButton"_s);
    m_enableButton = button(u"enableWebhookButton"_s);
    m_rotateButton = button(u"rotateSecretButton"_s);
    m_deleteButton = button(u"deleteWebhookButton"_s);
    m_refreshButton = button(u"refreshWebhooksButton"_s);
    m_detailsButton = button(u"deliveryDetailsButton"_s);
    m_retryButton = button(u"retryDeliveryButton"_s);

    m_webhookTable = new RecordTableView(this);
    m_webhookTable->setObjectName(u"webhooksTable"_s);
    m_webhookTable->setRecordModel(m_webhooks, WebhooksModel::UrlColumn);
    m_webhookTable->setColumnWidths({{WebhooksModel::EventsColumn, 220},
                                     {WebhooksModel::EnabledColumn, 80},
                                     {WebhooksModel::PendingColumn, 70},
                                     {WebhooksModel::DeliveredColumn, 70},
                                     {WebhooksModel::DeadColumn, 60}});
    m_banner = new MessageBanner(this);
    m_banner->setObjectName(u"integrationsBanner"_s);

    m_logLabel = new QLabel(this);
    m_logLabel->setObjectName(u"deliveryLogLabel"_s);
    m_stateLabel = new QLabel(this);
    m_stateCombo = new QComboBox(this);
    m_stateCombo->setObjectName(u"deliveryStateCombo"_s);
    for (const QString &state :
         {QString(), WebhookDelivery::Pending, WebhookDelivery::Delivered, WebhookDelivery::Dead})
        m_stateCombo->addItem(QString(), state);
    m_stateLabel->setBuddy(m_stateCombo);
    m_deliveryTable = new RecordTableView(this);
    m_deliveryTable->setObjectName(u"deliveriesTable"_s);
    m_deliveryTable->setRecordModel(m_deliveries, DeliveriesModel::LastErrorColumn);
    m_deliveryTable->setColumnWidths({{DeliveriesModel::TimeColumn, 150},
                                      {DeliveriesModel::EventTypeColumn, 150},
                                      {DeliveriesModel::EventSeqColumn, 60},
                                      {DeliveriesModel::StateColumn, 80},
                                      {DeliveriesModel::AttemptsColumn, 70},
                                      {DeliveriesModel::LastStatusColumn, 80},
                                      {DeliveriesModel::LatencyColumn, 80}});

    auto *top = new QHBoxLayout;
    top->addWidget(m_studyLabel);
    top->addWidget(m_studyCombo, 1);
    for (QPushButton *b : {m_addButton, m_editButton, m_enableButton, m_rotateButton, m_deleteButton, m_refreshButton})
        top->addWidget(b);
    auto *logBar = new QHBoxLayout;
    logBar->addWidget(m_logLabel, 1);
    logBar->addWidget(m_stateLabel);
    logBar->addWidget(m_stateCombo);
    logBar->addWidget(m_detailsButton);
    logBar->addWidget(m_retryButton);
    auto *log = new QWidget(this);
    auto *logLayout = new QVBoxLayout(log);
    logLayout->setContentsMargins(0, 0, 0, 0);
    logLayout->addLayout(logBar);
    logLayout->addWidget(m_deliveryTable, 1);
    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_webhookTable);
    split->addWidget(log);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 2);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_banner);
    layout->addWidget(split, 1);

    // Reads the log again a moment after the study's events (a burst is one read),
    // and while deliveries are pending, only while the page is on screen.
    m_liveTimer = new QTimer(this);
    m_liveTimer->setSingleShot(true);
    connect(m_liveTimer, &QTimer::timeout, this, &IntegrationsPage::refreshLive);
    connect(&m_api.eventStream(), &EventStream::eventReceived, this, [this](const StudyEvent &event) {
        if (!isVisible() || event.projectCode != m_studyCombo->currentCode() || !mayManage())
            return;
        // The first event of a burst sets the time (a later one would put it off
        // forever in a flood); it only ever brings a slower pending-poll forward.
        if (!m_liveTimer->isActive() || m_liveTimer->remainingTime() > m_liveDelayMs)
            m_liveTimer->start(m_liveDelayMs);
    });

    connect(m_studyCombo, &QComboBox::currentIndexChanged, this, &IntegrationsPage::studyChosen);
    connect(m_studyCombo, &StudyChooser::studiesLoaded, this, &IntegrationsPage::studyChosen);
    connect(m_studyCombo, &StudyChooser::loadFailed, this, &IntegrationsPage::showError);
    connect(m_webhookTable->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
        const Webhook *webhook = selectedWebhook();
        if ((webhook ? webhook->id : 0) != m_shownWebhookId)
            loadDeliveries(false);
        updateButtons();
    });
    connect(m_deliveryTable->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &IntegrationsPage::updateButtons);
    connect(m_stateCombo, &QComboBox::currentIndexChanged, this, [this] { loadDeliveries(false); });
    connect(m_webhookTable, &QAbstractItemView::doubleClicked, this, &IntegrationsPage::editWebhook);
    connect(m_deliveryTable, &QAbstractItemView::doubleClicked, this, [this] { showDetails(); });
    connect(m_addButton, &QPushButton::clicked, this, &IntegrationsPage::addWebhook);
    connect(m_editButton, &QPushButton::clicked, this, &IntegrationsPage::editWebhook);
    connect(m_enableButton, &QPushButton::clicked, this, [this] { toggleEnabled(); });
    connect(m_rotateButton, &QPushButton::clicked, this, &IntegrationsPage::confirmRotate);
    connect(m_deleteButton, &QPushButton::clicked, this, &IntegrationsPage::confirmDelete);
    connect(m_refreshButton, &QPushButton::clicked, this, &IntegrationsPage::reload);
    connect(m_detailsButton, &QPushButton::clicked, this, [this] { showDetails(); });
    connect(m_retryButton, &QPushButton::clicked, this, [this] { retry(); });
    connect(&m_api, &ApiClient::accessChanged, this, &IntegrationsPage::updateButtons);
    retranslateUi();
}

void IntegrationsPage::setLiveDelay(int ms)
{
    m_liveDelayMs = ms;
}

void IntegrationsPage::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

void IntegrationsPage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (!m_studyCombo->isLoaded())
        m_studyCombo->loadOnce();
    else
        refreshLive(); // what happened while another page was shown
}

void IntegrationsPage::retranslateUi()
{
    m_studyLabel->setText(tr("&Study:"));
    m_addButton->setText(tr("&Add…"));
    m_editButton->setText(tr("&Edit…"));
    m_rotateButton->setText(tr("Rotate &Secret…"));
    m_deleteButton->setText(tr("&Delete"));
    m_refreshButton->setText(tr("&Refresh"));
    m_logLabel->setText(tr("Delivery log of the selected webhook"));
    m_stateLabel->setText(tr("S&how:"));
    m_stateCombo->setItemText(0, tr("All states"));
    for (int i = 1; i < m_stateCombo->count(); ++i)
        m_stateCombo->setItemText(i, DeliveriesModel::stateName(m_stateCombo->itemData(i).toString()));
    m_detailsButton->setText(tr("De&tails…"));
    m_retryButton->setText(tr("Re&try"));
    m_webhooks->headerDataChanged(Qt::Horizontal, 0, WebhooksModel::ColumnCount - 1);
    m_deliveries->headerDataChanged(Qt::Horizontal, 0, DeliveriesModel::ColumnCount - 1);
    updateButtons();
}

void IntegrationsPage::reload()
{
    // The study list may have changed too; the choice is kept, and the webhooks
    // are read again when it arrives.
    m_studyCombo->reload();
}

bool IntegrationsPage::mayManage() const
{
    const QString code = m_studyCombo->currentCode();
    return !code.isEmpty() && isAllowed(m_api.roleIn(code), Permission::ManageIntegrations);
}

const Webhook *IntegrationsPage::selectedWebhook() const
{
    const QModelIndexList rows = m_webhookTable->selectionModel()->selectedRows();
    if (rows.size() != 1)
        return nullptr;
    return &m_webhooks->webhook(rows.first().row());
}

const WebhookDelivery *IntegrationsPage::selectedDelivery() const
{
    const QModelIndexList rows = m_deliveryTable->selectionModel()->selectedRows();
    if (rows.size() != 1)
        return nullptr;
    return &m_deliveries->delivery(rows.first().row());
}

void IntegrationsPage::updateButtons()
{
    const bool manage = mayManage() && !m_busy;
    const Webhook *webhook = selectedWebhook();
    const WebhookDelivery *delivery = selectedDelivery();
    m_addButton->setEnabled(manage);
    m_editButton->setEnabled(manage && webhook);
    m_enableButton->setEnabled(manage && webhook);
    m_enableButton->setText(webhook && !webhook->enabled ? tr("E&nable") : tr("Disa&ble"));
    m_rotateButton->setEnabled(manage && webhook);
    m_deleteButton->setEnabled(manage && webhook);
    m_stateCombo->setEnabled(webhook != nullptr);
    m_detailsButton->setEnabled(manage && delivery);
    m_retryButton->setEnabled(manage && delivery && delivery->state == WebhookDelivery::Dead);
}

void IntegrationsPage::studyChosen()
{
    loadWebhooks(!m_shownCode.isEmpty() && m_studyCombo->currentCode() == m_shownCode);
}

QCoro::Task<> IntegrationsPage::loadWebhooks(bool quietly)
{
    const quint64 generation = ++m_webhookGeneration;
    const QString code = m_studyCombo->currentCode();
    m_shownCode = code;
    m_loadingWebhooks = false;
    if (!quietly) {
        m_webhooks->setWebhooks({});
        m_deliveries->clear();
        m_shownWebhookId = 0;
    }
    updateButtons();
    if (code.isEmpty()) {
        m_banner->showMessage(
            [this] { return m_studyCombo->isLoaded() ? tr("There are no active studies.") : QString(); });
        Q_EMIT webhooksLoaded();
        co_return;
    }
    if (!mayManage()) {
        m_banner->showMessage(
            [] { return tr("Only the study's project managers and administrators see and manage its webhooks."); });
        Q_EMIT webhooksLoaded();
        co_return;
    }
    if (!quietly)
        m_banner->showMessage([] { return tr("Loading webhooks…"); });
    m_loadingWebhooks = true;
    QPointer<IntegrationsPage> self(this);
    const Result<QList<Webhook>> webhooks = co_await m_api.webhooks(code);
    if (!self || generation != m_webhookGeneration)
        co_return;
    m_loadingWebhooks = false;
    if (!webhooks) {
        showError(webhooks.error());
    } else {
        m_webhooks->setWebhooks(webhooks.value());
        const int count = int(webhooks->size());
        m_banner->showMessage([count] {
            return count == 0 ? tr("This study has no webhooks yet. Add one to send its events to another system.")
                              : tr("%n webhooks.", nullptr, count);
        });
        // The first one's log at once: usually there is only one.
        if (!selectedWebhook() && count > 0)
            m_webhookTable->selectRow(0);
    }
    updateButtons();
    Q_EMIT webhooksLoaded();
}

QCoro::Task<> IntegrationsPage::loadDeliveries(bool quietly)
{
    const quint64 generation = ++m_deliveryGeneration;
    const Webhook *webhook = selectedWebhook();
    const qint64 id = webhook ? webhook->id : 0;
    const QString state = m_stateCombo->currentData().toString();
    if (!quietly || id != m_shownWebhookId)
        m_deliveries->clear();
    m_shownWebhookId = id;
    updateButtons();
    if (id == 0 || !mayManage()) {
        Q_EMIT deliveriesLoaded();
        co_return;
    }
    QPointer<IntegrationsPage> self(this);
    const Result<ApiClient::DeliveryPage> page = co_await m_api.webhookDeliveries(id, state, kLogLimit);
    if (!self || generation != m_deliveryGeneration)
        co_return;
    if (!page) {
        showError(page.error());
    } else {
        m_deliveries->setDeliveries(page->deliveries);
        const bool pending = std::any_of(page->deliveries.cbegin(), page->deliveries.cend(),
                                         [](const WebhookDelivery &d) { return d.state == WebhookDelivery::Pending; });
        if (pending && isVisible() && !m_liveTimer->isActive())
            m_liveTimer->start(kPendingPollMs);
    }
    updateButtons();
    Q_EMIT deliveriesLoaded();
}

void IntegrationsPage::refreshLive()
{
    if (!isVisible() || !mayManage())
        return;
    // Counts of the list and the chosen webhook's log, each updated in place.
    loadWebhooks(true);
    loadDeliveries(true);
}

void IntegrationsPage::addWebhook()
{
    if (!mayManage())
        return;
    auto *dialog = new WebhookDialog(m_api, m_studyCombo->currentCode(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &WebhookDialog::webhookCreated, this, [this](const Webhook &webhook, const QString &secret) {
        m_webhooks->upsert(webhook);
        m_webhookTable->selectRow(m_webhooks->rowOf(webhook.id));
        m_banner->showMessage([] { return tr("The webhook was added."); }, MessageBanner::Kind::Success);
        showSecret(webhook.url, secret, false);
    });
    dialog->open();
}

void IntegrationsPage::editWebhook()
{
    const Webhook *webhook = selectedWebhook();
    if (!m_editButton->isEnabled() || !webhook)
        return;
    auto *dialog = new WebhookDialog(m_api, *webhook, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &WebhookDialog::webhookSaved, this, [this](const Webhook &saved) {
        m_webhooks->upsert(saved);
        updateButtons();
    });
    dialog->open();
}

QCoro::Task<> IntegrationsPage::toggleEnabled()
{
    const Webhook *webhook = selectedWebhook();
    if (!m_enableButton->isEnabled() || !webhook)
        co_return;
    WebhookChange change;
    change.enabled = !webhook->enabled;
    const qint64 id = webhook->id;
    m_busy = true;
    updateButtons();
    QPointer<IntegrationsPage> self(this);
    const Result<Webhook> saved = co_await m_api.updateWebhook(id, change);
    if (!self)
        co_return;
    m_busy = false;
    if (saved)
        m_webhooks->upsert(saved.value());
    else
        showError(saved.error());
    updateButtons();
}

void IntegrationsPage::confirmRotate()
{
    const Webhook *webhook = selectedWebhook();
    if (!m_rotateButton->isEnabled() || !webhook)
        return;
    const qint64 id = webhook->id;
    const QString url = webhook->url;
    auto *box = new QMessageBox(QMessageBox::Question, tr("Rotate Secret"),
                                //: %1 is the webhook's URL.
                                tr("Give %1 a new signing secret? Requests are signed with the new one at once: "
                                   "the receiver must be given it, or it will refuse them.")
                                    .arg(url),
                                QMessageBox::Yes | QMessageBox::Cancel, this);
    box->setObjectName(u"rotateSecretConfirmBox"_s);
    box->setDefaultButton(QMessageBox::Cancel);
    box->button(QMessageBox::Yes)->setText(tr("Rotate"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::finished, this, [this, id, url](int result) {
        if (result == QMessageBox::Yes)
            rotate(id, url);
    });
    box->open();
}

QCoro::Task<> IntegrationsPage::rotate(qint64 id, QString url)
{
    m_busy = true;
    updateButtons();
    QPointer<IntegrationsPage> self(this);
    const Result<QString> secret = co_await m_api.rotateWebhookSecret(id);
    if (!self)
        co_return;
    m_busy = false;
    updateButtons();
    if (!secret) {
        showError(secret.error());
        co_return;
    }
    loadWebhooks(true); // its secret hint changed
    showSecret(url, secret.value(), true);
}

void IntegrationsPage::confirmDelete()
{
    const Webhook *webhook = selectedWebhook();
    if (!m_deleteButton->isEnabled() || !webhook)
        return;
    const qint64 id = webhook->id;
    auto *box = new QMessageBox(QMessageBox::Question, tr("Delete Webhook"),
                                //: %1 is the webhook's URL.
                                tr("Delete the webhook to %1? Its pending deliveries are not sent, and its delivery "
                                   "log goes with it.")
                                    .arg(webhook->url),
                                QMessageBox::Yes | QMessageBox::Cancel, this);
    box->setObjectName(u"deleteWebhookConfirmBox"_s);
    box->setDefaultButton(QMessageBox::Cancel);
    box->button(QMessageBox::Yes)->setText(tr("Delete"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::finished, this, [this, id](int result) {
        if (result == QMessageBox::Yes)
            remove(id);
    });
    box->open();
}

QCoro::Task<> IntegrationsPage::remove(qint64 id)
{
    m_busy = true;
    updateButtons();
    QPointer<IntegrationsPage> self(this);
    const Result<Done> done = co_await m_api.deleteWebhook(id);
    if (!self)
        co_return;
    m_busy = false;
    if (done) {
        m_webhooks->remove(id);
        m_banner->showMessage([] { return tr("The webhook was deleted."); }, MessageBanner::Kind::Success);
    } else {
        showError(done.error());
    }
    updateButtons();
}

QCoro::Task<> IntegrationsPage::showDetails()
{
    const WebhookDelivery *delivery = selectedDelivery();
    if (!m_detailsButton->isEnabled() || !delivery)
        co_return;
    const qint64 id = delivery->id;
    QPointer<IntegrationsPage> self(this);
    const Result<WebhookDelivery> details = co_await m_api.webhookDelivery(id);
    if (!self)
        co_return;
    if (!details) {
        showError(details.error());
        co_return;
    }
    m_deliveries->update(details.value());
    auto *dialog = new DeliveryDetailsDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setDelivery(details.value());
    dialog->open();
}

QCoro::Task<> IntegrationsPage::retry()
{
    const WebhookDelivery *delivery = selectedDelivery();
    if (!m_retryButton->isEnabled() || !delivery)
        co_return;
    const qint64 id = delivery->id;
    m_busy = true;
    updateButtons();
    QPointer<IntegrationsPage> self(this);
    const Result<WebhookDelivery> retried = co_await m_api.retryDelivery(id);
    if (!self)
        co_return;
    m_busy = false;
    if (retried) {
        m_deliveries->update(retried.value());
        m_banner->showMessage([] { return tr("The delivery will be attempted again."); }, MessageBanner::Kind::Success);
        if (!m_liveTimer->isActive())
            m_liveTimer->start(kPendingPollMs);
    } else {
        showError(retried.error());
    }
    updateButtons();
}

void IntegrationsPage::showSecret(const QString &url, const QString &secret, bool rotated)
{
    if (m_secretDialog)
        m_secretDialog->close();
    auto *dialog = new WebhookSecretDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setSecret(url, secret, rotated);
    m_secretDialog = dialog;
    dialog->open();
}

void IntegrationsPage::showError(const ApiError &error)
{
    m_banner->showApiError(
        error, [] { return tr("Only the study's project managers and administrators manage its webhooks."); },
        [] { return tr("The webhook or delivery no longer exists. Click Refresh."); });
}

} // namespace td

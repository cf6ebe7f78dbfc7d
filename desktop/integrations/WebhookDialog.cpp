#include "WebhookDialog.h"

#include "StudyEvent.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPointer>
#include <QPushButton>
#include <QUrl>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace td {

WebhookDialog::WebhookDialog(ApiClient &api, const QString &projectCode, QWidget *parent)
    : QDialog(parent)
    , m_api(api)
    , m_projectCode(projectCode)
{
    buildUi();
}

WebhookDialog::WebhookDialog(ApiClient &api, const Webhook &webhook, QWidget *parent)
    : QDialog(parent)
    , m_api(api)
    , m_projectCode(webhook.projectCode)
    , m_original(webhook)
{
    buildUi();
    setUrl(webhook.url);
    setEventTypes(webhook.eventTypes);
    setDescription(webhook.description);
    setWebhookEnabled(webhook.enabled);
}

void WebhookDialog::buildUi()
{
    setObjectName(u"webhookDialog"_s);
    m_urlEdit = new QLineEdit(this);
    m_urlEdit->setObjectName(u"webhookUrlEdit"_s);
    m_urlEdit->setMaxLength(Webhook::kMaxUrlLength);
    m_urlEdit->setPlaceholderText(u"https://"_s);
    m_allTypesCheck = new QCheckBox(this);
    m_allTypesCheck->setObjectName(u"webhookAllTypesCheck"_s);
    m_allTypesCheck->setChecked(true);
    m_typeList = new QListWidget(this);
    m_typeList->setObjectName(u"webhookTypeList"_s);
    // The wire names: they are what a receiver's code compares, so they are not translated.
    for (const QString &type : StudyEvent::types()) {
        auto *item = new QListWidgetItem(type, m_typeList);
        item->setFlags(Qt::ItemIsUserCheckable | Qt::ItemIsEnabled);
        item->setCheckState(Qt::Unchecked);
    }
    m_typeList->setEnabled(false);
    m_typeList->setMaximumHeight(150);
    connect(m_allTypesCheck, &QCheckBox::toggled, m_typeList, [this](bool all) { m_typeList->setEnabled(!all); });
    auto *types = new QWidget(this);
    auto *typesLayout = new QVBoxLayout(types);
    typesLayout->setContentsMargins(0, 0, 0, 0);
    typesLayout->addWidget(m_allTypesCheck);
    typesLayout->addWidget(m_typeList);
    m_descriptionEdit = new QLineEdit(this);
    m_descriptionEdit->setObjectName(u"webhookDescriptionEdit"_s);
    m_descriptionEdit->setMaxLength(Webhook::kMaxDescriptionLength);
    m_enabledCheck = new QCheckBox(this);
    m_enabledCheck->setObjectName(u"webhookEnabledCheck"_s);
    m_enabledCheck->setChecked(true);

    const QList<EditForm::Row> rows = {{u"url"_s, m_urlEdit},
                                       {u"eventTypes"_s, types, m_allTypesCheck},
                                       {u"description"_s, m_descriptionEdit},
                                       {u"enabled"_s, m_enabledCheck}};
    m_form = new EditForm(this, rows, {u"webhookMessageLabel"_s, u"webhookSaveButton"_s},
                          [this](const QString &key) { return fieldName(key); });
    connect(m_form->saveButton(), &QPushButton::clicked, this, [this] { save(); });
    setMinimumWidth(480);
    retranslateUi();
}

void WebhookDialog::setUrl(const QString &url)
{
    m_urlEdit->setText(url);
}

void WebhookDialog::setEventTypes(const QStringList &types)
{
    m_allTypesCheck->setChecked(types.isEmpty());
    for (int row = 0; row < m_typeList->count(); ++row) {
        QListWidgetItem *item = m_typeList->item(row);
        item->setCheckState(types.contains(item->text()) ? Qt::Checked : Qt::Unchecked);
    }
}

void WebhookDialog::setDescription(const QString &description)
{
    m_descriptionEdit->setText(description);
}

void WebhookDialog::setWebhookEnabled(bool enabled)
{
    m_enabledCheck->setChecked(enabled);
}

QStringList WebhookDialog::eventTypes() const
{
    QStringList types;
    if (m_allTypesCheck->isChecked())
        return types;
    for (int row = 0; row < m_typeList->count(); ++row) {
        if (m_typeList->item(row)->checkState() == Qt::Checked)
            types << m_typeList->item(row)->text();
    }
    return types;
}

void WebhookDialog::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QDialog::changeEvent(event);
}

void WebhookDialog::retranslateUi()
{
    //: %1 is the study's code.
    setWindowTitle(m_original ? tr("Change Webhook of %1").arg(m_projectCode)
                              : tr("Add a Webhook to %1").arg(m_projectCode));
    m_form->introLabel()->setText(
        tr("The server posts each event of this study to the URL, signed with the webhook's secret. Only https "
           "addresses are accepted, unless the server allows the host."));
    m_form->fieldLabel(u"url"_s)->setText(tr("&URL:"));
    m_form->fieldLabel(u"eventTypes"_s)->setText(tr("E&vents:"));
    m_form->fieldLabel(u"description"_s)->setText(tr("&Description:"));
    m_form->fieldLabel(u"enabled"_s)->setText(tr("State:"));
    m_allTypesCheck->setText(tr("All event types, also those added later"));
    m_enabledCheck->setText(tr("&Enabled"));
    m_form->buttons()->button(QDialogButtonBox::Cancel)->setText(tr("Cancel"));
    setBusy(m_busy);
}

QString WebhookDialog::fieldName(const QString &key) const
{
    if (key == u"url"_s)
        return tr("URL");
    if (key == u"eventTypes"_s)
        return tr("Events");
    if (key == u"description"_s)
        return tr("Description");
    if (key == u"enabled"_s)
        return tr("State");
    return key;
}

bool WebhookDialog::validateLocally()
{
    bool ok = true;
    const QUrl url(m_urlEdit->text().trimmed(), QUrl::StrictMode);
    if (m_urlEdit->text().trimmed().isEmpty()) {
        m_form->errors()->showFieldError(u"url"_s, tr("is required"));
        ok = false;
    } else if (!url.isValid() || (url.scheme() != u"https"_s && url.scheme() != u"http"_s) || url.host().isEmpty()) {
        m_form->errors()->showFieldError(u"url"_s, tr("must be an http or https address"));
        ok = false;
    }
    if (!m_allTypesCheck->isChecked() && eventTypes().isEmpty()) {
        m_form->errors()->showFieldError(u"eventTypes"_s, tr("choose at least one event type, or all"));
        ok = false;
    }
    return ok;
}

void WebhookDialog::setBusy(bool busy)
{
    m_busy = busy;
    m_form->setBusy(busy, busy ? tr("Saving…") : tr("&Save"));
    m_typeList->setEnabled(!busy && !m_allTypesCheck->isChecked());
}

QCoro::Task<> WebhookDialog::save()
{
    if (m_busy)
        co_return;
    m_form->errors()->clear();
    if (!validateLocally())
        co_return;
    WebhookChange change;
    change.url = m_urlEdit->text().trimmed();
    change.eventTypes = eventTypes();
    change.description = m_descriptionEdit->text().trimmed();
    change.enabled = m_enabledCheck->isChecked();
    setBusy(true);
    QPointer<WebhookDialog> self(this);
    QString secret;
    Result<Webhook> result;
    if (m_original)
        result = co_await m_api.updateWebhook(m_original->id, change);
    else
        result = co_await m_api.createWebhook(m_projectCode, change, &secret);
    if (!self)
        co_return;
    setBusy(false);
    if (result) {
        if (m_original)
            Q_EMIT webhookSaved(result.value());
        else
            Q_EMIT webhookCreated(result.value(), secret);
        accept();
        co_return;
    }
    const ApiError &error = result.error();
    // The server names the URL in `fields`; a refusal without them is still about it.
    if (error.code == u"webhook_url_refused"_s && !error.fields.contains(u"url"_s)) {
        m_form->errors()->showFieldError(u"url"_s, error.message);
        m_form->errors()->showMessage(tr("The webhook was not saved: the server refuses this URL."));
        co_return;
    }
    m_form->errors()->showRefusal(
        error, {tr("The webhook was not saved. Please correct the fields marked in red."),
                tr("Your session has expired. Sign in again, then click Save: your entries are kept."),
                tr("Only the study's project managers and administrators manage its webhooks."),
                tr("The server cannot be reached; the webhook was not saved. Try again."),
                tr("This webhook no longer exists."),
                //: %1 is the server's explanation (in English).
                tr("The webhook was not saved: %1")});
}

} // namespace td

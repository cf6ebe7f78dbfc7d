#pragma once

#include "net/ApiClient.h"
#include "widgets/EditForm.h"
#include "widgets/FormErrors.h"

#include <QCoroTask>
#include <QDialog>
#include <optional>

class QCheckBox;
class QLineEdit;
class QListWidget;

namespace td {

// Adds a webhook to a study or changes one (issue #16): the target URL, the event
// types it receives (all, or those checked), a description and whether it is
// enabled. Saved with POST /projects/{code}/webhooks or PATCH /webhooks/{id}; the
// server's field problems (a refused URL) show under the fields. A new webhook's
// secret is handed to webhookCreated() once, for the page to show.
class WebhookDialog : public QDialog
{
    Q_OBJECT

public:
    // A new webhook of study `projectCode`.
    WebhookDialog(ApiClient &api, const QString &projectCode, QWidget *parent = nullptr);
    // A change to `webhook`.
    WebhookDialog(ApiClient &api, const Webhook &webhook, QWidget *parent = nullptr);

    const FormErrors &errors() const { return *m_form->errors(); }
    // For tests and for the page: fills the form. Empty types: every type.
    void setUrl(const QString &url);
    void setEventTypes(const QStringList &types);
    void setDescription(const QString &description);
    void setWebhookEnabled(bool enabled);
    QStringList eventTypes() const;

Q_SIGNALS:
    void webhookCreated(const td::Webhook &webhook, const QString &secret);
    void webhookSaved(const td::Webhook &webhook);

protected:
    void changeEvent(QEvent *event) override;

private:
    void buildUi();
    void retranslateUi();
    QString fieldName(const QString &key) const;
    bool validateLocally();
    void setBusy(bool busy);
    QCoro::Task<> save();

    ApiClient &m_api;
    QString m_projectCode;
    std::optional<Webhook> m_original;
    bool m_busy = false;

    QLineEdit *m_urlEdit = nullptr;
    QCheckBox *m_allTypesCheck = nullptr;
    QListWidget *m_typeList = nullptr;
    QLineEdit *m_descriptionEdit = nullptr;
    QCheckBox *m_enabledCheck = nullptr;
    EditForm *m_form = nullptr;
};

} // namespace td

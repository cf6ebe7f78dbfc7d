#include "WebhookSecretDialog.h"

#include "widgets/MessageBanner.h"

#include <QClipboard>
#include <QDialogButtonBox>
#include <QEvent>
#include <QFontDatabase>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace td {

WebhookSecretDialog::WebhookSecretDialog(QWidget *parent)
    : QDialog(parent)
{
    setObjectName(u"webhookSecretDialog"_s);
    m_introLabel = new QLabel(this);
    m_introLabel->setObjectName(u"secretIntroLabel"_s);
    m_introLabel->setWordWrap(true);
    m_introLabel->setTextFormat(Qt::PlainText);
    m_secretEdit = new QLineEdit(this);
    m_secretEdit->setObjectName(u"webhookSecretEdit"_s);
    m_secretEdit->setReadOnly(true);
    m_secretEdit->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_secretEdit->setMinimumWidth(420);
    m_copyButton = new QPushButton(this);
    m_copyButton->setObjectName(u"copySecretButton"_s);
    m_warningLabel = new MessageBanner(this);
    m_warningLabel->setObjectName(u"secretWarningLabel"_s);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    m_closeButton = buttons->button(QDialogButtonBox::Close);

    auto *secretRow = new QHBoxLayout;
    secretRow->addWidget(m_secretEdit, 1);
    secretRow->addWidget(m_copyButton);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_introLabel);
    layout->addLayout(secretRow);
    layout->addWidget(m_warningLabel);
    layout->addStretch(1);
    layout->addWidget(buttons);

    connect(m_copyButton, &QPushButton::clicked, this, &WebhookSecretDialog::copySecret);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    retranslateUi();
}

void WebhookSecretDialog::setSecret(const QString &url, const QString &secret, bool rotated)
{
    m_url = url;
    m_rotated = rotated;
    m_secretEdit->setText(secret);
    retranslateUi();
}

QString WebhookSecretDialog::secret() const
{
    return m_secretEdit->text();
}

void WebhookSecretDialog::copySecret()
{
    QGuiApplication::clipboard()->setText(m_secretEdit->text());
    m_copyButton->setText(tr("Copied"));
}

void WebhookSecretDialog::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QDialog::changeEvent(event);
}

void WebhookSecretDialog::retranslateUi()
{
    setWindowTitle(m_rotated ? tr("New Webhook Secret") : tr("Webhook Secret"));
    //: %1 is the webhook's URL.
    m_introLabel->setText(m_rotated ? tr("The new signing secret of %1. The old one no longer signs anything: "
                                         "give the receiver this one.")
                                          .arg(m_url)
                                    : tr("The signing secret of %1. The receiver checks each request's signature "
                                         "with it.")
                                          .arg(m_url));
    m_copyButton->setText(tr("&Copy"));
    m_warningLabel->showMessage([] { return tr("This secret will not be shown again. Copy it now."); },
                                MessageBanner::Kind::Warning);
    m_closeButton->setText(tr("Close"));
}

} // namespace td

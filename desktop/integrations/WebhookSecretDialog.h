#pragma once

#include <QDialog>

class QLabel;
class QLineEdit;
class QPushButton;

namespace td {

class MessageBanner;

// Shows a webhook's signing secret the one time the server gives it out (after
// creation or rotation): read-only, with Copy and a warning that it will not be shown
// again. The secret is not kept anywhere once the dialog closes.
class WebhookSecretDialog : public QDialog
{
    Q_OBJECT

public:
    explicit WebhookSecretDialog(QWidget *parent = nullptr);

    // `rotated` words it for a new secret replacing the old one.
    void setSecret(const QString &url, const QString &secret, bool rotated);
    QString secret() const;

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslateUi();
    void copySecret();

    QString m_url;
    bool m_rotated = false;
    QLabel *m_introLabel = nullptr;
    QLineEdit *m_secretEdit = nullptr;
    QPushButton *m_copyButton = nullptr;
    MessageBanner *m_warningLabel = nullptr;
    QPushButton *m_closeButton = nullptr;
};

} // namespace td

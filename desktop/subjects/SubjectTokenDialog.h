#pragma once

#include <QDialog>
#include <QImage>

class QLabel;
class QLineEdit;
class QPushButton;

namespace td {

class MessageBanner;

// Shows a subject token the one time the server gives it out: the text (to read
// out or copy), a Copy button and a QR code for the patient app to scan. The token
// is not kept anywhere once the dialog closes.
class SubjectTokenDialog : public QDialog
{
    Q_OBJECT

public:
    explicit SubjectTokenDialog(QWidget *parent = nullptr);

    // Shows `token` for `subjectId`; `reissued` words the dialog for a new token
    // replacing an old one.
    void setToken(const QString &subjectId, const QString &token, bool reissued = false);
    QString token() const;
    QImage qrImage() const { return m_qrImage; }

    // A QR code of `text` (UTF-8, error correction M), `scale` pixels per module,
    // with the 4-module quiet zone; a null image if the text cannot be encoded.
    static QImage qrCode(const QString &text, int scale = 6);

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslateUi();
    void copyToken();

    QString m_subjectId;
    bool m_reissued = false;
    QImage m_qrImage;
    QLabel *m_introLabel = nullptr;
    QLineEdit *m_tokenEdit = nullptr;
    QPushButton *m_copyButton = nullptr;
    QLabel *m_qrLabel = nullptr;
    MessageBanner *m_warningLabel = nullptr;
    QPushButton *m_closeButton = nullptr;
};

} // namespace td

#pragma once

#include <QDialog>

class QDialogButtonBox;
class QLabel;
class QLineEdit;

namespace td {

// Asks for what an e-signature needs: the signer's password (checked again by the
// server) and the meaning of the signature. Open it with open(); read the fields
// when it is accepted.
class SignDialog : public QDialog
{
    Q_OBJECT
public:
    explicit SignDialog(QWidget *parent = nullptr);

    // What is being signed, shown above the fields.
    void setSummary(const QString &text);
    // Replaces the default meaning (what a submission's signature means).
    void setMeaning(const QString &meaning);
    QString password() const;
    QString meaning() const;
    static QString defaultMeaning();

private:
    void updateOkButton();

    QLabel *m_summary;
    QLineEdit *m_password;
    QLineEdit *m_meaning;
    QDialogButtonBox *m_buttons;
};

} // namespace td

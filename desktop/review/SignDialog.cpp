#include "SignDialog.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace td {

SignDialog::SignDialog(QWidget *parent)
    : QDialog(parent)
    , m_summary(new QLabel(this))
    , m_password(new QLineEdit(this))
    , m_meaning(new QLineEdit(defaultMeaning(), this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setObjectName(u"signDialog"_s);
    setWindowTitle(tr("Sign submission"));
    m_summary->setObjectName(u"signSummaryLabel"_s);
    m_summary->setWordWrap(true);
    m_password->setObjectName(u"signPasswordEdit"_s);
    m_password->setEchoMode(QLineEdit::Password);
    m_meaning->setObjectName(u"signMeaningEdit"_s);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Sign"));

    auto *note = new QLabel(tr("Your password is checked again: this electronic signature is the legally binding "
                               "equivalent of your handwritten signature."),
                            this);
    note->setWordWrap(true);

    auto *form = new QFormLayout;
    form->addRow(tr("&Password:"), m_password);
    form->addRow(tr("&Meaning:"), m_meaning);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_summary);
    layout->addWidget(note);
    layout->addLayout(form);
    layout->addWidget(m_buttons);

    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_password, &QLineEdit::textChanged, this, &SignDialog::updateOkButton);
    connect(m_meaning, &QLineEdit::textChanged, this, &SignDialog::updateOkButton);
    updateOkButton();
    m_password->setFocus();
    setMinimumWidth(380);
}

QString SignDialog::defaultMeaning()
{
    return tr("Reviewed and approved");
}

void SignDialog::setSummary(const QString &text)
{
    m_summary->setText(text);
}

void SignDialog::setMeaning(const QString &meaning)
{
    m_meaning->setText(meaning);
}

QString SignDialog::password() const
{
    return m_password->text();
}

QString SignDialog::meaning() const
{
    return m_meaning->text().trimmed();
}

void SignDialog::updateOkButton()
{
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(!m_password->text().isEmpty() && !meaning().isEmpty());
}

} // namespace td

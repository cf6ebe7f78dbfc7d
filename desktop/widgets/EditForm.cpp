#include "EditForm.h"

#include "widgets/FormErrors.h"
#include "widgets/MessageBanner.h"

#include <QDialog>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace td {

EditForm::EditForm(QDialog *dialog, const QList<Row> &rows, const Names &names,
                   std::function<QString(const QString &key)> fieldName)
    : QObject(dialog)
{
    m_introLabel = new QLabel(dialog);
    m_introLabel->setWordWrap(true);
    m_introLabel->setTextFormat(Qt::PlainText);
    m_banner = new MessageBanner(dialog);
    m_banner->setObjectName(names.banner);
    m_errors = new FormErrors(m_banner, std::move(fieldName), this);

    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    for (const Row &row : rows) {
        auto *label = new QLabel(dialog);
        label->setObjectName(row.key + u"Label"_s);
        label->setBuddy(row.buddy ? row.buddy : row.field);
        m_fieldLabels.insert(row.key, label);
        form->addRow(label, m_errors->addField(row.field, row.key, dialog));
    }

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, dialog);
    m_saveButton = m_buttons->button(QDialogButtonBox::Save);
    m_saveButton->setObjectName(names.saveButton);
    m_saveButton->setDefault(true);
    connect(m_buttons, &QDialogButtonBox::rejected, dialog, &QDialog::reject);

    auto *layout = new QVBoxLayout(dialog);
    layout->addWidget(m_introLabel);
    layout->addLayout(form);
    layout->addWidget(m_banner);
    layout->addStretch(1);
    layout->addWidget(m_buttons);
}

void EditForm::setBusy(bool busy, const QString &saveText)
{
    m_saveButton->setEnabled(!busy);
    m_saveButton->setText(saveText);
    for (QWidget *field : m_errors->fields())
        field->setEnabled(!busy);
}

} // namespace td

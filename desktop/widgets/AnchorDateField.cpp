#include "AnchorDateField.h"

#include <QCheckBox>
#include <QDateEdit>
#include <QEvent>
#include <QHBoxLayout>

using namespace Qt::StringLiterals;

namespace td {

AnchorDateField::AnchorDateField(QWidget *parent)
    : QWidget(parent)
    , m_check(new QCheckBox(this))
    , m_date(new QDateEdit(this))
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_check->setObjectName(u"anchorDateCheck"_s);
    m_date->setObjectName(u"anchorDateEdit"_s);
    m_date->setCalendarPopup(true);
    m_date->setDisplayFormat(u"yyyy-MM-dd"_s);
    // The range the server accepts (shared/Subject).
    m_date->setDateRange(QDate(1900, 1, 1), QDate(2199, 12, 31));
    connect(m_check, &QCheckBox::toggled, m_date, &QWidget::setEnabled);
    layout->addWidget(m_check);
    layout->addWidget(m_date, 1);
    setAnchorDate(std::nullopt);
    retranslateUi();
}

void AnchorDateField::setAnchorDate(const std::optional<QDate> &date)
{
    m_date->setDate(date.value_or(QDate::currentDate()));
    m_check->setChecked(date.has_value());
    m_date->setEnabled(date.has_value());
}

std::optional<QDate> AnchorDateField::anchorDate() const
{
    return m_check->isChecked() ? std::optional<QDate>(m_date->date()) : std::nullopt;
}

void AnchorDateField::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

void AnchorDateField::retranslateUi()
{
    m_check->setText(tr("Set anchor date"));
    m_check->setToolTip(
        tr("Day 0 of the questionnaire schedules anchored on the subject's date, e.g. the surgery date."));
}

} // namespace td

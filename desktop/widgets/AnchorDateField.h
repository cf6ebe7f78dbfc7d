#pragma once

#include <QDate>
#include <QWidget>
#include <optional>

class QCheckBox;
class QDateEdit;

namespace td {

// A subject's anchor date (day 0 of the schedules anchored on the subject's date):
// a "Set anchor date" check box and a date edit that only counts while it is checked.
class AnchorDateField : public QWidget
{
    Q_OBJECT

public:
    explicit AnchorDateField(QWidget *parent = nullptr);

    // nullopt: not set (unchecked, the date edit showing today).
    void setAnchorDate(const std::optional<QDate> &date);
    std::optional<QDate> anchorDate() const;
    // The input a form focuses for this field.
    QCheckBox *checkBox() const { return m_check; }

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslateUi();

    QCheckBox *m_check;
    QDateEdit *m_date;
};

} // namespace td

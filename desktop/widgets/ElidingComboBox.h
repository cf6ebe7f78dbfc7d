#pragma once

#include <QComboBox>

namespace td {

// A combo box that, when narrower than its current text (a study's code and long
// title in a crowded filter row), ends the text with "…" instead of cutting it off
// mid-letter, and shows the whole text as its tooltip. The list shows every item
// in full.
class ElidingComboBox : public QComboBox
{
    Q_OBJECT

public:
    explicit ElidingComboBox(QWidget *parent = nullptr);

protected:
    void paintEvent(QPaintEvent *event) override;
};

} // namespace td

#pragma once

#include <QWidget>

class QLabel;
class QPushButton;

namespace td {

// What the main window shows while nobody is signed in: explains that TrialDesk
// works with a TrialDesk server and offers to sign in (the main window opens the
// sign-in dialog, which asks for the server address).
class WelcomePage : public QWidget
{
    Q_OBJECT

public:
    explicit WelcomePage(QWidget *parent = nullptr);

Q_SIGNALS:
    // The user clicked Sign In.
    void signInRequested();

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslateUi();

    QLabel *m_titleLabel = nullptr;
    QLabel *m_introLabel = nullptr;
    QPushButton *m_signInButton = nullptr;
    QLabel *m_hintLabel = nullptr;
};

} // namespace td

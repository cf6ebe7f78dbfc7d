#pragma once

#include <QWidget>

class QLabel;
class QLineEdit;
class QPushButton;

namespace td {

// The first page of the main window: explains that TrialDesk works against a
// TrialDesk server and asks for the server address. It only collects input; the
// main window decides what "Connect" does.
class WelcomePage : public QWidget {
    Q_OBJECT

public:
    explicit WelcomePage(QWidget *parent = nullptr);

    QString serverUrl() const;
    void setServerUrl(const QString &url);

Q_SIGNALS:
    // The user clicked Connect or pressed Return in the URL field.
    void connectRequested(const QString &url);

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslateUi();

    QLabel *m_titleLabel = nullptr;
    QLabel *m_introLabel = nullptr;
    QLabel *m_serverUrlLabel = nullptr;
    QLineEdit *m_serverUrlEdit = nullptr;
    QPushButton *m_connectButton = nullptr;
    QLabel *m_hintLabel = nullptr;
};

} // namespace td

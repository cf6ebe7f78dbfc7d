#pragma once

#include "ServerUrlCheck.h"

#include <QMainWindow>
#include <optional>

class QAction;
class QActionGroup;
class QLabel;
class QMenu;

namespace td {

class LanguageManager;
class WelcomePage;

// The application window. For now its central widget is the welcome page, where
// the user enters the server address; Connect only checks that address and
// reports the outcome in the status bar.
class MainWindow : public QMainWindow {
    Q_OBJECT

public:
    static inline const QString ServerUrlSettingsKey = QStringLiteral("server/url");
    static inline const QString DefaultServerUrl = QStringLiteral("http://127.0.0.1:8080");

    // `languages` must outlive the window; the Settings > Language menu drives it.
    explicit MainWindow(LanguageManager *languages, QWidget *parent = nullptr);

protected:
    void changeEvent(QEvent *event) override;

private:
    void createMenus();
    void createStatusBar();
    void retranslateUi();
    void updateLanguageActions();
    void checkServerUrl(const QString &text);
    void showServerUrlCheck();
    void showAbout();

    LanguageManager *m_languages = nullptr;
    WelcomePage *m_welcomePage = nullptr;

    QMenu *m_fileMenu = nullptr;
    QMenu *m_settingsMenu = nullptr;
    QMenu *m_languageMenu = nullptr;
    QMenu *m_helpMenu = nullptr;
    QAction *m_quitAction = nullptr;
    QAction *m_systemLanguageAction = nullptr;
    QActionGroup *m_languageGroup = nullptr;
    QAction *m_aboutAction = nullptr;

    QLabel *m_statusMessageLabel = nullptr;
    QLabel *m_connectionLabel = nullptr;
    // The last Connect result, kept so it can be shown again in a new language.
    std::optional<ServerUrlCheck> m_lastCheck;
};

} // namespace td

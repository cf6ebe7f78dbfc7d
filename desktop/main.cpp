#include "app/AppMetadata.h"
#include "app/LanguageManager.h"
#include "app/LoginDialog.h"
#include "app/MainWindow.h"
#include "app/StartupCheck.h"
#include "app/WindowPicture.h"

#include <QApplication>
#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QPixmap>
#include <QTimer>
#include <cstdio>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    td::AppMetadata::apply();

    // Install the saved language first so that --help is already translated.
    td::LanguageManager languages;
    languages.loadSavedLanguage();

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QCoreApplication::translate("main", "Desktop client for TrialDesk clinical studies."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption languageOption(
        QStringLiteral("language"),
        QCoreApplication::translate("main", "Use this user interface language for this session only: "
                                            "system, en or zh_CN."),
        //: Placeholder for the value of --language in the --help output.
        QCoreApplication::translate("main", "language"));
    parser.addOption(languageOption);
    const QCommandLineOption serverOption(
        QStringLiteral("server"),
        QCoreApplication::translate("main", "Prefill the sign-in dialog with this server address, "
                                            "e.g. https://trialdesk.example.org."),
        //: Placeholder for the value of --server in the --help output.
        QCoreApplication::translate("main", "url"));
    parser.addOption(serverOption);
    // Developer aid (docs, visual checks): save a picture of the window and exit.
    QCommandLineOption screenshotOption(QStringLiteral("screenshot"),
                                        QStringLiteral("Save a screenshot of the main window to <file> and exit."),
                                        QStringLiteral("file"));
    screenshotOption.setFlags(QCommandLineOption::HiddenFromHelp);
    parser.addOption(screenshotOption);
    // For the fresh-machine test: report what the sign-in window found (platform
    // plugin, translations, fonts) and exit 1 when something is missing.
    QCommandLineOption startupCheckOption(QStringLiteral("startup-check"),
                                          QStringLiteral("Check the sign-in window came up complete and exit."));
    startupCheckOption.setFlags(QCommandLineOption::HiddenFromHelp);
    parser.addOption(startupCheckOption);
    parser.process(app);

    if (parser.isSet(languageOption) && !languages.applyLanguage(parser.value(languageOption))) {
        const QString message = QCoreApplication::translate("main", "Unknown language \"%1\". Use system, en or zh_CN.")
                                    .arg(parser.value(languageOption));
        std::fprintf(stderr, "%s\n", qPrintable(message));
        return 2;
    }

    td::MainWindow window(&languages);
    if (parser.isSet(serverOption))
        window.setServerUrlOverride(parser.value(serverOption));
    window.show();
    window.signIn();

    const bool startupCheck = parser.isSet(startupCheckOption);
    if (parser.isSet(screenshotOption) || startupCheck) {
        const QString file = parser.value(screenshotOption);
        // Let the first layout and paint settle before grabbing.
        QTimer::singleShot(300, &window, [&window, &languages, file, startupCheck] {
            bool ok = true;
            if (startupCheck) {
                const td::StartupCheck check(&window, window.loginDialog(), languages);
                for (const QString &line : check.report())
                    std::printf("%s\n", qPrintable(line));
                ok = check.problems().isEmpty();
            }
            if (!file.isEmpty()) {
                // What the user sees: the window with the sign-in dialog over it. Without a
                // window manager (offscreen) the dialog has no frame or place of its own, so
                // it is composed as a centred, framed dialog over the dimmed window.
                const QPixmap picture = td::windowPicture(&window, window.loginDialog());
                if (!picture.save(file)) {
                    std::fprintf(stderr, "Could not save the screenshot to %s\n", qPrintable(file));
                    ok = false;
                }
            }
            std::fflush(stdout);
            QCoreApplication::exit(ok ? 0 : 1);
        });
    }

    return QApplication::exec();
}

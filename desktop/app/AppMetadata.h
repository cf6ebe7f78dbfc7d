#pragma once

#include <QIcon>
#include <QString>

namespace td::AppMetadata {

// The product name: shown as is in every language, so it is not translated.
inline const QString ProductName = QStringLiteral("TrialDesk");

// TRIALDESK_VERSION from the build (TrialDesk::Settings).
QString version();
// The application icon, rendered from resources/icons/trialdesk.svg.
QIcon icon();
// Sets organisation and application name, version and the window icon. Needs a
// QApplication; call it before the first QSettings is created, because the names
// decide where settings are stored.
void apply();

} // namespace td::AppMetadata

#include "AppMetadata.h"

#include <QApplication>

namespace td::AppMetadata {

QString version()
{
    return QStringLiteral(TRIALDESK_VERSION);
}

QIcon icon()
{
    QIcon icon;
    for (int size : {48, 128, 256})
        icon.addFile(QStringLiteral(":/icons/trialdesk-%1.png").arg(size), QSize(size, size));
    return icon;
}

void apply()
{
    QApplication::setOrganizationName(ProductName);
    QApplication::setApplicationName(ProductName);
    QApplication::setApplicationVersion(version());
    QApplication::setWindowIcon(icon());
}

} // namespace td::AppMetadata

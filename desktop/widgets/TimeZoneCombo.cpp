#include "TimeZoneCombo.h"

#include <QCompleter>
#include <QEvent>
#include <QLineEdit>
#include <QTimeZone>

using namespace Qt::StringLiterals;

namespace td {

TimeZoneCombo::TimeZoneCombo(QWidget *parent)
    : QComboBox(parent)
{
    setEditable(true);
    setInsertPolicy(QComboBox::NoInsert);
    setMaxVisibleItems(20);
    const QList<QByteArray> ids = QTimeZone::availableTimeZoneIds();
    for (const QByteArray &id : ids)
        addItem(QString::fromUtf8(id), QString::fromUtf8(id));
    // The default completer matches prefixes only: nobody knows New York is "America/...".
    completer()->setCaseSensitivity(Qt::CaseInsensitive);
    completer()->setFilterMode(Qt::MatchContains);
    completer()->setCompletionMode(QCompleter::PopupCompletion);
}

void TimeZoneCombo::setStudyZone(const QString &studyZone)
{
    m_studyZone = studyZone;
    if (!m_hasStudyEntry) {
        insertItem(0, QString(), QString());
        m_hasStudyEntry = true;
    }
    retranslateUi();
}

std::optional<QString> TimeZoneCombo::zoneId() const
{
    if (m_hasStudyEntry && currentIndex() == 0 && currentText() == itemText(0))
        return std::nullopt;
    return currentText().trimmed();
}

void TimeZoneCombo::setZoneId(const std::optional<QString> &id)
{
    if (!id) {
        setCurrentIndex(m_hasStudyEntry ? 0 : -1);
        return;
    }
    const int index = findData(*id);
    if (index >= 0)
        setCurrentIndex(index);
    else
        setEditText(*id);
}

bool TimeZoneCombo::hasValidZone() const
{
    const std::optional<QString> id = zoneId();
    return !id || QTimeZone::isTimeZoneIdAvailable(id->toUtf8());
}

void TimeZoneCombo::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QComboBox::changeEvent(event);
}

void TimeZoneCombo::retranslateUi()
{
    if (!m_hasStudyEntry)
        return;
    const bool showing = currentIndex() == 0 && currentText() == itemText(0);
    //: The subject follows its study's time zone; %1 is that zone's id, e.g. Asia/Shanghai.
    setItemText(0, tr("Study's zone (%1)").arg(m_studyZone));
    if (showing)
        setEditText(itemText(0));
}

} // namespace td

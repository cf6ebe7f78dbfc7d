#include "ScheduleSettingsDialog.h"

#include "widgets/AnchorDateField.h"
#include "widgets/TimeZoneCombo.h"

#include <QCheckBox>
#include <QEvent>
#include <QLabel>
#include <QPointer>
#include <QPushButton>

using namespace Qt::StringLiterals;

namespace td {

ScheduleSettingsDialog::ScheduleSettingsDialog(ApiClient &api, const Subject &subject, const QString &studyZone,
                                               QWidget *parent)
    : QDialog(parent)
    , m_api(api)
    , m_original(subject)
    , m_saved(subject)
{
    setObjectName(u"scheduleSettingsDialog"_s);
    m_timeZoneCombo = new TimeZoneCombo(this);
    m_timeZoneCombo->setObjectName(u"timeZoneCombo"_s);
    m_timeZoneCombo->setStudyZone(studyZone);
    m_timeZoneCombo->setZoneId(subject.timeZone);
    m_anchorDate = new AnchorDateField(this);
    m_anchorDate->setAnchorDate(subject.anchorDate);

    const QList<EditForm::Row> rows = {
        {u"timeZone"_s, m_timeZoneCombo},
        {u"anchorDate"_s, m_anchorDate, m_anchorDate->checkBox()},
    };
    m_form = new EditForm(this, rows, {u"scheduleSettingsMessageLabel"_s, u"scheduleSettingsSaveButton"_s},
                          [this](const QString &key) { return fieldName(key); });
    connect(m_form->saveButton(), &QPushButton::clicked, this, [this] { save(); });
    setMinimumWidth(460);
    retranslateUi();
    m_timeZoneCombo->setFocus();
}

QString ScheduleSettingsDialog::fieldName(const QString &key) const
{
    if (key == u"timeZone"_s)
        return tr("Time zone");
    if (key == u"anchorDate"_s)
        return tr("Anchor date");
    return key;
}

void ScheduleSettingsDialog::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QDialog::changeEvent(event);
}

void ScheduleSettingsDialog::retranslateUi()
{
    setWindowTitle(tr("Schedule Settings"));
    //: %1 is the subject id.
    m_form->introLabel()->setText(
        tr("When the questionnaires of %1 are due. Its submissions so far are matched again to the changed "
           "schedule.")
            .arg(m_original.subjectId));
    m_form->fieldLabel(u"timeZone"_s)->setText(tr("Time &zone:"));
    m_form->fieldLabel(u"anchorDate"_s)->setText(tr("&Anchor date:"));
    setBusy(m_busy);
}

Subject ScheduleSettingsDialog::formSubject() const
{
    Subject subject = m_original;
    subject.timeZone = m_timeZoneCombo->zoneId();
    subject.anchorDate = m_anchorDate->anchorDate();
    return subject;
}

void ScheduleSettingsDialog::setBusy(bool busy)
{
    m_busy = busy;
    m_form->setBusy(busy, busy ? tr("Saving…") : tr("&Save"));
}

QCoro::Task<> ScheduleSettingsDialog::save()
{
    if (m_busy)
        co_return;
    m_form->errors()->clear();
    if (!m_timeZoneCombo->hasValidZone()) {
        m_form->errors()->showFieldError(u"timeZone"_s, tr("is not a known time zone, e.g. Asia/Shanghai"));
        co_return;
    }
    const SubjectPatch patch = SubjectPatch::between(m_original, formSubject());
    if (patch.isEmpty()) {
        accept();
        co_return;
    }
    const QString subjectId = m_original.subjectId;
    setBusy(true);
    QPointer<ScheduleSettingsDialog> self(this);
    const Result<Subject> result = co_await m_api.updateSubject(subjectId, patch);
    if (!self)
        co_return;
    setBusy(false);
    if (result) {
        m_saved = result.value();
        Q_EMIT subjectSaved(m_saved);
        accept();
        co_return;
    }
    m_form->errors()->showRefusal(
        result.error(), {tr("Nothing was changed. Please correct the fields marked in red."),
                         tr("Your session has expired. Sign in again, then click Save: your entries are kept."),
                         tr("Your role may not change subjects."),
                         tr("The server cannot be reached; nothing was changed. Try again."), QString(),
                         //: %1 is the server's explanation (in English).
                         tr("Nothing was changed: %1")});
}

} // namespace td

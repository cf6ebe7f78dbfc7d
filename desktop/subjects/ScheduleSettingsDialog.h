#pragma once

#include "net/ApiClient.h"
#include "widgets/EditForm.h"
#include "widgets/FormErrors.h"

#include <QCoroTask>
#include <QDialog>

namespace td {

class AnchorDateField;
class TimeZoneCombo;

// Changes an enrolled subject's schedule settings: its time zone (or the study's)
// and its anchor date. Save sends only what changed (PATCH /subjects/{id}); the
// server's field problems appear under the fields and the dialog stays open.
class ScheduleSettingsDialog : public QDialog
{
    Q_OBJECT

public:
    // `studyZone`: the zone of the subject's study, offered as the default.
    ScheduleSettingsDialog(ApiClient &api, const Subject &subject, const QString &studyZone, QWidget *parent = nullptr);

    bool isBusy() const { return m_busy; }
    const Subject &savedSubject() const { return m_saved; }
    const FormErrors &errors() const { return *m_form->errors(); }

Q_SIGNALS:
    void subjectSaved(const td::Subject &subject);

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslateUi();
    QString fieldName(const QString &key) const;
    Subject formSubject() const;
    void setBusy(bool busy);
    QCoro::Task<> save();

    ApiClient &m_api;
    Subject m_original;
    Subject m_saved;
    bool m_busy = false;

    TimeZoneCombo *m_timeZoneCombo = nullptr;
    AnchorDateField *m_anchorDate = nullptr;
    EditForm *m_form = nullptr;
};

} // namespace td

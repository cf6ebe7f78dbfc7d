#pragma once

#include "ApiError.h"
#include "ExpectedEntry.h"
#include "QuestionnaireSchedule.h"
#include "ScheduleCalendar.h"

#include <QWidget>
#include <optional>

class QCheckBox;
class QComboBox;
class QDateEdit;
class QFormLayout;
class QLabel;
class QLineEdit;
class QListWidget;
class QSpinBox;
class QTimeEdit;

namespace td {

class ComplianceCalendarView;
class FormErrors;
class MessageBanner;

// Edits when one questionnaire is due (a QuestionnaireSchedule): the rule (once,
// daily, weekly on chosen days, on listed days after the anchor), the local
// opening time, the completion window, the anchor and the first and last day.
// Beside the form, a preview: the entries of the next 28 days for a chosen
// subject (their anchor date and time zone), on a calendar and as a list with
// local opening and closing times, so the author sees what a patient will get,
// daylight-saving changes included. Problems are shown under the inputs, both the
// editor's own checks (QuestionnaireSchedule::fromJson) and the server's.
class ScheduleEditor : public QWidget
{
    Q_OBJECT

public:
    static constexpr int kPreviewDays = 28;

    explicit ScheduleEditor(QWidget *parent = nullptr);

    void setSchedule(const QuestionnaireSchedule &schedule);
    // What the form holds, checked; nullopt (and the problems shown) when invalid.
    std::optional<QuestionnaireSchedule> schedule();
    // The form as the JSON the server takes, unchecked.
    QJsonObject toJson() const;
    void setReadOnly(bool readOnly);
    // Shows the server's answer to a save (its per-field problems under the inputs).
    void showError(const ApiError &error);
    void clearErrors();

    // Whose entries the preview shows: a subject's name for the heading, and its timeline.
    void setPreviewSubject(const QString &label, const SubjectTimeline &timeline);
    // The first day of the preview (today by default).
    void setPreviewStart(const QDate &start);
    QList<ExpectedEntry> previewEntries() const { return m_previewEntries; }
    ComplianceCalendarView *previewCalendar() const { return m_calendar; }
    QListWidget *previewList() const { return m_entryList; }
    FormErrors *errors() const { return m_errors; }

    QComboBox *ruleCombo() const { return m_rule; }
    QTimeEdit *timeEdit() const { return m_at; }
    QCheckBox *weekdayBox(int weekday) const { return m_weekdays.value(weekday - 1); }
    QLineEdit *dayOffsetsEdit() const { return m_dayOffsets; }
    QSpinBox *windowSpin() const { return m_window; }
    QComboBox *anchorCombo() const { return m_anchor; }
    QSpinBox *startDaySpin() const { return m_startDay; }
    QCheckBox *endDayBox() const { return m_hasEndDay; }
    QSpinBox *endDaySpin() const { return m_endDay; }
    QCheckBox *remindersBox() const { return m_remindersEnabled; }
    QSpinBox *followUpSpin() const { return m_followUp; }
    QSpinBox *alertAfterSpin() const { return m_alertAfter; }

Q_SIGNALS:
    // The user changed something (not sent by setSchedule()).
    void edited();

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslateUi();
    void updateRows();
    void updatePreview();
    void onEdited();
    QString fieldName(const QString &key) const;

    QString m_questionnaire;
    bool m_loading = false;
    QString m_previewLabel;
    std::optional<SubjectTimeline> m_previewTimeline;
    QDate m_previewStart;
    QList<ExpectedEntry> m_previewEntries;
    ScheduleCalendar m_calendarMath;

    QFormLayout *m_form = nullptr;
    MessageBanner *m_banner = nullptr;
    FormErrors *m_errors = nullptr;
    QComboBox *m_rule = nullptr;
    QTimeEdit *m_at = nullptr;
    QWidget *m_weekdayRow = nullptr;
    QList<QCheckBox *> m_weekdays;
    QLineEdit *m_dayOffsets = nullptr;
    QSpinBox *m_window = nullptr;
    QComboBox *m_anchor = nullptr;
    QSpinBox *m_startDay = nullptr;
    QCheckBox *m_hasEndDay = nullptr;
    QSpinBox *m_endDay = nullptr;
    QCheckBox *m_remindersEnabled = nullptr;
    QSpinBox *m_followUp = nullptr;
    QSpinBox *m_alertAfter = nullptr;
    QLabel *m_previewTitle = nullptr;
    ComplianceCalendarView *m_calendar = nullptr;
    QListWidget *m_entryList = nullptr;
    QMap<QString, QWidget *> m_rows; // field key -> its row (input and error line)
};

} // namespace td

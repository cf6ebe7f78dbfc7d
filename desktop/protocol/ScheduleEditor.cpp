#include "ScheduleEditor.h"

#include "widgets/ComplianceCalendarView.h"
#include "widgets/FormErrors.h"
#include "widgets/MessageBanner.h"

#include <QCheckBox>
#include <QComboBox>
#include <QEvent>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QSpinBox>
#include <QTimeEdit>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace td {

namespace {

using Rule = QuestionnaireSchedule::Rule;
using Anchor = QuestionnaireSchedule::Anchor;

const QList<Rule> kRules = {Rule::Daily, Rule::Weekly, Rule::DayOffsets, Rule::Once};

} // namespace

ScheduleEditor::ScheduleEditor(QWidget *parent)
    : QWidget(parent)
    , m_previewStart(QDate::currentDate())
{
    m_banner = new MessageBanner(this);
    m_banner->setObjectName(u"scheduleBanner"_s);
    m_errors = new FormErrors(
        m_banner, [this](const QString &key) { return fieldName(key); }, this);

    m_rule = new QComboBox(this);
    for (Rule rule : kRules)
        m_rule->addItem(QString(), QVariant::fromValue(int(rule)));
    m_at = new QTimeEdit(this);
    m_at->setDisplayFormat(u"HH:mm"_s);
    m_weekdayRow = new QWidget(this);
    auto *weekdayLayout = new QHBoxLayout(m_weekdayRow);
    weekdayLayout->setContentsMargins(0, 0, 0, 0);
    for (int day = 1; day <= 7; ++day) {
        auto *box = new QCheckBox(m_weekdayRow);
        box->setObjectName(u"weekday%1"_s.arg(day));
        weekdayLayout->addWidget(box);
        m_weekdays << box;
        connect(box, &QCheckBox::toggled, this, &ScheduleEditor::onEdited);
    }
    weekdayLayout->addStretch();
    m_dayOffsets = new QLineEdit(this);
    m_dayOffsets->setPlaceholderText(u"0, 7, 14, 28"_s);
    m_window = new QSpinBox(this);
    m_window->setRange(1, QuestionnaireSchedule::kMaxWindowMinutes);
    m_window->setSingleStep(15);
    m_anchor = new QComboBox(this);
    m_anchor->addItem(QString(), int(Anchor::Enrolment));
    m_anchor->addItem(QString(), int(Anchor::SubjectDate));
    m_startDay = new QSpinBox(this);
    m_startDay->setRange(0, QuestionnaireSchedule::kMaxDay);
    m_hasEndDay = new QCheckBox(this);
    m_endDay = new QSpinBox(this);
    m_endDay->setRange(0, QuestionnaireSchedule::kMaxDay);
    auto *endRow = new QWidget(this);
    auto *endLayout = new QHBoxLayout(endRow);
    endLayout->setContentsMargins(0, 0, 0, 0);
    endLayout->addWidget(m_hasEndDay);
    endLayout->addWidget(m_endDay);
    endLayout->addStretch();
    // What the server's reminder service does for this questionnaire (issue #16);
    // kept here so that saving the schedule never resets settings made elsewhere.
    m_remindersEnabled = new QCheckBox(this);
    m_remindersEnabled->setObjectName(u"remindersEnabled"_s);
    m_followUp = new QSpinBox(this);
    m_followUp->setObjectName(u"followUpAfterMinutes"_s);
    m_followUp->setRange(0, ReminderSettings::kMaxFollowUpMinutes);
    m_followUp->setSingleStep(30);
    m_alertAfter = new QSpinBox(this);
    m_alertAfter->setObjectName(u"alertAfterMissed"_s);
    m_alertAfter->setRange(0, ReminderSettings::kMaxAlertAfterMissed);

    m_form = new QFormLayout;
    const QList<QPair<QString, QWidget *>> fields = {
        {u"rule"_s, m_rule},
        {u"at"_s, m_at},
        {u"weekdays"_s, m_weekdayRow},
        {u"dayOffsets"_s, m_dayOffsets},
        {u"windowMinutes"_s, m_window},
        {u"anchor"_s, m_anchor},
        {u"startDay"_s, m_startDay},
        {u"endDay"_s, endRow},
        {u"reminders.enabled"_s, m_remindersEnabled},
        {u"reminders.followUpAfterMinutes"_s, m_followUp},
        {u"reminders.alertAfterMissed"_s, m_alertAfter},
    };
    for (const auto &[key, field] : fields) {
        QWidget *row = m_errors->addField(field, key, this);
        m_rows.insert(key, row);
        m_form->addRow(new QLabel(this), row);
    }

    m_previewTitle = new QLabel(this);
    m_previewTitle->setObjectName(u"previewTitle"_s);
    m_previewTitle->setWordWrap(true);
    m_calendar = new ComplianceCalendarView(this);
    m_calendar->setObjectName(u"schedulePreview"_s);
    m_entryList = new QListWidget(this);
    m_entryList->setObjectName(u"previewEntries"_s);

    auto *formColumn = new QVBoxLayout;
    formColumn->addLayout(m_form);
    formColumn->addWidget(m_banner);
    formColumn->addStretch();
    auto *previewColumn = new QVBoxLayout;
    previewColumn->addWidget(m_previewTitle);
    previewColumn->addWidget(m_calendar);
    previewColumn->addWidget(m_entryList, 1);
    auto *layout = new QHBoxLayout(this);
    layout->addLayout(formColumn, 1);
    layout->addLayout(previewColumn, 1);

    connect(m_rule, &QComboBox::currentIndexChanged, this, [this] {
        updateRows();
        onEdited();
    });
    connect(m_at, &QTimeEdit::timeChanged, this, &ScheduleEditor::onEdited);
    connect(m_dayOffsets, &QLineEdit::textEdited, this, &ScheduleEditor::onEdited);
    connect(m_window, &QSpinBox::valueChanged, this, &ScheduleEditor::onEdited);
    connect(m_anchor, &QComboBox::currentIndexChanged, this, &ScheduleEditor::onEdited);
    connect(m_startDay, &QSpinBox::valueChanged, this, &ScheduleEditor::onEdited);
    connect(m_endDay, &QSpinBox::valueChanged, this, &ScheduleEditor::onEdited);
    connect(m_remindersEnabled, &QCheckBox::toggled, this, [this](bool on) {
        m_followUp->setEnabled(on && m_remindersEnabled->isEnabled());
        onEdited();
    });
    connect(m_followUp, &QSpinBox::valueChanged, this, &ScheduleEditor::onEdited);
    connect(m_alertAfter, &QSpinBox::valueChanged, this, &ScheduleEditor::onEdited);
    connect(m_hasEndDay, &QCheckBox::toggled, this, [this](bool on) {
        m_endDay->setEnabled(on && m_hasEndDay->isEnabled());
        onEdited();
    });

    retranslateUi();
    setSchedule(QuestionnaireSchedule{});
}

QString ScheduleEditor::fieldName(const QString &key) const
{
    if (key == u"rule"_s)
        return tr("Repeats");
    if (key == u"at"_s)
        return tr("Opens at");
    if (key == u"weekdays"_s)
        return tr("On");
    if (key == u"dayOffsets"_s)
        return tr("On days");
    if (key == u"windowMinutes"_s)
        return tr("Window");
    if (key == u"anchor"_s)
        return tr("Counted from");
    if (key == u"startDay"_s)
        return tr("First day");
    if (key == u"endDay"_s)
        return tr("Last day");
    if (key == u"reminders.enabled"_s)
        return tr("Reminders");
    if (key == u"reminders.followUpAfterMinutes"_s)
        return tr("Second reminder");
    if (key == u"reminders.alertAfterMissed"_s)
        return tr("Staff alert");
    return key;
}

void ScheduleEditor::retranslateUi()
{
    for (auto it = m_rows.cbegin(); it != m_rows.cend(); ++it) {
        if (auto *label = qobject_cast<QLabel *>(m_form->labelForField(it.value())))
            label->setText(fieldName(it.key()) + u':');
    }
    m_rule->setItemText(0, tr("Every day"));
    m_rule->setItemText(1, tr("Every week on chosen days"));
    m_rule->setItemText(2, tr("On listed days after the anchor"));
    m_rule->setItemText(3, tr("Once"));
    for (int day = 1; day <= 7; ++day)
        m_weekdays.at(day - 1)->setText(QLocale().dayName(day, QLocale::ShortFormat));
    m_dayOffsets->setToolTip(tr("Days after the anchor date, separated by commas: 0 is the anchor date itself."));
    m_window->setSuffix(tr(" min"));
    m_window->setToolTip(tr("How long the questionnaire can be filled in after it opens, in minutes."));
    m_anchor->setItemText(0, tr("Enrolment date"));
    m_anchor->setItemText(1, tr("The subject's own date (e.g. surgery)"));
    m_startDay->setPrefix(tr("day "));
    m_endDay->setPrefix(tr("day "));
    m_hasEndDay->setText(tr("until"));
    m_hasEndDay->setToolTip(tr("Without a last day, entries continue until the study's end date."));
    m_remindersEnabled->setText(tr("remind the subject when the questionnaire opens"));
    m_followUp->setPrefix(tr("after "));
    m_followUp->setSuffix(tr(" min without an answer"));
    m_followUp->setSpecialValueText(tr("none"));
    m_followUp->setToolTip(tr("A second reminder if nothing was received this long after the questionnaire "
                              "opened; 0: no second reminder."));
    m_alertAfter->setPrefix(tr("after "));
    m_alertAfter->setSuffix(tr(" missed in a row"));
    m_alertAfter->setSpecialValueText(tr("never"));
    m_alertAfter->setToolTip(tr("Staff are alerted (a subject.alert event) when a subject misses this many "
                                "entries in a row; 0: never."));
    m_calendar->setAccessibleName(tr("Schedule preview"));
    updatePreview();
}

void ScheduleEditor::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

void ScheduleEditor::setSchedule(const QuestionnaireSchedule &schedule)
{
    m_loading = true;
    m_questionnaire = schedule.questionnaire;
    m_rule->setCurrentIndex(int(kRules.indexOf(schedule.rule)));
    m_at->setTime(schedule.at);
    for (int day = 1; day <= 7; ++day)
        m_weekdays.at(day - 1)->setChecked(schedule.weekdays.contains(day));
    QStringList offsets;
    for (int d : schedule.dayOffsets)
        offsets << QString::number(d);
    m_dayOffsets->setText(offsets.join(u", "_s));
    m_window->setValue(schedule.windowMinutes);
    m_anchor->setCurrentIndex(schedule.anchor == Anchor::Enrolment ? 0 : 1);
    m_startDay->setValue(schedule.startDay);
    m_hasEndDay->setChecked(schedule.endDay.has_value());
    m_endDay->setValue(schedule.endDay.value_or(schedule.startDay));
    m_endDay->setEnabled(schedule.endDay.has_value() && m_hasEndDay->isEnabled());
    m_remindersEnabled->setChecked(schedule.reminders.enabled);
    m_followUp->setValue(schedule.reminders.followUpAfterMinutes);
    m_followUp->setEnabled(schedule.reminders.enabled && m_remindersEnabled->isEnabled());
    m_alertAfter->setValue(schedule.reminders.alertAfterMissed);
    m_loading = false;
    m_errors->clear();
    updateRows();
    updatePreview();
}

QJsonObject ScheduleEditor::toJson() const
{
    const Rule rule = kRules.value(m_rule->currentIndex(), Rule::Daily);
    QJsonObject json{
        {u"questionnaire"_s, m_questionnaire},
        {u"rule"_s, QuestionnaireSchedule::ruleName(rule)},
        {u"at"_s, m_at->time().toString(u"HH:mm"_s)},
        {u"windowMinutes"_s, m_window->value()},
        {u"anchor"_s, QuestionnaireSchedule::anchorName(Anchor(m_anchor->currentData().toInt()))},
        {u"startDay"_s, m_startDay->value()},
    };
    if (rule == Rule::Weekly) {
        QJsonArray days;
        for (int day = 1; day <= 7; ++day) {
            if (m_weekdays.at(day - 1)->isChecked())
                days.append(day);
        }
        json.insert(u"weekdays"_s, days);
    }
    if (rule == Rule::DayOffsets) {
        // Whatever was typed goes to fromJson, which names what is wrong: a word
        // that is no number is sent as text so it is reported, not dropped.
        QJsonArray days;
        const QStringList parts = m_dayOffsets->text().split(u',', Qt::SkipEmptyParts);
        for (const QString &part : parts) {
            bool ok = false;
            const int day = part.trimmed().toInt(&ok);
            days.append(ok ? QJsonValue(day) : QJsonValue(part.trimmed()));
        }
        json.insert(u"dayOffsets"_s, days);
    }
    if (rule != Rule::Once && m_hasEndDay->isChecked())
        json.insert(u"endDay"_s, m_endDay->value());
    json.insert(u"reminders"_s, QJsonObject{{u"enabled"_s, m_remindersEnabled->isChecked()},
                                            {u"followUpAfterMinutes"_s, m_followUp->value()},
                                            {u"alertAfterMissed"_s, m_alertAfter->value()}});
    return json;
}

std::optional<QuestionnaireSchedule> ScheduleEditor::schedule()
{
    ApiError error;
    auto schedule = QuestionnaireSchedule::fromJson(toJson(), &error);
    m_errors->clear();
    if (!schedule)
        m_errors->showFields(error, tr("The schedule has problems; see the marked fields."));
    return schedule;
}

void ScheduleEditor::setReadOnly(bool readOnly)
{
    const QList<QWidget *> inputs = {m_rule,   m_at,       m_weekdayRow, m_dayOffsets,       m_window,
                                     m_anchor, m_startDay, m_hasEndDay,  m_remindersEnabled, m_alertAfter};
    for (QWidget *w : inputs)
        w->setEnabled(!readOnly);
    m_endDay->setEnabled(!readOnly && m_hasEndDay->isChecked());
    m_followUp->setEnabled(!readOnly && m_remindersEnabled->isChecked());
}

void ScheduleEditor::showError(const ApiError &error)
{
    m_errors->clear();
    if (!m_errors->showFields(error, tr("The server did not accept the schedule.")))
        m_errors->showMessage(error.message);
}

void ScheduleEditor::clearErrors()
{
    m_errors->clear();
}

void ScheduleEditor::setPreviewSubject(const QString &label, const SubjectTimeline &timeline)
{
    m_previewLabel = label;
    m_previewTimeline = timeline;
    updatePreview();
}

void ScheduleEditor::setPreviewStart(const QDate &start)
{
    m_previewStart = start;
    updatePreview();
}

void ScheduleEditor::updateRows()
{
    const Rule rule = kRules.value(m_rule->currentIndex(), Rule::Daily);
    m_form->setRowVisible(m_rows.value(u"weekdays"_s), rule == Rule::Weekly);
    m_form->setRowVisible(m_rows.value(u"dayOffsets"_s), rule == Rule::DayOffsets);
    m_form->setRowVisible(m_rows.value(u"endDay"_s), rule != Rule::Once);
    if (auto *label = qobject_cast<QLabel *>(m_form->labelForField(m_rows.value(u"startDay"_s))))
        label->setText((rule == Rule::Once ? tr("On day") : fieldName(u"startDay"_s)) + u':');
}

void ScheduleEditor::onEdited()
{
    if (m_loading)
        return;
    updatePreview();
    Q_EMIT edited();
}

void ScheduleEditor::updatePreview()
{
    m_previewEntries.clear();
    m_entryList->clear();
    const QDate last = m_previewStart.addDays(kPreviewDays - 1);
    QMap<QDate, DayTally> days;
    ApiError error;
    const auto schedule = QuestionnaireSchedule::fromJson(toJson(), &error);
    if (!m_previewTimeline) {
        m_previewTitle->setText(tr("Choose a subject to preview their next %n days.", nullptr, kPreviewDays));
    } else if (!schedule) {
        m_previewTitle->setText(tr("Correct the schedule to see its preview."));
    } else {
        const QTimeZone zone = m_previewTimeline->zone;
        m_previewTitle->setText(
            tr("Next %n days for %1 (%2)", nullptr, kPreviewDays).arg(m_previewLabel, QString::fromUtf8(zone.id())));
        // Local midnight to local midnight, so the range is the subject's own days.
        const QDateTime from = m_calendarMath.opening(zone, m_previewStart, QTime(0, 0));
        const QDateTime to = m_calendarMath.opening(zone, last.addDays(1), QTime(0, 0));
        m_previewEntries = m_calendarMath.expand(*schedule, *m_previewTimeline, from, to);
        const QDateTime now = QDateTime::currentDateTimeUtc();
        const QLocale locale;
        for (const ExpectedEntry &entry : std::as_const(m_previewEntries)) {
            DayTally &tally = days[entry.localDate];
            ++tally.expected;
            if (entry.stateAt(now) == EntryState::Open)
                ++tally.open;
            else
                ++tally.upcoming;
            const QDateTime opens = entry.opensAt.toTimeZone(zone);
            const QDateTime closes = entry.closesAt.toTimeZone(zone);
            m_entryList->addItem(
                tr("Day %1 · %2, %3 to %4")
                    .arg(QString::number(entry.day), locale.toString(entry.localDate, QLocale::ShortFormat),
                         locale.toString(opens.time(), u"HH:mm"_s),
                         closes.date() == opens.date() ? locale.toString(closes.time(), u"HH:mm"_s)
                                                       : locale.toString(closes, QLocale::ShortFormat)));
        }
        if (m_previewEntries.isEmpty())
            m_entryList->addItem(tr("Nothing is due in these days."));
    }
    m_calendar->setDays(m_previewStart, last, days);
}

} // namespace td

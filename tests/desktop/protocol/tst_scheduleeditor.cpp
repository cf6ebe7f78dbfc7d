// The schedule editor: the form round-trips every rule, shows only the inputs a
// rule uses, names what is wrong under the input, and previews the next 28 days of
// a subject, across a daylight-saving change.
#include "protocol/ScheduleEditor.h"
#include "widgets/ComplianceCalendarView.h"
#include "widgets/FormErrors.h"

#include <QCheckBox>
#include <QComboBox>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLineEdit>
#include <QListWidget>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTest>
#include <QTimeEdit>

using namespace Qt::StringLiterals;
using td::QuestionnaireSchedule;
using td::ScheduleEditor;

namespace {

QuestionnaireSchedule parse(const QByteArray &json)
{
    td::ApiError error;
    const auto s = QuestionnaireSchedule::fromJson(QJsonDocument::fromJson(json).object(), &error);
    if (!s)
        qFatal("invalid test schedule: %s", qPrintable(error.message));
    return *s;
}

td::SubjectTimeline newYorkSubject()
{
    td::SubjectTimeline t;
    t.anchorDate = QDate(2026, 3, 1);
    t.zone = QTimeZone("America/New_York");
    return t;
}

} // namespace

class TestScheduleEditor : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates)); }

    void roundTrip_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::newRow("daily") << QByteArray(
            R"({"questionnaire":"daily-symptoms","rule":"daily","at":"08:00","windowMinutes":120,"anchor":"enrolment","startDay":0,"endDay":89})");
        QTest::newRow("daily, open-ended") << QByteArray(
            R"({"questionnaire":"q","rule":"daily","at":"20:30","windowMinutes":60,"anchor":"enrolment","startDay":1})");
        QTest::newRow("weekly") << QByteArray(
            R"({"questionnaire":"q","rule":"weekly","at":"09:15","weekdays":[1,4],"windowMinutes":1440,"anchor":"subjectDate","startDay":0})");
        QTest::newRow("day offsets") << QByteArray(
            R"({"questionnaire":"q","rule":"dayOffsets","at":"10:00","dayOffsets":[0,7,14,28],"windowMinutes":4320,"anchor":"enrolment","startDay":0})");
        QTest::newRow("once") << QByteArray(
            R"({"questionnaire":"q","rule":"once","at":"07:00","windowMinutes":10080,"anchor":"enrolment","startDay":90})");
        // Settings made through the API survive a save from the desktop (issue #16).
        QTest::newRow("reminders off") << QByteArray(
            R"({"questionnaire":"q","rule":"daily","at":"08:00","windowMinutes":120,"anchor":"enrolment","startDay":0,"reminders":{"enabled":false,"followUpAfterMinutes":120,"alertAfterMissed":3}})");
        QTest::newRow("no second reminder, alert after 5") << QByteArray(
            R"({"questionnaire":"q","rule":"daily","at":"08:00","windowMinutes":120,"anchor":"enrolment","startDay":0,"reminders":{"enabled":true,"followUpAfterMinutes":0,"alertAfterMissed":5}})");
        QTest::newRow("follow-up after a week, never alert") << QByteArray(
            R"({"questionnaire":"q","rule":"weekly","at":"09:15","weekdays":[1],"windowMinutes":10080,"anchor":"enrolment","startDay":0,"reminders":{"enabled":true,"followUpAfterMinutes":10080,"alertAfterMissed":0}})");
    }
    void roundTrip()
    {
        QFETCH(QByteArray, json);
        const QuestionnaireSchedule schedule = parse(json);
        ScheduleEditor editor;
        editor.setSchedule(schedule);
        const auto back = editor.schedule();
        QVERIFY2(back, qPrintable(editor.errors()->message()));
        QCOMPARE(back->toJson(), schedule.toJson());
    }

    void reminderSettingsAreEdited()
    {
        ScheduleEditor editor;
        editor.setSchedule(parse(
            R"({"questionnaire":"q","rule":"daily","at":"08:00","windowMinutes":120,"anchor":"enrolment","startDay":0})"));
        const auto defaults = editor.schedule();
        QVERIFY2(defaults, qPrintable(editor.errors()->message()));
        QCOMPARE(defaults->reminders, td::ReminderSettings{});
        QSignalSpy edited(&editor, &ScheduleEditor::edited);
        editor.followUpSpin()->setValue(45);
        editor.alertAfterSpin()->setValue(0);
        QCOMPARE(edited.count(), 2);
        auto schedule = editor.schedule();
        QVERIFY(schedule);
        QCOMPARE(schedule->reminders.followUpAfterMinutes, 45);
        QCOMPARE(schedule->reminders.alertAfterMissed, 0);
        QCOMPARE(editor.followUpSpin()->text(), u"after 45 min without an answer"_s);
        QCOMPARE(editor.alertAfterSpin()->text(), u"never"_s);
        // Reminders off: the second reminder's delay is kept but cannot be edited.
        editor.remindersBox()->setChecked(false);
        QVERIFY(!editor.followUpSpin()->isEnabled());
        schedule = editor.schedule();
        QVERIFY(schedule);
        QVERIFY(!schedule->reminders.enabled);
        QCOMPARE(schedule->reminders.followUpAfterMinutes, 45);
        editor.setReadOnly(true);
        QVERIFY(!editor.remindersBox()->isEnabled());
        QVERIFY(!editor.alertAfterSpin()->isEnabled());
    }

    void onlyTheRulesInputsAreShown()
    {
        ScheduleEditor editor;
        editor.show();
        QVERIFY(QTest::qWaitForWindowExposed(&editor));
        editor.ruleCombo()->setCurrentIndex(1); // weekly
        QVERIFY(editor.weekdayBox(1)->isVisible());
        QVERIFY(!editor.dayOffsetsEdit()->isVisible());
        editor.ruleCombo()->setCurrentIndex(2); // day offsets
        QVERIFY(!editor.weekdayBox(1)->isVisible());
        QVERIFY(editor.dayOffsetsEdit()->isVisible());
        QVERIFY(editor.endDaySpin()->isVisible());
        editor.ruleCombo()->setCurrentIndex(3); // once
        QVERIFY(!editor.endDaySpin()->isVisible());
    }

    void problemsAreShownUnderTheInput_data()
    {
        QTest::addColumn<int>("rule");
        QTest::addColumn<QString>("offsets");
        QTest::addColumn<QString>("field");
        QTest::newRow("weekly without days") << 1 << QString() << u"weekdays"_s;
        QTest::newRow("offsets not numbers") << 2 << u"0, seven"_s << u"dayOffsets"_s;
        QTest::newRow("offsets not ascending") << 2 << u"7, 0"_s << u"dayOffsets"_s;
        QTest::newRow("no offsets") << 2 << QString() << u"dayOffsets"_s;
    }
    void problemsAreShownUnderTheInput()
    {
        QFETCH(int, rule);
        QFETCH(QString, offsets);
        QFETCH(QString, field);
        ScheduleEditor editor;
        editor.ruleCombo()->setCurrentIndex(rule);
        editor.dayOffsetsEdit()->setText(offsets);
        QVERIFY(!editor.schedule());
        QVERIFY2(!editor.errors()->fieldError(field).isEmpty(), qPrintable(editor.errors()->message()));
    }

    void endBeforeStartIsRefused()
    {
        ScheduleEditor editor;
        editor.startDaySpin()->setValue(10);
        editor.endDayBox()->setChecked(true);
        editor.endDaySpin()->setValue(5);
        QVERIFY(!editor.schedule());
        QVERIFY(!editor.errors()->fieldError(u"endDay"_s).isEmpty());
    }

    void serverProblemsLandUnderTheInput()
    {
        ScheduleEditor editor;
        td::ApiError error = td::ApiError::invalid(u"invalid_schedule"_s, u"Invalid schedule."_s,
                                                   {{u"windowMinutes"_s, u"must be at most 1440"_s}});
        editor.showError(error);
        QCOMPARE(editor.errors()->fieldError(u"windowMinutes"_s), u"Window must be at most 1440."_s);
    }

    void editedOnlyByTheUser()
    {
        ScheduleEditor editor;
        QSignalSpy edited(&editor, &ScheduleEditor::edited);
        editor.setSchedule(
            parse(R"({"questionnaire":"q","rule":"weekly","at":"09:00","weekdays":[2],"windowMinutes":60})"));
        QCOMPARE(edited.size(), 0);
        editor.windowSpin()->setValue(90);
        QCOMPARE(edited.size(), 1);
        editor.weekdayBox(5)->setChecked(true);
        QCOMPARE(edited.size(), 2);
    }

    // Daily at 08:00 for a subject in New York: the entry of 8 March (the spring
    // change) still opens at 08:00 local, i.e. an hour earlier in UTC.
    void previewAcrossDaylightSaving()
    {
        ScheduleEditor editor;
        editor.setSchedule(parse(R"({"questionnaire":"q","rule":"daily","at":"08:00","windowMinutes":120})"));
        QVERIFY(editor.previewEntries().isEmpty()); // no subject chosen yet
        editor.setPreviewStart(QDate(2026, 3, 5));
        editor.setPreviewSubject(u"S-001"_s, newYorkSubject());
        const auto entries = editor.previewEntries();
        QCOMPARE(entries.size(), ScheduleEditor::kPreviewDays);
        QCOMPARE(entries.first().localDate, QDate(2026, 3, 5));
        QCOMPARE(entries.first().day, 4);
        QCOMPARE(entries.at(2).opensAt, QDateTime(QDate(2026, 3, 7), QTime(13, 0), QTimeZone::utc()));
        QCOMPARE(entries.at(3).opensAt, QDateTime(QDate(2026, 3, 8), QTime(12, 0), QTimeZone::utc()));
        QCOMPARE(editor.previewList()->count(), ScheduleEditor::kPreviewDays);
        for (int i = 0; i < editor.previewList()->count(); ++i)
            QVERIFY2(editor.previewList()->item(i)->text().contains(u"08:00 to 10:00"_s),
                     qPrintable(editor.previewList()->item(i)->text()));
        QCOMPARE(editor.previewCalendar()->firstDay(), QDate(2026, 3, 5));
        QCOMPARE(editor.previewCalendar()->tally(QDate(2026, 3, 8)).expected, 1);
    }

    void previewFollowsEdits()
    {
        ScheduleEditor editor;
        editor.setPreviewStart(QDate(2026, 3, 2)); // a Monday
        editor.setPreviewSubject(u"S-001"_s, newYorkSubject());
        editor.setSchedule(
            parse(R"({"questionnaire":"q","rule":"weekly","at":"09:00","weekdays":[1,4],"windowMinutes":60})"));
        QCOMPARE(editor.previewEntries().size(), 8); // Mondays and Thursdays of four weeks
        editor.weekdayBox(7)->setChecked(true);
        QCOMPARE(editor.previewEntries().size(), 12);
        editor.ruleCombo()->setCurrentIndex(2); // day offsets, none typed yet: nothing to preview
        QVERIFY(editor.previewEntries().isEmpty());
        QTest::keyClicks(editor.dayOffsetsEdit(), u"0, 7, 14, 28"_s);
        // Anchor 1 March: days 7, 14 and 28 fall in the preview (2 to 29 March), day 0 before it.
        QCOMPARE(editor.previewEntries().size(), 3);
        QCOMPARE(editor.previewEntries().at(0).localDate, QDate(2026, 3, 8));
        editor.endDayBox()->setChecked(true);
        editor.endDaySpin()->setValue(10);
        QCOMPARE(editor.previewEntries().size(), 1);
    }
};

QTEST_MAIN(TestScheduleEditor)
#include "tst_scheduleeditor.moc"

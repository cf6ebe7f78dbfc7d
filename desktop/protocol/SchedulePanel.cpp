#include "SchedulePanel.h"

#include "net/ApiClient.h"
#include "protocol/ScheduleEditor.h"
#include "widgets/MessageBanner.h"

#include <QComboBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QPointer>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace td {

SchedulePanel::SchedulePanel(ApiClient &api, QWidget *parent)
    : QWidget(parent)
    , m_api(api)
{
    m_editor = new ScheduleEditor(this);
    m_subjectLabel = new QLabel(this);
    m_subjectCombo = new QComboBox(this);
    m_subjectCombo->setObjectName(u"previewSubject"_s);
    m_subjectCombo->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_stateLabel = new QLabel(this);
    m_stateLabel->setObjectName(u"scheduleState"_s);
    m_stateLabel->setWordWrap(true);
    m_saveButton = new QPushButton(this);
    m_saveButton->setObjectName(u"saveSchedule"_s);
    m_removeButton = new QPushButton(this);
    m_removeButton->setObjectName(u"removeSchedule"_s);
    m_banner = new MessageBanner(this);
    m_banner->setObjectName(u"scheduleMessage"_s);

    auto *top = new QHBoxLayout;
    top->addWidget(m_stateLabel, 1);
    top->addWidget(m_subjectLabel);
    top->addWidget(m_subjectCombo);
    top->addWidget(m_saveButton);
    top->addWidget(m_removeButton);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_banner);
    layout->addWidget(m_editor, 1);

    connect(m_editor, &ScheduleEditor::edited, this, [this] {
        setEdited(true);
        updateButtons();
    });
    connect(m_subjectCombo, &QComboBox::currentIndexChanged, this, [this](int index) { previewSubject(index); });
    connect(m_saveButton, &QPushButton::clicked, this, [this] { save(); });
    connect(m_removeButton, &QPushButton::clicked, this, [this] { remove(); });
    retranslateUi();
}

void SchedulePanel::retranslateUi()
{
    m_subjectLabel->setText(tr("Preview for:"));
    m_saveButton->setText(tr("Save Schedule"));
    m_removeButton->setText(tr("Remove Schedule"));
    updateButtons();
}

void SchedulePanel::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

void SchedulePanel::updateButtons()
{
    const bool ready = !m_questionnaire.isEmpty() && !m_busy;
    m_saveButton->setVisible(m_mayEdit);
    m_removeButton->setVisible(m_mayEdit);
    m_saveButton->setEnabled(ready && m_mayEdit && (m_edited || !m_stored));
    m_removeButton->setEnabled(ready && m_mayEdit && m_stored);
    m_editor->setReadOnly(!m_mayEdit || m_busy);
    if (m_questionnaire.isEmpty())
        m_stateLabel->setText(tr("Choose a questionnaire to see when it is due."));
    else if (!m_stored)
        m_stateLabel->setText(
            tr("%1 has no schedule: nothing is expected of the subjects until one is saved.").arg(m_questionnaire));
    else if (m_edited)
        m_stateLabel->setText(tr("%1: the schedule has unsaved changes.").arg(m_questionnaire));
    else
        m_stateLabel->setText(tr("%1 is due as below, for every subject of the study.").arg(m_questionnaire));
}

void SchedulePanel::setQuestionnaire(const QString &projectCode, const QString &questionnaire, bool mayEdit)
{
    const bool sameStudy = projectCode == m_projectCode;
    m_projectCode = projectCode;
    m_questionnaire = questionnaire;
    m_mayEdit = mayEdit;
    if (!sameStudy) {
        m_subjects.clear();
        const QSignalBlocker blocker(m_subjectCombo);
        m_subjectCombo->clear();
    }
    load();
}

QCoro::Task<> SchedulePanel::load()
{
    const quint64 generation = ++m_generation;
    QPointer<SchedulePanel> self(this);
    m_banner->clearMessage();
    m_stored = false;
    setEdited(false);
    QuestionnaireSchedule fresh;
    fresh.questionnaire = m_questionnaire;
    m_editor->setSchedule(fresh);
    updateButtons();
    if (m_projectCode.isEmpty() || m_questionnaire.isEmpty()) {
        Q_EMIT loaded();
        co_return;
    }
    const QString code = m_projectCode;
    const Result<QList<QuestionnaireSchedule>> schedules = co_await m_api.schedules(code);
    if (!self || generation != m_generation)
        co_return;
    if (!schedules) {
        showError(schedules.error());
    } else {
        for (const QuestionnaireSchedule &s : schedules.value()) {
            if (s.questionnaire == m_questionnaire) {
                m_editor->setSchedule(s);
                m_stored = true;
            }
        }
    }
    if (m_subjects.isEmpty()) {
        // A preview needs only a few subjects to choose from: the first page.
        const Result<Page<Subject>> subjects = co_await m_api.subjects(code, QString(), 100);
        if (!self || generation != m_generation)
            co_return;
        if (subjects) {
            m_subjects = subjects->items;
            const QSignalBlocker blocker(m_subjectCombo);
            m_subjectCombo->clear();
            for (const Subject &s : std::as_const(m_subjects))
                m_subjectCombo->addItem(s.site.isEmpty() ? s.subjectId : s.subjectId + u" · "_s + s.site);
        }
    }
    updateButtons();
    Q_EMIT loaded();
    if (m_subjectCombo->count() > 0)
        previewSubject(m_subjectCombo->currentIndex());
}

QCoro::Task<> SchedulePanel::previewSubject(int index)
{
    if (index < 0 || index >= m_subjects.size())
        co_return;
    const Subject subject = m_subjects.at(index);
    QPointer<SchedulePanel> self(this);
    // The server knows the subject's zone (its own, else the study's).
    const QString id = subject.subjectId;
    const Result<SubjectEntries> entries = co_await m_api.subjectEntries(id);
    if (!self)
        co_return;
    QTimeZone zone = QTimeZone::systemTimeZone();
    if (entries && QTimeZone::isTimeZoneIdAvailable(entries->timeZone.toUtf8()))
        zone = QTimeZone(entries->timeZone.toUtf8());
    SubjectTimeline timeline;
    timeline.zone = zone;
    timeline.anchorDate = subject.enrolledAt.toTimeZone(zone).date();
    m_editor->setPreviewSubject(subject.subjectId, timeline);
    Q_EMIT previewReady();
}

void SchedulePanel::setEdited(bool edited)
{
    const bool before = isModified();
    m_edited = edited;
    if (isModified() != before)
        Q_EMIT modifiedChanged();
}

void SchedulePanel::revert()
{
    load();
}

QCoro::Task<bool> SchedulePanel::save()
{
    auto schedule = m_editor->schedule();
    if (!schedule)
        co_return false;
    schedule->questionnaire = m_questionnaire;
    QPointer<SchedulePanel> self(this);
    m_busy = true;
    updateButtons();
    const QString code = m_projectCode;
    const Result<QuestionnaireSchedule> saved = co_await m_api.setSchedule(code, *schedule);
    if (!self)
        co_return false;
    m_busy = false;
    if (!saved) {
        m_editor->showError(saved.error());
    } else {
        m_stored = true;
        setEdited(false);
        m_editor->setSchedule(saved.value());
        m_banner->showMessage(
            [] { return tr("Schedule saved. Compliance and patients' tasks follow it from now on."); },
            MessageBanner::Kind::Success);
    }
    updateButtons();
    Q_EMIT actionFinished();
    co_return saved.ok();
}

QCoro::Task<> SchedulePanel::remove()
{
    QPointer<SchedulePanel> self(this);
    m_busy = true;
    updateButtons();
    const QString code = m_projectCode;
    const QString key = m_questionnaire;
    const Result<Done> removed = co_await m_api.removeSchedule(code, key);
    if (!self)
        co_return;
    m_busy = false;
    if (!removed) {
        showError(removed.error());
    } else {
        m_stored = false;
        setEdited(false);
        m_banner->showMessage([] { return tr("Schedule removed: nothing is expected for this questionnaire now."); },
                              MessageBanner::Kind::Success);
    }
    updateButtons();
    Q_EMIT actionFinished();
}

void SchedulePanel::showError(const ApiError &error)
{
    const QString text = error.message;
    m_banner->showError([text] { return tr("The server said: %1").arg(text); });
}

} // namespace td

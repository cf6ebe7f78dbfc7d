#include "SubjectCompliancePanel.h"

#include "widgets/ComplianceCalendarView.h"

#include <QEvent>
#include <QLabel>
#include <QPointer>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace td {

SubjectCompliancePanel::SubjectCompliancePanel(ApiClient &api, QWidget *parent)
    : QWidget(parent)
    , m_api(api)
{
    m_title = new QLabel(this);
    m_title->setObjectName(u"complianceTitle"_s);
    m_title->setWordWrap(true);
    m_calendar = new ComplianceCalendarView(this);
    m_calendar->setObjectName(u"subjectCompliance"_s);
    m_summary = new QLabel(this);
    m_summary->setObjectName(u"complianceSummary"_s);
    m_summary->setWordWrap(true);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_title);
    layout->addWidget(m_calendar);
    layout->addWidget(m_summary);
    layout->addStretch();
    retranslateUi();
}

void SubjectCompliancePanel::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

void SubjectCompliancePanel::showSubject(const QString &subjectId)
{
    if (subjectId == m_subjectId && !subjectId.isEmpty())
        return;
    m_subjectId = subjectId;
    m_entries = {};
    m_error.clear();
    m_calendar->setDays({}, {}, {});
    retranslateUi();
    if (!subjectId.isEmpty())
        load(subjectId);
}

void SubjectCompliancePanel::refresh()
{
    if (!m_subjectId.isEmpty())
        load(m_subjectId);
}

QCoro::Task<> SubjectCompliancePanel::load(QString subjectId)
{
    const quint64 generation = ++m_generation;
    QPointer<SubjectCompliancePanel> self(this);
    const Result<SubjectEntries> entries = co_await m_api.subjectEntries(subjectId);
    if (!self || generation != m_generation)
        co_return;
    if (!entries) {
        m_error = entries.error().message;
    } else {
        m_entries = entries.value();
        QMap<QDate, DayTally> days;
        for (const SubjectEntries::Entry &e : std::as_const(m_entries.entries)) {
            DayTally &t = days[e.entry.localDate];
            switch (e.state) {
            case EntryState::Received:
                ++t.expected, ++t.received;
                break;
            case EntryState::Late:
                ++t.expected, ++t.late;
                break;
            case EntryState::Missed:
                ++t.expected, ++t.missed;
                break;
            case EntryState::Open:
                ++t.expected, ++t.open;
                break;
            case EntryState::Upcoming:
                ++t.upcoming;
                break;
            }
        }
        m_calendar->setDays(m_entries.from, m_entries.to, days);
    }
    retranslateUi();
    Q_EMIT loaded();
}

void SubjectCompliancePanel::retranslateUi()
{
    m_calendar->setAccessibleName(tr("Compliance calendar"));
    if (m_subjectId.isEmpty()) {
        m_title->setText(tr("Choose a subject to see what was due and what came in."));
        m_summary->clear();
        return;
    }
    if (!m_error.isEmpty()) {
        m_title->setText(tr("Compliance of %1").arg(m_subjectId));
        m_summary->setText(tr("Could not load the entries: %1").arg(m_error));
        return;
    }
    m_title->setText(m_entries.timeZone.isEmpty()
                         ? tr("Compliance of %1").arg(m_subjectId)
                         : tr("Compliance of %1 (days in %2)").arg(m_subjectId, m_entries.timeZone));
    int due = 0, received = 0, late = 0, missed = 0;
    for (const SubjectEntries::Entry &e : std::as_const(m_entries.entries)) {
        if (e.state == EntryState::Upcoming || e.state == EntryState::Open)
            continue;
        ++due;
        received += e.state == EntryState::Received;
        late += e.state == EntryState::Late;
        missed += e.state == EntryState::Missed;
    }
    if (m_entries.entries.isEmpty())
        m_summary->setText(tr("Nothing was due in these days: the study has no schedule for this subject yet."));
    else
        m_summary->setText(
            tr("%1 of %2 closed entries on time, %3 late, %4 missed.").arg(received).arg(due).arg(late).arg(missed));
}

} // namespace td

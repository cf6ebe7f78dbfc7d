#pragma once

#include "net/ApiClient.h"

#include <QCoroTask>
#include <QWidget>

class QLabel;

namespace td {

class ComplianceCalendarView;

// Beside the subjects table: the chosen subject's compliance calendar (what was due
// each day of the last four weeks and the coming week, and whether it came in on
// time, late or not at all), with the totals under it. Days are the subject's own
// (their time zone).
class SubjectCompliancePanel : public QWidget
{
    Q_OBJECT

public:
    explicit SubjectCompliancePanel(ApiClient &api, QWidget *parent = nullptr);

    // Loads `subjectId`'s entries; an empty id clears the panel.
    void showSubject(const QString &subjectId);
    // Loads the shown subject's entries again, keeping the calendar on screen until
    // the answer replaces it (a live update: no flicker).
    void refresh();
    QString subjectId() const { return m_subjectId; }
    ComplianceCalendarView *calendar() const { return m_calendar; }
    QLabel *summaryLabel() const { return m_summary; }
    const SubjectEntries &entries() const { return m_entries; }

Q_SIGNALS:
    // The calendar shows the chosen subject (or the loading failed).
    void loaded();

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslateUi();
    QCoro::Task<> load(QString subjectId);

    ApiClient &m_api;
    QString m_subjectId;
    SubjectEntries m_entries;
    QString m_error;
    quint64 m_generation = 0;
    QLabel *m_title = nullptr;
    ComplianceCalendarView *m_calendar = nullptr;
    QLabel *m_summary = nullptr;
};

} // namespace td

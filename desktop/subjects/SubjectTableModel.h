#pragma once

#include "net/ApiClient.h"
#include "widgets/CursorPagedModel.h"

#include <QDate>

namespace td {

// The subjects of one study, loaded a page at a time as the view asks for more
// (see CursorPagedModel). The last column says how the subject stands today: for a
// study with questionnaire schedules, the state of today's entry (from the stats
// answer, setTodayStats()); otherwise whether the subject has submitted anything
// today (local time).
class SubjectTableModel : public CursorPagedTableModel<Subject>
{
    Q_OBJECT

public:
    enum Column {
        SubjectIdColumn,
        NameColumn,
        SiteColumn,
        EnrolledAtColumn,
        LastSubmissionColumn,
        TodayColumn,
        ColumnCount
    };
    enum Role {
        SortRole = Qt::UserRole + 1,
        // TodayColumn: true when the subject submitted today (scheduled: today's
        // entry received or late).
        SubmittedTodayRole,
    };
    static constexpr int PageSize = 50;

    explicit SubjectTableModel(ApiClient &api, QObject *parent = nullptr);

    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // Drops the rows and starts over with the subjects of `projectCode` (the first
    // page loads on the next fetchMore()). An empty code means no study: no rows.
    void setProjectCode(const QString &projectCode);
    QString projectCode() const { return m_projectCode; }
    // The local date "today" is compared with; the current date unless set (tests).
    void setToday(const QDate &today);
    QDate today() const;

    const Subject &subject(int row) const { return m_rows.at(row); }
    int rowOf(const QString &subjectId) const;
    // After an enrolment: replaces the row with the same id, or appends the subject
    // when the last page is loaded (the server lists subjects in enrolment order).
    void upsert(const Subject &subject);
    bool submittedToday(const Subject &subject) const;
    // Today's entries of a scheduled study (the stats answer of the model's study);
    // none, or the enrolment basis: the Today column compares lastSubmissionAt.
    void setTodayStats(const std::optional<ProjectStats> &stats);
    bool isScheduled() const { return m_scheduled; }
    // The entry that says most about the subject's today (missed before late before
    // open before upcoming before received, as the compliance calendar colours a
    // day); none when nothing is due today or the study is not scheduled.
    std::optional<ProjectStats::TodayEntry> todayEntry(const QString &subjectId) const;
    // Scheduled: an entry today open and not yet received, or missed; otherwise no
    // submission today. What the page's footer counts.
    bool missingToday(const Subject &subject) const;

protected:
    bool hasQuery() const override { return !m_projectCode.isEmpty(); }
    QCoro::Task<Result<Page<Subject>>> requestPage(QString cursor, int limit, RequestCanceller *canceller) override;
    QString rowKey(const Subject &subject) const override { return subject.subjectId; }

private:
    QString todayText(const Subject &subject) const;
    QVariant todayColour(const Subject &subject) const;

    ApiClient &m_api;
    QString m_projectCode;
    QDate m_today;
    bool m_scheduled = false;
    QHash<QString, ProjectStats::TodayEntry> m_todayEntries; // by subject id
};

} // namespace td

#pragma once

#include "net/ApiClient.h"
#include "widgets/CursorPagedModel.h"

#include <QDate>

namespace td {

// The subjects of one study, loaded a page at a time as the view asks for more
// (see CursorPagedModel). The last column says whether the subject has submitted
// anything today (local time).
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
        // TodayColumn: true when the subject submitted today.
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

protected:
    bool hasQuery() const override { return !m_projectCode.isEmpty(); }
    QCoro::Task<Result<Page<Subject>>> requestPage(QString cursor, int limit, RequestCanceller *canceller) override;

private:
    ApiClient &m_api;
    QString m_projectCode;
    QDate m_today;
};

} // namespace td

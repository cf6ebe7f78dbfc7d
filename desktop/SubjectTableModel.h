#pragma once

#include "ApiClient.h"

#include <QAbstractTableModel>
#include <QCoroTask>
#include <QDate>

namespace td {

// The subjects of one study, loaded a page at a time (keyset cursor) as the view
// asks for more through canFetchMore()/fetchMore(), like ProjectTableModel. The
// last column says whether the subject has submitted anything today (local time).
class SubjectTableModel : public QAbstractTableModel
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

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex &parent = {}) const override;
    void fetchMore(const QModelIndex &parent = {}) override;

    // Drops the rows and starts over with the subjects of `projectCode` (the first
    // page loads on the next fetchMore()). An empty code means no study: no rows.
    void setProjectCode(const QString &projectCode);
    QString projectCode() const { return m_projectCode; }
    void reload();
    // Allows fetching again after an error.
    void resume();
    // The local date "today" is compared with; the current date unless set (tests).
    void setToday(const QDate &today);
    QDate today() const;

    bool isLoading() const { return m_loading; }
    bool hasMore() const { return m_hasMore; }
    std::optional<ApiError> lastError() const { return m_lastError; }

    const Subject &subject(int row) const { return m_subjects.at(row); }
    int rowOf(const QString &subjectId) const;
    // After an enrolment: replaces the row with the same id, or appends the subject
    // when the last page is loaded (the server lists subjects in enrolment order).
    void upsert(const Subject &subject);
    bool submittedToday(const Subject &subject) const;

Q_SIGNALS:
    void loadingChanged(bool loading);
    void pageLoaded(int rows);
    void loadFailed(const td::ApiError &error);

private:
    QCoro::Task<> loadNextPage();
    void setLoading(bool loading);

    ApiClient &m_api;
    QString m_projectCode;
    QList<Subject> m_subjects;
    QString m_nextCursor;
    bool m_hasMore = false;
    bool m_loading = false;
    bool m_paused = false;
    std::optional<ApiError> m_lastError;
    QDate m_today;
    int m_generation = 0;
    // Aborts the page being loaded when another study is chosen.
    RequestCanceller *m_canceller = nullptr;
};

} // namespace td

#pragma once

#include "ApiClient.h"

#include <QAbstractTableModel>
#include <QCoroTask>

namespace td {

// The studies the server lists for a query, loaded a page at a time (keyset cursor)
// as the view asks for more through canFetchMore()/fetchMore(). Loading never
// blocks: each page is one ApiClient coroutine, and a page answered for an
// outdated query or after cancel() is dropped.
class ProjectTableModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { CodeColumn, TitleColumn, PhaseColumn, StatusColumn, SitesColumn, EnrolmentColumn, ColumnCount };
    enum Role {
        // Value to sort by (numbers sort as numbers, phases in trial order).
        SortRole = Qt::UserRole + 1,
        // Enrolment column: enrolled and target counts (target invalid when not set).
        EnrolledCountRole,
        TargetEnrollmentRole,
    };
    static constexpr int PageSize = 50;

    explicit ProjectTableModel(ApiClient &api, QObject *parent = nullptr);

    // The translated name of a study status ("active" -> "Active").
    static QString statusText(const QString &status);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex &parent = {}) const override;
    void fetchMore(const QModelIndex &parent = {}) override;

    // Drops the rows and starts over with `query` (the first page loads on the
    // next fetchMore(), which attached views call themselves).
    void setQuery(const ApiClient::ProjectQuery &query);
    ApiClient::ProjectQuery query() const { return m_query; }
    // Starts over with the same query.
    void reload();
    // Aborts the page being loaded (the request, not only the wait for it);
    // fetching resumes on resume().
    void cancel();
    // Allows fetching again after cancel() or an error.
    void resume();

    bool isLoading() const { return m_loading; }
    // More pages on the server (the last answer had a cursor).
    bool hasMore() const { return m_hasMore; }
    // The error of the last failed page, if the last page failed.
    std::optional<ApiError> lastError() const { return m_lastError; }

    const Project &project(int row) const { return m_projects.at(row); }
    int rowOf(const QString &code) const;
    // After a save: replaces the row with the same code, or inserts the new study
    // where the server's order (by code) puts it among the loaded rows.
    void upsert(const Project &project);

Q_SIGNALS:
    void loadingChanged(bool loading);
    void pageLoaded(int rows);
    void loadFailed(const td::ApiError &error);

private:
    QCoro::Task<> loadNextPage();
    void setLoading(bool loading);

    ApiClient &m_api;
    ApiClient::ProjectQuery m_query;
    QList<Project> m_projects;
    QString m_nextCursor;
    bool m_hasMore = true;
    bool m_loading = false;
    bool m_paused = false; // after cancel() or an error, until resume()
    std::optional<ApiError> m_lastError;
    // Bumped whenever outstanding answers become stale (new query, cancel).
    int m_generation = 0;
    // Aborts the request of the page being loaded on cancel() or a new query.
    RequestCanceller *m_canceller = nullptr;
};

} // namespace td

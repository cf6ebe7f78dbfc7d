#pragma once

#include "net/ApiClient.h"
#include "widgets/CursorPagedModel.h"

namespace td {

// The studies the server lists for a query, loaded a page at a time as the view
// asks for more (see CursorPagedModel for loading, cancelling and retrying).
class ProjectTableModel : public CursorPagedTableModel<Project>
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

    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // Drops the rows and starts over with `query` (the first page loads on the
    // next fetchMore(), which attached views call themselves).
    void setQuery(const ApiClient::ProjectQuery &query);
    ApiClient::ProjectQuery query() const { return m_query; }

    const Project &project(int row) const { return m_rows.at(row); }
    int rowOf(const QString &code) const;
    // After a save: replaces the row with the same code, or inserts the new study
    // where the server's order (by code) puts it among the loaded rows.
    void upsert(const Project &project);

protected:
    QCoro::Task<Result<Page<Project>>> requestPage(QString cursor, int limit, RequestCanceller *canceller) override;

private:
    ApiClient &m_api;
    ApiClient::ProjectQuery m_query;
};

} // namespace td

#pragma once

#include "ApiClient.h"
#include "QuestionnaireSubmission.h"

#include <QAbstractTableModel>
#include <QCoroTask>
#include <QList>

namespace td {

// The review queue: one study's questionnaire submissions, newest first, fetched
// one page at a time as the view scrolls (canFetchMore/fetchMore), so a queue of
// any length opens after one request. setQuery() starts over with new filters.
class SubmissionQueueModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        SubmittedAtColumn,
        SubjectColumn,
        QuestionnaireColumn,
        ReviewStatusColumn,
        QueryStatusColumn,
        SignedColumn,
        ColumnCount
    };
    enum Role { IdRole = Qt::UserRole + 1, RawValueRole };

    explicit SubmissionQueueModel(ApiClient &api, QObject *parent = nullptr);

    // Clears the rows and loads the first page for `query` (nothing without a project or subject).
    void setQuery(const ApiClient::SubmissionQuery &query);
    ApiClient::SubmissionQuery query() const { return m_query; }
    // Loads the first page again with the same filters.
    void refresh() { setQuery(m_query); }
    void setPageSize(int size) { m_pageSize = size; }
    int pageSize() const { return m_pageSize; }
    bool isLoading() const { return m_loading; }

    const QuestionnaireSubmission &submission(int row) const { return m_rows.at(row); }
    int rowOfId(qint64 id) const;
    // Replaces the row holding `submission` (same id) in place, e.g. after a review.
    void updateSubmission(const QuestionnaireSubmission &submission);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;

    static QString reviewStatusText(const QString &status);
    static QString queryStatusText(const QString &status);

Q_SIGNALS:
    void loadingChanged(bool loading);
    // A page arrived; `first` is true for the first page after setQuery().
    void pageLoaded(bool first);
    void loadFailed(const td::ApiError &error);

private:
    QCoro::Task<> loadPage();
    void setLoading(bool loading);

    ApiClient &m_api;
    ApiClient::SubmissionQuery m_query;
    QList<QuestionnaireSubmission> m_rows;
    QString m_nextCursor;
    bool m_hasMore = false;
    bool m_loading = false;
    int m_pageSize = 100;
    quint64 m_generation = 0; // bumped by setQuery(): answers to older requests are dropped
    // Aborts the page being loaded when the filters change.
    RequestCanceller *m_canceller = nullptr;
};

} // namespace td

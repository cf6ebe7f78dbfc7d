#pragma once

#include "net/ApiClient.h"

#include <QAbstractTableModel>
#include <QCoroTask>
#include <QHash>
#include <QList>
#include <QPointer>
#include <optional>

namespace td {

// The keyset paging the table models share: rows arrive a page at a time (the
// server's nextCursor says where the next one starts) as the view asks through
// canFetchMore()/fetchMore(). Loading never blocks: each page is one ApiClient
// coroutine. Starting over (a new query, reload()) aborts the page on its way and
// drops its answer even if it still arrives; a failed page pauses fetching, and
// resume() retries it from the same cursor.
//
// Not a template so it can have signals; CursorPagedTableModel<Row> adds the rows.
class CursorPagedModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    // Whether a new query loads its first page at once or waits for the view's
    // fetchMore() (which an attached view calls as soon as it is shown).
    enum class FirstPage { OnFetchMore, AtOnce };

    explicit CursorPagedModel(FirstPage firstPage, QObject *parent = nullptr);

    bool canFetchMore(const QModelIndex &parent = {}) const override;
    void fetchMore(const QModelIndex &parent = {}) override;

    // Drops the rows and starts over with the same query.
    void reload();
    // Aborts the page being loaded (the request, not only the wait for it);
    // fetching resumes on resume().
    void cancel();
    // Allows fetching again after cancel() or an error, and retries the page that
    // failed (the rows loaded so far stay).
    void resume();
    // Asks the server again for the rows loaded so far (page by page from the first)
    // and updates them in place: rows the model has are replaced (dataChanged), rows
    // new to the query are appended, nothing is reset. A view keeps its selection,
    // current row and scroll position (a live update, issue #16). Does nothing while
    // a page or another refresh is on its way (false then); fetchMore() waits for it.
    bool refresh();
    bool isRefreshing() const { return m_refreshing; }

    void setPageSize(int size) { m_pageSize = size; }
    int pageSize() const { return m_pageSize; }
    bool isLoading() const { return m_loading; }
    // More pages on the server (no page yet, or the last answer had a cursor).
    bool hasMore() const { return m_hasMore && hasQuery(); }
    // The error of the last page, if it failed.
    std::optional<ApiError> lastError() const { return m_lastError; }

Q_SIGNALS:
    void loadingChanged(bool loading);
    // A page arrived: `first` for the first page of a query, with `rows` rows.
    void pageLoaded(bool first, int rows);
    void loadFailed(const td::ApiError &error);
    // A refresh() ended: the rows are up to date (`ok`), or it failed and they stayed.
    void refreshed(bool ok);

protected:
    // Drops the rows and starts over; `changeQuery` changes the subclass's query
    // inside the model reset, so views never see old rows with the new query.
    template<typename ChangeQuery>
    void restart(ChangeQuery changeQuery)
    {
        beginRestart();
        changeQuery();
        endRestart();
    }
    // False when the query can have no rows (no study chosen): nothing to fetch.
    virtual bool hasQuery() const { return true; }
    virtual void clearRows() = 0;
    virtual QCoro::Task<> loadNextPage() = 0;
    virtual QCoro::Task<> refreshRows() = 0;

    // For loadNextPage(): beginPage() before the request, then isStale() once it
    // answered, then failPage() or finishPage() after appending the rows.
    struct PageRequest {
        int generation = 0;
        QString cursor;
        int limit = 0;
        RequestCanceller *canceller = nullptr;
    };
    PageRequest beginPage();
    bool isStale(const PageRequest &request) const { return request.generation != m_generation; }
    void failPage(const ApiError &error);
    void finishPage(const PageRequest &request, const QString &nextCursor, int rows);
    // For refreshRows(): beginRefresh(), then isStale() after each answer, then
    // endRefresh() with the cursor after the last page read (on success).
    PageRequest beginRefresh();
    void endRefresh(bool ok, const QString &nextCursor = {});

private:
    void beginRestart();
    void endRestart();
    void setLoading(bool loading);

    const FirstPage m_firstPage;
    QString m_nextCursor;
    int m_pageSize = 50;
    bool m_hasMore = true;
    bool m_loading = false;
    bool m_paused = false; // after cancel() or an error, until resume()
    bool m_refreshing = false;
    std::optional<ApiError> m_lastError;
    // Bumped whenever outstanding answers become stale (restart, cancel).
    int m_generation = 0;
    // Aborts the request of the page being loaded when it becomes stale.
    RequestCanceller *m_canceller;
};

// A CursorPagedModel holding rows of type `Row`; a subclass says how to ask the
// server for a page (requestPage()) and what the columns show.
template<typename Row>
class CursorPagedTableModel : public CursorPagedModel
{
public:
    using CursorPagedModel::CursorPagedModel;

    int rowCount(const QModelIndex &parent = {}) const override { return parent.isValid() ? 0 : int(m_rows.size()); }

protected:
    virtual QCoro::Task<Result<Page<Row>>> requestPage(QString cursor, int limit, RequestCanceller *canceller) = 0;

    void clearRows() override { m_rows.clear(); }
    // What identifies a row across answers (an id), for refresh(); rows without one
    // (the default) are matched by position.
    virtual QString rowKey(const Row &) const { return {}; }

    QCoro::Task<> refreshRows() override
    {
        const PageRequest request = beginRefresh();
        QPointer<CursorPagedModel> self(this);
        const qsizetype wanted = qMax<qsizetype>(1, m_rows.size());
        QList<Row> fresh;
        QString cursor;
        bool more = true;
        while (more && fresh.size() < wanted) {
            const Result<Page<Row>> page = co_await requestPage(cursor, request.limit, request.canceller);
            if (!self || isStale(request))
                co_return;
            if (!page) {
                endRefresh(false);
                co_return;
            }
            fresh += page->items;
            cursor = page->nextCursor;
            more = !cursor.isEmpty();
        }
        mergeRows(fresh);
        endRefresh(true, cursor);
    }

    void mergeRows(const QList<Row> &fresh)
    {
        QHash<QString, int> rowsByKey;
        for (int row = 0; row < m_rows.size(); ++row) {
            if (const QString key = rowKey(m_rows.at(row)); !key.isEmpty())
                rowsByKey.insert(key, row);
        }
        QList<Row> added;
        int first = -1;
        int last = -1;
        for (int i = 0; i < fresh.size(); ++i) {
            const QString key = rowKey(fresh.at(i));
            const int row = key.isEmpty() ? (i < m_rows.size() ? i : -1) : rowsByKey.value(key, -1);
            if (row < 0) {
                added << fresh.at(i);
                continue;
            }
            m_rows[row] = fresh.at(i);
            first = first < 0 ? row : qMin(first, row);
            last = qMax(last, row);
        }
        if (first >= 0)
            Q_EMIT dataChanged(index(first, 0), index(last, columnCount() - 1));
        if (!added.isEmpty()) {
            const int row = int(m_rows.size());
            beginInsertRows({}, row, row + int(added.size()) - 1);
            m_rows += added;
            endInsertRows();
        }
    }

    QCoro::Task<> loadNextPage() override
    {
        const PageRequest request = beginPage();
        QPointer<CursorPagedModel> self(this);
        const Result<Page<Row>> page = co_await requestPage(request.cursor, request.limit, request.canceller);
        if (!self || isStale(request))
            co_return;
        if (!page) {
            failPage(page.error());
            co_return;
        }
        if (!page->items.isEmpty()) {
            const int first = int(m_rows.size());
            beginInsertRows({}, first, first + int(page->items.size()) - 1);
            m_rows += page->items;
            endInsertRows();
        }
        finishPage(request, page->nextCursor, int(page->items.size()));
    }

    QList<Row> m_rows;
};

} // namespace td

#include "CursorPagedModel.h"

namespace td {

CursorPagedModel::CursorPagedModel(FirstPage firstPage, QObject *parent)
    : QAbstractTableModel(parent)
    , m_firstPage(firstPage)
    , m_canceller(new RequestCanceller(this))
{}

bool CursorPagedModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && hasMore() && !m_loading && !m_paused && !m_refreshing;
}

void CursorPagedModel::fetchMore(const QModelIndex &parent)
{
    if (canFetchMore(parent))
        loadNextPage();
}

void CursorPagedModel::reload()
{
    restart([] {});
}

void CursorPagedModel::beginRestart()
{
    ++m_generation;
    // An answer to the old query would be dropped anyway: stop it downloading.
    m_canceller->cancel();
    beginResetModel();
    clearRows();
    m_nextCursor.clear();
    m_paused = false;
    m_refreshing = false; // its answers are stale now
    m_lastError.reset();
}

void CursorPagedModel::endRestart()
{
    m_hasMore = true;
    endResetModel();
    setLoading(false);
    if (m_firstPage == FirstPage::AtOnce)
        fetchMore();
}

void CursorPagedModel::cancel()
{
    if (!m_loading)
        return;
    // Stale first, so the aborted request's coroutine (which may finish inside
    // cancel()) drops its answer instead of reporting an error.
    ++m_generation;
    m_canceller->cancel();
    m_paused = true;
    setLoading(false);
}

void CursorPagedModel::resume()
{
    m_paused = false;
    m_lastError.reset();
    fetchMore();
}

bool CursorPagedModel::refresh()
{
    if (m_loading || m_refreshing || !hasQuery())
        return false;
    refreshRows();
    return true;
}

CursorPagedModel::PageRequest CursorPagedModel::beginRefresh()
{
    m_refreshing = true;
    return {m_generation, QString(), m_pageSize, m_canceller};
}

void CursorPagedModel::endRefresh(bool ok, const QString &nextCursor)
{
    m_refreshing = false;
    if (ok) {
        // Where the pages read by the refresh ended: the next page follows on.
        m_nextCursor = nextCursor;
        m_hasMore = !m_nextCursor.isEmpty();
    }
    Q_EMIT refreshed(ok);
}

CursorPagedModel::PageRequest CursorPagedModel::beginPage()
{
    setLoading(true);
    return {m_generation, m_nextCursor, m_pageSize, m_canceller};
}

void CursorPagedModel::failPage(const ApiError &error)
{
    // The cursor stays, so resume() asks for the same page again.
    m_lastError = error;
    m_paused = true;
    setLoading(false);
    Q_EMIT loadFailed(error);
}

void CursorPagedModel::finishPage(const PageRequest &request, const QString &nextCursor, int rows)
{
    m_lastError.reset();
    m_nextCursor = nextCursor;
    m_hasMore = !m_nextCursor.isEmpty();
    setLoading(false);
    Q_EMIT pageLoaded(request.cursor.isEmpty(), rows);
}

void CursorPagedModel::setLoading(bool loading)
{
    if (m_loading == loading)
        return;
    m_loading = loading;
    Q_EMIT loadingChanged(loading);
}

} // namespace td

#include "SubmissionQueueModel.h"

#include <QColor>
#include <QLocale>
#include <QPointer>

using namespace Qt::StringLiterals;

namespace td {

SubmissionQueueModel::SubmissionQueueModel(ApiClient &api, QObject *parent)
    : QAbstractTableModel(parent)
    , m_api(api)
    , m_canceller(new RequestCanceller(this))
{}

void SubmissionQueueModel::setQuery(const ApiClient::SubmissionQuery &query)
{
    ++m_generation;
    // The page for the old filters would be dropped anyway: stop it downloading.
    m_canceller->cancel();
    beginResetModel();
    m_query = query;
    m_rows.clear();
    m_nextCursor.clear();
    m_hasMore = !query.projectCode.isEmpty() || !query.subjectId.isEmpty();
    endResetModel();
    setLoading(false);
    if (m_hasMore)
        loadPage();
}

int SubmissionQueueModel::rowOfId(qint64 id) const
{
    for (int row = 0; row < m_rows.size(); ++row) {
        if (m_rows.at(row).id == id)
            return row;
    }
    return -1;
}

void SubmissionQueueModel::updateSubmission(const QuestionnaireSubmission &submission)
{
    const int row = rowOfId(submission.id);
    if (row < 0)
        return;
    m_rows[row] = submission;
    Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

int SubmissionQueueModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int SubmissionQueueModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString SubmissionQueueModel::reviewStatusText(const QString &status)
{
    if (status == u"pending"_s)
        return tr("Pending");
    if (status == u"reviewed"_s)
        return tr("Reviewed");
    if (status == u"queried"_s)
        return tr("Queried");
    return status;
}

QString SubmissionQueueModel::queryStatusText(const QString &status)
{
    if (status == u"open"_s)
        return tr("Open");
    if (status == u"answered"_s)
        return tr("Answered");
    if (status == u"closed"_s)
        return tr("Closed");
    return status;
}

QVariant SubmissionQueueModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const QuestionnaireSubmission &s = m_rows.at(index.row());
    if (role == IdRole)
        return s.id;
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case SubmittedAtColumn:
            return QLocale().toString(s.submitAt.toLocalTime(), u"yyyy-MM-dd HH:mm"_s);
        case SubjectColumn:
            return s.subjectId;
        case QuestionnaireColumn:
            return s.questionnaire.isEmpty() ? tr("(none)") : s.questionnaire;
        case ReviewStatusColumn:
            return reviewStatusText(s.review.status);
        case QueryStatusColumn:
            return queryStatusText(s.review.queryStatus);
        case SignedColumn:
            return s.review.isSigned() ? tr("Signed") : QString();
        }
    }
    if (role == RawValueRole) {
        switch (index.column()) {
        case SubmittedAtColumn:
            return s.submitAt;
        case SubjectColumn:
            return s.subjectId;
        case QuestionnaireColumn:
            return s.questionnaire;
        case ReviewStatusColumn:
            return s.review.status;
        case QueryStatusColumn:
            return s.review.queryStatus;
        case SignedColumn:
            return s.review.isSigned();
        }
    }
    if (role == Qt::ToolTipRole) {
        if (index.column() == SignedColumn && s.review.isSigned())
            return tr("Signed by %1 on %2: %3")
                .arg(s.review.signedBy,
                     QLocale().toString(s.review.signedAt.value_or(QDateTime()).toLocalTime(), QLocale::ShortFormat),
                     s.review.signatureMeaning);
        if ((index.column() == ReviewStatusColumn || index.column() == QueryStatusColumn) &&
            !s.review.comment.isEmpty())
            return s.review.comment;
        if (index.column() == SubmittedAtColumn)
            return tr("Received %1").arg(QLocale().toString(s.receivedAt.toLocalTime(), QLocale::LongFormat));
    }
    if (role == Qt::ForegroundRole) {
        if (index.column() == ReviewStatusColumn && s.review.status == u"queried"_s)
            return QColor(0xb0, 0x60, 0x00);
        if (index.column() == QueryStatusColumn && s.review.queryStatus == u"open"_s)
            return QColor(0xb0, 0x60, 0x00);
        if (index.column() == SignedColumn)
            return QColor(0x1b, 0x7a, 0x2e);
    }
    return {};
}

QVariant SubmissionQueueModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case SubmittedAtColumn:
        return tr("Submitted");
    case SubjectColumn:
        return tr("Subject");
    case QuestionnaireColumn:
        return tr("Questionnaire");
    case ReviewStatusColumn:
        return tr("Review");
    case QueryStatusColumn:
        return tr("Query");
    case SignedColumn:
        return tr("Signature");
    }
    return {};
}

bool SubmissionQueueModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && m_hasMore && !m_loading;
}

void SubmissionQueueModel::fetchMore(const QModelIndex &parent)
{
    if (canFetchMore(parent))
        loadPage();
}

void SubmissionQueueModel::setLoading(bool loading)
{
    if (m_loading == loading)
        return;
    m_loading = loading;
    Q_EMIT loadingChanged(loading);
}

QCoro::Task<> SubmissionQueueModel::loadPage()
{
    QPointer<SubmissionQueueModel> self(this);
    const quint64 generation = m_generation;
    const bool first = m_rows.isEmpty() && m_nextCursor.isEmpty();
    const ApiClient::SubmissionQuery query = m_query;
    const QString cursor = m_nextCursor;
    const int limit = m_pageSize;
    setLoading(true);
    Result<Page<QuestionnaireSubmission>> page = co_await m_api.submissions(query, cursor, limit, m_canceller);
    if (!self || generation != m_generation)
        co_return;
    setLoading(false);
    if (!page) {
        m_hasMore = false;
        Q_EMIT loadFailed(page.error());
        co_return;
    }
    m_nextCursor = page->nextCursor;
    m_hasMore = !m_nextCursor.isEmpty();
    if (!page->items.isEmpty()) {
        beginInsertRows({}, int(m_rows.size()), int(m_rows.size() + page->items.size()) - 1);
        m_rows.append(page->items);
        endInsertRows();
    }
    Q_EMIT pageLoaded(first);
}

} // namespace td

#include "SubmissionQueueModel.h"

#include "widgets/ComplianceCalendarView.h"

#include <QColor>
#include <QFont>
#include <QLocale>
#include <QPointer>
#include <algorithm>

using namespace Qt::StringLiterals;

namespace td {

SubmissionQueueModel::SubmissionQueueModel(ApiClient &api, QObject *parent)
    : CursorPagedTableModel(FirstPage::AtOnce, parent)
    , m_api(api)
{
    setPageSize(100);
    m_liveTimer.setSingleShot(true);
    m_liveTimer.setInterval(kLiveDelayMs);
    connect(&m_liveTimer, &QTimer::timeout, this, &SubmissionQueueModel::fetchLive);
    connect(this, &QAbstractItemModel::modelAboutToBeReset, this, [this] {
        ++m_liveGeneration;
        m_liveNew.clear();
        m_liveChanged.clear();
        m_liveTimer.stop();
    });
}

bool SubmissionQueueModel::matchesQuery(const QuestionnaireSubmission &submission) const
{
    if (!m_query.subjectId.isEmpty()) {
        if (submission.subjectId != m_query.subjectId)
            return false;
    } else if (m_query.projectCode.isEmpty() || submission.projectCode != m_query.projectCode) {
        return false;
    }
    if (!m_query.questionnaire.isEmpty() && submission.questionnaire != m_query.questionnaire)
        return false;
    if (!m_query.reviewStatus.isEmpty() && submission.review.status != m_query.reviewStatus)
        return false;
    // The server's bounds: since inclusive, until exclusive, on submitAt.
    if (m_query.since && submission.submitAt < *m_query.since)
        return false;
    if (m_query.until && submission.submitAt >= *m_query.until)
        return false;
    return true;
}

bool SubmissionQueueModel::insertSubmission(const QuestionnaireSubmission &submission)
{
    if (rowOfId(submission.id) >= 0) {
        updateSubmission(submission);
        return true;
    }
    if (!matchesQuery(submission))
        return false;
    // The server's order: submitAt descending, then id descending.
    const auto before = [](const QuestionnaireSubmission &a, const QuestionnaireSubmission &b) {
        return a.submitAt != b.submitAt ? a.submitAt > b.submitAt : a.id > b.id;
    };
    const auto at = std::lower_bound(m_rows.cbegin(), m_rows.cend(), submission, before);
    const int row = int(at - m_rows.cbegin());
    // After the last loaded row while more pages wait: the page that holds it will bring it.
    if (row == m_rows.size() && (hasMore() || isLoading()))
        return false;
    beginInsertRows({}, row, row);
    m_rows.insert(row, submission);
    endInsertRows();
    return true;
}

void SubmissionQueueModel::applyEvent(const StudyEvent &event)
{
    if (!hasQuery())
        return;
    // A subject's queue does not know the subject's study: fetch and let the filters decide.
    if (m_query.subjectId.isEmpty() && event.projectCode != m_query.projectCode)
        return;
    bool ok = false;
    const qint64 id = event.entityId.toLongLong(&ok);
    if (!ok || id <= 0)
        return;
    if (event.type == StudyEvent::SubmissionStored) {
        if (rowOfId(id) >= 0)
            return;
        m_liveNew.insert(id);
    } else if (event.type == StudyEvent::SubmissionReviewed || event.type == StudyEvent::SignatureRecorded) {
        if (rowOfId(id) < 0)
            return; // not shown: nothing to update
        m_liveChanged.insert(id);
    } else {
        return;
    }
    if (!m_liveFetching && !m_liveTimer.isActive())
        m_liveTimer.start();
}

QCoro::Task<> SubmissionQueueModel::fetchLive()
{
    if (m_liveFetching)
        co_return;
    m_liveFetching = true;
    QPointer<SubmissionQueueModel> self(this);
    while (!m_liveNew.isEmpty() || !m_liveChanged.isEmpty()) {
        const int generation = m_liveGeneration;
        QList<qint64> ids = m_liveNew.values();
        ids += m_liveChanged.values();
        const QSet<qint64> newIds = std::exchange(m_liveNew, {});
        m_liveChanged.clear();
        // Oldest first: each lands at its place whatever the order they arrive in.
        std::sort(ids.begin(), ids.end());
        ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
        for (const qint64 id : std::as_const(ids)) {
            const Result<QuestionnaireSubmission> fetched = co_await m_api.submission(id);
            if (!self)
                co_return;
            if (generation != m_liveGeneration)
                break; // the queue started over: its first page has what is new
            // Gone or not visible (404), or a network failure: the next reload shows the truth.
            if (!fetched)
                continue;
            if (newIds.contains(id))
                insertSubmission(fetched.value());
            else
                updateSubmission(fetched.value());
        }
    }
    m_liveFetching = false;
    Q_EMIT liveFetched();
}

void SubmissionQueueModel::setQuery(const ApiClient::SubmissionQuery &query)
{
    restart([&] { m_query = query; });
}

QCoro::Task<Result<Page<QuestionnaireSubmission>>> SubmissionQueueModel::requestPage(QString cursor, int limit,
                                                                                     RequestCanceller *canceller)
{
    return m_api.submissions(m_query, cursor, limit, canceller);
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

QString SubmissionQueueModel::entryStateText(const QString &state)
{
    if (state == u"received"_s)
        return tr("Received");
    if (state == u"late"_s)
        return tr("Late");
    if (state == u"duplicate"_s)
        return tr("Duplicate");
    if (state == u"unscheduled"_s)
        return tr("Unscheduled");
    return state;
}

QString SubmissionQueueModel::entryColumnText(const QString &state)
{
    //: The Entry column flags what needs a reviewer's look with a warning sign.
    return needsAttention(state) ? tr("⚠ %1").arg(entryStateText(state)) : entryStateText(state);
}

bool SubmissionQueueModel::needsAttention(const QString &entryState)
{
    return entryState == u"duplicate"_s || entryState == u"unscheduled"_s;
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
        case EntryColumn:
            return entryColumnText(s.entryState);
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
        case EntryColumn:
            return s.entryState;
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
        if ((index.column() == ReviewStatusColumn || index.column() == QueryStatusColumn)
            && !s.review.comment.isEmpty())
            return s.review.comment;
        if (index.column() == EntryColumn && s.entryState == u"duplicate"_s)
            return s.entryDay ? tr("Entry of day %1 was already fulfilled: stored, but not counted.").arg(*s.entryDay)
                              : tr("The entry was already fulfilled: stored, but not counted.");
        if (index.column() == EntryColumn && s.entryState == u"unscheduled"_s)
            return tr("No entry of the schedule was due or open when this was filled in.");
        if (index.column() == EntryColumn && s.entryDay)
            return tr("Entry of day %1").arg(*s.entryDay);
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
        // The compliance calendar's colours for received and late; attention in red.
        if (index.column() == EntryColumn && needsAttention(s.entryState))
            return ComplianceCalendarView::colour(ComplianceCalendarView::DayState::Missed);
        if (index.column() == EntryColumn && s.entryState == u"late"_s)
            return ComplianceCalendarView::colour(ComplianceCalendarView::DayState::Late);
        if (index.column() == EntryColumn && s.entryState == u"received"_s)
            return ComplianceCalendarView::colour(ComplianceCalendarView::DayState::Received);
    }
    if (role == Qt::FontRole && index.column() == EntryColumn && needsAttention(s.entryState)) {
        QFont bold;
        bold.setBold(true);
        return bold;
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
    case EntryColumn:
        return tr("Entry");
    case ReviewStatusColumn:
        return tr("Review");
    case QueryStatusColumn:
        return tr("Query");
    case SignedColumn:
        return tr("Signature");
    }
    return {};
}

} // namespace td

#include "SubmissionQueueModel.h"

#include <QColor>
#include <QLocale>

using namespace Qt::StringLiterals;

namespace td {

SubmissionQueueModel::SubmissionQueueModel(ApiClient &api, QObject *parent)
    : CursorPagedTableModel(FirstPage::AtOnce, parent)
    , m_api(api)
{
    setPageSize(100);
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
        if ((index.column() == ReviewStatusColumn || index.column() == QueryStatusColumn)
            && !s.review.comment.isEmpty())
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

} // namespace td

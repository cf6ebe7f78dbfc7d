#include "SubjectTableModel.h"

#include <QBrush>
#include <QColor>
#include <QLocale>
#include <QPointer>

using namespace Qt::StringLiterals;

namespace td {

namespace {

QString localTime(const QDateTime &time)
{
    return QLocale().toString(time.toLocalTime(), u"yyyy-MM-dd HH:mm"_s);
}

} // namespace

SubjectTableModel::SubjectTableModel(ApiClient &api, QObject *parent)
    : QAbstractTableModel(parent)
    , m_api(api)
    , m_canceller(new RequestCanceller(this))
{}

int SubjectTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_subjects.size());
}

int SubjectTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QDate SubjectTableModel::today() const
{
    return m_today.isValid() ? m_today : QDate::currentDate();
}

void SubjectTableModel::setToday(const QDate &today)
{
    m_today = today;
    if (!m_subjects.isEmpty())
        Q_EMIT dataChanged(index(0, TodayColumn), index(rowCount() - 1, TodayColumn));
}

bool SubjectTableModel::submittedToday(const Subject &subject) const
{
    return subject.lastSubmissionAt && subject.lastSubmissionAt->toLocalTime().date() == today();
}

QVariant SubjectTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Subject &s = m_subjects.at(index.row());
    const bool submitted = submittedToday(s);
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case SubjectIdColumn:
            return s.subjectId;
        case NameColumn:
            return s.name;
        case SiteColumn:
            return s.site;
        case EnrolledAtColumn:
            return s.enrolledAt.isValid() ? localTime(s.enrolledAt) : QString();
        case LastSubmissionColumn:
            return s.lastSubmissionAt ? localTime(*s.lastSubmissionAt) : tr("Never");
        case TodayColumn:
            return submitted ? tr("Submitted") : tr("Missing");
        }
        break;
    case Qt::ForegroundRole:
        if (index.column() == TodayColumn)
            return QBrush(submitted ? QColor(0x1b, 0x7f, 0x3b) : QColor(0xb3, 0x26, 0x1e));
        if (index.column() == LastSubmissionColumn && !s.lastSubmissionAt)
            return QBrush(QColor(0x70, 0x70, 0x70));
        break;
    case Qt::ToolTipRole:
        if (index.column() == NameColumn && !s.phone.isEmpty())
            return tr("Phone: %1").arg(s.phone);
        break;
    case SortRole:
        switch (index.column()) {
        case EnrolledAtColumn:
            return s.enrolledAt;
        case LastSubmissionColumn:
            return s.lastSubmissionAt ? QVariant(*s.lastSubmissionAt) : QVariant(QDateTime());
        case TodayColumn:
            return submitted;
        default:
            return data(index, Qt::DisplayRole);
        }
    case SubmittedTodayRole:
        return submitted;
    default:
        break;
    }
    return {};
}

QVariant SubjectTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case SubjectIdColumn:
        return tr("Subject ID");
    case NameColumn:
        return tr("Name");
    case SiteColumn:
        return tr("Site");
    case EnrolledAtColumn:
        return tr("Enrolled");
    case LastSubmissionColumn:
        return tr("Last Submission");
    case TodayColumn:
        return tr("Today");
    }
    return {};
}

bool SubjectTableModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && !m_projectCode.isEmpty() && m_hasMore && !m_loading && !m_paused;
}

void SubjectTableModel::fetchMore(const QModelIndex &parent)
{
    if (canFetchMore(parent))
        loadNextPage();
}

void SubjectTableModel::setProjectCode(const QString &projectCode)
{
    ++m_generation;
    // The previous study's page would be dropped anyway: stop it downloading.
    m_canceller->cancel();
    beginResetModel();
    m_projectCode = projectCode;
    m_subjects.clear();
    m_nextCursor.clear();
    m_hasMore = !projectCode.isEmpty();
    m_paused = false;
    m_lastError.reset();
    endResetModel();
    setLoading(false);
}

void SubjectTableModel::reload()
{
    setProjectCode(m_projectCode);
}

void SubjectTableModel::resume()
{
    m_paused = false;
    m_lastError.reset();
    fetchMore();
}

int SubjectTableModel::rowOf(const QString &subjectId) const
{
    for (int row = 0; row < m_subjects.size(); ++row) {
        if (m_subjects.at(row).subjectId == subjectId)
            return row;
    }
    return -1;
}

void SubjectTableModel::upsert(const Subject &subject)
{
    if (const int row = rowOf(subject.subjectId); row >= 0) {
        m_subjects[row] = subject;
        Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
        return;
    }
    // The server lists subjects in enrolment order, so a new one comes last: add
    // it now unless more pages are still to load (the last of them brings it).
    if (m_hasMore)
        return;
    const int row = int(m_subjects.size());
    beginInsertRows({}, row, row);
    m_subjects.append(subject);
    endInsertRows();
}

void SubjectTableModel::setLoading(bool loading)
{
    if (m_loading == loading)
        return;
    m_loading = loading;
    Q_EMIT loadingChanged(loading);
}

QCoro::Task<> SubjectTableModel::loadNextPage()
{
    const int generation = m_generation;
    setLoading(true);
    QPointer<SubjectTableModel> self(this);
    const Result<Page<Subject>> page = co_await m_api.subjects(m_projectCode, m_nextCursor, PageSize, m_canceller);
    if (!self || generation != m_generation)
        co_return;
    if (!page) {
        m_lastError = page.error();
        m_paused = true;
        setLoading(false);
        Q_EMIT loadFailed(page.error());
        co_return;
    }
    m_lastError.reset();
    m_nextCursor = page->nextCursor;
    m_hasMore = !m_nextCursor.isEmpty();
    if (!page->items.isEmpty()) {
        const int first = int(m_subjects.size());
        beginInsertRows({}, first, first + int(page->items.size()) - 1);
        m_subjects += page->items;
        endInsertRows();
    }
    setLoading(false);
    Q_EMIT pageLoaded(int(page->items.size()));
}

} // namespace td

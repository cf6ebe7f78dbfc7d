#include "SubjectTableModel.h"

#include "widgets/ComplianceCalendarView.h"

#include <QBrush>
#include <QColor>
#include <QLocale>

using namespace Qt::StringLiterals;

namespace td {

namespace {

QString localTime(const QDateTime &time)
{
    return QLocale().toString(time.toLocalTime(), u"yyyy-MM-dd HH:mm"_s);
}

// How much an entry's state says about the day, as ComplianceCalendarView::dayState ranks them.
int weight(EntryState state)
{
    switch (state) {
    case EntryState::Missed:
        return 5;
    case EntryState::Late:
        return 4;
    case EntryState::Open:
        return 3;
    case EntryState::Upcoming:
        return 2;
    case EntryState::Received:
        return 1;
    }
    return 0;
}

ComplianceCalendarView::DayState dayStateOf(EntryState state)
{
    using DayState = ComplianceCalendarView::DayState;
    switch (state) {
    case EntryState::Missed:
        return DayState::Missed;
    case EntryState::Late:
        return DayState::Late;
    case EntryState::Open:
        return DayState::Open;
    case EntryState::Upcoming:
        return DayState::Upcoming;
    case EntryState::Received:
        return DayState::Received;
    }
    return DayState::None;
}

QString hhmm(const QDateTime &time)
{
    return QLocale().toString(time.toLocalTime().time(), u"HH:mm"_s);
}

} // namespace

SubjectTableModel::SubjectTableModel(ApiClient &api, QObject *parent)
    : CursorPagedTableModel(FirstPage::OnFetchMore, parent)
    , m_api(api)
{
    setPageSize(PageSize);
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
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0, TodayColumn), index(rowCount() - 1, TodayColumn));
}

bool SubjectTableModel::submittedToday(const Subject &subject) const
{
    if (m_scheduled) {
        const auto entry = todayEntry(subject.subjectId);
        return entry && (entry->state == EntryState::Received || entry->state == EntryState::Late);
    }
    return subject.lastSubmissionAt && subject.lastSubmissionAt->toLocalTime().date() == today();
}

bool SubjectTableModel::missingToday(const Subject &subject) const
{
    if (!m_scheduled)
        return !submittedToday(subject);
    const auto entry = todayEntry(subject.subjectId);
    return entry && (entry->state == EntryState::Open || entry->state == EntryState::Missed);
}

void SubjectTableModel::setTodayStats(const std::optional<ProjectStats> &stats)
{
    m_scheduled = stats && stats->basis == ProjectStats::Basis::Schedule;
    m_todayEntries.clear();
    if (m_scheduled) {
        for (const ProjectStats::TodayEntry &e : stats->entriesToday) {
            const auto found = m_todayEntries.constFind(e.subject.subjectId);
            if (found == m_todayEntries.cend() || weight(e.state) > weight(found->state))
                m_todayEntries.insert(e.subject.subjectId, e);
        }
    }
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0, TodayColumn), index(rowCount() - 1, TodayColumn));
}

std::optional<ProjectStats::TodayEntry> SubjectTableModel::todayEntry(const QString &subjectId) const
{
    const auto found = m_todayEntries.constFind(subjectId);
    if (found == m_todayEntries.cend())
        return std::nullopt;
    return *found;
}

QString SubjectTableModel::todayText(const Subject &subject) const
{
    if (!m_scheduled)
        return submittedToday(subject) ? tr("Submitted") : tr("Missing");
    const auto entry = todayEntry(subject.subjectId);
    if (!entry)
        //: Today column: nothing is due today.
        return tr("—");
    switch (entry->state) {
    case EntryState::Received:
        return tr("Received");
    case EntryState::Late:
        return tr("Late");
    case EntryState::Open:
        //: %1 is the time today's entry window closes.
        return tr("Open (due by %1)").arg(hhmm(entry->closesAt));
    case EntryState::Missed:
        return tr("Missed");
    case EntryState::Upcoming:
        //: %1 is the time today's entry window opens.
        return tr("Upcoming (opens %1)").arg(hhmm(entry->opensAt));
    }
    return {};
}

QVariant SubjectTableModel::todayColour(const Subject &subject) const
{
    if (!m_scheduled)
        return QBrush(submittedToday(subject) ? QColor(0x1b, 0x7f, 0x3b) : QColor(0xb3, 0x26, 0x1e));
    const auto entry = todayEntry(subject.subjectId);
    if (!entry)
        return {};
    return QBrush(ComplianceCalendarView::colour(dayStateOf(entry->state)));
}

QVariant SubjectTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Subject &s = m_rows.at(index.row());
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
            return todayText(s);
        }
        break;
    case Qt::ForegroundRole:
        if (index.column() == TodayColumn)
            return todayColour(s);
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

void SubjectTableModel::setProjectCode(const QString &projectCode)
{
    restart([&] { m_projectCode = projectCode; });
}

QCoro::Task<Result<Page<Subject>>> SubjectTableModel::requestPage(QString cursor, int limit,
                                                                  RequestCanceller *canceller)
{
    return m_api.subjects(m_projectCode, cursor, limit, canceller);
}

int SubjectTableModel::rowOf(const QString &subjectId) const
{
    for (int row = 0; row < m_rows.size(); ++row) {
        if (m_rows.at(row).subjectId == subjectId)
            return row;
    }
    return -1;
}

void SubjectTableModel::upsert(const Subject &subject)
{
    if (const int row = rowOf(subject.subjectId); row >= 0) {
        m_rows[row] = subject;
        Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
        return;
    }
    // The server lists subjects in enrolment order, so a new one comes last: add
    // it now unless more pages are still to load (the last of them brings it).
    if (hasMore())
        return;
    const int row = int(m_rows.size());
    beginInsertRows({}, row, row);
    m_rows.append(subject);
    endInsertRows();
}

} // namespace td

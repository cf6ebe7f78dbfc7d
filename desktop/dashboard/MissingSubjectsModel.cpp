#include "MissingSubjectsModel.h"

#include "widgets/ComplianceCalendarView.h"

#include <QBrush>
#include <QColor>
#include <QFont>
#include <QLocale>

using namespace Qt::StringLiterals;

namespace td {

MissingSubjectsModel::MissingSubjectsModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

void MissingSubjectsModel::setStats(const ProjectStats &stats)
{
    beginResetModel();
    m_rows.clear();
    m_awaiting = 0;
    m_missed = 0;
    if (stats.basis == ProjectStats::Basis::Schedule) {
        // The open ones first (the server orders by opening): they can still be saved.
        for (const ProjectStats::TodayEntry &e : stats.entriesToday) {
            if (e.state == EntryState::Open) {
                m_rows << Row{e.subject, e.state, e.questionnaire, e.closesAt};
                ++m_awaiting;
            }
        }
        for (const ProjectStats::TodayEntry &e : stats.entriesToday) {
            if (e.state == EntryState::Missed) {
                m_rows << Row{e.subject, e.state, e.questionnaire, e.closesAt};
                ++m_missed;
            }
        }
    } else {
        for (const Subject &subject : stats.missingToday)
            m_rows << Row{subject, std::nullopt, QString(), QDateTime()};
        m_awaiting = int(m_rows.size());
    }
    endResetModel();
}

int MissingSubjectsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int MissingSubjectsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant MissingSubjectsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows.at(index.row());
    const Subject &s = row.subject;
    const bool missed = row.state == EntryState::Missed;
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case SubjectIdColumn:
            return s.subjectId;
        case NameColumn:
            return s.name;
        case PhoneColumn:
            return s.phone;
        case DueColumn: {
            if (!row.state)
                return tr("No submission today");
            const QString time = QLocale().toString(row.closesAt.toLocalTime().time(), u"HH:mm"_s);
            //: %1 is the questionnaire, %2 the time its window closes today.
            return missed ? tr("%1: missed (closed %2)").arg(row.questionnaire, time)
                          //: %1 is the questionnaire, %2 the time its window closes today.
                          : tr("%1: open, due by %2").arg(row.questionnaire, time);
        }
        case LastSubmissionColumn:
            return s.lastSubmissionAt ? QLocale().toString(s.lastSubmissionAt->toLocalTime(), u"yyyy-MM-dd HH:mm"_s)
                                      : tr("Never");
        }
    } else if (role == Qt::ForegroundRole && index.column() == LastSubmissionColumn && !s.lastSubmissionAt) {
        return QBrush(QColor(0xb3, 0x26, 0x1e));
    } else if (role == Qt::ForegroundRole && index.column() == DueColumn && row.state) {
        // The colours of the compliance calendar, so open and missed read the same everywhere.
        return QBrush(ComplianceCalendarView::colour(missed ? ComplianceCalendarView::DayState::Missed
                                                            : ComplianceCalendarView::DayState::Open));
    } else if (role == Qt::FontRole && index.column() == DueColumn && missed) {
        QFont bold;
        bold.setBold(true);
        return bold;
    } else if (role == Qt::ToolTipRole && index.column() == NameColumn) {
        return s.site;
    }
    return {};
}

QVariant MissingSubjectsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case SubjectIdColumn:
        return tr("Subject ID");
    case NameColumn:
        return tr("Name");
    case PhoneColumn:
        return tr("Phone");
    case DueColumn:
        return tr("Today's Entry");
    case LastSubmissionColumn:
        return tr("Last Submission");
    }
    return {};
}

} // namespace td

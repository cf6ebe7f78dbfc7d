#include "QuestionnaireVersionsModel.h"

#include <QLocale>

using namespace Qt::StringLiterals;

namespace td {

QuestionnaireVersionsModel::QuestionnaireVersionsModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

int QuestionnaireVersionsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_versions.size());
}

int QuestionnaireVersionsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString QuestionnaireVersionsModel::shortHash(const QString &hash)
{
    const QString hex = hash.startsWith(u"sha256:"_s) ? hash.mid(7) : hash;
    return hex.size() > 12 ? hex.left(12) + u'…' : hex;
}

QVariant QuestionnaireVersionsModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_versions.size())
        return {};
    const QuestionnaireVersion &v = m_versions.at(index.row());
    if (role == Qt::ToolTipRole) {
        if (index.column() == HashColumn && !v.contentHash.isEmpty())
            return v.contentHash;
        if (index.column() == PublishedByColumn && !v.signatureMeaning.isEmpty())
            //: Tooltip of the publisher: %1 is the meaning they gave their signature.
            return tr("Signed: %1").arg(v.signatureMeaning);
        return {};
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case KeyColumn:
        return v.key();
    case VersionColumn:
        return v.version;
    case TitleColumn:
        // The desktop's language decides; the other text when one is missing.
        return v.definition.title.text(QLocale().name());
    case StatusColumn:
        return v.isPublished() ? tr("Published") : tr("Draft");
    case PublishedByColumn:
        return v.publishedBy;
    case PublishedAtColumn:
        return v.publishedAt ? QLocale().toString(v.publishedAt->toLocalTime(), QLocale::ShortFormat) : QString();
    case HashColumn:
        return v.isPublished() ? shortHash(v.contentHash) : QString();
    }
    return {};
}

QVariant QuestionnaireVersionsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case KeyColumn:
        return tr("Questionnaire");
    case VersionColumn:
        return tr("Version");
    case TitleColumn:
        return tr("Title");
    case StatusColumn:
        return tr("Status");
    case PublishedByColumn:
        return tr("Published by");
    case PublishedAtColumn:
        //: Column header: when a version was published.
        return tr("Published on");
    case HashColumn:
        return tr("Content hash");
    }
    return {};
}

void QuestionnaireVersionsModel::setVersions(QList<QuestionnaireVersion> versions)
{
    beginResetModel();
    m_versions = std::move(versions);
    endResetModel();
}

int QuestionnaireVersionsModel::rowOf(const QString &key, int version) const
{
    for (int i = 0; i < m_versions.size(); ++i) {
        if (m_versions.at(i).key() == key && m_versions.at(i).version == version)
            return i;
    }
    return -1;
}

bool QuestionnaireVersionsModel::hasDraft(const QString &key) const
{
    return std::any_of(m_versions.cbegin(), m_versions.cend(),
                       [&](const QuestionnaireVersion &v) { return v.key() == key && !v.isPublished(); });
}

} // namespace td

#pragma once

#include "QuestionnaireVersion.h"

#include <QAbstractTableModel>
#include <QList>

namespace td {

// The questionnaires of one study and all their versions (issue #15), one row per
// version as the server lists them (by key, then version): title, status, who
// published it and when, and the signed content hash, shortened.
class QuestionnaireVersionsModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        KeyColumn,
        VersionColumn,
        TitleColumn,
        StatusColumn,
        PublishedByColumn,
        PublishedAtColumn,
        HashColumn,
        ColumnCount
    };

    explicit QuestionnaireVersionsModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void setVersions(QList<QuestionnaireVersion> versions);
    const QuestionnaireVersion &version(int row) const { return m_versions.at(row); }
    // The row of `key` version `version`, or -1.
    int rowOf(const QString &key, int version) const;
    // Whether `key` has a draft now (a new version must wait for it).
    bool hasDraft(const QString &key) const;

    // "sha256:1a2b3c4d…": enough to compare by eye, the whole hash in the tooltip.
    static QString shortHash(const QString &hash);

private:
    QList<QuestionnaireVersion> m_versions;
};

} // namespace td

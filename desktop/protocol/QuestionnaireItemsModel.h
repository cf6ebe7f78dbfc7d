#pragma once

#include "QuestionnaireDefinition.h"

#include <QAbstractTableModel>
#include <QList>
#include <QMap>

namespace td {

// The items of a draft questionnaire (issue #15), one row each in the order they are
// asked. Key, required, bounds, unit and both labels can be edited in place; the rest
// of an item (type, choices, texts, condition) through setItem() from the editor's
// detail panel. Problems found by QuestionnaireDefinition::fromJson or the server
// ("items[2].choices[0].code") are shown on the rows they concern.
class QuestionnaireItemsModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        KeyColumn,
        TypeColumn,
        RequiredColumn,
        MinColumn,
        MaxColumn,
        UnitColumn,
        LabelEnColumn,
        LabelZhColumn,
        ColumnCount
    };

    explicit QuestionnaireItemsModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;

    void setItems(QList<QuestionnaireItem> items);
    const QList<QuestionnaireItem> &items() const { return m_items; }
    const QuestionnaireItem &item(int row) const { return m_items.at(row); }
    void setItem(int row, const QuestionnaireItem &item);
    // A read-only model (a published version, or a role that may not edit) refuses edits.
    void setEditable(bool editable);
    bool isEditable() const { return m_editable; }

    // Appends a new item of `type` with a fresh key ("item3") and returns its row.
    int addItem(QuestionnaireItem::Type type);
    void removeItem(int row);
    // Moves the item at `row` one place up (-1) or down (+1); false at an end.
    bool moveItem(int row, int delta);

    // Problems by definition path; those under "items[N]" mark row N.
    void setProblems(const QMap<QString, QString> &problems);
    // The problems of one row, "choices[0].code: is required", one a line.
    QStringList problems(int row) const { return m_problems.value(row); }
    // The row a path such as "items[2].label.zh_CN" concerns, or -1.
    static int rowOfPath(const QString &path);

    // "Integer", "Single choice"… in the current language.
    static QString typeDisplayName(QuestionnaireItem::Type type);

Q_SIGNALS:
    // An item was edited, added, removed or moved.
    void itemsEdited();

private:
    QString freshKey() const;

    QList<QuestionnaireItem> m_items;
    QMap<int, QStringList> m_problems;
    bool m_editable = true;
};

} // namespace td

#pragma once

#include <QAbstractTableModel>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>

namespace td {

// A submission's answers as a two-column question/answer table. Nested objects and
// arrays of objects become indented rows under their key; arrays of plain values
// are joined on one line.
class AnswersModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { QuestionColumn, AnswerColumn, ColumnCount };
    enum Role { DepthRole = Qt::UserRole + 1, KeyRole };

    explicit AnswersModel(QObject *parent = nullptr);

    void setAnswers(const QJsonObject &answers);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // "sleepHours" -> "Sleep hours", "side_effects" -> "Side effects".
    static QString readableKey(const QString &key);
    // A scalar, or an array of scalars, as text; null for anything nested.
    static QString readableValue(const QJsonValue &value);

private:
    struct Row {
        int depth;
        QString key;
        QString label;
        QString value;
    };
    void appendValue(int depth, const QString &key, const QString &label, const QJsonValue &value);

    QList<Row> m_rows;
};

} // namespace td

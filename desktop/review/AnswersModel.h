#pragma once

#include "QuestionnaireDefinition.h"

#include <QAbstractTableModel>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>

namespace td {

// A submission's answers as a two-column question/answer table. With the
// questionnaire's definition, rows follow its order and show each item's label in
// the interface language, choice labels instead of codes, and units; an answer the
// definition does not allow (out of range, an unknown choice, an item it does not
// have: answers stored before the definition, or under another version) is flagged.
// Without one, nested objects and arrays of objects become indented rows under
// their key, and arrays of plain values are joined on one line.
class AnswersModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { QuestionColumn, AnswerColumn, ColumnCount };
    enum Role { DepthRole = Qt::UserRole + 1, KeyRole, ProblemRole };

    explicit AnswersModel(QObject *parent = nullptr);

    void setAnswers(const QJsonObject &answers);
    // `language` as LocalizedText::text() takes it; the default locale's when empty.
    void setAnswers(const QJsonObject &answers, const QuestionnaireDefinition &definition,
                    const QString &language = {});
    // How many rows are flagged.
    int problemCount() const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // "sleepHours" -> "Sleep hours", "side_effects" -> "Side effects".
    static QString readableKey(const QString &key);
    // A scalar, or an array of scalars, as text; null for anything nested.
    static QString readableValue(const QJsonValue &value);
    // Why `value` is not a valid answer to `item`, in the interface language.
    static QString problemText(const QuestionnaireItem &item, const QJsonValue &value);

private:
    struct Row {
        int depth;
        QString key;
        QString label;
        QString value;
        QString problem; // why the definition does not allow this answer
    };
    void appendValue(int depth, const QString &key, const QString &label, const QJsonValue &value);

    QList<Row> m_rows;
};

} // namespace td

#pragma once

#include "ExpectedEntry.h"

#include <QHash>
#include <QStringList>
#include <vector>

namespace td {

// The entries fulfilled (received or late), by subject: what ComplianceTally counts
// against. Compact (questionnaire keys interned) so the server can keep a study's
// index in memory and add new submissions to it instead of reading them all again.
class FulfilmentIndex
{
public:
    struct Entry {
        int questionnaire; // index into questionnaires()
        int day;
        EntryState state;
    };

    FulfilmentIndex() = default;
    // It keeps a pointer into its own hash (the last subject added to).
    Q_DISABLE_COPY_MOVE(FulfilmentIndex)

    // Ignores states other than Received and Late; a later add() for the same entry wins.
    void add(const QString &subjectId, const QString &questionnaire, int day, EntryState state);
    // Empty when the subject has none.
    const std::vector<Entry> &entriesOf(const QString &subjectId) const;
    const QStringList &questionnaires() const { return m_questionnaires; }
    qsizetype size() const { return m_size; }

private:
    QStringList m_questionnaires;
    QHash<QString, std::vector<Entry>> m_bySubject;
    qsizetype m_size = 0;
    // add() is mostly called with runs of one subject and questionnaire.
    QString m_lastSubject;
    std::vector<Entry> *m_lastEntries = nullptr;
    int m_lastQuestionnaire = -1;
};

} // namespace td

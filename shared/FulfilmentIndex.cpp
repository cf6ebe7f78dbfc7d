#include "FulfilmentIndex.h"

namespace td {

void FulfilmentIndex::add(const QString &subjectId, const QString &questionnaire, int day, EntryState state)
{
    if (state != EntryState::Received && state != EntryState::Late)
        return;
    if (!m_lastEntries || m_lastSubject != subjectId) {
        m_lastSubject = subjectId;
        // Valid until the next insertion into the hash, which only happens here after
        // the subject changed, and then this pointer is replaced.
        m_lastEntries = &m_bySubject[subjectId];
    }
    if (m_lastQuestionnaire < 0 || m_questionnaires.at(m_lastQuestionnaire) != questionnaire) {
        m_lastQuestionnaire = int(m_questionnaires.indexOf(questionnaire));
        if (m_lastQuestionnaire < 0) {
            m_lastQuestionnaire = int(m_questionnaires.size());
            m_questionnaires << questionnaire;
        }
    }
    m_lastEntries->push_back({m_lastQuestionnaire, day, state});
    ++m_size;
}

const std::vector<FulfilmentIndex::Entry> &FulfilmentIndex::entriesOf(const QString &subjectId) const
{
    static const std::vector<Entry> none;
    const auto it = m_bySubject.constFind(subjectId);
    return it == m_bySubject.cend() ? none : *it;
}

} // namespace td

#include "FulfilmentIndex.h"

namespace td {

void FulfilmentIndex::add(const QString &subjectId, const QString &questionnaire, int day, EntryState state)
{
    if (state != EntryState::Received && state != EntryState::Late)
        return;
    if (!m_lastEntries || m_lastSubject != subjectId) {
        m_lastSubject = subjectId;
        m_lastEntries = &m_bySubject[subjectId]; // QHash keeps values in place until removal
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

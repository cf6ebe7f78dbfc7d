#pragma once

#include <QDateTime>

namespace td {

class SqlSession;

// Fills an empty database with a believable demo: 20 studies, ~1,000 subjects,
// 30 days of questionnaires and vital signs up to `now`, with the gaps real
// patients leave. Deterministic, so tests can rely on it; always includes subject
// SUB123 (张三, 18812348888) in the active study NCT007. Every study has its
// questionnaire daily-symptoms published (version 1, English and Chinese), and every
// seeded submission fits it. Every study also has a daily-symptoms schedule (08:00
// Asia/Shanghai, two-hour window, from enrolment) and each seeded submission carries
// the entry it fulfils, as intake would record it. Accounts that exist already
// become members of the demo studies (see seedMemberships in the .cpp).
namespace DemoSeeder {
struct Summary {
    int projects = 0;
    int subjects = 0;
    int submissions = 0;
    int vitals = 0;
};
// Does nothing (returns zeros) when any project exists.
Summary seedIfEmpty(SqlSession &session, const QDateTime &now);
} // namespace DemoSeeder

} // namespace td

#pragma once

#include "StudyMembership.h"

#include <QVariantList>
#include <optional>

namespace td {

class SqlSession;

// SQL for study memberships (issue #14): which staff account may reach which study,
// in which role, at which sites. Runs on a database thread, in the caller's transaction.
namespace MembershipStore {

// A study's members, by username.
QList<StudyMembership> forProject(SqlSession &session, const QString &projectCode);
// An account's memberships, by study code. Also what a request of that account may reach.
QList<StudyMembership> forUser(SqlSession &session, const QString &username);
std::optional<StudyMembership> find(SqlSession &session, const QString &projectCode, const QString &username);
// Inserts or replaces (project and username must exist).
void upsert(SqlSession &session, const StudyMembership &membership);
void remove(SqlSession &session, const QString &projectCode, const QString &username);
// What a request of `username` may reach: forUser() without display name and creation
// details, read on every request, so kept to one narrow indexed query.
QList<StudyMembership> scopeOf(SqlSession &session, const QString &username);
// Memberships an account holds that came from the upgrade to schema 3 (and were not changed since).
int fromUpgradeCount(SqlSession &session, const QString &username);

// A WHERE condition limiting rows to a scope, with its bound values: `projectIdColumn`
// holds a projects.id, `siteColumn` (may be empty for study-level rows) the subject's
// site (empty for study-level rows: site restrictions then do not apply). An empty
// scope matches nothing.
struct Condition {
    QString sql;
    QVariantList values;
};
Condition condition(const QList<StudyMembership> &scope, const QString &projectIdColumn, const QString &siteColumn);

} // namespace MembershipStore
} // namespace td

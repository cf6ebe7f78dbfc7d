#pragma once

#include "Page.h"
#include "Project.h"
#include "Queries.h"
#include "StudyMembership.h"

#include <optional>

namespace td {

class SqlSession;

// SQL for the projects table. Runs on a database thread, inside the caller's transaction.
namespace ProjectStore {

using Filter = ProjectQuery;

std::optional<Project> find(SqlSession &session, const QString &code);
// The row id, for foreign keys; nullopt for an unknown code.
std::optional<qint64> findId(SqlSession &session, const QString &code);
bool exists(SqlSession &session, const QString &code);
void insert(SqlSession &session, const Project &project);
void update(SqlSession &session, const Project &project);
// Sorted by code; the cursor is the last code of the previous page.
// `scope`: only the studies it names (nullopt: all). Counts are the whole study's.
Page<Project> list(SqlSession &session, const Filter &filter, const PageRequest &page, const StudyScope &scope = {});
QList<Project> listActive(SqlSession &session, const StudyScope &scope = {});

} // namespace ProjectStore
} // namespace td

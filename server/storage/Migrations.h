#pragma once

namespace td {

class SqlSession;

// Versioned schema changes. Each migration runs once, in order, in its own
// transaction, and is recorded in schema_migrations; later issues append to the list.
namespace Migrations {
// Applies every pending migration and returns the resulting schema version.
int apply(SqlSession &session);
// Applies pending migrations up to `targetVersion` only (tests build old databases).
int apply(SqlSession &session, int targetVersion);
int latestVersion();
// The version recorded in the database (0 for an empty one).
int currentVersion(SqlSession &session);
} // namespace Migrations

} // namespace td

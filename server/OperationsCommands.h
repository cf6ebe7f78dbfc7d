#pragma once

#include "ServerConfig.h"

#include <cstdio>
#include <optional>

namespace td {

// The operations commands (issue #7): `backup --to FILE`, `restore --from FILE`
// and `check`. None of them migrates the database: backup and check read it
// beside a running server, restore refuses to run beside one.
namespace OperationsCommands {
// The exit code, or nullopt when `config.command` is not one of these.
std::optional<int> run(const ServerConfig &config, FILE *out, FILE *err);
// Refuses (with a message) when root would create files in a data directory the
// service user owns, which the service could then not open.
bool checkUser(const ServerConfig &config, FILE *err);
} // namespace OperationsCommands

} // namespace td

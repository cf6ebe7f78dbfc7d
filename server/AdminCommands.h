#pragma once

#include "ServerConfig.h"

#include <cstdio>

namespace td {

// The command-line administration that works before (or beside) a running server:
// users add/list/disable/enable/set-password and audit verify. Each opens the
// database directly and audits what it changes as actor "cli".
namespace AdminCommands {
// Returns the process exit code; prints to `out` and `err`.
int run(const ServerConfig &config, FILE *in, FILE *out, FILE *err);
} // namespace AdminCommands

} // namespace td

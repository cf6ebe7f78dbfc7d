#pragma once

#include "ServerConfig.h"

#include <cstdio>

namespace td::MigrateCommand {

// `trialdesk-server [--data-dir DIR] migrate-to [postgresql://...]`: copies the
// SQLite database in the data dir into an empty PostgreSQL database (the URL, or
// --database / $TRIALDESK_DATABASE) and verifies row counts and the audit chain.
// Exit codes: 0 copied and verified, 1 failed (the target is left unchanged, or
// holds a copy that did not verify: see the message), 2 usage.
int run(const ServerConfig &config, FILE *out, FILE *err);

} // namespace td::MigrateCommand

// `lingting migrate --database=URL`: brings a database (SQLite or PostgreSQL) to this build's
// schema before a start, and says from which version to which.
#pragma once

#include "store/store_options.hpp"

#include <string>
#include <vector>

namespace lingting {

// Returns the process exit code: 0 migrated or already current, 1 the database could not be
// opened or is newer than this build, 2 a bad argument.
int run_migrate_command(const std::vector<std::string>& args, const std::string& database,
                        const store_options& options);

}  // namespace lingting

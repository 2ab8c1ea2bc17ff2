// `lingting copy --from DB --to DB [--replace]`: an SQLite database moved into PostgreSQL.
#pragma once

#include <string>
#include <vector>

namespace lingting {

// Returns the process exit code: 0 copied (rows per table printed), 1 refused or failed
// (nothing written), 2 a bad argument.
int run_copy_command(const std::vector<std::string>& args);

}  // namespace lingting

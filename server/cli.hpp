// `lingting user ...`: staff accounts on the same database file the server uses.
#pragma once

#include <string>
#include <vector>

namespace lingting {

// Runs a `user` sub-command; returns the process exit code. Password comes from stdin.
int run_user_command(const std::vector<std::string>& args, const std::string& database, int pbkdf2_iterations);

}  // namespace lingting

// `lingting user ...`: staff accounts in the same database the server uses (either backend).
#pragma once

#include "store/store_options.hpp"

#include <string>
#include <vector>

namespace lingting {

// Runs a `user` sub-command; returns the process exit code. Password comes from stdin.
int run_user_command(const std::vector<std::string>& args, const std::string& database,
                     const store_options& options, int pbkdf2_iterations);

}  // namespace lingting

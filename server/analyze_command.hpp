// `lingting analyze FILE [--lexicon DIR]`: offline audit of a JSON Lines transcript.
#pragma once

#include "core/config.hpp"

#include <string>
#include <vector>

namespace lingting {

// `settings` are the server's, parsed from the command line and --config: the audit runs the
// analyzer and the IME check exactly as a server with those settings would (its margins included).
int run_analyze_command(const std::vector<std::string>& args, const std::string& default_lexicon_dir,
                        server_config settings);

}  // namespace lingting

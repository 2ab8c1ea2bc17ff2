// `lingting analyze FILE [--lexicon DIR]`: offline audit of a JSON Lines transcript.
#pragma once

#include <string>
#include <vector>

namespace lingting {

int run_analyze_command(const std::vector<std::string>& args, const std::string& default_lexicon_dir);

}  // namespace lingting

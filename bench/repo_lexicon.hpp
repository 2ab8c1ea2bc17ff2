// The lexicon as the server loads it from the repository's lexicon/, traditional-script forms
// expanded by OpenCC (script_variants) as server/main does: what the benchmarks that measure the
// analyzer with real data run against.
#pragma once

#include "analysis/script_variants.hpp"
#include "core/analysis/lexicon_loader.hpp"

#include <functional>
#include <memory>
#include <stdexcept>
#include <string>

namespace lingting::bench {

inline std::string repo_lexicon_dir() { return std::string(LINGTING_SOURCE_DIR) + "/lexicon"; }

inline std::shared_ptr<const lexicon> repo_lexicon() {
    script_variants variants;
    auto r = load_lexicon(repo_lexicon_dir(), std::ref(variants));
    if (!r.lex) throw std::runtime_error(r.errors.empty() ? "lexicon/ did not load" : r.errors.front().to_string());
    return r.lex;
}

}  // namespace lingting::bench

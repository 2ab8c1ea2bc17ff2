// The lexicon as the server loads it from the repository's lexicon/, traditional-script forms
// expanded by OpenCC (script_variants) as server/main does: what the benchmarks that measure the
// analyzer with real data run against.
#pragma once

#include "analysis/script_variants.hpp"
#include "core/analysis/lexicon_loader.hpp"

#include <cstdlib>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>

namespace lingting::bench {

// LINGTING_BENCH_LEXICON names another lexicon folder (an older commit's, `git archive`d), so that
// two lexicons can be timed by one binary side by side on the same load.
inline std::string repo_lexicon_dir() {
    if (const char* other = std::getenv("LINGTING_BENCH_LEXICON"); other && *other) return other;
    return std::string(LINGTING_SOURCE_DIR) + "/lexicon";
}

inline std::shared_ptr<const lexicon> repo_lexicon() {
    script_variants variants;
    auto r = load_lexicon(repo_lexicon_dir(), std::ref(variants));
    if (!r.lex) throw std::runtime_error(r.errors.empty() ? "lexicon/ did not load" : r.errors.front().to_string());
    return r.lex;
}

}  // namespace lingting::bench

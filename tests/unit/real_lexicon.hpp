// The project's own lexicon/ and Debian's Hunspell dictionaries, loaded once for the tests.
#pragma once

#include "analysis/hunspell_speller.hpp"
#include "analysis/script_variants.hpp"
#include "core/analysis/lexicon_loader.hpp"

#include <stdexcept>

namespace lingting::testing {

inline const lexicon& real_lexicon() {
    static const std::shared_ptr<const lexicon> lex = [] {
        script_variants variants;
        auto r = load_lexicon(std::string(LINGTING_SOURCE_DIR) + "/lexicon", std::ref(variants));
        if (!r.lex) throw std::runtime_error(r.errors.front().to_string());
        return r.lex;
    }();
    return *lex;
}

inline speller* real_speller() {
    static auto s = make_default_speller(std::string(LINGTING_SOURCE_DIR) + "/lexicon");
    return s.get();
}

}  // namespace lingting::testing

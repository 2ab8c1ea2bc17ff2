// Spelling of Latin-script words (drug names, English terms). Implemented with Hunspell in
// server/analysis/; the analyzer only asks yes or no, never for suggestions on the relay path.
#pragma once

#include <string_view>

namespace lingting {

struct speller {
    virtual ~speller() = default;
    virtual bool correct(std::string_view word) = 0;
};

}  // namespace lingting

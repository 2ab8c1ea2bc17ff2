// speller over Hunspell with Debian's en_US and en-med dictionaries plus the project's own
// word list (lexicon/medical_words.txt). Not thread-safe: one instance per thread, and create
// instances one at a time (Hunspell 1.7.1 races when two are constructed concurrently).
#pragma once

#include "core/analysis/speller.hpp"

#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

class Hunspell;

namespace lingting {

class hunspell_speller final : public speller {
public:
    // Throws if the base dictionary (en_US) cannot be opened. A word is correct if en_US (with
    // the extra dictionaries and the word list) or, when installed, en_GB accepts it: clinics
    // serve expats writing either spelling (gynaecology, haemorrhoids).
    hunspell_speller(const std::string& dictionary_dir, const std::vector<std::string>& extra_dics,
                     const std::string& word_list_file);
    ~hunspell_speller() override;

    // ... or if it is a regular -ing or -ed form of a long word the dictionaries know with no such
    // form of its own (genotyping, genotyped: en_med_glut lists medical stems without affix flags,
    // and en_US gives genotype only a plural). A stem that has its own form (transferring) keeps
    // the misspelled one (transfering) wrong.
    bool correct(std::string_view word) override;
    // Slow (tens of milliseconds): never call on the relay path.
    std::vector<std::string> suggest(std::string_view word);

private:
    bool known(const std::string& w) const;
    bool regular_inflection(const std::string& w) const;
    std::unique_ptr<Hunspell> h_;
    std::unique_ptr<Hunspell> british_;  // null when hunspell-en-gb is not installed
    // Chats repeat the same drug names and terms all day; remembering the answers keeps
    // Hunspell (about 0.5 us a word) off the per-message cost. Cleared when it grows too big.
    std::unordered_map<std::string, bool> cache_;
};

// The Debian default: /usr/share/hunspell, en_US plus en_med_glut when present.
std::unique_ptr<hunspell_speller> make_default_speller(const std::string& lexicon_dir);

}  // namespace lingting

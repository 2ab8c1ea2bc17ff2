// Reads lexicon/ into a compiled lexicon. Every malformed line is reported with file, line and
// reason; a lexicon with any error is not returned, so the rules in force stay.
#pragma once

#include "core/analysis/lexicon.hpp"

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace lingting {

struct lexicon_error {
    std::string file;
    int line = 0;  // 0: the file as a whole
    std::string reason;
    std::string to_string() const;
};

struct lexicon_load_result {
    std::shared_ptr<const lexicon> lex;  // null when errors is not empty
    std::vector<lexicon_error> errors;
    // What loads but works less than asked (a missing word_dictionary: word boundaries off).
    // The caller says each once where it logs.
    std::vector<std::string> warnings;
};

using variants_fn = std::function<std::vector<std::string>(const std::string&)>;

// Parses one file's text into `lex` (which file is told by `name`); for tests and fuzzing.
void parse_lexicon_file(const std::string& name, std::string_view text, lexicon& lex,
                        std::vector<lexicon_error>& errors);

// Loads every file of a lexicon folder and compiles it.
lexicon_load_result load_lexicon(const std::string& dir, const variants_fn& variants = {});

// The files a lexicon folder must hold.
const std::vector<std::string>& lexicon_files();

}  // namespace lingting

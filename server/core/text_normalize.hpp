// Folds the forms a typist can produce for the same text, so lexicon matching sees one form.
#pragma once

#include <string>
#include <string_view>

namespace lingting {

// Full-width ASCII (Ａ, ？, ，) to half-width, Latin to lower case, ideographic space to space,
// 。 kept. Invalid UTF-8 bytes are dropped.
std::string normalize_for_match(std::string_view text);

// As normalize_for_match, and also drops whitespace and punctuation, so that "T M D" and
// "T.M.D" match "tmd". Used for phrase matching, never for display.
std::string normalize_compact(std::string_view text);

// Decodes the next code point at pos (advancing pos); returns 0xFFFD on a malformed sequence.
char32_t next_code_point(std::string_view s, std::size_t& pos);
void append_utf8(std::string& out, char32_t cp);
// Number of code points in valid UTF-8.
std::size_t utf8_length(std::string_view s);

}  // namespace lingting

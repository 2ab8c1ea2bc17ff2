// Folds the forms a typist can produce for the same text, so lexicon matching sees one form.
#pragma once

#include <cstdint>
#include <string>
#include <vector>
#include <string_view>

namespace lingting {

// Full-width ASCII (Ａ, ？, ，) to half-width, Latin to lower case, ideographic space to space,
// 。 kept. Invalid UTF-8 bytes are dropped.
std::string normalize_for_match(std::string_view text);

// As normalize_for_match, and also drops whitespace and punctuation, so that "T M D" and
// "T.M.D" match "tmd". Used for phrase matching, never for display.
std::string normalize_compact(std::string_view text);

// normalize_compact() keeping the way back: for each output byte, the index of the code point
// of the original it came from, and each original code point's byte offset (plus the end).
struct compacted {
    std::string text;
    std::vector<std::uint32_t> origin;      // per byte of text
    std::vector<std::uint32_t> cp_offsets;  // per code point of the original, then its size
    // The original text of code points [begin, end).
    std::string_view original(std::string_view source, std::uint32_t begin, std::uint32_t end) const {
        return source.substr(cp_offsets[begin], cp_offsets[end] - cp_offsets[begin]);
    }
};
void compact_with_map(std::string_view text, compacted& out);

char32_t fold_code_point(char32_t cp);
bool is_separator(char32_t cp);  // whitespace and punctuation, after folding

// Decodes the next code point at pos (advancing pos); returns 0xFFFD on a malformed sequence.
char32_t next_code_point(std::string_view s, std::size_t& pos);
void append_utf8(std::string& out, char32_t cp);
// Number of code points in valid UTF-8.
std::size_t utf8_length(std::string_view s);

}  // namespace lingting

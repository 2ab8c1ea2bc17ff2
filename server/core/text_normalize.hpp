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
    std::uint32_t chars = 0;     // code points in text
    bool has_latin = false;      // an ASCII letter was seen (spelling checks need it)
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

// A Chinese character: CJK unified ideographs and extension A.
inline bool is_han(char32_t cp) { return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF); }

// Decodes the next code point at pos (advancing pos); returns 0xFFFD on a malformed sequence.
// Inline: it runs for every character of every message.
inline char32_t next_code_point(std::string_view s, std::size_t& pos) {
    auto b0 = static_cast<unsigned char>(s[pos]);
    if (b0 < 0x80) {
        ++pos;
        return b0;
    }
    int len = (b0 >> 5) == 0x6 ? 2 : (b0 >> 4) == 0xE ? 3 : (b0 >> 3) == 0x1E ? 4 : 0;
    if (len == 0 || pos + len > s.size()) {
        ++pos;
        return 0xFFFD;
    }
    char32_t cp = len == 2 ? (b0 & 0x1F) : len == 3 ? (b0 & 0x0F) : (b0 & 0x07);
    for (int i = 1; i < len; ++i) {
        auto b = static_cast<unsigned char>(s[pos + i]);
        if ((b >> 6) != 0x2) {
            ++pos;
            return 0xFFFD;
        }
        cp = (cp << 6) | (b & 0x3F);
    }
    pos += len;
    return cp;
}

inline void append_utf8(std::string& out, char32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        char b[2] = {static_cast<char>(0xC0 | (cp >> 6)), static_cast<char>(0x80 | (cp & 0x3F))};
        out.append(b, 2);
    } else if (cp < 0x10000) {
        char b[3] = {static_cast<char>(0xE0 | (cp >> 12)), static_cast<char>(0x80 | ((cp >> 6) & 0x3F)),
                     static_cast<char>(0x80 | (cp & 0x3F))};
        out.append(b, 3);
    } else {
        char b[4] = {static_cast<char>(0xF0 | (cp >> 18)), static_cast<char>(0x80 | ((cp >> 12) & 0x3F)),
                     static_cast<char>(0x80 | ((cp >> 6) & 0x3F)), static_cast<char>(0x80 | (cp & 0x3F))};
        out.append(b, 4);
    }
}
// Number of code points in valid UTF-8.
std::size_t utf8_length(std::string_view s);

}  // namespace lingting

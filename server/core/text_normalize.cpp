#include "core/text_normalize.hpp"

namespace lingting {

std::size_t utf8_length(std::string_view s) {
    std::size_t n = 0;
    for (unsigned char c : s)
        if ((c & 0xC0) != 0x80) ++n;
    return n;
}

char32_t fold_code_point(char32_t cp) {
    if (cp >= 0xFF01 && cp <= 0xFF5E) cp -= 0xFEE0;  // full-width ASCII block
    else if (cp == 0x3000) cp = ' ';
    if (cp >= 'A' && cp <= 'Z') cp += 'a' - 'A';
    return cp;
}

bool is_separator(char32_t cp) {
    if (cp < 0x80) return !((cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z'));
    // CJK punctuation, general punctuation, and the ideographic space.
    return (cp >= 0x2000 && cp <= 0x206F) || (cp >= 0x3000 && cp <= 0x303F) ||
           cp == 0xFF5E || cp == 0x00B7 || cp == 0xFFFD;
}

namespace {

template <bool Compact>
std::string normalize(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t pos = 0; pos < text.size();) {
        char32_t cp = next_code_point(text, pos);
        if (cp == 0xFFFD) continue;
        cp = fold_code_point(cp);
        if (Compact && is_separator(cp)) continue;
        append_utf8(out, cp);
    }
    return out;
}

}  // namespace

namespace {

// The code point of a well-formed three-byte sequence at pos, else 0.
inline char32_t three_byte(std::string_view text, std::size_t pos) {
    auto b0 = static_cast<unsigned char>(text[pos]);
    if ((b0 & 0xF0) != 0xE0 || pos + 3 > text.size()) return 0;
    auto b1 = static_cast<unsigned char>(text[pos + 1]), b2 = static_cast<unsigned char>(text[pos + 2]);
    if ((b1 & 0xC0) != 0x80 || (b2 & 0xC0) != 0x80) return 0;
    return static_cast<char32_t>((b0 & 0x0F) << 12 | (b1 & 0x3F) << 6 | (b2 & 0x3F));
}

}  // namespace

void compact_with_map(std::string_view text, compacted& out) {
    // Runs for every message: the buffers are sized once to the most the text can produce
    // (folding never lengthens a character; separators and invalid bytes produce nothing) and
    // written through pointers, then cut to what was written. ASCII, most of a message's bytes
    // in a Latin-heavy one, takes a branch of its own.
    const std::size_t n = text.size();
    out.text.resize(n);
    out.origin.resize(n);
    out.cp_offsets.resize(n + 1);
    char* t = out.text.data();
    std::uint32_t* origin = out.origin.data();
    std::uint32_t* offsets = out.cp_offsets.data();
    std::size_t written = 0;
    std::uint32_t chars = 0;
    bool latin = false;
    std::uint32_t index = 0;
    for (std::size_t pos = 0; pos < n; ++index) {
        offsets[index] = static_cast<std::uint32_t>(pos);
        auto b0 = static_cast<unsigned char>(text[pos]);
        char32_t cp;
        if (b0 < 0x80) {
            ++pos;
            cp = b0 >= 'A' && b0 <= 'Z' ? b0 + ('a' - 'A') : b0;
        } else if (char32_t c3 = three_byte(text, pos); c3 >= 0x3040 && c3 < 0xFF00) {
            // Most of a Chinese message. From U+3040 (past CJK punctuation) up to the full-width
            // block nothing is folded or a separator, and three bytes are the canonical encoding:
            // copied as they are.
            ++chars;
            for (int k = 0; k < 3; ++k) {
                t[written] = text[pos + k];
                origin[written++] = index;
            }
            pos += 3;
            continue;
        } else {
            cp = next_code_point(text, pos);
            if (cp == 0xFFFD) continue;
            cp = fold_code_point(cp);
        }
        if (cp < 0x80) {
            bool letter = cp >= 'a' && cp <= 'z';
            if (!letter && !(cp >= '0' && cp <= '9')) continue;  // is_separator() for ASCII
            latin |= letter;
            ++chars;
            t[written] = static_cast<char>(cp);
            origin[written++] = index;
            continue;
        }
        if (is_separator(cp)) continue;
        ++chars;
        // The code point re-encoded (as append_utf8 does: an overlong input comes out short).
        char bytes[4];
        std::size_t len;
        if (cp < 0x800) {
            bytes[0] = static_cast<char>(0xC0 | (cp >> 6));
            bytes[1] = static_cast<char>(0x80 | (cp & 0x3F));
            len = 2;
        } else if (cp < 0x10000) {
            bytes[0] = static_cast<char>(0xE0 | (cp >> 12));
            bytes[1] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
            bytes[2] = static_cast<char>(0x80 | (cp & 0x3F));
            len = 3;
        } else {
            bytes[0] = static_cast<char>(0xF0 | (cp >> 18));
            bytes[1] = static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
            bytes[2] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
            bytes[3] = static_cast<char>(0x80 | (cp & 0x3F));
            len = 4;
        }
        for (std::size_t k = 0; k < len; ++k) {
            t[written] = bytes[k];
            origin[written++] = index;
        }
    }
    offsets[index] = static_cast<std::uint32_t>(n);
    out.cp_offsets.resize(index + 1);
    out.text.resize(written);
    out.origin.resize(written);
    out.chars = chars;
    out.has_latin = latin;
}

std::string normalize_for_match(std::string_view text) { return normalize<false>(text); }
std::string normalize_compact(std::string_view text) { return normalize<true>(text); }

}  // namespace lingting

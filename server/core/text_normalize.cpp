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

void compact_with_map(std::string_view text, compacted& out) {
    out.text.clear();
    out.origin.clear();
    out.cp_offsets.clear();
    out.chars = 0;
    out.has_latin = false;
    out.text.reserve(text.size());
    out.origin.reserve(text.size());
    out.cp_offsets.reserve(text.size() + 1);
    std::uint32_t index = 0;
    for (std::size_t pos = 0; pos < text.size(); ++index) {
        out.cp_offsets.push_back(static_cast<std::uint32_t>(pos));
        char32_t cp = next_code_point(text, pos);
        if (cp == 0xFFFD) continue;
        cp = fold_code_point(cp);
        if (is_separator(cp)) continue;
        ++out.chars;
        if (cp < 0x80) {
            out.has_latin |= cp >= 'a' && cp <= 'z';
            out.text.push_back(static_cast<char>(cp));
            out.origin.push_back(index);
            continue;
        }
        std::size_t before = out.text.size();
        append_utf8(out.text, cp);
        for (std::size_t b = before; b < out.text.size(); ++b) out.origin.push_back(index);
    }
    out.cp_offsets.push_back(static_cast<std::uint32_t>(text.size()));
}

std::string normalize_for_match(std::string_view text) { return normalize<false>(text); }
std::string normalize_compact(std::string_view text) { return normalize<true>(text); }

}  // namespace lingting

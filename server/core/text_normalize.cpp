#include "core/text_normalize.hpp"

namespace lingting {

char32_t next_code_point(std::string_view s, std::size_t& pos) {
    auto b0 = static_cast<unsigned char>(s[pos]);
    int len = b0 < 0x80 ? 1 : (b0 >> 5) == 0x6 ? 2 : (b0 >> 4) == 0xE ? 3 : (b0 >> 3) == 0x1E ? 4 : 0;
    if (len == 0 || pos + len > s.size()) {
        ++pos;
        return 0xFFFD;
    }
    char32_t cp = len == 1 ? b0 : len == 2 ? (b0 & 0x1F) : len == 3 ? (b0 & 0x0F) : (b0 & 0x07);
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

void append_utf8(std::string& out, char32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

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
    std::uint32_t index = 0;
    for (std::size_t pos = 0; pos < text.size(); ++index) {
        out.cp_offsets.push_back(static_cast<std::uint32_t>(pos));
        char32_t cp = next_code_point(text, pos);
        if (cp == 0xFFFD) continue;
        cp = fold_code_point(cp);
        if (is_separator(cp)) continue;
        std::size_t before = out.text.size();
        append_utf8(out.text, cp);
        out.origin.insert(out.origin.end(), out.text.size() - before, index);
    }
    out.cp_offsets.push_back(static_cast<std::uint32_t>(text.size()));
}

std::string normalize_for_match(std::string_view text) { return normalize<false>(text); }
std::string normalize_compact(std::string_view text) { return normalize<true>(text); }

}  // namespace lingting

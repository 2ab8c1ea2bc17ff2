#include "ime/adjacent_key_pinyin.hpp"

#include "ime/pinyin_syllables.hpp"

#include <string_view>

namespace lingting {

namespace {

// The keys beside each letter on a QWERTY keyboard, in its row and the rows above and below.
std::string_view neighbours(char c) {
    static constexpr std::string_view near[26] = {
        "qwsz",    "vghn",   "xdfv",   "serfcx", "wsdr",  "drtgvc", "ftyhbv", "gyujnb", "ujko",
        "huikmn",  "jiolm",  "kop",    "njk",    "bhjm",  "iklp",   "ol",     "wa",     "edft",
        "awedxz",  "rfgy",   "yhji",   "cfgb",   "qase",  "zsdc",   "tghu",   "asx"};
    return c >= 'a' && c <= 'z' ? near[c - 'a'] : std::string_view();
}

}  // namespace

std::vector<std::string> adjacent_key_codes(const std::vector<std::string>& exact, std::size_t limit) {
    std::vector<std::string> out;
    for (auto& code : exact)
        for (std::size_t at = 0; at + 1 < code.size() && out.size() < limit; at += 2) {
            const std::string meant = spelling_of(code[at], code[at + 1]);
            for (std::size_t k = 0; k < meant.size() && out.size() < limit; ++k)
                for (char n : neighbours(meant[k])) {
                    if (out.size() >= limit) break;
                    std::string typed = meant;
                    typed[k] = n;
                    if (const auto* s = syllable_spelled(typed)) add_near_code(exact, out, code, at, *s);
                }
        }
    return out;
}

}  // namespace lingting

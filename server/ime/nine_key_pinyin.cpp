#include "ime/nine_key_pinyin.hpp"

#include "ime/pinyin_syllables.hpp"

#include <map>

namespace lingting {

namespace {

std::string keys_of(const std::string& spelled) {
    static constexpr char keys[] = "22233344455566677778889999";  // a..z
    std::string out;
    for (char c : spelled) out += c >= 'a' && c <= 'z' ? keys[c - 'a'] : '?';
    return out;
}

// Every valid syllable by the keys that spell it: "226" -> ban, bao, can, cao.
const std::map<std::string, std::vector<const pinyin_syllable*>>& syllables_by_keys() {
    static const auto table = [] {
        std::map<std::string, std::vector<const pinyin_syllable*>> t;
        for (const auto& s : pinyin_syllables()) t[keys_of(s.spelled)].push_back(&s);
        return t;
    }();
    return table;
}

}  // namespace

std::vector<std::string> nine_key_codes(const std::vector<std::string>& exact, std::size_t limit) {
    std::vector<std::string> out;
    const auto& table = syllables_by_keys();
    for (auto& code : exact)
        for (std::size_t at = 0; at + 1 < code.size() && out.size() < limit; at += 2) {
            auto same = table.find(keys_of(spelling_of(code[at], code[at + 1])));
            if (same == table.end()) continue;
            for (const auto* s : same->second) {
                if (out.size() >= limit) break;
                if (s->initial != code[at] || s->final != code[at + 1]) add_near_code(exact, out, code, at, *s);
            }
        }
    return out;
}

}  // namespace lingting

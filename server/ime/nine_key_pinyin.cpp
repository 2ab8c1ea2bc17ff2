#include "ime/nine_key_pinyin.hpp"

#include <libime/pinyin/pinyinencoder.h>

#include <algorithm>
#include <map>
#include <utility>

namespace lingting {

namespace {

using libime::PinyinEncoder;
using libime::PinyinFinal;
using libime::PinyinInitial;

char key_of(char letter) {
    static constexpr char keys[] = "22233344455566677778889999";  // a..z
    return letter >= 'a' && letter <= 'z' ? keys[letter - 'a'] : '?';
}

// Every valid syllable by the keys that spell it: "226" -> ban, bao, can, cao.
const std::map<std::string, std::vector<std::pair<char, char>>>& syllables_by_keys() {
    static const auto table = [] {
        std::map<std::string, std::vector<std::pair<char, char>>> t;
        for (char i = static_cast<char>(PinyinInitial::B); i <= static_cast<char>(PinyinInitial::Zero); ++i)
            for (char f = static_cast<char>(PinyinFinal::A); f <= static_cast<char>(PinyinFinal::Zero); ++f) {
                auto initial = static_cast<PinyinInitial>(i);
                auto final = static_cast<PinyinFinal>(f);
                if (!PinyinEncoder::isValidInitialFinal(initial, final)) continue;
                std::string keys;
                for (char c : PinyinEncoder::initialToString(initial) + PinyinEncoder::finalToString(final))
                    keys += key_of(c);
                if (keys.empty() || keys.find('?') != std::string::npos) continue;
                t[keys].emplace_back(i, f);
            }
        return t;
    }();
    return table;
}

std::string keys_of(char initial, char final) {
    std::string keys;
    for (char c : PinyinEncoder::initialToString(static_cast<PinyinInitial>(initial)) +
                      PinyinEncoder::finalToString(static_cast<PinyinFinal>(final)))
        keys += key_of(c);
    return keys;
}

}  // namespace

std::vector<std::string> nine_key_codes(const std::vector<std::string>& exact, std::size_t limit) {
    std::vector<std::string> out;
    const auto& table = syllables_by_keys();
    for (auto& code : exact)
        for (std::size_t at = 0; at + 1 < code.size() && out.size() < limit; at += 2) {
            auto same = table.find(keys_of(code[at], code[at + 1]));
            if (same == table.end()) continue;
            for (auto [initial, final] : same->second) {
                if (out.size() >= limit) break;
                if (initial == code[at] && final == code[at + 1]) continue;
                std::string v = code;
                v[at] = initial;
                v[at + 1] = final;
                if (std::find(exact.begin(), exact.end(), v) == exact.end() &&
                    std::find(out.begin(), out.end(), v) == out.end())
                    out.push_back(std::move(v));
            }
        }
    return out;
}

}  // namespace lingting

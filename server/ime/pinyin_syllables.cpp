#include "ime/pinyin_syllables.hpp"

#include <libime/pinyin/pinyinencoder.h>

#include <algorithm>
#include <utility>
#include <unordered_map>

namespace lingting {

namespace {

using libime::PinyinEncoder;
using libime::PinyinFinal;
using libime::PinyinInitial;

struct tables {
    std::vector<pinyin_syllable> all;
    std::unordered_map<std::string, std::size_t> by_spelling;
};

const tables& the_tables() {
    static const tables t = [] {
        tables t;
        for (char i = static_cast<char>(PinyinInitial::B); i <= static_cast<char>(PinyinInitial::Zero); ++i)
            for (char f = static_cast<char>(PinyinFinal::A); f <= static_cast<char>(PinyinFinal::Zero); ++f) {
                if (!PinyinEncoder::isValidInitialFinal(static_cast<PinyinInitial>(i), static_cast<PinyinFinal>(f)))
                    continue;
                auto s = spelling_of(i, f);
                if (s.empty() || !std::all_of(s.begin(), s.end(), [](char c) { return c >= 'a' && c <= 'z'; })) continue;
                t.by_spelling.try_emplace(s, t.all.size());
                t.all.push_back({std::move(s), i, f});
            }
        return t;
    }();
    return t;
}

}  // namespace

std::string spelling_of(char initial, char final) {
    return PinyinEncoder::initialToString(static_cast<PinyinInitial>(initial)) +
           PinyinEncoder::finalToString(static_cast<PinyinFinal>(final));
}

const std::vector<pinyin_syllable>& pinyin_syllables() { return the_tables().all; }

void add_near_code(const std::vector<std::string>& exact, std::vector<std::string>& out, const std::string& code,
                   std::size_t at, const pinyin_syllable& s) {
    std::string v = code;
    v[at] = s.initial;
    v[at + 1] = s.final;
    if (std::find(exact.begin(), exact.end(), v) == exact.end() && std::find(out.begin(), out.end(), v) == out.end())
        out.push_back(std::move(v));
}

const pinyin_syllable* syllable_spelled(std::string_view spelled) {
    const auto& t = the_tables();
    auto it = t.by_spelling.find(std::string(spelled));
    return it == t.by_spelling.end() ? nullptr : &t.all[it->second];
}

}  // namespace lingting

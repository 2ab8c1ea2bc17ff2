#include "ime/fuzzy_pinyin.hpp"

#include <libime/pinyin/pinyinencoder.h>

#include <algorithm>
#include <utility>

namespace lingting {

namespace {

using libime::PinyinFinal;
using libime::PinyinInitial;
constexpr std::pair<PinyinInitial, PinyinInitial> fuzzy_initials[] = {
    {PinyinInitial::N, PinyinInitial::L}, {PinyinInitial::F, PinyinInitial::H}, {PinyinInitial::Z, PinyinInitial::ZH},
    {PinyinInitial::C, PinyinInitial::CH}, {PinyinInitial::S, PinyinInitial::SH}};
constexpr std::pair<PinyinFinal, PinyinFinal> fuzzy_finals[] = {{PinyinFinal::AN, PinyinFinal::ANG},
                                                                  {PinyinFinal::EN, PinyinFinal::ENG},
                                                                  {PinyinFinal::IN, PinyinFinal::ING},
                                                                  {PinyinFinal::IAN, PinyinFinal::IANG},
                                                                  {PinyinFinal::UAN, PinyinFinal::UANG}};

}  // namespace

std::vector<std::string> fuzzy_codes(const std::vector<std::string>& exact, std::size_t limit) {
    std::vector<std::string> out;
    auto add = [&](const std::string& code, std::size_t at, char initial, char final) {
        if (out.size() >= limit ||
            !libime::PinyinEncoder::isValidInitialFinal(static_cast<PinyinInitial>(initial),
                                                        static_cast<PinyinFinal>(final)))
            return;
        std::string v = code;
        v[at] = initial;
        v[at + 1] = final;
        if (std::find(exact.begin(), exact.end(), v) == exact.end() && std::find(out.begin(), out.end(), v) == out.end())
            out.push_back(std::move(v));
    };
    for (auto& code : exact)
        for (std::size_t at = 0; at + 1 < code.size(); at += 2) {
            const char i = code[at], f = code[at + 1];
            for (auto [x, y] : fuzzy_initials) {
                if (i == static_cast<char>(x)) add(code, at, static_cast<char>(y), f);
                if (i == static_cast<char>(y)) add(code, at, static_cast<char>(x), f);
            }
            for (auto [x, y] : fuzzy_finals) {
                if (f == static_cast<char>(x)) add(code, at, i, static_cast<char>(y));
                if (f == static_cast<char>(y)) add(code, at, i, static_cast<char>(x));
            }
        }
    return out;
}

}  // namespace lingting

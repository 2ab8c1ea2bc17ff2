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

// The southern merger of f with hu (Hunan, Fujian, Jiangxi, Sichuan speakers: 发 fa for 化 hua, 飞 fei
// for 灰 hui, 饭 fan for 换 huan, 分 fen for 婚 hun): whole syllables, which the initial pair f/h
// above does not reach (fa/ha).
constexpr std::pair<std::pair<PinyinInitial, PinyinFinal>, std::pair<PinyinInitial, PinyinFinal>> f_hu_syllables[] = {
    {{PinyinInitial::F, PinyinFinal::A}, {PinyinInitial::H, PinyinFinal::UA}},
    {{PinyinInitial::F, PinyinFinal::EI}, {PinyinInitial::H, PinyinFinal::UI}},
    {{PinyinInitial::F, PinyinFinal::AN}, {PinyinInitial::H, PinyinFinal::UAN}},
    {{PinyinInitial::F, PinyinFinal::ANG}, {PinyinInitial::H, PinyinFinal::UANG}},
    {{PinyinInitial::F, PinyinFinal::EN}, {PinyinInitial::H, PinyinFinal::UN}},
    {{PinyinInitial::F, PinyinFinal::O}, {PinyinInitial::H, PinyinFinal::UO}}};

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
            for (auto [x, y] : f_hu_syllables) {
                if (i == static_cast<char>(x.first) && f == static_cast<char>(x.second))
                    add(code, at, static_cast<char>(y.first), static_cast<char>(y.second));
                if (i == static_cast<char>(y.first) && f == static_cast<char>(y.second))
                    add(code, at, static_cast<char>(x.first), static_cast<char>(x.second));
            }
        }
    return out;
}

}  // namespace lingting

// A character typed twice inside a clinic word (甲硝硝唑 for 甲硝唑, 种植植牙 for 种植牙): a slip of
// the fingers, not of the IME's candidates, which the language model reads as two words and lets
// pass. Found without the model: dropping one copy makes a clinic word.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace lingting {

struct doubled_slip {
    std::size_t begin, end;  // characters of the written stretch, the doubled pair inside it
    std::string correction;  // the clinic word it was meant to be
};

// Each stretch of `chars` (one UTF-8 character each; `cps` their code points) where a Chinese
// character is written twice in a row, the pair is no word of its own (`is_word`: 宝宝, 看看, 家家
// are) unless the clinic word goes on at both sides of it (二甲双双胍), neither copy sits inside a
// clinic word as written (`kept`), and dropping one copy makes a clinic word (`is_clinic`) of
// `shortest` to `longest` characters holding it; not where each copy belongs to a word of its own
// (瑞士|士卓曼, 最近|近视: `is_word` answers for two to four characters). Never a doubled particle
// (的的, 了了) nor an AABB form (清清楚楚).
std::vector<doubled_slip> doubled_characters(const std::vector<std::string_view>& chars,
                                             const std::vector<char32_t>& cps, const std::vector<char>& kept,
                                             const std::function<bool(std::string_view)>& is_clinic,
                                             const std::function<bool(std::string_view)>& is_word,
                                             std::size_t shortest = 3, std::size_t longest = 6);

}  // namespace lingting

// A character left out inside a clinic word (前列炎 for 前列腺炎, 输卵造影 for 输卵管造影, 做试婴儿 for
// 做试管婴儿): a syllable the fingers skipped, which no IME candidate and no homophone explains. The
// table of such shortened forms is built once from the clinic words; the checker still asks the
// language model whether the whole word reads better in its place (约主任 is no 约刘主任).
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace lingting {

struct shortened_form {
    std::string word;  // the clinic word it was meant to be
    // The character left out shortens a two-character part (试管婴儿 → 试婴儿, but also 牙龈出血 → 牙出血
    // and 胚胎移植 → 胚移植: how people shorten a term on purpose): the whole word must read much better
    // in its place to call it a slip.
    bool part_shortened = false;
};

// Each shortened form of `words` (Chinese words of four characters or more) made by leaving out one
// character that is neither the first nor the last, mapped to the word it was meant to be, kept only
// where that reads as a slip and not as another name for the same thing:
// - the form is no word of its own (`is_word` false: 前列液 is one) and no other word's form;
// - the character left out breaks a word of three or more characters inside the clinic word (腺 of
//   前列腺 in 前列腺炎), or the clinic word has no parts that are words (阿莫西林), or it shortens a
//   two-character part (`part_shortened`);
// - the character left out is not 性 (滴虫阴道炎 and 霉菌阴道炎 are names in use).
std::unordered_map<std::string, shortened_form> shortened_forms(const std::vector<std::string>& words,
                                                                const std::function<bool(std::string_view)>& is_word);

}  // namespace lingting

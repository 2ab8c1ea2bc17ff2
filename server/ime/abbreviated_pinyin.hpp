// 简拼: a word typed by its syllables' initials alone (lc for 流产, fk for 妇科), the IME's first
// candidate for those keys taken without a look: 流程 for 流产, 反馈 for 妇科, 统计 for 体检. The
// keys say only the initials, so the slip is any word whose syllables begin alike; the likeliest of
// them is what the IME shows first. Like a fuzzy or a keyed slip, it leaves no same-pinyin
// correction to find. Shared by the IME check, which offers the clinic words with the same
// initials, and bench/ime_probe, which makes such slips to measure it. Speaks libime's encoding
// (an initial and a final byte per syllable).
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace lingting {

// The initials of an encoded pinyin: its first byte of every syllable. A syllable with no initial
// (an, e, ou) keeps libime's "zero" initial, so 阿姨 and 恶意 share one.
std::string initials_of(std::string_view code);

// Encoded pinyin by their initials: the words an abbreviation could have been meant as, and how
// likely the likeliest word typed with those initials is (what the IME shows first for them).
class abbreviation_index {
public:
    // Remembers `code` (a word's pinyin) under its initials; a code already there is kept once.
    void add(const std::string& code);
    // The codes with the same initials as `code` (itself among them if added); empty if none.
    const std::vector<std::string>& codes_like(std::string_view code) const;

    // Notes a word of the dictionary typed with `code` and its log10 unigram probability.
    void note_word(std::string_view code, float score);
    // The log10 unigram probability of the likeliest word noted with the initials of `code`, or
    // -infinity if none.
    float likeliest(std::string_view code) const;

private:
    std::unordered_map<std::string, std::vector<std::string>> by_initials_;
    std::unordered_map<std::string, float> likeliest_;
};

}  // namespace lingting

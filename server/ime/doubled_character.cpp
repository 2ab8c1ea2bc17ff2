#include "ime/doubled_character.hpp"

#include "core/text_normalize.hpp"

#include <string_view>

namespace lingting {

std::vector<doubled_slip> doubled_characters(const std::vector<std::string_view>& chars,
                                             const std::vector<char32_t>& cps, const std::vector<char>& kept,
                                             const std::function<bool(std::string_view)>& is_clinic,
                                             const std::function<bool(std::string_view)>& is_word,
                                             std::size_t shortest, std::size_t longest) {
    std::vector<doubled_slip> out;
    std::string pair, meant;
    // Whether a word of 2 to 4 characters starts at p.
    auto opens_a_word = [&](std::size_t p) {
        std::string w(chars[p]);
        for (std::size_t q = p + 1; q < cps.size() && q < p + 4 && is_han(cps[q]); ++q)
            if (is_word(w.append(chars[q]))) return true;
        return false;
    };
    for (std::size_t i = 0; i + 1 < cps.size(); ++i) {
        if (cps[i] != cps[i + 1] || !is_han(cps[i]) || (kept[i] && kept[i + 1])) continue;
        // A grammatical particle or copula written twice is grammar as often as a slip (目的的话 is 目的 and
        // 的, 受不了了 ends in two 了), and AABB is a reduplication (清清楚楚, 干干净净), as is AA after BB.
        if (std::u32string_view(U"的了着过是在有不也就都还吗呢吧啊呀哦哈嗯").find(cps[i]) != std::u32string_view::npos) continue;
        if ((i + 3 < cps.size() && cps[i + 2] == cps[i + 3] && cps[i + 2] != cps[i]) ||
            (i >= 2 && cps[i - 2] == cps[i - 1] && cps[i - 1] != cps[i]))
            continue;
        pair.assign(chars[i]).append(chars[i + 1]);
        // Each copy may belong to a word of its own: the first closing one before the pair, the second
        // opening one after it (瑞士|士卓曼, 最近|近视). Asked once per pair, used for each meant word below.
        const bool first_closes_a_word = i > 0 && is_han(cps[i - 1]) && is_word(std::string(chars[i - 1]).append(chars[i]));
        const bool second_opens_a_word = opens_a_word(i + 1);
        // A pair that is a word (宝宝, 看看, 双双) is a slip only where the clinic word runs on at both
        // sides of it (二甲双双胍): a reduplicated verb or noun stands at a word's edge (看看病).
        const bool pair_is_word = is_word(pair);
        // The meant word holds the character once: its [s, i] written before the pair's second
        // copy, the rest after it. The longest such word says the most.
        doubled_slip best{0, 0, {}};
        for (std::size_t len = shortest; len <= longest; ++len)
            for (std::size_t s = i + 1 >= len ? i + 1 - len : 0; s <= i; ++s) {
                const std::size_t end = s + len + 1;  // the written stretch: the word and the extra copy
                if (end > cps.size() || end < i + 2) continue;
                meant.clear();
                bool han = true;
                for (std::size_t k = s; k < end; ++k) {
                    if (k == i + 1) continue;
                    han = han && is_han(cps[k]);
                    meant += chars[k];
                }
                if (pair_is_word && (s == i || end == i + 2)) continue;
                // The meant word starts at the second copy while the first closes a word, or ends at the first
                // while the second opens one: two words that meet, no slip.
                if ((s == i && first_closes_a_word) || (end == i + 2 && second_opens_a_word)) continue;
                if (han && is_clinic(meant) && end - s > best.end - best.begin) best = {s, end, meant};
            }
        if (best.end > best.begin) {
            out.push_back(best);
            i = best.end - 1;
        }
    }
    return out;
}

}  // namespace lingting

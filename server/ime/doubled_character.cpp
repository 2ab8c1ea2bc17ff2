#include "ime/doubled_character.hpp"

#include "core/text_normalize.hpp"

namespace lingting {

std::vector<doubled_slip> doubled_characters(const std::vector<std::string_view>& chars,
                                             const std::vector<char32_t>& cps, const std::vector<char>& kept,
                                             const std::function<bool(std::string_view)>& is_clinic,
                                             const std::function<bool(std::string_view)>& is_word,
                                             std::size_t shortest, std::size_t longest) {
    std::vector<doubled_slip> out;
    std::string pair, meant;
    for (std::size_t i = 0; i + 1 < cps.size(); ++i) {
        if (cps[i] != cps[i + 1] || !is_han(cps[i]) || (kept[i] && kept[i + 1])) continue;
        pair.assign(chars[i]).append(chars[i + 1]);
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

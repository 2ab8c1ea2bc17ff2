#include "ime/skipped_character.hpp"

#include "core/text_normalize.hpp"

#include <algorithm>
#include <cstdint>
#include <unordered_set>

namespace lingting {
namespace {

std::vector<std::string_view> characters(std::string_view w, bool& all_han) {
    std::vector<std::string_view> out;
    all_han = true;
    for (std::size_t pos = 0; pos < w.size();) {
        const std::size_t at = pos;
        all_han = is_han(next_code_point(w, pos)) && all_han;
        out.push_back(w.substr(at, pos - at));
    }
    return out;
}

std::string join(const std::vector<std::string_view>& cs, std::size_t from, std::size_t to, std::size_t skip = SIZE_MAX) {
    std::string s;
    for (std::size_t k = from; k < to; ++k)
        if (k != skip) s += cs[k];
    return s;
}

}  // namespace

std::unordered_map<std::string, shortened_form> shortened_forms(const std::vector<std::string>& words,
                                                                const std::function<bool(std::string_view)>& is_word) {
    std::unordered_map<std::string, shortened_form> out;
    std::unordered_set<std::string> ambiguous;
    for (const auto& word : words) {
        bool han = false;
        const auto cs = characters(word, han);
        const std::size_t n = cs.size();
        if (!han || n < 4) continue;
        for (std::size_t k = 1; k + 1 < n; ++k) {
            if (cs[k] == "性") continue;
            // The longest word inside this one, not the whole, that holds the character left out;
            // and whether any word of two characters or more is inside it at all.
            std::size_t part = 0;
            bool has_parts = false;
            for (std::size_t a = 0; a + 2 <= n; ++a)
                for (std::size_t b = a + 2; b <= n; ++b) {
                    if (b - a == n || !is_word(join(cs, a, b))) continue;
                    has_parts = true;
                    if (a <= k && k < b) part = std::max(part, b - a);
                }
            if (part < 2 && has_parts) continue;  // no part holds it: a name left out (约刘主任 → 约主任)
            std::string form = join(cs, 0, n, k);
            if (is_word(form) || ambiguous.count(form)) continue;
            auto [it, fresh] = out.try_emplace(form, shortened_form{word, part == 2});
            if (!fresh && it->second.word != word) {
                out.erase(it);
                ambiguous.insert(std::move(form));
            }
        }
    }
    return out;
}

}  // namespace lingting

#include "core/analysis/word_dictionary.hpp"

#include "core/text_normalize.hpp"

#include <charconv>
#include <fstream>

namespace lingting {

bool word_dictionary::load(const std::string& path, const std::unordered_set<char32_t>& wanted) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return false;
    std::string line;
    std::u32string word;
    while (std::getline(in, line)) {
        auto sp = line.find(' ');
        if (sp == std::string::npos) continue;
        word.clear();
        bool keep = false;
        for (std::size_t p = 0; p < sp;) {
            char32_t c = fold_code_point(next_code_point(line, p));
            word += c;
            keep |= wanted.count(c) > 0;
        }
        if (!keep || word.size() < 2 || word.size() > 4) continue;
        std::uint32_t freq = 0;
        auto end = line.find(' ', sp + 1);
        std::from_chars(line.data() + sp + 1, line.data() + (end == std::string::npos ? line.size() : end), freq);
        add(word, freq);
    }
    return true;
}

bool word_dictionary::inside_other_word(std::u32string_view s, std::size_t begin, std::size_t end,
                                        overlap_rule rule) const {
    if (empty()) return false;
    std::uint32_t own = frequency(s.substr(begin, end - begin));
    const std::uint32_t least = rule == overlap_rule::wrong_side ? min_wrong_side_frequency : 1;
    std::size_t from = begin >= 3 ? begin - 3 : 0;
    for (std::size_t b = from; b < end; ++b) {
        for (std::size_t len = 2; len <= 4 && b + len <= s.size(); ++len) {
            std::size_t e = b + len;
            if (e <= begin) continue;              // no overlap
            if (b >= begin && e <= end) continue;  // inside the span: not reaching out
            if (rule == overlap_rule::phrase && b <= begin && e >= end) continue;
            auto f = frequency(s.substr(b, len));
            if (f >= least && f >= own) return true;
        }
    }
    return false;
}

}  // namespace lingting

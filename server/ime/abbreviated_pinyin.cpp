#include "ime/abbreviated_pinyin.hpp"

#include <algorithm>
#include <limits>

namespace lingting {

std::string initials_of(std::string_view code) {
    std::string out;
    out.reserve(code.size() / 2);
    for (std::size_t at = 0; at < code.size(); at += 2) out += code[at];
    return out;
}

void abbreviation_index::add(const std::string& code) {
    auto& codes = by_initials_[initials_of(code)];
    if (std::find(codes.begin(), codes.end(), code) == codes.end()) codes.push_back(code);
}

const std::vector<std::string>& abbreviation_index::codes_like(std::string_view code) const {
    static const std::vector<std::string> none;
    auto it = by_initials_.find(initials_of(code));
    return it == by_initials_.end() ? none : it->second;
}

void abbreviation_index::note_word(std::string_view code, float score) {
    auto [it, fresh] = likeliest_.try_emplace(initials_of(code), score);
    if (!fresh) it->second = std::max(it->second, score);
}

float abbreviation_index::likeliest(std::string_view code) const {
    auto it = likeliest_.find(initials_of(code));
    return it == likeliest_.end() ? -std::numeric_limits<float>::infinity() : it->second;
}

}  // namespace lingting

#include "core/analysis/dialect_forms.hpp"

#include <algorithm>

namespace lingting {
namespace {

// Characters with a meaning in the pattern syntax (core/phrase_pattern.hpp): a pair holding one
// would change a pattern's structure when respelled inside it.
bool has_pattern_syntax(const std::string& s) {
    return s.find_first_of("()|{}\\^$_.?*+[]@") != std::string::npos;
}

void replace_all(std::string& s, const std::string& from, const std::string& to) {
    for (auto at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) s.replace(at, from.size(), to);
}

}  // namespace

std::string dialect_forms::add_line(const std::vector<std::string>& f) {
    if (f.size() < 2 || f.size() > 3 || f[0].empty() || f[1].empty())
        return "expected mandarin<TAB>dialect[<TAB>note]";
    if (f[0] == f[1]) return "the dialect form is the Mandarin word itself";
    if (has_pattern_syntax(f[0]) || has_pattern_syntax(f[1])) return "a word, not a pattern, on each side";
    for (auto& p : pairs_)
        if (p.mandarin == f[0] && p.dialect == f[1]) return "duplicate pair '" + f[0] + "' '" + f[1] + "'";
    pairs_.push_back({f[0], f[1]});
    return {};
}

std::vector<std::string> dialect_forms::of(const std::string& phrase) const {
    std::vector<std::string> out;
    auto add = [&](std::string s) {
        if (s != phrase && std::find(out.begin(), out.end(), s) == out.end()) out.push_back(std::move(s));
    };
    std::string all = phrase;
    std::vector<std::string> respelled;  // the Mandarin words already respelled in `all`
    for (auto& p : pairs_) {
        if (phrase.find(p.mandarin) == std::string::npos) continue;
        std::string one = phrase;
        replace_all(one, p.mandarin, p.dialect);
        add(std::move(one));
        // In the all-respelled form each Mandarin word takes its first regional spelling only.
        if (std::find(respelled.begin(), respelled.end(), p.mandarin) == respelled.end()) {
            replace_all(all, p.mandarin, p.dialect);
            respelled.push_back(p.mandarin);
        }
    }
    if (respelled.size() > 1) add(std::move(all));
    return out;
}

}  // namespace lingting

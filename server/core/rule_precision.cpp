#include "core/rule_precision.hpp"

namespace lingting {

bool is_quiet(const rule_standing& r, const rule_thresholds& t) {
    auto p = r.precision();
    return p && r.judged >= t.min_judged && *p < t.min_precision;
}

std::string rule_key(std::string_view kind, std::string_view rule) {
    std::string k(kind);
    k += '\n';  // a kind is a plain name: never holds a line break
    k += rule;
    return k;
}

std::set<std::string> quiet_rules(const std::vector<rule_standing>& rules, const rule_thresholds& t) {
    std::set<std::string> out;
    for (auto& r : rules)
        if (is_quiet(r, t)) out.insert(rule_key(r.kind, r.rule));
    return out;
}

}  // namespace lingting

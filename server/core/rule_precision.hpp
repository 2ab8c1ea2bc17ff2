// Precision per rule, from QA's verdicts: the loop that keeps the analyzer honest per clinic.
// Every finding names its rule (kind + rule: a lexicon entry's own text, a named check). QA's
// confirmed/dismissed verdicts give each rule a running precision; a rule whose precision falls
// below the clinic's floor, over enough verdicts, goes quiet: its findings are still recorded
// and shown to QA, but raise no live alert, until a supervisor reviews it. A review starts a
// new window: only verdicts given after it count.
#pragma once

#include "core/types.hpp"

#include <optional>
#include <set>
#include <string>
#include <vector>

namespace lingting {

// rule-min-precision and rule-min-judged (server settings).
struct rule_thresholds {
    double min_precision = 0.5;
    int min_judged = 10;
};

// A finding QA dismissed: what a supervisor reads to decide how to fix the rule.
struct dismissed_example {
    std::int64_t finding = 0;
    std::string conversation, matched, note, text;  // text: the message it was found in
    time_point at{};                                // when it was dismissed
};

struct rule_standing {
    std::string kind, rule;
    int judged = 0, confirmed = 0;     // latest verdicts given since the last review
    std::optional<time_point> reviewed_at;
    std::string reviewed_by;
    std::vector<dismissed_example> dismissed;  // the newest first, since the last review
    std::optional<double> precision() const {
        return judged ? std::optional<double>(static_cast<double>(confirmed) / judged) : std::nullopt;
    }
};

// Below the floor over at least min_judged verdicts: no more live alerts from this rule.
bool is_quiet(const rule_standing& r, const rule_thresholds& t);

// One string per rule, for sets of rules (the kind and the rule, which may hold any text).
std::string rule_key(std::string_view kind, std::string_view rule);

std::set<std::string> quiet_rules(const std::vector<rule_standing>& rules, const rule_thresholds& t);

}  // namespace lingting

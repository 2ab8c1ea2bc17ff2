#include "core/analysis/reply_classifier.hpp"

#include <algorithm>

namespace lingting {

std::optional<reply_verdict> classify_reply(const std::vector<compact_sentence>& message, std::size_t sentence,
                                            bool question_end, std::vector<std::uint32_t>& cues, const lexicon& lex) {
    if (cues.empty()) return std::nullopt;
    std::sort(cues.begin(), cues.end());
    cues.erase(std::unique(cues.begin(), cues.end()), cues.end());
    double score = 0;
    std::string names;
    // Votes per category: the fired cues' positive weights.
    std::vector<std::pair<std::string_view, double>> votes;
    auto name = [&](const std::string& n) { names += (names.empty() ? "" : "+") + n; };
    for (auto i : cues) {
        const auto& c = lex.cues[i];
        score += c.weight;
        name(c.name);
        if (c.weight <= 0) continue;
        auto v = std::find_if(votes.begin(), votes.end(), [&](auto& p) { return p.first == c.category; });
        if (v == votes.end()) votes.push_back({c.category, c.weight});
        else v->second += c.weight;
    }
    if (votes.empty()) return std::nullopt;  // only cues against rudeness fired
    // Modifiers count only beside a cue: 你 in a sentence that already scolds, 您 or an offer of
    // help in one that only sounds like it.
    for (const auto& m : lex.cue_modifiers) {
        auto in = [&](std::size_t i) {
            return std::any_of(m.forms.begin(), m.forms.end(), [&](const phrase_pattern& p) {
                return p.match_in(message[i].text, edges_of(message, i)).has_value();
            });
        };
        bool on = false;
        if (m.pattern == "<question>") on = question_end;
        else if (!m.whole_message) on = in(sentence);
        else
            for (std::size_t i = 0; i < message.size() && !on; ++i) on = in(i);
        if (!on) continue;
        score += m.weight;
        name(m.name);
    }
    if (score < lex.rules.reply_cue_threshold) return std::nullopt;
    auto best = std::max_element(votes.begin(), votes.end(), [](auto& a, auto& b) { return a.second < b.second; });
    reply_verdict v;
    v.score = score;
    v.category = best->first;
    v.rule = "classifier:" + v.category;
    v.detail = std::move(names);
    if (auto a = lex.cue_advice.find(v.category); a != lex.cue_advice.end()) v.advice = a->second;
    return v;
}

}  // namespace lingting

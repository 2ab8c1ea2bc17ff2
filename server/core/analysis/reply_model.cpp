#include "core/analysis/reply_model.hpp"

#include "core/analysis/analyzer.hpp"
#include "core/analysis/lexicon.hpp"
#include "core/phrase_pattern.hpp"
#include "core/text_normalize.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>

namespace lingting {

namespace {

// The categories a model n-gram may point to (the rude ones of lexicon_loader's list: profanity and
// colloquial are the lexicon's literal entries).
constexpr std::array<std::string_view, 5> categories = {"scolding", "rhetorical", "interrogating", "brush_off",
                                                        "shirking"};
constexpr std::size_t max_gram = 4;

bool parse_number(const std::string& s, double& out) {
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return ec == std::errc{} && p == s.data() + s.size() && std::isfinite(out);
}

std::u32string code_points(std::string_view s) {
    std::u32string out;
    for (std::size_t p = 0; p < s.size();) out += next_code_point(s, p);
    return out;
}

}  // namespace

std::uint64_t reply_model::key_of(std::u32string_view gram) {
    std::uint64_t h = 0xcbf29ce484222325ULL;
    for (char32_t cp : gram) h = (h ^ cp) * 0x100000001b3ULL;
    return h ? h : 1;
}

std::string reply_model::add_line(const std::vector<std::string>& f) {
    if (f.empty()) return "expected bias or ngram";
    if (f[0] == "bias") {
        double v = 0;
        if (f.size() != 2 || !parse_number(f[1], v) || v < -50 || v > 50) return "expected bias<TAB>value in [-50, 50]";
        if (has_bias_) return "a second bias line";
        bias_ = v;
        has_bias_ = true;
        return {};
    }
    if (f[0] != "ngram") return "expected a bias or ngram line (lexicon/README.md, \"The n-gram model\")";
    double w = 0;
    if (f.size() != 4 || f[1].empty() || !parse_number(f[2], w) || w < -20 || w > 20)
        return "expected ngram<TAB>text<TAB>weight<TAB>category (weight in [-20, 20])";
    auto gram = code_points(f[1]);
    if (gram.find(0xFFFD) != std::u32string::npos) return "n-gram is not valid UTF-8";
    if (gram.size() > max_gram) return "n-gram longer than 4 characters: '" + f[1] + "'";
    // The edge marks only at the edges, ? only alone; the rest as compact text holds it (no
    // separators, no capitals): a line the analyzer could never see is a mistake in the file.
    std::u32string_view core = gram;
    if (gram == U"?") core = {};
    else {
        if (!core.empty() && core.front() == U'<') core.remove_prefix(1);
        if (!core.empty() && core.back() == U'>') core.remove_suffix(1);
        if (core.empty() && gram != U"<>") return "n-gram '" + f[1] + "' has no characters";
        std::string utf8;
        for (char32_t cp : core) append_utf8(utf8, cp);
        if (normalize_compact(utf8) != utf8) return "n-gram '" + f[1] + "' is not in compact form (lower case, no separators)";
    }
    std::uint32_t category = no_category;
    if (f[3] != "-") {
        auto c = std::find(categories.begin(), categories.end(), f[3]);
        if (c == categories.end()) return "category must be scolding, rhetorical, interrogating, brush_off, shirking or -";
        category = static_cast<std::uint32_t>(c - categories.begin());
    }
    if (w > 0 && category == no_category) return "an n-gram of positive weight needs a category";
    if (find(key_of(gram))) return "n-gram '" + f[1] + "' listed twice";
    add(gram, static_cast<float>(w), category);
    return {};
}

void reply_model::insert(const entry& e) {
    filter_[(e.key & (filter_bits - 1)) >> 6] |= std::uint64_t{1} << (e.key & 63);
    const std::size_t mask = table_.size() - 1;
    std::size_t i = (e.key * 0x9E3779B97F4A7C15ULL) >> 32 & mask;
    while (table_[i].key && table_[i].key != e.key) i = (i + 1) & mask;
    table_[i] = e;
}

void reply_model::add(std::u32string_view gram, float weight, std::uint32_t category) {
    std::string utf8;
    for (char32_t cp : gram) append_utf8(utf8, cp);
    entry e;
    e.key = key_of(gram);
    e.weight = weight;
    e.text = static_cast<std::uint32_t>(texts_.size());
    e.category = category;
    entries_.push_back(e);
    texts_.push_back(std::move(utf8));
    // The table stays at most half full: doubled and refilled when it would not be.
    if (entries_.size() * 2 > table_.size()) {
        table_.assign(std::max<std::size_t>(64, table_.size() * 2), entry{});
        for (const auto& e : entries_) insert(e);
    } else {
        insert(entries_.back());
    }
}

std::string reply_model::finish(const std::function<std::vector<std::string>(const std::string&)>& variants) {
    if (entries_.empty()) return {};
    if (!has_bias_) return "n-grams without a bias line";
    if (!variants) return {};
    // A traditional spelling is added when it differs and the model does not hold it already.
    const std::size_t read = entries_.size();
    for (std::size_t k = 0; k < read; ++k) {
        auto gram = code_points(texts_[entries_[k].text]);
        std::u32string_view core = gram;
        bool open = !core.empty() && core.front() == U'<', close = !core.empty() && core.back() == U'>';
        if (open) core.remove_prefix(1);
        if (close) core.remove_suffix(1);
        if (core.empty() || std::all_of(core.begin(), core.end(), [](char32_t c) { return c < 0x80; })) continue;
        std::string utf8;
        for (char32_t cp : core) append_utf8(utf8, cp);
        for (const auto& v : variants(utf8)) {
            auto form = code_points(normalize_compact(v));
            if (form.size() != core.size()) continue;
            std::u32string full = std::u32string(open ? U"<" : U"") + form + (close ? U">" : U"");
            if (find(key_of(full))) continue;
            add(full, entries_[k].weight, entries_[k].category);
        }
    }
    return {};
}

const reply_model::entry* reply_model::find(std::uint64_t key) const {
    if (table_.empty() || !(filter_[(key & (filter_bits - 1)) >> 6] >> (key & 63) & 1)) return nullptr;
    const std::size_t mask = table_.size() - 1;
    for (std::size_t i = (key * 0x9E3779B97F4A7C15ULL) >> 32 & mask;; i = (i + 1) & mask) {
        const entry& e = table_[i];
        if (e.key == key) return &e;
        if (!e.key) return nullptr;
    }
}

template <typename F>
void reply_model::each_hit(std::u32string_view s, bool question, F&& f) const {
    // The n-grams of <s>, without the lone marks; a repeated n-gram counts once (the model's
    // features are the distinct n-grams of a sentence).
    thread_local std::vector<const entry*> hits;
    hits.clear();
    const std::size_t n = s.size() + 2;
    auto at = [&](std::size_t i) { return i == 0 ? U'<' : i == n - 1 ? U'>' : s[i - 1]; };
    for (std::size_t i = 0; i < n; ++i) {
        std::uint64_t h = 0xcbf29ce484222325ULL;
        for (std::size_t len = 1; len <= max_gram && i + len <= n; ++len) {
            h = (h ^ at(i + len - 1)) * 0x100000001b3ULL;
            if (len == 1 && (i == 0 || i == n - 1)) continue;
            std::uint64_t key = h ? h : 1;
            if (!maybe_held(key)) continue;
            if (const entry* e = find(key)) hits.push_back(e);
        }
    }
    if (question)
        if (const entry* e = find(key_of(U"?"))) hits.push_back(e);
    std::sort(hits.begin(), hits.end());
    hits.erase(std::unique(hits.begin(), hits.end()), hits.end());
    for (const entry* e : hits) f(*e);
}

double reply_model::score(std::u32string_view sentence, bool question) const {
    double z = bias_;
    each_hit(sentence, question, [&](const entry& e) { z += e.weight; });
    return z;
}

std::optional<reply_model::verdict> reply_model::classify(std::u32string_view sentence, bool question,
                                                          double threshold) const {
    if (table_.empty() || sentence.empty()) return std::nullopt;
    double z = bias_;
    std::array<double, categories.size()> votes{};
    thread_local std::vector<std::pair<float, std::uint32_t>> strongest;
    strongest.clear();
    each_hit(sentence, question, [&](const entry& e) {
        z += e.weight;
        if (e.weight > 0 && e.category != no_category) {
            votes[static_cast<std::size_t>(e.category)] += e.weight;
            strongest.push_back({e.weight, e.text});
        }
    });
    // p >= threshold exactly when z >= logit(threshold): no exp for the sentences that stay clean.
    thread_local double last_threshold = -1, last_logit = 0;
    if (threshold != last_threshold) {
        last_threshold = threshold;
        last_logit = std::log(threshold / (1 - threshold));
    }
    if (z < last_logit || strongest.empty()) return std::nullopt;
    double p = 1 / (1 + std::exp(-z));
    verdict v;
    v.probability = p;
    v.category = categories[static_cast<std::size_t>(std::max_element(votes.begin(), votes.end()) - votes.begin())];
    std::sort(strongest.begin(), strongest.end(), [](auto& a, auto& b) { return a.first > b.first; });
    // The three strongest n-grams, as a reader sees them: edge marks dropped, ? as ？.
    int shown = 0;
    for (auto& [w, t] : strongest) {
        if (shown == 3) break;
        std::string g = texts_[t];
        if (g == "?") g = "？";
        g.erase(std::remove_if(g.begin(), g.end(), [](char c) { return c == '<' || c == '>'; }), g.end());
        if (g.empty()) continue;
        v.detail += (shown++ ? "+" : "") + g;
    }
    return v;
}

bool rude_model_on(const lexicon& lex) { return lex.rules.reply_model_enabled && !lex.rude_model.empty(); }

namespace {

// What takes a rude reading back in the whole message (a handover to a colleague, an offer to look
// something up: reply_cues.tsv's message modifiers of negative weight), summed. Where it reaches the
// classifier's threshold, the classifier flags nothing in the message, and nor does the model: 我要
// 下班了，后面由同事小王继续为您服务 is a handover, not a brush-off.
bool taken_back(const std::vector<compact_sentence>& message, const lexicon& lex) {
    double weight = 0;
    for (const auto& m : lex.cue_modifiers) {
        if (!m.whole_message || m.weight >= 0) continue;
        for (std::size_t i = 0; i < message.size(); ++i)
            if (std::any_of(m.forms.begin(), m.forms.end(), [&](const phrase_pattern& p) {
                    return p.match_in(message[i].text, edges_of(message, i)).has_value();
                })) {
                weight += m.weight;
                break;
            }
    }
    return weight <= -lex.rules.reply_cue_threshold;
}

}  // namespace

std::vector<finding> rude_model_findings(std::string_view text, const lexicon& lex,
                                         const std::vector<finding>& inline_findings) {
    std::vector<finding> out;
    if (!rude_model_on(lex) || text.empty()) return out;
    const bool fillers_only = std::any_of(inline_findings.begin(), inline_findings.end(), [](const finding& f) {
        return f.kind == "terse_reply" && f.rule == "fillers_only";
    });
    // Byte offsets of the original's code points (and its size last): a finding quotes the text as written.
    std::vector<std::size_t> at;
    for (std::size_t p = 0; p < text.size();) {
        at.push_back(p);
        next_code_point(text, p);
    }
    at.push_back(text.size());
    // Whether a question mark follows code point e (spaces between allowed): 写那么大你没看到？
    auto question_after = [&](std::uint32_t e) {
        for (std::size_t p = at[e]; p < text.size();) {
            char32_t cp = next_code_point(text, p);
            if (cp == U' ' || cp == U'\u3000') continue;
            return cp == U'?' || cp == U'\uFF1F';
        }
        return false;
    };
    thread_local std::vector<compact_sentence> sentences;
    split_sentences(text, sentences);
    for (const auto& s : sentences) {
        if (s.text.size() < 2) continue;
        std::uint32_t b = s.origin.front(), e = s.origin.back() + 1;
        if (std::any_of(inline_findings.begin(), inline_findings.end(),
                        [&](const finding& f) { return f.kind == "forbidden_phrase" && f.begin < e && b < f.end; }))
            continue;
        auto v = lex.rude_model.classify(s.text, question_after(e), lex.rules.reply_model_threshold);
        if (!v || (fillers_only && v->category == "brush_off")) continue;
        if (taken_back(sentences, lex)) return {};  // asked only once a sentence would be flagged
        finding f;
        f.kind = "forbidden_phrase";
        f.rule = "model:rude";
        f.level = severity::warning;
        f.category = v->category;
        f.detail = v->detail;
        if (auto a = lex.cue_advice.find(v->category); a != lex.cue_advice.end()) f.suggestion = a->second;
        f.begin = b;
        f.end = e;
        f.matched = text.substr(at[b], at[e] - at[b]);
        out.push_back(std::move(f));
    }
    return out;
}

std::vector<finding> rude_model_findings(std::string_view text, const lexicon& lex) {
    if (!rude_model_on(lex)) return {};
    return rude_model_findings(text, lex, check_consultant(text, "", lex, nullptr).findings);
}

}  // namespace lingting

#include "core/ending_rules.hpp"

#include "core/text_normalize.hpp"

#include <algorithm>

namespace lingting {

std::string_view to_string(close_trigger t) {
    switch (t) {
    case close_trigger::visitor_left: return "visitor_left";
    case close_trigger::consultant_ended: return "consultant_ended";
    case close_trigger::supervisor_ended: return "supervisor_ended";
    case close_trigger::system: return "system";
    }
    return "system";
}

std::optional<close_trigger> parse_close_trigger(std::string_view s) {
    return parse_named(s, {close_trigger::visitor_left, close_trigger::consultant_ended, close_trigger::supervisor_ended,
                           close_trigger::system});
}

ending_lexicon default_ending_lexicon() {
    ending_lexicon lex;
    lex.closing_questions = {
        "还有{0,4}(什么|啥|哪些|哪方面|哪里|其他|其它|别的)(的)?{0,8}(问题|疑问|需要|想了解|想问|要问|要咨询|"
        "帮|服务|不清楚|不明白|顾虑|担心)",
        "其他还有什么问题"};
    lex.question_words = {"怎么", "为什么", "多少", "哪里", "哪儿", "能不能", "可不可以", "是不是",
                          "有没有", "会不会", "要不要", "几点", "几天", "多久", "多长时间", "如何"};
    lex.declines = {"没有", "没有了", "没了", "暂时没有", "暂时没有了", "暂时没了", "冇", "冇啦", "冇了", "不用了", "no"};
    lex.compile();
    return lex;
}

std::vector<std::string> ending_lexicon::compile(
    const std::function<std::vector<std::string>(const std::string&)>& variants) {
    std::vector<std::string> errors;
    auto forms = [&](const std::string& phrase) {
        std::vector<std::string> out{phrase};
        if (variants)
            for (auto& v : variants(phrase))
                if (std::find(out.begin(), out.end(), v) == out.end()) out.push_back(v);
        return out;
    };
    auto build = [&](const std::vector<std::string>& phrases, std::vector<phrase_pattern>& into) {
        into.clear();
        for (auto& p : phrases) {
            std::size_t first = into.size();  // spellings of the first's shape merge into it
            for (auto& f : forms(p)) {
                std::string err;
                auto c = phrase_pattern::parse(f, err);
                if (!c) errors.push_back("'" + f + "': " + err);
                else if (into.size() == first || !into[first].absorb(*c)) into.push_back(std::move(*c));
            }
        }
    };
    build(closing_questions, closing_patterns);
    build(question_words, question_patterns);
    build(signoffs, signoff_patterns);
    decline_forms.clear();
    for (auto& d : declines)
        for (auto& f : forms(d))
            for (auto& s : compact_sentences(f)) decline_forms.push_back(s);
    return errors;
}

namespace {

// Tests and callers that fill the phrase lists by hand get them compiled here.
const ending_lexicon& compiled(const ending_lexicon& lex, ending_lexicon& local) {
    if (lex.closing_patterns.size() >= lex.closing_questions.size() &&
        lex.question_patterns.size() >= lex.question_words.size() && lex.decline_forms.size() >= lex.declines.size() &&
        lex.signoff_patterns.size() >= lex.signoffs.size())
        return lex;
    local = lex;
    local.compile();
    return local;
}

bool ends_in_particle(const std::string& t) {
    for (std::string_view particle : {"吗", "呢", "么", "嗎", "麼"}) {
        if (t.size() >= particle.size() && t.compare(t.size() - particle.size(), particle.size(), particle) == 0)
            return true;
    }
    return false;
}

// A text's sentences (as compact_sentences splits them) in a buffer kept per call site and thread:
// these rules run on every visitor message, and a new vector of new strings per call was most of
// their allocations. One buffer per site, so that no caller's list is overwritten by a callee's.
enum class sentence_site { any_match, question, decline };
template <sentence_site>
const std::vector<compact_sentence>& sentences_of(std::string_view text, bool split_on_space) {
    thread_local std::vector<compact_sentence> buffer;
    split_sentences(text, buffer, split_on_space);
    return buffer;
}

bool any_sentence_matches(std::string_view text, const std::vector<phrase_pattern>& patterns) {
    auto& list = sentences_of<sentence_site::any_match>(text, false);
    for (std::size_t i = 0; i < list.size(); ++i)
        for (auto& p : patterns)
            if (p.match_in(list[i].text, edges_of(list, i))) return true;
    return false;
}

}  // namespace

bool is_question(std::string_view text, const ending_lexicon& lex_in) {
    ending_lexicon local;
    auto& lex = compiled(lex_in, local);
    std::string t = normalize_for_match(text);
    if (t.find('?') != std::string::npos) return true;
    if (ends_in_particle(t)) return true;
    // 周日有医生吗，地址在哪 (or 吗 地址在哪, a space for the comma): a sentence inside the message
    // that ends in 吗/呢 asks as well.
    for (auto& [s, origin] : sentences_of<sentence_site::question>(text, true))
        if (!s.empty() && std::u32string_view(U"吗呢么嗎麼").find(s.back()) != std::u32string_view::npos) return true;
    return any_sentence_matches(text, lex.question_patterns);
}

bool is_decline(std::string_view text, const ending_lexicon& lex_in) {
    ending_lexicon local;
    auto& lex = compiled(lex_in, local);
    for (auto& [s, origin] : sentences_of<sentence_site::decline>(text, true))
        if (std::find(lex.decline_forms.begin(), lex.decline_forms.end(), s) != lex.decline_forms.end()) return true;
    return false;
}

// Thanks that ask nothing. A line with a decline (没了 咋走我导航就行 谢谢) states what the visitor will
// do: its question words ask nothing there, as after a closing question (asks_after_closing).
bool is_signoff(std::string_view text, const ending_lexicon& lex_in) {
    ending_lexicon local;
    auto& lex = compiled(lex_in, local);
    return any_sentence_matches(text, lex.signoff_patterns) && !asks_after_closing(text, lex);
}

bool has_closing_question(std::string_view text, const ending_lexicon& lex_in) {
    ending_lexicon local;
    auto& lex = compiled(lex_in, local);
    return any_sentence_matches(text, lex.closing_patterns);
}

std::optional<time_point> waiting_since(std::span<const message> transcript) {
    std::optional<time_point> since;
    for (auto& m : transcript) {
        if (m.from == sender::consultant) since.reset();
        else if (m.from == sender::visitor && !since) since = m.at;
    }
    return since;
}

// After a closing question, a visitor line with a decline sentence (没有了，我知道怎么走) answers
// it: its question words are part of a statement. A ?/？ or a final 吗/呢/么 still asks.
bool asks_after_closing(std::string_view text, const ending_lexicon& lex) {
    std::string t = normalize_for_match(text);
    if (t.find('?') != std::string::npos || ends_in_particle(t)) return true;
    if (is_decline(text, lex)) return false;
    return is_question(text, lex);
}

namespace {

// A greeting close: the consultant's last closing question, and no visitor question after it
// that the consultant left without a reply.
bool greeting_close(std::span<const message> transcript, const ending_lexicon& lex) {
    std::size_t last_close = transcript.size();
    for (std::size_t i = 0; i < transcript.size(); ++i)
        if (transcript[i].from == sender::consultant && has_closing_question(transcript[i].text, lex))
            last_close = i;
    if (last_close == transcript.size()) return false;
    bool pending_question = false;
    for (std::size_t i = last_close + 1; i < transcript.size(); ++i) {
        if (transcript[i].from == sender::consultant) pending_question = false;
        else if (transcript[i].from == sender::visitor && asks_after_closing(transcript[i].text, lex))
            pending_question = true;
    }
    return !pending_question;
}

}  // namespace

ending classify_ending(std::span<const message> transcript, close_trigger trigger,
                       time_point closed_at, const ending_lexicon& lex) {
    if (trigger == close_trigger::system) return ending::system;
    ending_lexicon local;
    if (greeting_close(transcript, compiled(lex, local))) return ending::greeting;
    if (trigger == close_trigger::consultant_ended) return ending::consultant;
    // A supervisor closing a conversation (a spam visitor, a chat left open) is neither party's
    // choice: counted against nobody, like the system's own ends.
    if (trigger == close_trigger::supervisor_ended) return ending::system;
    if (auto since = waiting_since(transcript); since && closed_at - *since >= lex.abandon_after)
        return ending::consultant;  // abandonment: the visitor gave up waiting
    return ending::visitor;
}

}  // namespace lingting

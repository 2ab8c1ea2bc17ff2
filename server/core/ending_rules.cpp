#include "core/ending_rules.hpp"

#include "core/text_normalize.hpp"

namespace lingting {

std::string_view to_string(close_trigger t) {
    switch (t) {
    case close_trigger::visitor_left: return "visitor_left";
    case close_trigger::consultant_ended: return "consultant_ended";
    case close_trigger::system: return "system";
    }
    return "system";
}

std::optional<close_trigger> parse_close_trigger(std::string_view s) {
    return parse_named(s, {close_trigger::visitor_left, close_trigger::consultant_ended, close_trigger::system});
}

ending_lexicon default_ending_lexicon() {
    ending_lexicon lex;
    lex.closing_questions = {"还有什么疑问", "还有什么不清楚", "还有其他问题", "还有别的问题",
                             "还有什么问题", "还有什么需要", "还有什么可以帮", "还有其他需要",
                             "还有什么想了解", "还有其他疑问"};
    lex.question_words = {"怎么", "为什么", "多少", "哪里", "哪儿", "能不能", "可不可以", "是不是",
                          "有没有", "会不会", "要不要", "几点", "几天", "多久", "多长时间", "如何"};
    return lex;
}

bool is_question(std::string_view text, const ending_lexicon& lex) {
    std::string t = normalize_for_match(text);
    if (t.find('?') != std::string::npos) return true;
    for (std::string_view particle : {"吗", "呢", "么"}) {
        if (t.size() >= particle.size() && t.compare(t.size() - particle.size(), particle.size(), particle) == 0)
            return true;
    }
    for (auto& w : lex.question_words)
        if (t.find(w) != std::string::npos) return true;
    return false;
}

std::optional<time_point> waiting_since(std::span<const message> transcript) {
    std::optional<time_point> since;
    for (auto& m : transcript) {
        if (m.from == sender::consultant) since.reset();
        else if (m.from == sender::visitor && !since) since = m.at;
    }
    return since;
}

namespace {

bool has_closing_question(const message& m, const ending_lexicon& lex) {
    std::string t = normalize_for_match(m.text);
    for (auto& q : lex.closing_questions)
        if (t.find(q) != std::string::npos) return true;
    return false;
}

// A greeting close: the consultant's last closing question, and no visitor question after it
// that the consultant left without a reply.
bool greeting_close(std::span<const message> transcript, const ending_lexicon& lex) {
    std::size_t last_close = transcript.size();
    for (std::size_t i = 0; i < transcript.size(); ++i)
        if (transcript[i].from == sender::consultant && has_closing_question(transcript[i], lex))
            last_close = i;
    if (last_close == transcript.size()) return false;
    bool pending_question = false;
    for (std::size_t i = last_close + 1; i < transcript.size(); ++i) {
        if (transcript[i].from == sender::consultant) pending_question = false;
        else if (transcript[i].from == sender::visitor && is_question(transcript[i].text, lex))
            pending_question = true;
    }
    return !pending_question;
}

}  // namespace

ending classify_ending(std::span<const message> transcript, close_trigger trigger,
                       time_point closed_at, const ending_lexicon& lex) {
    if (trigger == close_trigger::system) return ending::system;
    if (greeting_close(transcript, lex)) return ending::greeting;
    if (trigger == close_trigger::consultant_ended) return ending::consultant;
    if (auto since = waiting_since(transcript); since && closed_at - *since >= lex.abandon_after)
        return ending::consultant;  // abandonment: the visitor gave up waiting
    return ending::visitor;
}

}  // namespace lingting

// The inline service-quality analyzer for one conversation. Pure and deterministic: fed the
// messages in seq order and the time, it returns findings and, at the end, the ending. The
// same code serves live conversations (chat_core) and offline audits (lingting analyze).
// Not thread-safe; one per conversation, called by one thread at a time.
#pragma once

#include "core/analysis/finding.hpp"
#include "core/analysis/lexicon.hpp"
#include "core/analysis/speller.hpp"
#include "core/message.hpp"

#include <memory>
#include <span>
#include <unordered_map>
#include <vector>

namespace lingting {

// One pass over a consultant's text: the findings it raises on its own (forbidden phrases,
// typos, terse) with seq and at left 0, and what the conversation needs to know of it.
struct text_check {
    std::vector<finding> findings;
    bool appointment = false;  // confirms an appointment
    bool offer = false;        // asks for a contact or offers to book (closings.tsv `offer`)
    bool pause = false;        // announces a short pause (closings.tsv `pause`: 稍等, 我帮您查一下)
    std::size_t chars = 0;     // letters written (no spaces or punctuation)
    std::uint64_t compact_hash = 0;  // of the normalized form: the key for repeated replies
    // A bare answer (能, 看人, 可以挂号; analysis_rules terse_*): terse when the visitor asked for
    // more, which only the conversation knows (conversation_analyzer).
    bool bare = false;
};
// `department` selects department-bound typos.
text_check check_consultant(std::string_view text, const std::string& department, const lexicon& lex,
                            speller* spell);
inline std::vector<finding> check_consultant_text(std::string_view text, const std::string& department,
                                                  const lexicon& lex, speller* spell) {
    return check_consultant(text, department, lex, spell).findings;
}

// True if any finding falls under the lexicon's blocking policy: an entry marked `block`
// (unambiguous) whose severity and category rules.conf names. Everything else only warns.
bool blocks(const std::vector<finding>& findings, const analysis_rules& rules);

class conversation_analyzer {
public:
    explicit conversation_analyzer(std::string department) : department_(std::move(department)) {}

    // Fires timing rules due up to m.at first, then analyzes the message. For consultant
    // messages, `precomputed` may carry check_consultant()'s result to avoid a rescan.
    std::vector<finding> on_message(const message& m, const lexicon& lex, speller* spell,
                                    text_check* precomputed = nullptr);
    // Fires every timing rule due at or before now.
    std::vector<finding> advance(time_point now, const lexicon& lex);
    std::optional<time_point> next_deadline(const lexicon& lex) const;
    // Would this consultant text be a repeated reply? (for the pre-send check)
    std::optional<finding> would_repeat(std::string_view text, const lexicon& lex) const;
    // Would this consultant text (its check_consultant() result) be a bare answer to what the
    // visitor asked since the last reply? (for the pre-send check: 能 to 能治吗，我尿频好几个月了)
    std::optional<finding> would_be_bare(std::string_view text, const text_check& t, const lexicon& lex) const;
    // A reply of fillers only (好的) is terse, except to a visitor whose lines since the last reply
    // leave nothing to answer (没了, 谢谢): then it closes the chat. Drops that finding.
    void drop_fillers_when_nothing_asked(std::vector<finding>& findings, const lexicon& lex) const;

    struct end_result {
        ending how;
        std::vector<finding> findings;
    };
    end_result finish(std::span<const message> transcript, close_trigger trigger, time_point now,
                      const lexicon& lex);

    // The search keyword the visitor arrived on (issue 13): its intent keywords count, weighted by
    // rules.conf keyword_intent_weight, before anything is said; `cost` (> 0) is the conversation's
    // cost by source, named with the keyword in a wasted_intent finding. Call before any message.
    void search_keyword(const std::string& keyword, double cost, const lexicon& lex);

    bool had_intent(const lexicon& lex) const { return intent_score_ >= lex.rules.intent_threshold; }
    bool contact_captured() const { return contact_; }
    bool converted() const { return contact_ || appointment_; }

private:
    void visitor_message(const message& m, const lexicon& lex, std::vector<finding>& out);
    void consultant_message(const message& m, const lexicon& lex, speller* spell,
                            text_check* precomputed, std::vector<finding>& out);
    void settle_first_response(time_point at, const lexicon& lex, std::vector<finding>& out);
    // `answers_offer`: the message declines the consultant's offer; its keywords count, but the
    // offer stays the answer to the last intent.
    // `said` holds each keyword's words as the visitor wrote them (what QA reads in the finding).
    void count_intents(const std::vector<std::string>& keywords, const std::vector<std::string>& said,
                       const std::vector<double>& weights, std::uint64_t seq, bool answers_offer = false);
    void close_gap(time_point at, const lexicon& lex, std::vector<finding>& out);

    std::string department_;
    // The visitor's open wait: first unanswered message.
    std::optional<time_point> waiting_since_;
    std::uint64_t waiting_seq_ = 0;
    bool warned_ = false, critical_ = false;
    // First response.
    std::optional<time_point> first_visitor_at_;
    std::uint64_t first_visitor_seq_ = 0;
    bool first_response_settled_ = false;
    // Effort and repetition.
    std::size_t visitor_chars_ = 0, consultant_chars_ = 0, consultant_replies_ = 0;
    std::unordered_map<std::uint64_t, int> replies_;  // hash of normalized text -> times sent
    bool resend_asked_ = false;  // the visitor asked to have something sent again (closings.tsv resend)
    // The consultant's last message announced a short pause (稍等, 我帮您查一下) and the visitor has
    // only acknowledged it since: no one waits on a reply yet.
    bool pause_announced_ = false;
    // ... and asked the visitor nothing (我帮您查一下，您的名字是？ waits for the name: giving it starts the
    // wait). Then any short line that asks nothing lets the pause run (rules.conf pause_reply_max_chars).
    bool pause_asks_nothing_ = false;
    // What the visitor said since the consultant's last reply: what a bare answer answered.
    std::vector<std::string> pending_visitor_;
    std::size_t pending_visitor_chars_ = 0;
    // What the visitor had asked when the consultant's last reply was terse (a bare answer, fillers): unanswered.
    // A visitor who only nudges after it (？？, 在吗, 人呢) asks it again, and the next reply is judged
    // against it (嗯 -> ？？ -> 电话问).
    std::vector<std::string> unanswered_;
    std::size_t unanswered_chars_ = 0;
    // The consultant's last message: if it asked the closing question (还有其他问题吗), the
    // visitor's "no more" after it (没了 结果看短信就行) asks nothing, whatever question words it
    // holds. Kept as text and matched only when a bare reply is judged (rare), not on every message.
    std::string last_reply_;
    // Replies that held a listed typo (typos.tsv), as meant: seq and corrected text, for the ending rules
    // (a closing question typed 还有其他要资询的吗). The last few only: the ending reads the last ones.
    static constexpr std::size_t max_corrected_replies = 4;
    std::vector<std::pair<std::uint64_t, std::string>> corrected_replies_;
    bool asked_for_more(std::string_view reply, std::size_t reply_chars, const lexicon& lex) const;
    bool carries_unanswered(const lexicon& lex) const;
    void remember_sentences(std::string_view text, const lexicon& lex);
    // A bare answer held for the consultant's next words (rules.conf terse_follow_up_seconds): 在的 or
    // 能 followed, before the visitor writes again, by a message that answers was one answer sent in
    // two messages. Reported when the visitor writes next, at the end, or when the wait runs out.
    // Held by pointer: a finding is a few hundred bytes, and every open conversation carries this.
    std::unique_ptr<finding> held_bare_;
    void release_held_bare(std::vector<finding>& out);
    // Intent.
    double intent_score_ = 0;
    std::uint64_t intent_seq_ = 0;
    std::uint64_t last_intent_seq_ = 0;  // the last message that added intent
    std::uint64_t offer_seq_ = 0;        // the consultant's last offer to book or ask for a contact
    bool offer_declined_ = false;        // the visitor declined it (不用了，我自己挂号) since it was made
    bool signed_off_ = false;            // the visitor's last message thanked or took leave after an answer
    std::vector<std::string> intent_words_;  // the lexicon's keywords (or patterns) counted, each once
    std::vector<std::string> intent_said_;   // ... and the visitor's words for each
    bool contact_ = false, appointment_ = false;
    std::string search_keyword_;
    double source_cost_ = 0;
};

// True if the text holds a phone number, a WeChat id or a QQ number.
bool contains_contact(std::string_view text);
// The same on text already through normalize_compact().
bool contains_contact_compact(const std::string& compact);

}  // namespace lingting

// Classifies how a conversation ended, by the rules written out in server/ENDINGS.md.
// Pure: the transcript, what closed it and when, and the phrases from the lexicon.
#pragma once

#include "core/message.hpp"
#include "core/phrase_pattern.hpp"

#include <functional>

#include <span>
#include <string>
#include <vector>

namespace lingting {

enum class close_trigger {
    visitor_left,      // "leave" frame, or a clean close (1000/1001) from the visitor
    consultant_ended,  // the consultant's "end" frame
    supervisor_ended,  // a supervisor's "end" frame: the clinic closed it, not either party
    system,            // dropped without resume, heartbeat lost, shutdown, crash
};

std::string_view to_string(close_trigger t);
std::optional<close_trigger> parse_close_trigger(std::string_view s);

struct ending_lexicon {
    std::vector<std::string> closing_questions;  // phrases or patterns: 还有{0,4}(什么|其他)...
    std::vector<std::string> question_words;     // 怎么, 多少, 能不能 ...
    std::vector<std::string> declines;           // 没有了, 冇, 不用了: a "no" to the closing question
    std::vector<std::string> signoffs;           // 谢谢, 唔该, 掰掰: the visitor's thanks or leave-taking
    milliseconds abandon_after{120'000};         // the critical idle threshold

    // Compiled forms of the above (compile() after changing them; classify compiles if stale).
    std::vector<phrase_pattern> closing_patterns, question_patterns, signoff_patterns;
    std::vector<std::u32string> decline_forms;
    // Adds `variants` (traditional-script forms) of every phrase and compiles the patterns;
    // returns the errors of patterns that do not parse.
    std::vector<std::string> compile(
        const std::function<std::vector<std::string>(const std::string&)>& variants = {});
};

// The built-in phrases, used until a lexicon is loaded (and by tests of these rules).
ending_lexicon default_ending_lexicon();

// True if a visitor's text asks something (question mark, final 吗/呢/么, interrogative word).
bool is_question(std::string_view text, const ending_lexicon& lex);
// True if one of the text's sentences (split at punctuation and spaces) is a decline: the
// visitor answers "no" to a closing question (没有了，我知道怎么走).
bool is_decline(std::string_view text, const ending_lexicon& lex);
// True if a visitor's text thanks or takes leave (a `signoff` of the lexicon) and asks nothing:
// 好的 了解 我下礼拜回去再安排 谢谢. "谢谢，那多少钱？" still asks.
bool is_signoff(std::string_view text, const ending_lexicon& lex);
// True if a consultant's text holds a closing question.
bool has_closing_question(std::string_view text, const ending_lexicon& lex);
// True if a visitor's line after a closing question still asks something: a ?/？ or a final
// 吗/呢/么 always does; a line holding a decline (没了 结果哪天出到时候看短信就行) answers the closing
// question, and its question words belong to a statement.
bool asks_after_closing(std::string_view text, const ending_lexicon& lex);

// The start of the visitor's current unanswered wait: the first visitor message after the
// consultant's last message, or nullopt if the consultant spoke last (or nobody spoke).
std::optional<time_point> waiting_since(std::span<const message> transcript);

ending classify_ending(std::span<const message> transcript, close_trigger trigger,
                       time_point closed_at, const ending_lexicon& lex);

}  // namespace lingting

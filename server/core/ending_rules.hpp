// Classifies how a conversation ended, by the rules written out in server/ENDINGS.md.
// Pure: the transcript, what closed it and when, and the phrases from the lexicon.
#pragma once

#include "core/message.hpp"

#include <span>
#include <string>
#include <vector>

namespace lingting {

enum class close_trigger {
    visitor_left,      // "leave" frame, or a clean close (1000/1001) from the visitor
    consultant_ended,  // the consultant's "end" frame
    system,            // dropped without resume, heartbeat lost, shutdown, crash
};

std::string_view to_string(close_trigger t);
std::optional<close_trigger> parse_close_trigger(std::string_view s);

struct ending_lexicon {
    std::vector<std::string> closing_questions;  // 请问您还有什么疑问吗 ...
    std::vector<std::string> question_words;     // 怎么, 多少, 能不能 ...
    milliseconds abandon_after{120'000};         // the critical idle threshold
};

// The built-in phrases, used until a lexicon is loaded (and by tests of these rules).
ending_lexicon default_ending_lexicon();

// True if a visitor's text asks something (question mark, final 吗/呢/么, interrogative word).
bool is_question(std::string_view text, const ending_lexicon& lex);

// The start of the visitor's current unanswered wait: the first visitor message after the
// consultant's last message, or nullopt if the consultant spoke last (or nobody spoke).
std::optional<time_point> waiting_since(std::span<const message> transcript);

ending classify_ending(std::span<const message> transcript, close_trigger trigger,
                       time_point closed_at, const ending_lexicon& lex);

}  // namespace lingting

// The rude-reply classifier (lexicon/reply_cues.tsv): forbidden phrases by meaning, not by list.
// Other people paraphrase a retort, a brush-off or a scolding in words no phrase list holds
// (不然呢, 你自己往上翻翻, 那你去问开药的医生呗, 爱咋咋地); what stays is the cues a QA auditor names:
// a rhetorical frame, the visitor's failure to read, sending the visitor elsewhere, impatience,
// dismissal, judging the patient, said with 你 where the register is 您. Each cue is a pattern with a
// weight; a sentence whose cues add up to rules.conf `reply_cue_threshold` is a forbidden_phrase
// finding of the category its cues point to, at warning at most and never blocking (only the
// lexicon's unambiguous entries block). Cues are found by the lexicon's one automaton, so a
// message with no cue costs nothing here.
#pragma once

#include "core/analysis/lexicon.hpp"
#include "core/phrase_pattern.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lingting {

struct reply_verdict {
    double score = 0;
    std::string category;  // the category the fired cues weigh most for
    // "classifier:" + the category (the cue family, as QA counts it: one rule per family, so
    // the precision page gets a few full rows, not one thin row per combination of cues).
    std::string rule;
    std::string detail;    // the names of the cues and modifiers that fired: scroll_up+second_person
    std::string advice;    // the category's advice (reply_cues.tsv `advice` lines), may be empty
};

// Scores one sentence (compact form) given the trigger cues that the automaton found and
// verified in it (indices into lexicon::cues, any order, repeats allowed). `question_end`: the
// sentence is followed by a question mark. Returns a verdict when the score reaches the threshold.
// `message`: every sentence of the message, for message_modifier lines (an offer of help in the
// next sentence softens 这个我不清楚).
std::optional<reply_verdict> classify_reply(const std::vector<compact_sentence>& message, std::size_t sentence,
                                            bool question_end, std::vector<std::uint32_t>& cues, const lexicon& lex);

}  // namespace lingting

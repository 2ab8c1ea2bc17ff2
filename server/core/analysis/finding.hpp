// One thing the analyzer noticed about a conversation.
#pragma once

#include "core/types.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace lingting {

enum class severity { info, warning, critical };
std::string_view to_string(severity s);
std::optional<severity> parse_severity(std::string_view s);

struct finding {
    std::string kind;      // idle_gap, slow_first_response, terse_reply, low_effort, repeated_reply,
                           // forbidden_phrase, typo, wasted_intent
    std::string rule;      // which rule inside the kind (idle_warning, ime_confusion, ...)
    std::string category;  // forbidden_phrase: scolding, rhetorical, ...; else empty
    severity level = severity::info;
    std::uint64_t seq = 0;         // the message it concerns; 0 for the whole conversation
    std::string matched;           // the exact text matched, as written
    std::uint32_t begin = 0, end = 0;  // character (code point) span of `matched` in the message
    std::string suggestion;        // the professional wording / correct spelling / advice, if any
    // True when `suggestion` can replace `matched` in the message (a correct spelling, the
    // professional wording); false when it is coaching advice, shown and never inserted. Not
    // stored: findings read back from the store carry their suggestion as advice.
    bool replaces = false;
    // What inside the rule fired, when the rule is a family (the rude-reply classifier's
    // `classifier:scolding` names the cues and modifiers here: scroll_up+second_person). Shown
    // with the finding and stored with it; QA's precision counts the rule, not the detail.
    std::string detail;
    // A later step of the earlier finding with the same kind and seq in this conversation (a wait
    // that grew from warning to critical, then closed with its real length): it replaces that
    // finding. Pages redraw it in place; a store updates the row, never lowering its severity.
    bool escalates = false;
    time_point at{};
    std::int64_t duration_ms = 0;  // idle gaps and first response: how long
    double cost = 0;               // wasted_intent: the configured cost of the conversation
    // Set only when read back from the store:
    std::int64_t id = 0;           // the stored finding's id (for verdicts)
    std::string verdict;           // QA's latest: confirmed, dismissed, or empty
    std::string verdict_note;
    std::string consultant;        // whom it counts against (the author, or who held the chat)
    // forbidden_phrase: the entry is marked `block` (unambiguous) in the lexicon; only such a
    // finding may stop a message (blocks()). Not stored.
    bool unambiguous = false;
    // typo (the IME model): the correction makes a clinic word (附件炎 for 福建炎), which a
    // consultant must write right even when echoing the visitor's spelling. Not stored.
    bool corrects_to_clinic_word = false;
};

}  // namespace lingting

// Offline audit input: a transcript exported from any system, in JSON Lines.
//   optional first line  {"department":NAME, "referrer":URL, "landing":URL} (each optional): the
//                        referrer and landing URL give the search keyword (lexicon sources.tsv)
//   one line a message   {"at":ISO8601,"from":"visitor"|"consultant","text":T}
//   one final line       {"at":ISO8601,"event":"leave"|"end"|"drop"}
#pragma once

#include "core/analysis/analyzer.hpp"
#include "core/analysis/ime_checker.hpp"

#include <string>
#include <variant>
#include <vector>

namespace lingting {

struct transcript {
    std::string department;
    std::vector<message> messages;  // seq = 1-based position among the message lines
    close_trigger closed_by = close_trigger::system;
    time_point closed_at{};
    std::string referrer, landing;  // the visit, if known: its search keyword counts toward intent
};

struct transcript_error {
    int line = 0;
    std::string reason;
};

std::variant<transcript, transcript_error> parse_transcript(std::string_view jsonl);

struct audit_result {
    ending how;
    std::vector<finding> findings;
    std::optional<visit_source> source;  // when the transcript named a referrer or landing URL
};

// Runs the live analyzer over a finished transcript, message by message, as the server would;
// with `ime` (may be null), the IME typo check on each consultant message too.
audit_result audit(const transcript& t, const lexicon& lex, speller* spell, const ime_checker* ime = nullptr);

std::string audit_json(const audit_result& r);

}  // namespace lingting

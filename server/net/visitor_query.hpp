// The query string of /ws/visitor, read as the hostile input it is: every field bounded and
// checked before anything reaches the core, a frame, a log or the store. Beast-free (fuzzed).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

namespace lingting {

struct visitor_query {
    std::string department;  // valid UTF-8, at most 64 bytes; the core maps unknown names away
    std::string invitation;  // a token the server issued (hex), or empty
    std::string resume;      // a resume token (hex), or empty
    std::uint64_t after = 0; // resume: the last seq the page has
    bool browse = false;     // the widget listing a browsing visitor, not a chat
    // Where the visit came from (PROTOCOL.md "Visit capture"): each valid UTF-8 and cut to its cap
    // at a character boundary (excess dropped, not refused: a long URL is common, not hostile).
    std::string referrer, landing, landing_title, page;
    std::uint32_t pages = 0;      // capped at 9999
    std::string browser_id;       // letters and digits, at most 64, or empty
};

struct visitor_query_error {
    std::string reason;  // for the developer; safe to echo (ASCII, no input in it)
};

std::variant<visitor_query, visitor_query_error> parse_visitor_query(std::string_view query);

}  // namespace lingting

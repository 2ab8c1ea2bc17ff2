// The keyword report's query and rows (issue 13): per search keyword, source or campaign over
// a period, what the visitors they brought became. Plain values shared by the store and the API.
#pragma once

#include "core/types.hpp"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace lingting {

enum class keyword_group : std::uint8_t { keyword, source, campaign };

struct keyword_report_query {
    keyword_group group = keyword_group::keyword;
    std::int64_t from_ms = 0, to_ms = 0;  // ended_at in [from, to); 0: open
    int tz_minutes = 480;                  // where the clinic's days start, for the spend's dates
};

struct keyword_report_row {
    std::string key;     // the keyword, source or campaign ("" : none)
    std::string source;  // keyword and campaign rows: the most frequent source
    int conversations = 0, with_intent = 0, converted = 0, wasted = 0;  // converted: contact or appointment
    double wasted_cost = 0;
    std::map<std::string, int> endings;
    std::vector<std::string> consultants;  // sorted, distinct
    // Imported ad spend (keyword rows only) over the period.
    std::int64_t clicks = 0;
    double spend = 0;
};

// One day's imported spend of one keyword.
struct keyword_spend_row {
    std::string keyword, day;  // day: YYYY-MM-DD
    std::int64_t clicks = 0;
    double cost = 0;
};

// An earlier conversation of the same browser (the visitor panel's "returning visitor").
struct past_conversation {
    std::string id, department, consultant, ending, keyword;
    time_point started{};
};

}  // namespace lingting

// The QA page's reads: the list of ended conversations (filters, keyset pagination, CSV), the
// day's figures, scorecards and the keyword report (with the ad spend imported for it).
#pragma once

#include "core/analysis/finding.hpp"
#include "core/keyword_report.hpp"
#include "core/store_error.hpp"
#include "core/types.hpp"

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace lingting {

// Filters of the QA list; empty/0 means "any".
struct qa_filter {
    std::string ending, kind, category, severity, consultant, department;
    std::string source, keyword;  // source: a name or a kind (search...); keyword: a substring
    std::string text;             // in any message of it, a substring (QA's search, `q`)
    std::optional<bool> satisfied;
    std::int64_t from_ms = 0, to_ms = 0;  // ended_at in [from, to)
};

struct qa_row {
    std::string id, department, consultant;
    time_point started{}, ended{};
    std::string how;
    int visitor_messages = 0, consultant_messages = 0;
    int info = 0, warning = 0, critical = 0;
    std::optional<bool> satisfied;
    std::string rating_comment;  // what the visitor wrote with the rating
    double wasted_cost = 0;
    std::string verdict;
    std::string source, keyword;  // of the visit, if recorded
    std::vector<std::string> handled_by;  // who wrote its replies, in order (more than one: transferred)
};

struct qa_page {
    std::vector<qa_row> rows;
    std::string next_cursor;  // empty: no more
};

struct day_stats {
    std::map<std::string, int> endings;         // by category
    std::map<std::string, int> findings;        // by kind
};

// Figures for one consultant, department or day (the group key) over a period.
struct scorecard {
    std::string key;
    int conversations = 0;
    std::map<std::string, int> endings;
    int consultant_messages = 0;
    std::optional<double> first_response_median_s, first_response_p90_s;
    int idle_gaps = 0;                          // waits that crossed the warning threshold
    std::map<std::string, int> findings;        // by kind, dismissed ones not counted
    int confirmed_criticals = 0;                // "100 - 1 = 0": any one marks the period
    int satisfied = 0, unsatisfied = 0;
    int with_intent = 0, wasted = 0;
    double wasted_cost = 0;
};

enum class report_group { consultant, department, day };

// A stored warning or critical finding, as the supervisor board's alert (GET /api/alerts).
struct recent_alert {
    std::string conversation, consultant, department;  // consultant: who holds (or last held) it
    finding what;                                        // with its id and whom it counts against
    std::optional<time_point> ended;                     // the conversation's end, if it ended
};

// Reads throw store_error; the spend import waits for its commit and throws store_error too.
class qa_reports {
public:
    virtual ~qa_reports() = default;

    // Ended conversations, newest first, keyset-paginated (cursor from the previous page), so a
    // page never repeats or skips a row because conversations end meanwhile.
    virtual qa_page list_ended(const qa_filter& f, const std::string& cursor, int limit) = 0;
    virtual day_stats stats(std::int64_t from_ms, std::int64_t to_ms) = 0;
    // `tz_minutes` east of UTC decides where a day starts (480 for China).
    virtual std::vector<scorecard> scorecards(report_group g, std::int64_t from_ms, std::int64_t to_ms,
                                              int tz_minutes) = 0;
    // Rows sorted by wasted cost, then conversations (the "best keywords we wasted" first).
    // Default for stores without visits: nothing recorded.
    virtual std::vector<keyword_report_row> keyword_report(const keyword_report_query& q) {
        (void)q;
        return {};
    }
    // Warnings and criticals recorded since `since_ms` in conversations open or ended since
    // then, newest first, at most `limit`: the board's alerts after a reload or a restart.
    virtual std::vector<recent_alert> recent_alerts(std::int64_t since_ms, int limit) {
        (void)since_ms;
        (void)limit;
        return {};
    }
    // Stores (replacing a keyword's day) every row in one write; returns how many.
    virtual std::size_t import_keyword_spend(const std::vector<keyword_spend_row>& rows) {
        (void)rows;
        return 0;
    }
};

}  // namespace lingting

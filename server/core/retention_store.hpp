// Rewrites of stored history, run in batches off the relay: retention (message text purged after
// so many days) and re-analysis of ended conversations with the current rules (verdicts kept).
#pragma once

#include "core/analysis/finding.hpp"
#include "core/ending_rules.hpp"
#include "core/message.hpp"
#include "core/store_error.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace lingting {

// One conversation to analyze again with the current rules.
struct stored_for_reanalysis {
    std::string id, department;
    close_trigger trigger = close_trigger::system;
    time_point ended{};
    std::vector<message> messages;
    std::string referrer, landing;  // of the visit, if recorded (the search keyword counts toward intent)
};

// Writes wait for their commit and throw store_error if it failed; reads throw store_error.
class retention_store {
public:
    virtual ~retention_store() = default;

    // Ended conversations in [from, to) whose text is still there, oldest first, at most `limit`
    // after the conversation id `after` (for batching).
    virtual std::vector<stored_for_reanalysis> ended_for_reanalysis(std::int64_t from_ms, std::int64_t to_ms,
                                                                    const std::string& after, int limit) = 0;
    // Replaces a conversation's findings by `fresh`, keeping the stored finding (its id and its
    // verdicts) wherever an identical one is found again; sets the ending. Returns how many
    // findings were kept.
    virtual int replace_findings(const std::string& conversation, const std::vector<finding>& fresh, ending how) = 0;
    // Retention: empties the message text of conversations ended before `before`; returns how many.
    virtual int purge_text(std::int64_t before_ms) = 0;
};

}  // namespace lingting

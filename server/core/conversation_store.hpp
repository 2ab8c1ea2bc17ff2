// Whole conversations as stored: the transcript the relay replays to a visitor coming back after
// the end, and the one QA opens; and the endings the server writes at start-up.
#pragma once

#include "core/analysis/finding.hpp"
#include "core/ending_rules.hpp"
#include "core/message.hpp"
#include "core/store_error.hpp"
#include "core/visit_source.hpp"

#include <optional>
#include <string>
#include <vector>

namespace lingting {

struct stored_conversation {
    std::string id, department, consultant;
    time_point started{};
    std::optional<time_point> ended_at;
    std::optional<ending> how;
    std::optional<bool> satisfied;
    std::string rating_comment;
    std::vector<message> messages;
    std::vector<finding> findings;
    std::string verdict, verdict_note, verdict_by;
    std::optional<visit_record> visit;  // where the visitor came from, if the widget told
};

class conversation_store {
public:
    virtual ~conversation_store() = default;

    // Throws store_error if the read fails.
    virtual std::optional<stored_conversation> conversation(const std::string& id) = 0;
    // Ends every conversation left open (after a crash) as `system`; returns how many. A write
    // through the writer: throws store_error if it could not commit.
    virtual int end_open_conversations(time_point at) = 0;
};

}  // namespace lingting

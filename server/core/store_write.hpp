// What the core asks to be made durable, in the order it must happen.
#pragma once

#include "core/analysis/finding.hpp"
#include "core/ending_rules.hpp"
#include "core/message.hpp"
#include "core/types.hpp"
#include "core/visit_source.hpp"

#include <chrono>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace lingting {

struct open_conversation {
    std::string id, department, resume_token;
    time_point started{};
    visit_record visit;  // stored in conversation_visits when it carries anything
};
struct assign_conversation {
    std::string id, consultant;  // consultant empty: back in the queue
};
struct append_message {
    std::string conversation;
    message msg;
};
struct end_conversation {
    std::string id;
    ending how = ending::system;
    time_point at{};
    close_trigger trigger = close_trigger::system;  // kept so a re-analysis can classify again
    bool had_intent = false;                        // for the scorecards' intent figures
    bool converted = false;                         // contact or appointment captured (keyword report)
};
struct rate_conversation {
    std::string id;
    bool satisfied = false;
    std::string comment;
};

struct record_finding {
    std::string conversation;
    finding what;
};

using store_write = std::variant<open_conversation, assign_conversation, append_message,
                                 end_conversation, rate_conversation, record_finding>;

// Which write a ticket names.
enum class commit_kind : std::uint8_t {
    message,  // an append_message (seq > 0)
    ending,   // an end_conversation (seq 0)
    open,     // an open_conversation (seq 0): a failed one means the conversation cannot be kept
    rating,   // a rate_conversation (seq 0): its answer goes to the session that rated
};

// Names the write whose commit the core waits for: a message (seq > 0), an ending (seq 0) or,
// with kind open, the conversation's row.
struct commit_ticket {
    std::string conversation;
    std::uint64_t seq = 0;
    commit_kind kind = commit_kind::message;  // with seq 0: an ending, unless kind says otherwise
    session_id session = 0;                   // with kind rating: who hears `rated` or an error
    // When the shell accepted the write (for its ack latency figure); the core leaves it unset.
    std::chrono::steady_clock::time_point accepted{};
};

struct pending_write {
    store_write write;
    std::optional<commit_ticket> ticket;  // set when the core must hear of the commit
};

}  // namespace lingting

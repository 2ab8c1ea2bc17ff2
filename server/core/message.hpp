// One relayed message as the core, the store and the analyzer see it.
#pragma once

#include "core/types.hpp"

#include <cstdint>
#include <string>

namespace lingting {

struct message {
    std::uint64_t seq = 0;   // 1-based, per conversation, in the one order both sides see
    sender from = sender::visitor;
    std::string author;      // consultant's user name; empty for the visitor
    std::string text;
    time_point at{};
    std::string client_id;   // the sender's own id for it, echoed so a resumed client can de-duplicate
};

}  // namespace lingting

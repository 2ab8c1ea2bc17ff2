// Staff log-ins revoked lately (log-outs), remembered for a while so that a socket cannot slip
// past its own revocation. A staff socket's token is checked when the upgrade request arrives and
// the socket joins the hub only after the WebSocket handshake; a log-out landing between the two
// found no socket to close, and the socket then joined with a dead token and stayed live until the
// token's expiry. The hub records every revoked token here and refuses a join whose token is in it.
// Pure: time comes from the caller.
#pragma once

#include "core/types.hpp"

#include <cstddef>
#include <deque>
#include <string>
#include <unordered_set>

namespace lingting {

class recent_revocations {
public:
    // Remembered `keep` long (longer than any handshake), at most `max` at once (oldest forgotten).
    explicit recent_revocations(milliseconds keep = milliseconds{300'000}, std::size_t max = 10'000)
        : keep_(keep), max_(max) {}

    void add(const std::string& token, time_point now);
    bool contains(const std::string& token, time_point now);

private:
    void forget_old(time_point now);

    struct entry {
        std::string token;
        time_point at;
    };
    milliseconds keep_;
    std::size_t max_;
    std::deque<entry> order_;  // oldest first
    std::unordered_multiset<std::string> tokens_;
};

}  // namespace lingting

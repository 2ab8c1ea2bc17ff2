// Leads per client address: at most `per_hour` in any fixed hour window, so a script cannot fill
// the consultants' 留言 list. Memory is bounded: past `max_addresses` the expired windows are
// dropped, and if that is not enough, all of them (a flood from that many addresses is bounded
// by the connection limits anyway). Thread-safe: called from the API threads.
#pragma once

#include "core/types.hpp"

#include <mutex>
#include <string>
#include <unordered_map>

namespace lingting {

class lead_rate_limit {
public:
    explicit lead_rate_limit(int per_hour = 5, std::size_t max_addresses = 100'000)
        : per_hour_(per_hour), max_addresses_(max_addresses) {}

    // Counts one lead from `address` if allowed; else how long until the next is (> 0).
    milliseconds take(const std::string& address, time_point now);

private:
    struct window {
        time_point start{};
        int used = 0;
    };
    int per_hour_;  // 0: no limit
    std::size_t max_addresses_;
    std::mutex mutex_;
    std::unordered_map<std::string, window> windows_;
};

}  // namespace lingting

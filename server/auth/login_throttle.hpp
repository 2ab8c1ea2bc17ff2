// Limits failed log-ins per account and per address in a sliding window, so passwords cannot
// be guessed at speed. Thread-safe. Time comes from the caller.
#pragma once

#include "core/types.hpp"

#include <deque>
#include <mutex>
#include <string>
#include <unordered_map>

namespace lingting {

class login_throttle {
public:
    login_throttle(int per_account, int per_address, seconds window)
        : per_account_(per_account), per_address_(per_address), window_(window) {}

    // False while either the account or the address has too many recent failures.
    bool allowed(const std::string& account, const std::string& address, time_point now);
    void failed(const std::string& account, const std::string& address, time_point now);
    void succeeded(const std::string& account);

private:
    std::size_t recent(std::deque<time_point>& q, time_point now);

    int per_account_, per_address_;
    seconds window_;
    std::mutex mutex_;
    std::unordered_map<std::string, std::deque<time_point>> accounts_, addresses_;
};

}  // namespace lingting

// Slows password guessing without letting a guesser lock the owner out. Three records, each an
// exponential back-off after some free failures:
//   (account, address)  the guesser at one account: free_attempts, then 1 s, 2 s, 4 s ... up
//                       to max_delay. Cleared when that address logs in to that account.
//   address             one address spraying many accounts: address_free_failures, then the
//                       same back-off up to max_delay.
//   account             every address at one account: account_free_failures, then a back-off
//                       capped low (account_max_delay), so the owner from another address is
//                       delayed by seconds at most, never locked out.
// Thread-safe. Time comes from the caller. Memory is bounded: records quiet for forget_after
// are swept, and each table holds at most max_tracked records (the oldest go first).
#pragma once

#include "core/types.hpp"

#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace lingting {

struct login_throttle_settings {
    int free_attempts = 3;
    seconds max_delay{15 * 60};
    int address_free_failures = 20;
    int account_free_failures = 5;
    seconds account_max_delay{30};
    seconds forget_after{3600};          // raised to max_delay if smaller
    std::size_t max_tracked = 100'000;   // per table
};

class login_throttle {
public:
    struct verdict {
        milliseconds wait{0};            // zero: check the password now
        std::string_view reason;         // "account_address", "address" or "account" when waiting
    };

    explicit login_throttle(login_throttle_settings s = {});

    // Whether this attempt may check the password now, and if not, for how long it must wait.
    verdict check(const std::string& account, const std::string& address, time_point now);
    void failed(const std::string& account, const std::string& address, time_point now);
    // Clears the (account, address) record only: the account's and the address's shared
    // records stay, or a guesser with one valid account could wipe its spraying record.
    void succeeded(const std::string& account, const std::string& address);

    // Records held in all tables (for tests of the memory bound).
    std::size_t tracked() const;

private:
    struct record {
        int failures = 0;
        time_point last{};
        time_point until{};              // no attempt before this
    };
    using table = std::unordered_map<std::string, record>;

    // Account names longer than this are keyed by their SHA-256: memory per record stays small
    // whatever name a guesser sends.
    static constexpr std::size_t max_account_key_bytes = 128;
    static std::string account_key(const std::string& account);
    static std::string pair_key(const std::string& account, const std::string& address);
    void note(table& t, const std::string& key, time_point now, int free, seconds cap);
    void sweep(time_point now);
    void evict_oldest(table& t);

    login_throttle_settings s_;
    mutable std::mutex mutex_;
    table pairs_, addresses_, accounts_;
    time_point last_sweep_{};
};

// Whole seconds a client should wait before retrying: `wait` rounded up (Retry-After).
std::int64_t retry_after_seconds(milliseconds wait);

}  // namespace lingting

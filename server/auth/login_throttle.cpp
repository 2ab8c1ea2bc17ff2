#include "auth/login_throttle.hpp"

#include "auth/password.hpp"

#include <algorithm>
#include <vector>

namespace lingting {
namespace {

// 1 s after the first failure past the free ones, doubling each time, at most `cap`.
milliseconds back_off(int failures, int free, seconds cap) {
    if (failures <= free) return milliseconds{0};
    int doublings = std::min(failures - free - 1, 30);
    auto d = milliseconds{1000LL << doublings};
    return std::min<milliseconds>(d, cap);
}

}  // namespace

std::int64_t retry_after_seconds(milliseconds wait) {
    if (wait <= milliseconds{0}) return 0;
    return (wait.count() + 999) / 1000;
}

login_throttle::login_throttle(login_throttle_settings s) : s_(s) {
    // A record must outlive its own delay, or forgetting it would end the back-off early.
    s_.forget_after = std::max({s_.forget_after, s_.max_delay, s_.account_max_delay});
    if (s_.max_tracked < 16) s_.max_tracked = 16;
}

std::string login_throttle::account_key(const std::string& account) {
    // The name is whatever the client typed, up to the whole request body: kept as typed, 100,000
    // records of 60 KiB names would be gigabytes. A long one is kept as its digest: the same name
    // is still the same key, and no real account has a name that long.
    if (account.size() <= max_account_key_bytes) return account;
    return "\nsha256:" + crypto::sha256_hex(account);
}

std::string login_throttle::pair_key(const std::string& account, const std::string& address) {
    // '\n' cannot be in an address, so "a\nb" names exactly one pair.
    return address + '\n' + account_key(account);
}

login_throttle::verdict login_throttle::check(const std::string& account, const std::string& address,
                                              time_point now) {
    std::lock_guard lock(mutex_);
    verdict v;
    auto consider = [&](const table& t, const std::string& key, std::string_view reason) {
        auto it = t.find(key);
        if (it == t.end() || it->second.until <= now) return;
        auto left = std::chrono::ceil<milliseconds>(it->second.until - now);
        if (left > v.wait) v = {left, reason};
    };
    consider(pairs_, pair_key(account, address), "account_address");
    consider(addresses_, address, "address");
    consider(accounts_, account_key(account), "account");
    return v;
}

void login_throttle::note(table& t, const std::string& key, time_point now, int free, seconds cap) {
    if (t.size() >= s_.max_tracked && !t.contains(key)) {
        sweep(now);
        if (t.size() >= s_.max_tracked) evict_oldest(t);
    }
    auto& r = t[key];
    if (r.failures > 0 && r.last + s_.forget_after <= now) r = {};
    ++r.failures;
    r.last = now;
    r.until = now + back_off(r.failures, free, cap);
}

void login_throttle::failed(const std::string& account, const std::string& address, time_point now) {
    std::lock_guard lock(mutex_);
    if (now - last_sweep_ >= s_.forget_after) sweep(now);
    note(pairs_, pair_key(account, address), now, s_.free_attempts, s_.max_delay);
    note(addresses_, address, now, s_.address_free_failures, s_.max_delay);
    note(accounts_, account_key(account), now, s_.account_free_failures, s_.account_max_delay);
}

void login_throttle::succeeded(const std::string& account, const std::string& address) {
    std::lock_guard lock(mutex_);
    pairs_.erase(pair_key(account, address));
}

std::size_t login_throttle::tracked() const {
    std::lock_guard lock(mutex_);
    return pairs_.size() + addresses_.size() + accounts_.size();
}

void login_throttle::sweep(time_point now) {
    last_sweep_ = now;
    for (table* t : {&pairs_, &addresses_, &accounts_})
        std::erase_if(*t, [&](const auto& e) { return e.second.last + s_.forget_after <= now; });
}

// Still full of recent records (a flood of fresh names or addresses): forget the tenth that
// failed longest ago, so the table stays bounded and the newest guessers stay throttled.
void login_throttle::evict_oldest(table& t) {
    std::vector<time_point> lasts;
    lasts.reserve(t.size());
    for (auto& [k, r] : t) lasts.push_back(r.last);
    auto nth = lasts.begin() + static_cast<std::ptrdiff_t>(lasts.size() / 10);
    std::nth_element(lasts.begin(), nth, lasts.end());
    time_point cutoff = *nth;
    std::erase_if(t, [&](const auto& e) { return e.second.last <= cutoff; });
}

}  // namespace lingting

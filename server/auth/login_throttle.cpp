#include "auth/login_throttle.hpp"

namespace lingting {

std::size_t login_throttle::recent(std::deque<time_point>& q, time_point now) {
    while (!q.empty() && q.front() + window_ <= now) q.pop_front();
    return q.size();
}

bool login_throttle::allowed(const std::string& account, const std::string& address, time_point now) {
    std::lock_guard lock(mutex_);
    auto a = accounts_.find(account);
    if (a != accounts_.end() && recent(a->second, now) >= static_cast<std::size_t>(per_account_)) return false;
    auto p = addresses_.find(address);
    if (p != addresses_.end() && recent(p->second, now) >= static_cast<std::size_t>(per_address_)) return false;
    return true;
}

void login_throttle::failed(const std::string& account, const std::string& address, time_point now) {
    std::lock_guard lock(mutex_);
    // Bound the memory an attacker can make us hold: forget everything when the maps grow large.
    if (accounts_.size() > 100'000) accounts_.clear();
    if (addresses_.size() > 100'000) addresses_.clear();
    accounts_[account].push_back(now);
    addresses_[address].push_back(now);
}

void login_throttle::succeeded(const std::string& account) {
    std::lock_guard lock(mutex_);
    accounts_.erase(account);
}

}  // namespace lingting

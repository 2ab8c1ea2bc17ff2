#include "core/recent_revocations.hpp"

namespace lingting {

void recent_revocations::add(const std::string& token, time_point now) {
    if (token.empty()) return;
    forget_old(now);
    order_.push_back({token, now});
    tokens_.insert(token);
    while (order_.size() > max_) {
        tokens_.erase(tokens_.find(order_.front().token));
        order_.pop_front();
    }
}

bool recent_revocations::contains(const std::string& token, time_point now) {
    forget_old(now);
    return !token.empty() && tokens_.count(token) > 0;
}

void recent_revocations::forget_old(time_point now) {
    while (!order_.empty() && order_.front().at + keep_ <= now) {
        tokens_.erase(tokens_.find(order_.front().token));
        order_.pop_front();
    }
}

}  // namespace lingting

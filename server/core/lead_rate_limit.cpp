#include "core/lead_rate_limit.hpp"

#include <iterator>

namespace lingting {

milliseconds lead_rate_limit::take(const std::string& address, time_point now) {
    if (per_hour_ <= 0) return milliseconds{0};
    constexpr milliseconds hour{3'600'000};
    std::lock_guard lock(mutex_);
    if (windows_.size() >= max_addresses_ && !windows_.count(address)) {
        for (auto it = windows_.begin(); it != windows_.end();)
            it = it->second.start + hour <= now ? windows_.erase(it) : std::next(it);
        if (windows_.size() >= max_addresses_) windows_.clear();
    }
    auto& w = windows_[address];
    if (w.used == 0 || w.start + hour <= now) w = {now, 0};
    if (w.used >= per_hour_) return std::chrono::duration_cast<milliseconds>(w.start + hour - now);
    ++w.used;
    return milliseconds{0};
}

}  // namespace lingting

// A token bucket: `burst` frames at once, refilled at `rate` per second. Time comes from the caller.
#pragma once

#include "core/types.hpp"

#include <algorithm>

namespace lingting {

class token_bucket {
public:
    token_bucket() = default;
    token_bucket(double burst, time_point now) : tokens_(burst), last_(now) {}

    bool allow(time_point now, double rate, double burst) {
        double elapsed = std::chrono::duration<double>(now - last_).count();
        if (elapsed > 0) tokens_ = std::min(burst, tokens_ + elapsed * rate);
        last_ = std::max(last_, now);
        if (tokens_ < 1.0) return false;
        tokens_ -= 1.0;
        return true;
    }

private:
    double tokens_ = 0;
    time_point last_{};
};

}  // namespace lingting

// The only way anything above the shell learns the time, so tests can set it.
#pragma once

#include "core/types.hpp"

namespace lingting {

struct clock {
    virtual ~clock() = default;
    virtual time_point now() const = 0;
};

struct system_clock final : clock {
    time_point now() const override { return std::chrono::system_clock::now(); }
};

// A clock that moves only when told to: for tests and offline replay.
struct manual_clock final : clock {
    time_point t{std::chrono::sys_days{std::chrono::year{2026} / 1 / 1}};
    time_point now() const override { return t; }
    void advance(milliseconds d) { t += d; }
};

}  // namespace lingting

// A socket's frame budget (core/frame_budget.hpp, PROTOCOL.md `rate_limited`): the integration
// tests send real floods; these pin the policy itself with a set clock.
#include "core/frame_budget.hpp"

#include <gtest/gtest.h>

using namespace lingting;
using verdict = frame_budget::verdict;

namespace {
const time_point t0 = time_point{} + std::chrono::hours{24};
constexpr double rate = 2, burst = 3;
}  // namespace

TEST(frame_budget, a_burst_is_taken_then_at_most_burst_refusals_are_answered_before_the_close) {
    frame_budget b(burst, t0);
    for (int i = 0; i < 3; ++i) EXPECT_EQ(b.usable(t0, rate, burst), verdict::take) << i;
    for (int i = 0; i < 3; ++i) EXPECT_EQ(b.usable(t0, rate, burst), verdict::refuse) << i;
    EXPECT_EQ(b.usable(t0, rate, burst), verdict::close);
}

TEST(frame_budget, a_client_that_waits_when_refused_is_never_closed) {
    frame_budget b(burst, t0);
    auto now = t0;
    for (int round = 0; round < 50; ++round) {
        while (b.usable(now, rate, burst) == verdict::take) {}
        // Refused once: it waits until a frame has been refilled, and the count of refusals starts again.
        now += std::chrono::milliseconds{500};
        ASSERT_EQ(b.usable(now, rate, burst), verdict::take) << round;
    }
}

TEST(frame_budget, refusals_count_in_a_row_only) {
    frame_budget b(burst, t0);
    for (int i = 0; i < 3; ++i) b.usable(t0, rate, burst);
    EXPECT_EQ(b.usable(t0, rate, burst), verdict::refuse);
    EXPECT_EQ(b.usable(t0, rate, burst), verdict::refuse);
    auto later = t0 + std::chrono::milliseconds{500};  // one frame refilled and taken: the row ends
    EXPECT_EQ(b.usable(later, rate, burst), verdict::take);
    for (int i = 0; i < 3; ++i) EXPECT_EQ(b.usable(later, rate, burst), verdict::refuse) << i;
    EXPECT_EQ(b.usable(later, rate, burst), verdict::close);
}

TEST(frame_budget, unusable_frames_are_answered_within_the_budget_and_close_beyond_it) {
    frame_budget b(burst, t0);
    for (int i = 0; i < 3; ++i) EXPECT_EQ(b.unusable(t0, rate, burst), verdict::take) << i;
    EXPECT_EQ(b.unusable(t0, rate, burst), verdict::close);
    // Usable and unusable frames share one budget.
    frame_budget shared(burst, t0);
    EXPECT_EQ(shared.usable(t0, rate, burst), verdict::take);
    EXPECT_EQ(shared.unusable(t0, rate, burst), verdict::take);
    EXPECT_EQ(shared.usable(t0, rate, burst), verdict::take);
    EXPECT_EQ(shared.unusable(t0, rate, burst), verdict::close);
}

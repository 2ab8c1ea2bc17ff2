// When a store's writer starts its next group commit (server/store/commit_pacer.hpp): decided on
// given time points, so no test sleeps.
#include "store/commit_pacer.hpp"

#include <gtest/gtest.h>

using namespace lingting;
using namespace std::chrono_literals;

namespace {

const commit_pacer::clock::time_point t0 = commit_pacer::clock::time_point{} + 1000s;

TEST(commit_pacer, without_settings_every_commit_starts_at_once) {
    commit_pacer p(0us, 0us, 512);
    p.starting(t0);
    EXPECT_EQ(p.start_at(t0 + 10us, 1, false), t0 + 10us);
}

TEST(commit_pacer, a_delay_waits_after_every_first_write) {
    commit_pacer p(1000us, 0us, 512);
    p.starting(t0);
    EXPECT_EQ(p.start_at(t0 + 5s, 1, false), t0 + 5s + 1000us);  // even after a quiet spell
}

TEST(commit_pacer, an_interval_holds_only_writes_that_come_soon_after_the_last_commit_began) {
    commit_pacer p(0us, 1000us, 512);
    p.starting(t0);
    EXPECT_EQ(p.start_at(t0 + 200us, 1, false), t0 + 1000us);  // waits the rest of the interval
    EXPECT_EQ(p.start_at(t0 + 999us, 3, false), t0 + 1000us);
    EXPECT_EQ(p.start_at(t0 + 1000us, 1, false), t0 + 1000us);
    EXPECT_EQ(p.start_at(t0 + 3s, 1, false), t0 + 3s);  // after a quiet spell: at once
    p.starting(t0 + 3s);
    EXPECT_EQ(p.start_at(t0 + 3s + 1us, 1, false), t0 + 3s + 1000us);
}

TEST(commit_pacer, a_delay_and_an_interval_wait_for_the_later_of_the_two) {
    commit_pacer p(300us, 1000us, 512);
    p.starting(t0);
    EXPECT_EQ(p.start_at(t0 + 100us, 1, false), t0 + 1000us);
    EXPECT_EQ(p.start_at(t0 + 900us, 1, false), t0 + 1200us);
}

TEST(commit_pacer, a_full_batch_or_a_stop_never_waits) {
    commit_pacer p(1000us, 1000us, 512);
    p.starting(t0);
    EXPECT_EQ(p.start_at(t0 + 1us, 512, false), t0 + 1us);
    EXPECT_EQ(p.start_at(t0 + 1us, 1, true), t0 + 1us);
}

}  // namespace

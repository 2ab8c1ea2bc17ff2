// Log-in throttling with a manual clock: the guesser slows down, the owner gets in.
#include "auth/login_throttle.hpp"
#include "core/clock.hpp"

#include <gtest/gtest.h>

#include <malloc.h>

using namespace lingting;
using namespace std::chrono_literals;

namespace {

struct throttle : ::testing::Test {
    manual_clock clk;
    login_throttle t{login_throttle_settings{}};  // 3 free, 1 s doubling to 15 min; 20/address; 5/account up to 30 s

    void fail(const std::string& account, const std::string& address, int times = 1) {
        for (int i = 0; i < times; ++i) t.failed(account, address, clk.now());
    }
    milliseconds wait(const std::string& account, const std::string& address) {
        return t.check(account, address, clk.now()).wait;
    }
};

}  // namespace

TEST_F(throttle, back_off_doubles_after_the_free_attempts_and_is_capped) {
    fail("li", "10.0.0.1", 3);
    EXPECT_EQ(wait("li", "10.0.0.1"), 0ms);
    fail("li", "10.0.0.1");
    // Four failures at one account from one address: the account's own delay is not due yet (5).
    EXPECT_EQ(wait("li", "10.0.0.1"), 1000ms);
    EXPECT_EQ(t.check("li", "10.0.0.1", clk.now()).reason, std::string_view("account_address"));
    clk.advance(1s);
    EXPECT_EQ(wait("li", "10.0.0.1"), 0ms);
    login_throttle solo{login_throttle_settings{.account_free_failures = 1000}};
    for (int i = 0; i < 3; ++i) solo.failed("li", "10.0.0.1", clk.now());
    milliseconds expected = 1000ms;
    for (int i = 0; i < 14; ++i, expected *= 2) {
        solo.failed("li", "10.0.0.1", clk.now());
        EXPECT_EQ(solo.check("li", "10.0.0.1", clk.now()).wait, std::min<milliseconds>(expected, 15min)) << i;
    }
}

TEST_F(throttle, the_owner_from_another_address_waits_at_most_the_short_account_delay) {
    for (int i = 0; i < 200; ++i) {
        fail("li", "10.0.0.66");
        clk.advance(100ms);
    }
    EXPECT_GT(wait("li", "10.0.0.66"), 5min);  // the guesser is slowed right down
    auto owner = wait("li", "192.168.1.5");
    EXPECT_LE(owner, 30s);
    clk.advance(owner);
    EXPECT_EQ(wait("li", "192.168.1.5"), 0ms);
}

TEST_F(throttle, spraying_many_accounts_from_one_address_backs_that_address_off) {
    for (int i = 0; i < 20; ++i) fail("user" + std::to_string(i), "10.0.0.7");
    EXPECT_EQ(wait("someone-else", "10.0.0.7"), 0ms);
    fail("user20", "10.0.0.7");
    auto v = t.check("someone-else", "10.0.0.7", clk.now());
    EXPECT_EQ(v.wait, 1000ms);
    EXPECT_EQ(v.reason, std::string_view("address"));
    EXPECT_EQ(wait("someone-else", "10.0.0.8"), 0ms);
}

TEST_F(throttle, success_clears_only_that_account_and_address) {
    fail("li", "10.0.0.1", 4);
    ASSERT_GT(wait("li", "10.0.0.1"), 0ms);
    t.succeeded("li", "10.0.0.1");
    EXPECT_EQ(wait("li", "10.0.0.1"), 0ms);
    // The account's shared count stays: two more failures from anywhere pass its five free ones.
    fail("li", "10.0.0.2", 2);
    EXPECT_EQ(t.check("li", "10.0.0.3", clk.now()).reason, std::string_view("account"));
}

TEST_F(throttle, failures_are_forgotten_after_the_window) {
    fail("li", "10.0.0.1", 10);
    clk.advance(1h);
    fail("li", "10.0.0.1");
    EXPECT_EQ(wait("li", "10.0.0.1"), 0ms);  // counted from one again, within the free attempts
}

TEST_F(throttle, memory_is_bounded_by_max_tracked) {
    login_throttle small{login_throttle_settings{.max_tracked = 100}};
    for (int i = 0; i < 5000; ++i) {
        small.failed("u" + std::to_string(i), "10.1." + std::to_string(i / 256) + "." + std::to_string(i % 256), clk.now());
        clk.advance(1ms);
    }
    EXPECT_LE(small.tracked(), 3u * 100u);
    // The newest guesser is still known.
    small.failed("u4999", "10.1.19.135", clk.now());
    small.failed("u4999", "10.1.19.135", clk.now());
    small.failed("u4999", "10.1.19.135", clk.now());
    EXPECT_GT(small.check("u4999", "10.1.19.135", clk.now()).wait, 0ms);
}

// The account name is whatever a client typed, up to the request body limit (64 KiB). A spray of
// distinct 60 KiB names (from many addresses: an IPv6 block, or behind a trusted proxy) made each
// record hold the whole name twice (account and account+address): 1,000 failures held some
// 120 MB, and the 100,000 records the tables allow, gigabytes. Measured on the real heap.
TEST_F(throttle, huge_account_names_cost_a_small_key_each) {
    const std::string tail(60 * 1024, 'x');
    auto heap = [] { return mallinfo2().uordblks; };
    auto before = heap();
    for (int i = 0; i < 1000; ++i) {
        t.failed(std::to_string(i) + tail, "10.2." + std::to_string(i / 256) + "." + std::to_string(i % 256), clk.now());
        clk.advance(1ms);
    }
    auto grown = heap() - before;
    EXPECT_LT(grown, 4u * 1024 * 1024) << "the throttle keeps " << grown / 1000 << " bytes per failure";
    // A long name is still one account: its own failures throttle it, from any address.
    const std::string same = "7" + tail;
    for (int i = 0; i < 5; ++i) t.failed(same, "10.3.0." + std::to_string(i), clk.now());
    EXPECT_GT(wait(same, "10.3.0.200"), 0ms);
    EXPECT_EQ(wait("8" + tail, "10.3.0.200"), 0ms);
}

TEST(retry_after, is_the_wait_rounded_up_to_whole_seconds) {
    EXPECT_EQ(retry_after_seconds(0ms), 0);
    EXPECT_EQ(retry_after_seconds(1ms), 1);
    EXPECT_EQ(retry_after_seconds(1000ms), 1);
    EXPECT_EQ(retry_after_seconds(1001ms), 2);
    EXPECT_EQ(retry_after_seconds(30s), 30);
}

// The API's worker pool: bounded, blocking jobs allowed, stop joins cleanly.
#include "net/work_pool.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <memory>

using namespace lingting;
using namespace std::chrono_literals;

TEST(work_pool, refuses_work_beyond_its_queue_while_the_threads_are_busy) {
    work_pool pool(1, 2);
    std::promise<void> release;
    auto released = release.get_future().share();
    std::promise<void> started;
    ASSERT_TRUE(pool.try_post([&started, released] {
        started.set_value();
        released.wait();  // a job may block (the store's commit wait)
    }));
    ASSERT_EQ(started.get_future().wait_for(5s), std::future_status::ready);
    std::atomic<int> ran{0};
    EXPECT_TRUE(pool.try_post([&ran] { ++ran; }));
    EXPECT_TRUE(pool.try_post([&ran] { ++ran; }));
    std::function<void()> third = [&ran] { ++ran; };
    EXPECT_FALSE(pool.try_post(third));
    EXPECT_TRUE(third) << "a refused job is left to the caller";
    EXPECT_EQ(pool.queued(), 2u);
    release.set_value();
    for (int i = 0; i < 500 && ran < 2; ++i) std::this_thread::sleep_for(10ms);
    EXPECT_EQ(ran, 2);
    EXPECT_TRUE(pool.try_post(third));
}

TEST(work_pool, stop_finishes_running_jobs_drops_queued_ones_and_refuses_new_ones) {
    auto pool = std::make_unique<work_pool>(1, 8);
    std::promise<void> started;
    std::atomic<bool> finished{false};
    ASSERT_TRUE(pool->try_post([&] {
        started.set_value();
        std::this_thread::sleep_for(50ms);
        finished = true;
    }));
    ASSERT_EQ(started.get_future().wait_for(5s), std::future_status::ready);
    auto held = std::make_shared<int>(7);
    std::atomic<bool> queued_ran{false};
    ASSERT_TRUE(pool->try_post([held, &queued_ran] { queued_ran = true; }));
    pool->stop();
    EXPECT_TRUE(finished);
    EXPECT_FALSE(queued_ran);
    EXPECT_EQ(held.use_count(), 1) << "the dropped job released what it held";
    EXPECT_FALSE(pool->try_post([] {}));
    pool.reset();  // a second stop in the destructor is harmless
}

TEST(work_pool, a_throwing_job_is_counted_and_the_thread_lives_on) {
    work_pool pool(1, 4);
    ASSERT_TRUE(pool.try_post([] { throw std::runtime_error("boom"); }));
    std::promise<void> after;
    ASSERT_TRUE(pool.try_post([&after] { after.set_value(); }));
    EXPECT_EQ(after.get_future().wait_for(5s), std::future_status::ready);
    EXPECT_EQ(pool.failed_jobs(), 1u);
}

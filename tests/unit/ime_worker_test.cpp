// The IME check's worker: checks off the caller's thread, delivers findings, and when its
// bounded queue is full skips (and counts) rather than making the relay wait. A checker held
// at a gate makes "full" deterministic; the real model is tested in ime_checker_test.cpp.
#include "core/analysis/lexicon.hpp"
#include "net/ime_worker.hpp"

#include <gtest/gtest.h>

#include <condition_variable>
#include <mutex>
#include <thread>

using namespace lingting;

namespace {

// Flags every message that contains 错; holds each check until the gate opens. A text with 看 reads
// the visitor's words (as a near miss of the real checker does).
struct gated_checker final : ime_checker {
    mutable std::mutex m;
    mutable std::condition_variable cv;
    bool open = false;
    mutable int entered = 0;
    std::vector<finding> check(std::string_view text, const lexicon&, std::string_view, std::string_view said,
                               bool* reads_visitor) const override {
        std::unique_lock lock(m);
        ++entered;
        cv.notify_all();
        cv.wait(lock, [&] { return open; });
        if (reads_visitor) *reads_visitor = text.find("看") != std::string_view::npos && !said.empty();
        std::vector<finding> out;
        if (text.find("错") != std::string_view::npos) {
            finding f;
            f.kind = "typo";
            f.rule = "ime_model";
            f.matched = "错";
            out.push_back(f);
        }
        return out;
    }
    void wait_entered(int n) const {
        std::unique_lock lock(m);
        cv.wait(lock, [&] { return entered >= n; });
    }
    void release() {
        std::lock_guard lock(m);
        open = true;
        cv.notify_all();
    }
};

}  // namespace

TEST(ime_worker, a_full_queue_skips_and_counts_and_the_rest_is_delivered) {
    gated_checker checker;
    auto lex = builtin_lexicon();
    std::mutex m;
    std::condition_variable cv;
    std::vector<std::pair<std::string, std::uint64_t>> delivered;
    ime_worker w(&checker, 2, [&](const ime_worker::job& j, std::vector<finding> found) {
        std::lock_guard lock(m);
        for (auto& f : found) delivered.emplace_back(j.conversation + ":" + f.matched, j.seq);
        cv.notify_all();
    });
    auto job = [&](std::uint64_t seq, std::string text) { return ime_worker::job{"c", seq, {}, std::move(text), lex, std::nullopt, {}, {}}; };
    ASSERT_TRUE(w.submit(job(1, "写错了")));
    checker.wait_entered(1);  // the worker holds message 1; the queue is empty again
    EXPECT_TRUE(w.submit(job(2, "没问题")));
    EXPECT_TRUE(w.submit(job(3, "又错了")));
    EXPECT_EQ(w.depth(), 2u);
    EXPECT_FALSE(w.submit(job(4, "错")));  // full: skipped at once, the caller never waits
    EXPECT_EQ(w.skipped(), 1u);
    checker.release();
    {
        std::unique_lock lock(m);
        ASSERT_TRUE(cv.wait_for(lock, std::chrono::seconds(10), [&] { return delivered.size() == 2; }));
    }
    EXPECT_EQ(delivered, (std::vector<std::pair<std::string, std::uint64_t>>{{"c:错", 1}, {"c:错", 3}}));
    w.stop();
    EXPECT_EQ(w.checked(), 3u);
    EXPECT_EQ(w.cost().count(), 3u);
    EXPECT_EQ(w.depth(), 0u);
    EXPECT_FALSE(w.submit(job(5, "错"))) << "stopped: nothing more is taken";
}

// A canned reply sent in conversation after conversation is checked by the model once: the same
// text with the same lexicon is answered from the worker's recent results, with the same
// findings; another lexicon (a reload) checks it again.
TEST(ime_worker, a_text_seen_again_with_the_same_lexicon_is_not_checked_again) {
    gated_checker checker;
    checker.release();
    auto lex = builtin_lexicon();
    auto reloaded = std::make_shared<const lexicon>(*lex);
    std::mutex m;
    std::condition_variable cv;
    std::vector<std::pair<std::string, std::uint64_t>> delivered;
    ime_worker w(&checker, 8, [&](const ime_worker::job& j, std::vector<finding> found) {
        std::lock_guard lock(m);
        for (auto& f : found) delivered.emplace_back(j.conversation + ":" + f.matched, j.seq);
        cv.notify_all();
    });
    auto entered = [&] {
        std::lock_guard lock(checker.m);
        return checker.entered;
    };
    auto wait_for = [&](std::size_t n) {
        std::unique_lock lock(m);
        return cv.wait_for(lock, std::chrono::seconds(10), [&] { return delivered.size() == n; });
    };
    ASSERT_TRUE(w.submit({"a", 1, {}, "写错了", lex, std::nullopt, {}, {}}));
    ASSERT_TRUE(wait_for(1));
    ASSERT_TRUE(w.submit({"b", 7, {}, "写错了", lex, std::nullopt, {}, {}}));
    ASSERT_TRUE(wait_for(2));
    EXPECT_EQ(entered(), 1) << "the second time comes from the recent results";
    ASSERT_TRUE(w.submit({"c", 9, {}, "写错了", reloaded, std::nullopt, {}, {}}));
    ASSERT_TRUE(wait_for(3));
    EXPECT_EQ(entered(), 2) << "another lexicon: checked again";
    ASSERT_TRUE(w.submit({"d", 4, {}, "写错了", reloaded, std::nullopt, {}, "做胃镜要空腹吗\n"}));
    ASSERT_TRUE(wait_for(4));
    EXPECT_EQ(entered(), 2) << "another visitor's words, which this check did not read: still the recent result";
    ASSERT_TRUE(w.submit({"e", 5, {}, "看错了", reloaded, std::nullopt, {}, "做胃镜要空腹吗\n"}));
    ASSERT_TRUE(wait_for(5));
    ASSERT_TRUE(w.submit({"f", 6, {}, "看错了", reloaded, std::nullopt, {}, "想约个肠镜\n"}));
    ASSERT_TRUE(wait_for(6));
    EXPECT_EQ(entered(), 4) << "a check that read the visitor's words is made again after other words";
    ASSERT_TRUE(w.submit({"g", 8, {}, "看错了", reloaded, std::nullopt, {}, "想约个肠镜\n"}));
    ASSERT_TRUE(wait_for(7));
    EXPECT_EQ(entered(), 4) << "the same words again: the recent result";
    EXPECT_EQ(delivered, (std::vector<std::pair<std::string, std::uint64_t>>{
                             {"a:错", 1}, {"b:错", 7}, {"c:错", 9}, {"d:错", 4}, {"e:错", 5}, {"f:错", 6}, {"g:错", 8}}));
    w.stop();
    EXPECT_EQ(w.checked(), 7u) << "every message counts as checked";
}

// A drained worker lingers before it sleeps, so that a steady stream wakes it once a linger rather than once a
// message (issue #14). With an hour's linger nothing may wait that long: a message to an idle worker wakes it,
// a half-full queue wakes a lingering one, and stop() ends a linger at once. Nothing submitted is lost.
TEST(ime_worker, a_lingering_worker_is_woken_by_a_half_full_queue_and_by_stop) {
    gated_checker checker;
    checker.release();
    auto lex = builtin_lexicon();
    std::mutex m;
    std::condition_variable cv;
    std::vector<std::uint64_t> delivered;
    ime_worker w(
        &checker, 4,
        [&](const ime_worker::job& j, std::vector<finding>) {
            std::lock_guard lock(m);
            delivered.push_back(j.seq);
            cv.notify_all();
        },
        std::chrono::hours(1));
    auto wait_for = [&](std::size_t n) {
        std::unique_lock lock(m);
        return cv.wait_for(lock, std::chrono::seconds(30), [&] { return delivered.size() == n; });
    };
    // A worker that has had nothing yet sleeps at once: lingering then (an hour here) would hold the first
    // message back (this test once failed so when the worker started before the first submit).
    for (int i = 0; i < 30000 && !w.asleep(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    ASSERT_TRUE(w.asleep()) << "nothing submitted yet: the worker sleeps without lingering";
    ASSERT_TRUE(w.submit({"a", 1, {}, "写错了", lex, std::nullopt, {}, {}}));
    ASSERT_TRUE(wait_for(1)) << "an idle worker is woken by the first message";
    for (int i = 0; i < 30000 && !w.lingering(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    ASSERT_TRUE(w.lingering()) << "drained, the worker lingers";
    ASSERT_TRUE(w.submit({"a", 2, {}, "又错了", lex, std::nullopt, {}, {}}));
    ASSERT_TRUE(w.submit({"a", 3, {}, "还是错", lex, std::nullopt, {}, {}}));
    ASSERT_TRUE(wait_for(3)) << "two of four queued: half full wakes the lingering worker";
    EXPECT_EQ(delivered, (std::vector<std::uint64_t>{1, 2, 3}));
    EXPECT_EQ(w.skipped(), 0u);
    w.stop();  // the worker lingers again for an hour: stop must not wait for it
    EXPECT_EQ(w.checked(), 3u);
}

// Runs the checks too slow for the relay's hot path, after the message is relayed: the IME typo
// check (when the server has its model) and the rude-reply n-gram model (reply_model.hpp, when
// rules.conf switches it on). Consultant messages already relayed are queued here and checked on
// one thread of its own; findings go back through `deliver` (the hub stores them and alerts
// supervisors as it does every other finding). The queue is bounded: when it is full a message is
// skipped (counted), never waited for. The worker wakes once a linger (20 ms) for what gathered while
// messages keep coming, not once a message (issue #14: each wake cost the relay a futex call and its
// core a context switch), and at once for a message after a quiet spell or a half-full queue.
#pragma once

#include "core/analysis/ime_checker.hpp"
#include "core/latency_histogram.hpp"
#include "core/types.hpp"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

namespace lingting {

struct lexicon;

class ime_worker {
public:
    struct job {
        std::string conversation;
        std::uint64_t seq = 0;
        time_point at{};
        std::string text;
        std::shared_ptr<const lexicon> lex;  // the rules in force when the message was sent
        // The relay's inline check findings, when it ran one (the rude-reply model skips the
        // sentences they flag); without them the worker runs that check itself.
        std::optional<std::vector<finding>> inline_findings;
        std::string department;  // the conversation's: its clinic words are favoured
        std::string visitor_said;  // what the visitor wrote before (visitor_transcript::before)
    };
    // Called on the worker's thread, only for a message that has findings.
    using deliver_fn = std::function<void(const job&, std::vector<finding>)>;

    // `checker` may be null: then only the rude-reply model runs (when the job's lexicon has it on).
    // `linger`: how long the worker, having drained the queue, lets the next messages gather before it
    // sleeps until woken (see run()); findings arrive at most that much later.
    ime_worker(const ime_checker* checker, std::size_t capacity, deliver_fn deliver,
               std::chrono::milliseconds linger = std::chrono::milliseconds{20});
    ~ime_worker();  // stop()
    ime_worker(const ime_worker&) = delete;
    ime_worker& operator=(const ime_worker&) = delete;

    // False (and counted as skipped) if the queue is full or the worker stopped.
    bool submit(job j);
    // Drops what is queued, finishes the message in hand, joins the thread. Idempotent.
    void stop();

    std::size_t depth() const { return depth_.load(); }
    // True while the worker, having drained the queue, lets the next messages gather (see run()).
    bool lingering() const { return lingering_.load(); }
    // True while the worker sleeps until a message wakes it (nothing queued, no linger).
    bool asleep() const { return idle_.load(); }
    std::uint64_t skipped() const { return skipped_.load(); }
    std::uint64_t checked() const { return checked_.load(); }
    // Time spent checking each message (measured, for /metrics and the benchmark).
    const latency_histogram& cost() const { return cost_; }

private:
    void run();
    std::size_t half_full() const { return capacity_ / 2 > 0 ? capacity_ / 2 : 1; }

    const ime_checker* checker_;  // null: no IME model loaded
    const std::size_t capacity_;
    deliver_fn deliver_;
    std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<job> queue_;  // guarded by mutex_
    bool stopping_ = false;  // guarded by mutex_
    // Written under mutex_: the worker sleeps until woken (submit wakes it only then). Atomic for asleep().
    std::atomic<bool> idle_{false};
    const std::chrono::milliseconds linger_;
    std::atomic<std::size_t> depth_{0};
    std::atomic<bool> lingering_{false};
    std::atomic<std::uint64_t> skipped_{0}, checked_{0};
    latency_histogram cost_;
    std::thread thread_;  // last: starts once everything above exists
};

}  // namespace lingting

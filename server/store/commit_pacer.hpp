// When a store's writer thread starts its next group commit, once it has something to write.
//
// Two settings (store_options): `commit_delay` waits that long after the first write of every
// batch, so more join it (fewer fsyncs at moderate load, that much more latency always);
// `commit_interval` lets commits start at most that often: a write that comes after a quiet spell
// is committed at once, and only writes that come sooner than `commit_interval` after the last
// commit began wait for the rest of it, together. At a steady 4,000 messages/s the writer otherwise
// commits (and fsyncs) every one or two messages, since each commit is shorter than the gap it
// leaves (issue #14: 2,700 commits/s; 1,000 µs cut the CPU per message there by a quarter); a
// light load pays nothing.
//
// Used with the writer's queue mutex held, as the writer loops of sqlite_store and pg_store do.
#pragma once

#include <chrono>
#include <cstddef>
#include <mutex>
#include <thread>

namespace lingting {

class commit_pacer {
public:
    using clock = std::chrono::steady_clock;

    commit_pacer(std::chrono::microseconds delay, std::chrono::microseconds interval, std::size_t max_batch)
        : delay_(delay), interval_(interval), max_batch_(max_batch) {}

    // When the next commit may start, for writes waiting at `now` (at least one): `now` or later.
    clock::time_point start_at(clock::time_point now, std::size_t queued, bool stopping) const {
        if (stopping || queued >= max_batch_) return now;
        auto at = now + delay_;
        if (interval_.count() > 0 && last_start_ + interval_ > at) at = last_start_ + interval_;
        return at;
    }

    // Called with `lock` held and `queued` writes waiting; sleeps until start_at() with the lock
    // released (a plain sleep: submitters need not wake the writer for each write). Returns with
    // the lock held.
    template <class Mutex>
    void wait_for_more(std::unique_lock<Mutex>& lock, std::size_t queued, bool stopping) {
        auto now = clock::now();
        auto at = start_at(now, queued, stopping);
        if (at <= now) return;
        lock.unlock();
        std::this_thread::sleep_until(at);
        lock.lock();
    }

    // The batch is taken: its commit begins at `now`.
    void starting(clock::time_point now = clock::now()) { last_start_ = now; }

private:
    std::chrono::microseconds delay_, interval_;
    std::size_t max_batch_;
    clock::time_point last_start_{};
};

}  // namespace lingting

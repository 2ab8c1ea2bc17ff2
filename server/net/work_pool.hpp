// A fixed set of threads running posted jobs from a bounded queue: the API's slow work
// (password hashing, store reads and writes that wait for a commit) runs here, never on the
// network threads, so a flood of log-ins cannot stall the relay. Beast-free.
// Threading: try_post() and stop() may be called from any thread; jobs may block.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace lingting {

class work_pool {
public:
    // `threads` >= 1 workers; at most `capacity` jobs wait (those running are not counted).
    // With `background`, the workers run at a lower CPU priority (Linux), so under a flood
    // the network threads still get the CPU first.
    work_pool(int threads, std::size_t capacity, bool background = true);
    ~work_pool();
    work_pool(const work_pool&) = delete;
    work_pool& operator=(const work_pool&) = delete;

    // Queues `job`; false (and `job` untouched) when the queue is full or the pool stopped.
    // A job must not throw: one that does is counted in failed_jobs() and dropped.
    bool try_post(std::function<void()>& job);
    bool try_post(std::function<void()>&& job) { return try_post(job); }

    // Lets the running jobs finish, drops the queued ones (destroyed on the calling thread),
    // joins the workers. Idempotent; try_post() is false afterwards.
    void stop();

    std::size_t queued() const;
    std::size_t failed_jobs() const;

private:
    void run();

    const std::size_t capacity_;
    const bool background_;
    mutable std::mutex mutex_;
    std::condition_variable ready_;
    std::deque<std::function<void()>> queue_;
    std::vector<std::thread> threads_;
    std::size_t failed_ = 0;
    bool stopping_ = false;
};

}  // namespace lingting

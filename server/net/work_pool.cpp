#include "net/work_pool.hpp"

#ifdef __linux__
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

namespace lingting {

work_pool::work_pool(int threads, std::size_t capacity, bool background)
    : capacity_(capacity), background_(background) {
    if (threads < 1) threads = 1;
    threads_.reserve(static_cast<std::size_t>(threads));
    for (int t = 0; t < threads; ++t) threads_.emplace_back([this] { run(); });
}

work_pool::~work_pool() { stop(); }

bool work_pool::try_post(std::function<void()>& job) {
    {
        std::lock_guard lock(mutex_);
        if (stopping_ || queue_.size() >= capacity_) return false;
        queue_.push_back(std::move(job));
    }
    ready_.notify_one();
    return true;
}

void work_pool::stop() {
    std::deque<std::function<void()>> dropped;
    {
        std::lock_guard lock(mutex_);
        if (stopping_ && threads_.empty()) return;
        stopping_ = true;
        dropped.swap(queue_);
    }
    ready_.notify_all();
    for (auto& t : threads_)
        if (t.joinable()) t.join();
    std::lock_guard lock(mutex_);
    threads_.clear();
    // `dropped` goes out of scope here, after the workers: whatever the jobs held (a session
    // waiting for its answer) is released on this thread.
}

std::size_t work_pool::queued() const {
    std::lock_guard lock(mutex_);
    return queue_.size();
}

std::size_t work_pool::failed_jobs() const {
    std::lock_guard lock(mutex_);
    return failed_;
}

void work_pool::run() {
#ifdef __linux__
    // Nice applies per thread on Linux. Password hashing is pure CPU: without this, two busy
    // workers take as much of the machine as the network threads do.
    if (background_) ::setpriority(PRIO_PROCESS, static_cast<id_t>(::syscall(SYS_gettid)), 5);
#endif
    for (;;) {
        std::function<void()> job;
        {
            std::unique_lock lock(mutex_);
            ready_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
            if (stopping_) return;
            job = std::move(queue_.front());
            queue_.pop_front();
        }
        try {
            job();
        } catch (...) {
            std::lock_guard lock(mutex_);
            ++failed_;
        }
    }
}

}  // namespace lingting

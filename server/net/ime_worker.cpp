#include "net/ime_worker.hpp"

#include <sys/resource.h>
#include <unistd.h>

namespace lingting {

ime_worker::ime_worker(const ime_checker& checker, std::size_t capacity, deliver_fn deliver)
    : checker_(checker), capacity_(capacity), deliver_(std::move(deliver)), thread_([this] { run(); }) {}

ime_worker::~ime_worker() { stop(); }

bool ime_worker::submit(job j) {
    {
        std::lock_guard lock(mutex_);
        if (!stopping_ && queue_.size() < capacity_) {
            queue_.push_back(std::move(j));
            depth_.store(queue_.size());
            wake_.notify_one();
            return true;
        }
    }
    ++skipped_;
    return false;
}

void ime_worker::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
        queue_.clear();
        depth_.store(0);
    }
    wake_.notify_all();
    if (thread_.joinable() && thread_.get_id() != std::this_thread::get_id()) thread_.join();
}

void ime_worker::run() {
    // Below the relay's threads: on a busy core the relay wins, the queue fills and messages are
    // skipped (counted) rather than slowing anyone's chat. Best effort; unchanged if refused.
    (void)::setpriority(PRIO_PROCESS, static_cast<id_t>(::gettid()), 10);
    for (;;) {
        job j;
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
            if (stopping_) return;
            j = std::move(queue_.front());
            queue_.pop_front();
            depth_.store(queue_.size());
        }
        auto started = std::chrono::steady_clock::now();
        auto found = checker_.check(j.text, *j.lex);
        cost_.observe(std::chrono::steady_clock::now() - started);
        ++checked_;
        if (!found.empty()) deliver_(j, std::move(found));
    }
}

}  // namespace lingting

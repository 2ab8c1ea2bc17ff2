// Counters and histograms for GET /metrics (Prometheus text format 0.0.4). Thread-safe:
// counters are atomics, labelled ones take a small mutex.
#pragma once

#include "core/latency_histogram.hpp"

#include <array>
#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <string>

namespace lingting {

struct server_metrics {
    std::atomic<std::uint64_t> messages_relayed{0};
    std::atomic<std::uint64_t> messages_failed{0};
    latency_histogram ack_latency;     // message accepted -> ack queued (includes the group commit)
    // Hand-overs of frames (or a close) to a socket: written at once on the socket's own network
    // thread, or posted to its strand (a thread crossing; ws_session).
    std::atomic<std::uint64_t> sends_at_once{0}, sends_posted{0};

    void count_finding(const std::string& kind, const std::string& severity);
    void count_ending(const std::string& ending);

    struct gauges {
        std::map<std::string, std::size_t> connections;  // by role
        std::size_t open_conversations = 0, queue_length = 0, store_queue_depth = 0;
        bool store_healthy = true;
        const latency_histogram* commit_latency = nullptr;  // the store's, if it keeps one
        // The IME typo check's worker, if it runs.
        bool ime = false;
        std::size_t ime_queue_depth = 0;
        std::uint64_t ime_checked = 0, ime_skipped = 0;
        const latency_histogram* ime_cost = nullptr;
    };
    std::string render(const gauges& g) const;

private:
    mutable std::mutex mutex_;
    std::map<std::pair<std::string, std::string>, std::uint64_t> findings_;
    std::map<std::string, std::uint64_t> endings_;
};

}  // namespace lingting
